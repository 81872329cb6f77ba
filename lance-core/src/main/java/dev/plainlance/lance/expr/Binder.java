package dev.plainlance.lance.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Resolves columns and checks/coerces types, turning an {@link Expression} into {@link Nodes}. */
final class Binder {
    private final Schema schema;
    private final String sql;

    private Binder(Schema schema, String sql) {
        this.schema = schema;
        this.sql = sql;
    }

    static Nodes.Node bind(Expression e, Schema schema, String sql) {
        return new Binder(schema, sql).bind(e);
    }

    private ExpressionParseException error(String detail, Expression at) {
        return new ExpressionParseException(detail, at.position(), sql);
    }

    private Nodes.Node bind(Expression e) {
        if (e instanceof Expression.Literal l) {
            return new Nodes.LiteralNode(l.value(), VType.ofLiteral(l.value()));
        } else if (e instanceof Expression.Column c) {
            return column(c);
        } else if (e instanceof Expression.Not n) {
            return new Nodes.NotNode(bool(n.operand(), "NOT"));
        } else if (e instanceof Expression.Negate n) {
            Nodes.Node child = bind(n.operand());
            if (child.type.kind() == VType.K.NULL) {
                return new Nodes.LiteralNode(null, VType.NULL);
            }
            if (!child.type.numeric()) {
                throw error("cannot negate a value of type " + child.type.describe(), e);
            }
            VType t = child.type.kind() == VType.K.LONG
                    ? VType.INT64
                    : child.type.kind() == VType.K.DOUBLE ? VType.FLOAT64 : VType.decimal(child.type.scale());
            return new Nodes.NegateNode(child, t);
        } else if (e instanceof Expression.Binary b) {
            if (b.op().isLogical()) {
                // Flatten left-deep chains of the same operator iteratively (AND/OR are associative
                // in
                // three-valued logic), so thousands of ORs neither recurse deeply here nor in eval.
                java.util.ArrayDeque<Expression> operands = new java.util.ArrayDeque<>();
                Expression cur = b;
                while (cur instanceof Expression.Binary cb && cb.op() == b.op()) {
                    operands.push(cb.right());
                    cur = cb.left();
                }
                operands.push(cur);
                List<Nodes.Node> children = new ArrayList<>();
                for (Expression operand : operands) {
                    children.add(bool(operand, b.op().sql()));
                }
                return new Nodes.LogicNode(b.op() == Expression.BinaryOp.AND, children);
            }
            Nodes.Node l = bind(b.left());
            Nodes.Node r = bind(b.right());
            if (b.op().isComparison()) {
                VType common = comparisonType(l.type, r.type, "compare", e);
                return new Nodes.CompareNode(b.op(), l, r, common);
            }
            return new Nodes.ArithNode(b.op(), l, r, arithmeticType(b.op(), l.type, r.type, e));
        } else if (e instanceof Expression.Is i) {
            Nodes.Node child =
                    i.kind() == Expression.IsKind.NULL ? bind(i.operand()) : bool(i.operand(), "IS " + i.kind());
            return new Nodes.IsNode(child, i.kind(), i.negated());
        } else if (e instanceof Expression.InList in) {
            Nodes.Node operand = bind(in.operand());
            VType common = operand.type;
            List<Nodes.Node> items = new ArrayList<>();
            for (Expression item : in.list()) {
                Nodes.Node n = bind(item);
                common = comparisonType(common, n.type, "compare IN list item of", item);
                items.add(n);
            }
            return new Nodes.InNode(operand, items, common, in.negated());
        } else if (e instanceof Expression.Between b) {
            Nodes.Node operand = bind(b.operand());
            Nodes.Node low = bind(b.low());
            Nodes.Node high = bind(b.high());
            Nodes.Node ge = new Nodes.CompareNode(
                    Expression.BinaryOp.GE, operand, low, comparisonType(operand.type, low.type, "compare", b.low()));
            Nodes.Node le = new Nodes.CompareNode(
                    Expression.BinaryOp.LE,
                    operand,
                    high,
                    comparisonType(operand.type, high.type, "compare", b.high()));
            Nodes.Node both = new Nodes.LogicNode(true, List.of(ge, le));
            return b.negated() ? new Nodes.NotNode(both) : both;
        } else if (e instanceof Expression.Like l) {
            Nodes.Node operand = bind(l.operand());
            Nodes.Node pattern = bind(l.pattern());
            String op = l.caseInsensitive() ? "ILIKE" : "LIKE";
            for (Nodes.Node n : List.of(operand, pattern)) {
                if (n.type.kind() != VType.K.STRING && n.type.kind() != VType.K.NULL) {
                    throw error(
                            op + " requires string operands, got " + n.type.describe(),
                            n == operand ? l.operand() : l.pattern());
                }
            }
            return new Nodes.LikeNode(
                    operand, pattern, l.negated(), l.caseInsensitive(), l.escape() == null ? '\\' : l.escape());
        } else if (e instanceof Expression.Cast c) {
            Nodes.Node child = bind(c.operand());
            VType target = VType.of(c.type());
            if (!Casts.castable(child.type.kind(), target.kind())) {
                throw error("cannot cast " + child.type.describe() + " to " + target.describe(), e);
            }
            return new Nodes.CastNode(child, target);
        }
        throw new IllegalStateException("unknown node " + e);
    }

