package dev.plainlance.lance.schema;

import dev.plainlance.lance.expr.BoundExpression;
import dev.plainlance.lance.expr.Expression;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The field the official library gives a column computed by a SQL expression (DataFusion after Lance's
 * {@code resolve_expr}): at the top level, {@code column op literal} takes the column's type; elsewhere integer
 * literals are Int64 and arithmetic keeps the wider operand type. The result is nullable only if an input is (a
 * NULL literal, a nullable column; {@code IS [NOT] NULL} never is). Other expressions keep the type plainlance's
 * evaluator gives them.
 */
public final class NewColumnTypes {
    private static final ArrowType INT64 = new ArrowType.Int(64, true);
    private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    private NewColumnTypes() {}

    public static Field field(String name, Expression expression, BoundExpression bound, Schema input) {
        ArrowType type = numeric(expression, input).orElse(bound.type());
        return new Field(name, new FieldType(nullable(expression, input), type, null), null);
    }

    /**
     * The type of pure numeric arithmetic over columns and literals, as DataFusion types it after Lance resolved
     * the top-level operation only: {@code column op literal}, {@code literal op column} and
     * {@code column op (x op y)} take the column's type; everything below follows plain coercion (integer
     * literals are Int64, the wider operand wins).
     */
    private static Optional<ArrowType> numeric(Expression e, Schema input) {
        if (e instanceof Expression.Binary b && b.op().isArithmetic()) {
            Optional<ArrowType> left = coerced(b.left(), input);
            Optional<ArrowType> right = coerced(b.right(), input);
            if (left.isEmpty() || right.isEmpty()) {
                return Optional.empty();
            }
            boolean rightResolved = b.right() instanceof Expression.Literal
                    || b.right() instanceof Expression.Binary inner
                            && inner.op().isArithmetic();
            if (b.left() instanceof Expression.Column && rightResolved) {
                return left;
            }
            if (b.right() instanceof Expression.Column && b.left() instanceof Expression.Literal) {
                return right;
            }
            return Optional.of(wider(left.get(), right.get()));
        }
        return coerced(e, input);
    }

    /** The type under plain DataFusion coercion. */
    private static Optional<ArrowType> coerced(Expression e, Schema input) {
        if (e instanceof Expression.Column c) {
            return column(c, input).map(Field::getType).filter(NewColumnTypes::isNumber);
        }
        if (e instanceof Expression.Literal l) {
            return l.value() instanceof Long
                    ? Optional.of(INT64)
                    : l.value() instanceof Double ? Optional.of(FLOAT64) : Optional.empty();
        }
        if (e instanceof Expression.Negate n) {
            return coerced(n.operand(), input);
        }
        if (e instanceof Expression.Binary b && b.op().isArithmetic()) {
            Optional<ArrowType> left = coerced(b.left(), input);
            Optional<ArrowType> right = coerced(b.right(), input);
            return left.isPresent() && right.isPresent()
                    ? Optional.of(wider(left.get(), right.get()))
                    : Optional.empty();
        }
        return Optional.empty();
    }

    private static ArrowType wider(ArrowType a, ArrowType b) {
        if (a instanceof ArrowType.Int x && b instanceof ArrowType.Int y) {
            return x.getBitWidth() >= y.getBitWidth() ? a : b;
        }
        if (a.equals(FLOAT64) || b.equals(FLOAT64)) {
            return FLOAT64;
        }
        ArrowType other = a.equals(FLOAT32) ? b : a;
        return other.equals(FLOAT32) || other instanceof ArrowType.Int i && i.getBitWidth() <= 16 ? FLOAT32 : FLOAT64;
    }

    private static boolean isNumber(ArrowType type) {
        return type instanceof ArrowType.Int i && i.getIsSigned() || type.equals(FLOAT32) || type.equals(FLOAT64);
    }

    private static boolean nullable(Expression e, Schema input) {
        if (e instanceof Expression.Literal l) {
            return l.value() == null;
        }
        if (e instanceof Expression.Column c) {
            return column(c, input).map(Field::isNullable).orElse(true);
        }
        if (e instanceof Expression.Is) {
            return false;
        }
        return children(e).stream().anyMatch(child -> nullable(child, input));
    }

    private static List<Expression> children(Expression e) {
        if (e instanceof Expression.Not n) {
            return List.of(n.operand());
        } else if (e instanceof Expression.Negate n) {
            return List.of(n.operand());
        } else if (e instanceof Expression.Cast c) {
            return List.of(c.operand());
        } else if (e instanceof Expression.Binary b) {
            return List.of(b.left(), b.right());
        } else if (e instanceof Expression.InList in) {
            List<Expression> all = new java.util.ArrayList<>(in.list());
            all.add(in.operand());
            return all;
        } else if (e instanceof Expression.Between b) {
            return List.of(b.operand(), b.low(), b.high());
        } else if (e instanceof Expression.Like l) {
            return List.of(l.operand(), l.pattern());
        }
        return List.of();
    }

    /** The top-level or nested field a column reference names. */
    private static Optional<Field> column(Expression.Column c, Schema input) {
        List<Field> fields = input.getFields();
        Field found = null;
        for (String part : c.path()) {
            found = fields.stream()
                    .filter(f -> f.getName().equals(part))
                    .findFirst()
                    .orElse(null);
            if (found == null) {
                return Optional.empty();
            }
            fields = found.getChildren();
        }
        return Optional.ofNullable(found);
    }
}
