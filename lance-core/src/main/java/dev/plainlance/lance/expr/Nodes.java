package dev.plainlance.lance.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;

/** Bound, typed evaluation nodes. Each evaluates a whole batch at once into {@link Vals}. */
final class Nodes {
    private Nodes() {}

    abstract static class Node {
        final VType type;

        Node(VType type) {
            this.type = type;
        }

        abstract Vals eval(VectorSchemaRoot root, int n);

        /** Evaluates and views the result as BOOL (NULL-typed results become all-NULL booleans). */
        Vals evalBool(VectorSchemaRoot root, int n) {
            return Casts.cast(eval(root, n), VType.BOOL);
        }
    }

    static final class ColumnNode extends Node {
        final List<String> names;

        ColumnNode(List<String> names, VType type) {
            super(type);
            this.names = List.copyOf(names);
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            FieldVector v = root.getVector(names.get(0));
            if (v == null) {
                throw new ExpressionEvaluationException("batch has no column '" + names.get(0) + "'");
            }
            boolean[] parentNulls = null;
            for (int k = 1; k < names.size(); k++) {
                if (!(v instanceof StructVector s)) {
                    throw new ExpressionEvaluationException(
                            "column '" + String.join(".", names.subList(0, k)) + "' is not a struct in this batch");
                }
                if (parentNulls == null) {
                    parentNulls = new boolean[n];
                }
                for (int i = 0; i < n; i++) {
                    parentNulls[i] |= s.isNull(i);
                }
                v = s.getChild(names.get(k), FieldVector.class);
                if (v == null) {
                    throw new ExpressionEvaluationException(
                            "batch has no column '" + String.join(".", names.subList(0, k + 1)) + "'");
                }
            }
            return VectorIO.read(v, type, n, parentNulls);
        }
    }

    static final class LiteralNode extends Node {
        final Object value;

        LiteralNode(Object value, VType type) {
            super(type);
            this.value = value;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            Vals r = new Vals(type, n);
            if (value == null) {
                Arrays.fill(r.nulls, true);
            } else if (value instanceof Boolean b) {
                Arrays.fill(r.b, b);
            } else if (value instanceof Long l) {
                Arrays.fill(r.l, l);
            } else if (value instanceof Double d) {
                Arrays.fill(r.d, d);
            } else if (value instanceof LocalDate d) {
                Arrays.fill(r.l, d.toEpochDay());
            } else if (value instanceof LocalDateTime t) {
                Arrays.fill(r.l, Temporals.toEpoch(t, type.unit()));
            } else {
                Arrays.fill(r.o, value);
            }
            return r;
        }
    }

    static final class CastNode extends Node {
        final Node child;

        CastNode(Node child, VType type) {
            super(type);
            this.child = child;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            return Casts.cast(child.eval(root, n), type);
        }
    }

    static final class NegateNode extends Node {
        final Node child;

        NegateNode(Node child, VType type) {
            super(type);
            this.child = child;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            Vals a = Casts.cast(child.eval(root, n), type);
            Vals r = new Vals(type, n);
            for (int i = 0; i < n; i++) {
                if (a.nulls[i]) {
                    r.nulls[i] = true;
                    continue;
                }
                switch (type.kind()) {
                    case LONG:
                        if (a.l[i] == Long.MIN_VALUE) {
                            throw new ExpressionEvaluationException("integer overflow: -(" + a.l[i] + ")");
                        }
                        r.l[i] = -a.l[i];
                        break;
                    case DOUBLE:
                        r.d[i] = -a.d[i];
                        break;
                    case DECIMAL:
                        r.o[i] = ((BigDecimal) a.o[i]).negate();
                        break;
                    default:
                        throw new IllegalStateException();
                }
            }
            return r;
        }
    }

    static final class ArithNode extends Node {
        final Expression.BinaryOp op;
        final Node left;
        final Node right;

        ArithNode(Expression.BinaryOp op, Node left, Node right, VType type) {
            super(type);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            if (n > 0 && type.kind() == VType.K.LONG && right instanceof LiteralNode literal && literal.value != null) {
                return byLongLiteral(root, n);
            }
            Vals a = left.eval(root, n);
            Vals b = right.eval(root, n);
            Vals r = new Vals(type, n);
            if (type.kind() == VType.K.NULL) {
                return r;
            }
            // DECIMAL operands keep their own scale; the result is rescaled per operator.
            VType operandType = type.kind() == VType.K.DECIMAL ? null : type;
            if (operandType != null) {
                a = Casts.cast(a, operandType);
                b = Casts.cast(b, operandType);
            }
            for (int i = 0; i < n; i++) {
                if (a.nulls[i] || b.nulls[i]) {
                    r.nulls[i] = true;
                    continue;
                }
                switch (type.kind()) {
                    case LONG:
                        r.l[i] = longOp(a.l[i], b.l[i]);
                        break;
                    case DOUBLE:
                        r.d[i] = doubleOp(a.d[i], b.d[i]);
                        break;
                    case DECIMAL:
                        r.o[i] = decimalOp(decimal(a, i), decimal(b, i));
                        break;
                    default:
                        throw new IllegalStateException();
                }
            }
            return r;
        }

