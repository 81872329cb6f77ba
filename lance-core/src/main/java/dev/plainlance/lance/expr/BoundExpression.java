package dev.plainlance.lance.expr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An {@link Expression} whose columns are resolved against a schema and whose types are checked.
 * Immutable and thread-safe; evaluate it against batches ({@link VectorSchemaRoot}) whose columns
 * have the names and types of the schema it was bound to.
 */
public final class BoundExpression {
    private final Expression expression;
    private final Nodes.Node node;

    BoundExpression(Expression expression, Nodes.Node node) {
        this.expression = expression;
        this.node = node;
    }

    /** The unbound source expression. */
    public Expression expression() {
        return expression;
    }

    /**
     * The result type: the column's own type for a bare column reference, {@code Bool} for
     * predicates, {@code Int(64)} / {@code FloatingPoint(DOUBLE)} / {@code Decimal(38, s)} for
     * arithmetic, {@code Null} for an untyped NULL.
     */
    public ArrowType type() {
        return node.type.arrow();
    }

    /** Whether the expression is a predicate (boolean or untyped NULL). */
    public boolean isPredicate() {
        return node.type.kind() == VType.K.BOOL || node.type.kind() == VType.K.NULL;
    }

    /**
     * Returns this expression as a row filter.
     *
     * @throws ExpressionParseException if the expression is not boolean
     */
    public Predicate toPredicate() {
        if (!isPredicate()) {
            throw new ExpressionParseException(
                    "filter must be a boolean expression, got " + node.type.describe(), expression.position(), null);
        }
        return new Predicate(this);
    }

    Vals evalRaw(VectorSchemaRoot root) {
        return node.eval(root, root.getRowCount());
    }

    /**
     * Evaluates the expression for every row of {@code root} and writes the result, converted with
     * CAST semantics (range-checked; decimals rounded half-up to the target scale), into a new
     * vector of {@code target}'s type, named after {@code target}. The caller owns (must close) the
     * returned vector.
     *
     * @throws ExpressionParseException if the result type cannot be converted to the target type
     * @throws ExpressionEvaluationException on a runtime error (divide by zero, overflow, bad cast)
     */
    public FieldVector evaluate(VectorSchemaRoot root, Field target, BufferAllocator allocator) {
        Objects.requireNonNull(target, "target");
        VType t = VType.of(target.getType());
        if (t == null || t.kind() == VType.K.NULL && !(target.getType() instanceof ArrowType.Null)) {
            throw new ExpressionParseException(
                    "unsupported target type " + SqlTypes.describe(target.getType()), expression.position(), null);
        }
        if (!Casts.castable(node.type.kind(), t.kind())) {
            throw new ExpressionParseException(
                    "cannot assign "
                            + node.type.describe()
                            + " to column '"
                            + target.getName()
                            + "' of type "
                            + t.describe(),
                    expression.position(),
                    null);
        }
        if (t.kind() == VType.K.DATE && VectorIO.isDateMillis(target.getType())) {
            t = VType.DATE;
        }
        Vals v = Casts.cast(evalRaw(root), t);
        return VectorIO.write(v, target, allocator);
    }

    /**
     * Evaluates the expression and returns one boxed value per row (null for SQL NULL): Boolean,
     * Long, Double, BigDecimal, String, byte[], LocalDate or LocalDateTime (timestamps, UTC).
     * Convenient for tests and small batches.
     */
    public List<Object> evaluateValues(VectorSchemaRoot root) {
        Vals v = evalRaw(root);
        List<Object> out = new ArrayList<>(v.n);
        for (int i = 0; i < v.n; i++) {
            Object o = v.get(i);
            if (o != null && v.type.kind() == VType.K.DATE) {
                o = LocalDate.ofEpochDay((Long) o);
            } else if (o != null && v.type.kind() == VType.K.TIMESTAMP) {
                o = Temporals.fromEpoch((Long) o, v.type.unit());
            }
            out.add(o);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return expression.toSql() + " :: " + node.type.describe();
    }
}