    private Nodes.Node bool(Expression e, String op) {
        Nodes.Node n = bind(e);
        if (n.type.kind() != VType.K.BOOL && n.type.kind() != VType.K.NULL) {
            throw error(op + " requires a boolean operand, got " + n.type.describe() + " from '" + e.toSql() + "'", e);
        }
        return n;
    }

    private VType arithmeticType(Expression.BinaryOp op, VType a, VType b, Expression at) {
        boolean an = a.kind() == VType.K.NULL;
        boolean bn = b.kind() == VType.K.NULL;
        if ((!an && !a.numeric()) || (!bn && !b.numeric())) {
            throw error(
                    "operator '" + op.sql() + "' cannot be applied to " + a.describe() + " and " + b.describe(), at);
        }
        if (an && bn) {
            return VType.NULL;
        }
        if (a.kind() == VType.K.DOUBLE || b.kind() == VType.K.DOUBLE) {
            return VType.FLOAT64;
        }
        if (a.kind() == VType.K.DECIMAL || b.kind() == VType.K.DECIMAL) {
            int sa = a.kind() == VType.K.DECIMAL ? a.scale() : 0;
            int sb = b.kind() == VType.K.DECIMAL ? b.scale() : 0;
            int s;
            switch (op) {
                case MUL:
                    s = Math.min(38, sa + sb);
                    break;
                case DIV:
                    s = Math.min(38, Math.max(6, sa + 4));
                    break;
                default:
                    s = Math.max(sa, sb);
                    break;
            }
            return VType.decimal(s);
        }
        return VType.INT64;
    }

    /** The type both sides of a comparison are converted to (DataFusion-like coercion). */
    private VType comparisonType(VType a, VType b, String verb, Expression at) {
        VType.K ka = a.kind();
        VType.K kb = b.kind();
        if (ka == VType.K.NULL) {
            return b;
        }
        if (kb == VType.K.NULL) {
            return a;
        }
        if (a.numeric() && b.numeric()) {
            if (ka == VType.K.DOUBLE || kb == VType.K.DOUBLE) {
                return VType.FLOAT64;
            }
            if (ka == VType.K.DECIMAL || kb == VType.K.DECIMAL) {
                return VType.decimal(
                        Math.max(ka == VType.K.DECIMAL ? a.scale() : 0, kb == VType.K.DECIMAL ? b.scale() : 0));
            }
            return VType.INT64;
        }
        if (ka == kb) {
            switch (ka) {
                case BOOL:
                    return VType.BOOL;
                case STRING:
                    return VType.UTF8;
                case BINARY:
                    return VType.BINARY;
                case DATE:
                    return VType.DATE;
                case TIMESTAMP:
                    return VType.timestamp(Temporals.finer(a.unit(), b.unit()));
                default:
                    break;
            }
        }
        if ((ka == VType.K.BINARY && kb == VType.K.STRING) || (ka == VType.K.STRING && kb == VType.K.BINARY)) {
            return VType.BINARY;
        }
        if ((ka == VType.K.DATE && kb == VType.K.STRING) || (ka == VType.K.STRING && kb == VType.K.DATE)) {
            return VType.DATE;
        }
        if (ka == VType.K.TIMESTAMP && (kb == VType.K.STRING || kb == VType.K.DATE)) {
            return VType.timestamp(a.unit());
        }
        if (kb == VType.K.TIMESTAMP && (ka == VType.K.STRING || ka == VType.K.DATE)) {
            return VType.timestamp(b.unit());
        }
        throw error("cannot " + verb + " " + a.describe() + " with " + b.describe(), at);
    }

    private Nodes.Node column(Expression.Column c) {
        List<Field> fields = schema.getFields();
        List<String> resolved = new ArrayList<>();
        Field f = null;
        for (String part : c.path()) {
            f = find(fields, part);
            if (f == null) {
                throw new UnknownColumnException(c.dotted(), available(), c.position(), sql);
            }
            resolved.add(f.getName());
            fields = f.getType() instanceof ArrowType.Struct ? f.getChildren() : List.of();
        }
        if (f.getType() instanceof ArrowType.Struct) {
            throw error(
                    "column '"
                            + c.dotted()
                            + "' is a struct; reference one of its fields, e.g. "
                            + c.dotted()
                            + "."
                            + (f.getChildren().isEmpty()
                                    ? "field"
                                    : f.getChildren().get(0).getName()),
                    c);
        }
        VType t = VType.of(f.getType());
        if (t == null) {
            throw error("column '" + c.dotted() + "' has unsupported type " + SqlTypes.describe(f.getType()), c);
        }
        return new Nodes.ColumnNode(resolved, t);
    }

    /** Exact name match first, then a unique case-insensitive match. */
    private static Field find(List<Field> fields, String name) {
        for (Field f : fields) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        Field found = null;
        for (Field f : fields) {
            if (f.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                if (found != null) {
                    return null;
                }
                found = f;
            }
        }
        return found;
    }

    private List<String> available() {
        List<String> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            collect(f, "", out);
        }
        return out;
    }

    private static void collect(Field f, String prefix, List<String> out) {
        String name = prefix + f.getName();
        out.add(name);
        if (f.getType() instanceof ArrowType.Struct) {
            for (Field c : f.getChildren()) {
                collect(c, name + ".", out);
            }
        }
    }
}