        /** {@code column op literal} on integers: the literal cast once, and {@code % c} without per-row checks. */
        private Vals byLongLiteral(VectorSchemaRoot root, int n) {
            long y = Casts.cast(right.eval(root, 1), type).l[0];
            // the operand's values are ours alone: the results overwrite them, and its null flags are the results'
            Vals r = Casts.cast(left.eval(root, n), type);
            if (op == Expression.BinaryOp.MOD && y != 0) {
                boolean intDivisor = y == (int) y;
                for (int i = 0; i < n; i++) {
                    long x = r.l[i];
                    // a 32-bit remainder is several times cheaper than a 64-bit one, and equal when both fit
                    r.l[i] = intDivisor && x == (int) x ? (int) x % (int) y : x % y;
                }
                return r;
            }
            for (int i = 0; i < n; i++) {
                if (!r.nulls[i]) {
                    r.l[i] = longOp(r.l[i], y);
                }
            }
            return r;
        }

        private static BigDecimal decimal(Vals v, int i) {
            return v.type.kind() == VType.K.LONG ? BigDecimal.valueOf(v.l[i]) : (BigDecimal) v.o[i];
        }

        private long longOp(long x, long y) {
            try {
                switch (op) {
                    case ADD:
                        return Math.addExact(x, y);
                    case SUB:
                        return Math.subtractExact(x, y);
                    case MUL:
                        return Math.multiplyExact(x, y);
                    case DIV:
                        if (y == 0) {
                            throw divideByZero();
                        }
                        if (x == Long.MIN_VALUE && y == -1) {
                            throw new ArithmeticException();
                        }
                        return x / y;
                    case MOD:
                        if (y == 0) {
                            throw divideByZero();
                        }
                        return x % y;
                    default:
                        throw new IllegalStateException();
                }
            } catch (ArithmeticException e) {
                throw new ExpressionEvaluationException("integer overflow: " + x + " " + op.sql() + " " + y);
            }
        }

        private double doubleOp(double x, double y) {
            switch (op) {
                case ADD:
                    return x + y;
                case SUB:
                    return x - y;
                case MUL:
                    return x * y;
                case DIV:
                    return x / y;
                case MOD:
                    return x % y;
                default:
                    throw new IllegalStateException();
            }
        }

        private BigDecimal decimalOp(BigDecimal x, BigDecimal y) {
            BigDecimal r;
            switch (op) {
                case ADD:
                    r = x.add(y);
                    break;
                case SUB:
                    r = x.subtract(y);
                    break;
                case MUL:
                    r = x.multiply(y);
                    break;
                case DIV:
                    if (y.signum() == 0) {
                        throw divideByZero();
                    }
                    r = x.divide(y, type.scale(), RoundingMode.DOWN);
                    break;
                case MOD:
                    if (y.signum() == 0) {
                        throw divideByZero();
                    }
                    r = x.remainder(y);
                    break;
                default:
                    throw new IllegalStateException();
            }
            r = r.setScale(type.scale(), RoundingMode.HALF_UP);
            if (r.precision() > 38) {
                throw new ExpressionEvaluationException(
                        "decimal overflow: " + x.toPlainString() + " " + op.sql() + " " + y.toPlainString());
            }
            return r;
        }

        private static ExpressionEvaluationException divideByZero() {
            return new ExpressionEvaluationException("Divide by zero error");
        }
    }

    /** Compares rows of two Vals of the same (common) type. */
    static int compare(Vals a, Vals b, int i) {
        switch (a.type.kind()) {
            case BOOL:
                return Boolean.compare(a.b[i], b.b[i]);
            case LONG:
            case DATE:
            case TIMESTAMP:
                return Long.compare(a.l[i], b.l[i]);
            case DOUBLE:
                return Double.compare(a.d[i], b.d[i]);
            case DECIMAL:
                return ((BigDecimal) a.o[i]).compareTo((BigDecimal) b.o[i]);
            case STRING:
                return compareCodePoints((String) a.o[i], (String) b.o[i]);
            case BINARY:
                return Arrays.compareUnsigned((byte[]) a.o[i], (byte[]) b.o[i]);
            default:
                throw new IllegalStateException();
        }
    }

    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }

    static final class CompareNode extends Node {
        final Expression.BinaryOp op;
        final Node left;
        final Node right;
        final VType common;

        CompareNode(Expression.BinaryOp op, Node left, Node right, VType common) {
            super(VType.BOOL);
            this.op = op;
            this.left = left;
            this.right = right;
            this.common = common;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            if (n > 0 && isNumeric(common) && (right instanceof LiteralNode || left instanceof LiteralNode)) {
                return againstLiteral(root, n);
            }
            Vals r = new Vals(VType.BOOL, n);
            if (common.kind() == VType.K.NULL) {
                Arrays.fill(r.nulls, true);
                return r;
            }
            Vals a = Casts.cast(left.eval(root, n), common);
            Vals b = Casts.cast(right.eval(root, n), common);
            for (int i = 0; i < n; i++) {
                if (a.nulls[i] || b.nulls[i]) {
                    r.nulls[i] = true;
                    continue;
                }
                int c = compare(a, b, i);
                switch (op) {
                    case EQ:
                        r.b[i] = c == 0;
                        break;
                    case NE:
                        r.b[i] = c != 0;
                        break;
                    case LT:
                        r.b[i] = c < 0;
                        break;
                    case LE:
                        r.b[i] = c <= 0;
                        break;
                    case GT:
                        r.b[i] = c > 0;
                        break;
                    case GE:
                        r.b[i] = c >= 0;
                        break;
                    default:
                        throw new IllegalStateException();
                }
            }
            return r;
        }

        private static boolean isNumeric(VType type) {
            VType.K k = type.kind();
            return k == VType.K.LONG || k == VType.K.DOUBLE || k == VType.K.DATE || k == VType.K.TIMESTAMP;
        }

        /**
         * {@code column op literal} (either side) on a numeric type: the literal is cast once, not per row, and
         * rows are compared in a loop with no per-row dispatch. Same results as the general path.
         */
        private Vals againstLiteral(VectorSchemaRoot root, int n) {
            boolean literalLeft = !(right instanceof LiteralNode);
            Vals scalar = Casts.cast((literalLeft ? left : right).eval(root, 1), common);
            if (scalar.nulls[0]) {
                // the other side is still evaluated, as the general path does, so that its errors (x % 0) surface
                (literalLeft ? right : left).eval(root, n);
                Vals r = new Vals(VType.BOOL, n);
                Arrays.fill(r.nulls, true);
                return r;
            }
            Vals a = Casts.cast((literalLeft ? right : left).eval(root, n), common);
            // a row is null exactly when its value is: the result takes over the operand's null flags
            Vals r = new Vals(VType.BOOL, n, a.nulls);
            // the outcome for (row value) < / = / > (literal); a literal on the left mirrors less and greater
            boolean less = op == Expression.BinaryOp.NE || op == Expression.BinaryOp.LT || op == Expression.BinaryOp.LE;
            boolean equal =
                    op == Expression.BinaryOp.EQ || op == Expression.BinaryOp.LE || op == Expression.BinaryOp.GE;
            boolean greater =
                    op == Expression.BinaryOp.NE || op == Expression.BinaryOp.GT || op == Expression.BinaryOp.GE;
            if (literalLeft) {
                boolean swap = less;
                less = greater;
                greater = swap;
            }
            if (common.kind() == VType.K.DOUBLE) {
                double s = scalar.d[0];
                for (int i = 0; i < n; i++) {
                    int c = Double.compare(a.d[i], s);
                    r.b[i] = c < 0 ? less : c == 0 ? equal : greater;
                }
            } else {
                long s = scalar.l[0];
                for (int i = 0; i < n; i++) {
                    long x = a.l[i];
                    r.b[i] = x < s ? less : x == s ? equal : greater;
                }
            }
            return r;
        }
    }

    /** N-ary AND / OR with SQL three-valued logic. */
    static final class LogicNode extends Node {
        final boolean and;
        final List<Node> children;

        LogicNode(boolean and, List<Node> children) {
            super(VType.BOOL);
            this.and = and;
            this.children = List.copyOf(children);
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            // Start from the identity (TRUE for AND, FALSE for OR), fold every operand in.
            Vals r = new Vals(VType.BOOL, n);
            Arrays.fill(r.b, and);
            for (Node child : children) {
                Vals a = child.evalBool(root, n);
                for (int i = 0; i < n; i++) {
                    boolean decided = !r.nulls[i] && r.b[i] != and; // FALSE for AND, TRUE for OR
                    if (decided) {
                        continue;
                    }
                    if (!a.nulls[i] && a.b[i] != and) {
                        r.b[i] = !and;
                        r.nulls[i] = false;
                    } else if (a.nulls[i]) {
                        r.nulls[i] = true;
                    }
                }
            }
            return r;
        }
    }

    static final class NotNode extends Node {
        final Node child;

        NotNode(Node child) {
            super(VType.BOOL);
            this.child = child;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            Vals a = child.evalBool(root, n);
            Vals r = new Vals(VType.BOOL, n);
            for (int i = 0; i < n; i++) {
                r.nulls[i] = a.nulls[i];
                r.b[i] = !a.nulls[i] && !a.b[i];
            }
            return r;
        }
    }

    static final class IsNode extends Node {
        final Node child;
        final Expression.IsKind kind;
        final boolean negated;

        IsNode(Node child, Expression.IsKind kind, boolean negated) {
            super(VType.BOOL);
            this.child = child;
            this.kind = kind;
            this.negated = negated;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            Vals a = kind == Expression.IsKind.NULL ? child.eval(root, n) : child.evalBool(root, n);
            Vals r = new Vals(VType.BOOL, n);
            for (int i = 0; i < n; i++) {
                boolean v;
                switch (kind) {
                    case NULL:
                    case UNKNOWN:
                        v = a.nulls[i];
                        break;
                    case TRUE:
                        v = !a.nulls[i] && a.b[i];
                        break;
                    default:
                        v = !a.nulls[i] && !a.b[i];
                        break;
                }
                r.b[i] = v != negated;
            }
            return r;
        }
    }

    static final class InNode extends Node {
        final Node operand;
        final List<Node> list;
        final VType common;
        final boolean negated;

        InNode(Node operand, List<Node> list, VType common, boolean negated) {
            super(VType.BOOL);
            this.operand = operand;
            this.list = List.copyOf(list);
            this.common = common;
            this.negated = negated;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            Vals r = new Vals(VType.BOOL, n);
            if (common.kind() == VType.K.NULL) {
                Arrays.fill(r.nulls, true);
                return r;
            }
            Vals a = Casts.cast(operand.eval(root, n), common);
            boolean[] found = new boolean[n];
            boolean[] sawNull = a.nulls.clone();
            for (Node item : list) {
                Vals b = Casts.cast(item.eval(root, n), common);
                for (int i = 0; i < n; i++) {
                    if (found[i] || a.nulls[i]) {
                        continue;
                    }
                    if (b.nulls[i]) {
                        sawNull[i] = true;
                    } else if (compare(a, b, i) == 0) {
                        found[i] = true;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (found[i]) {
                    r.b[i] = !negated;
                } else if (sawNull[i]) {
                    r.nulls[i] = true;
                } else {
                    r.b[i] = negated;
                }
            }
            return r;
        }
    }

    static final class LikeNode extends Node {
        final Node operand;
        final Node pattern;
        final boolean negated;
        final boolean caseInsensitive;
        final char escape;

        LikeNode(Node operand, Node pattern, boolean negated, boolean caseInsensitive, char escape) {
            super(VType.BOOL);
            this.operand = operand;
            this.pattern = pattern;
            this.negated = negated;
            this.caseInsensitive = caseInsensitive;
            this.escape = escape;
        }

        @Override
        Vals eval(VectorSchemaRoot root, int n) {
            Vals a = Casts.cast(operand.eval(root, n), VType.UTF8);
            Vals p = Casts.cast(pattern.eval(root, n), VType.UTF8);
            Vals r = new Vals(VType.BOOL, n);
            String lastText = null;
            Pattern last = null;
            for (int i = 0; i < n; i++) {
                if (a.nulls[i] || p.nulls[i]) {
                    r.nulls[i] = true;
                    continue;
                }
                String text = (String) p.o[i];
                if (!text.equals(lastText)) {
                    last = compileLike(text, escape, caseInsensitive);
                    lastText = text;
                }
                r.b[i] = last.matcher((String) a.o[i]).matches() != negated;
            }
            return r;
        }
    }

    /** Translates a LIKE pattern into an anchored regular expression. */
    static Pattern compileLike(String like, char escape, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == escape && i + 1 < like.length()) {
                literal.append(like.charAt(++i));
            } else if (c == '%' || c == '_') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        int flags = Pattern.DOTALL;
        if (caseInsensitive) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        return Pattern.compile(re.toString(), flags);
    }
}
