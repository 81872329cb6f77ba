package dev.plainlance.lance.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.expr.Expression.BinaryOp;
import dev.plainlance.lance.expr.Expression.IsKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Compares the vectorized evaluator against an independent row-at-a-time reference interpreter of
 * the AST (written here, over boxed Java values) on random batches and random well-typed
 * expressions.
 */
class ExpressionReferenceProperties {

    static final String[] STRINGS = {"", "a", "ab", "ba", "b%", "a_b", "B", "bab"};
    static final double[] DOUBLES = {-1.5, 0.0, -0.0, 2.5, 3.0, Double.NaN, 7.25, -20.0};

    /** Column data of one random batch. */
    record Data(int n, Long[] i, Long[] j, Double[] f, String[] s, Boolean[] b) {
        Map<String, Object> row(int r) {
            Map<String, Object> m = new HashMap<>();
            m.put("i", i[r]);
            m.put("j", j[r]);
            m.put("f", f[r]);
            m.put("s", s[r]);
            m.put("b", b[r]);
            return m;
        }
    }

    static Data data(Random r) {
        int n = r.nextInt(16);
        Long[] i = new Long[n];
        Long[] j = new Long[n];
        Double[] f = new Double[n];
        String[] s = new String[n];
        Boolean[] b = new Boolean[n];
        for (int k = 0; k < n; k++) {
            i[k] = r.nextInt(5) == 0 ? null : (long) (r.nextInt(41) - 20);
            j[k] = r.nextInt(5) == 0 ? null : (long) (r.nextInt(11) - 5);
            f[k] = r.nextInt(5) == 0 ? null : DOUBLES[r.nextInt(DOUBLES.length)];
            s[k] = r.nextInt(5) == 0 ? null : STRINGS[r.nextInt(STRINGS.length)];
            b[k] = r.nextInt(4) == 0 ? null : r.nextBoolean();
        }
        return new Data(n, i, j, f, s, b);
    }

    static TestBatch batch(BufferAllocator a, Data d) {
        return new TestBatch(a)
                .add("i", new ArrowType.Int(64, true), (Object[]) d.i)
                .add("j", new ArrowType.Int(32, true), (Object[]) d.j)
                .add("f", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), (Object[]) d.f)
                .add("s", ArrowType.Utf8.INSTANCE, (Object[]) d.s)
                .add("b", ArrowType.Bool.INSTANCE, (Object[]) d.b);
    }

    // ------------------------------------------------------------ typed random expressions

    static Expression lit(Object v) {
        return new Expression.Literal(v, 0);
    }

    static Expression num(Random r, int depth) {
        int c = depth <= 0 ? r.nextInt(5) : r.nextInt(9);
        switch (c) {
            case 0:
                return Expression.Column.of("i");
            case 1:
                return Expression.Column.of("j");
            case 2:
                return Expression.Column.of("f");
            case 3:
                return r.nextInt(8) == 0 ? lit(null) : lit((long) (r.nextInt(7) - 3));
            case 4:
                return lit(new double[] {0.5, -1.5, 2.0, 0.0}[r.nextInt(4)]);
            case 5:
                return new Expression.Negate(num(r, depth - 1), 0);
            default: {
                BinaryOp[] ops = {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MOD};
                return new Expression.Binary(ops[r.nextInt(ops.length)], num(r, depth - 1), num(r, depth - 1), 0);
            }
        }
    }

    static Expression str(Random r) {
        return r.nextInt(3) == 0 ? lit(STRINGS[r.nextInt(STRINGS.length)]) : Expression.Column.of("s");
    }

    static String likePattern(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int k = 0; k < n; k++) {
            sb.append("ab%_B".charAt(r.nextInt(5)));
        }
        return sb.toString();
    }

    static Expression bool(Random r, int depth) {
        int c = depth <= 0 ? r.nextInt(4) : r.nextInt(13);
        BinaryOp[] cmps = {BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE};
        switch (c) {
            case 0:
                return Expression.Column.of("b");
            case 1:
                return new Expression.Binary(cmps[r.nextInt(6)], num(r, depth - 1), num(r, depth - 1), 0);
            case 2:
                return new Expression.Binary(cmps[r.nextInt(6)], str(r), str(r), 0);
            case 3:
                return lit(r.nextInt(3) == 0 ? null : r.nextBoolean());
            case 4:
            case 5:
                return new Expression.Binary(
                        r.nextBoolean() ? BinaryOp.AND : BinaryOp.OR, bool(r, depth - 1), bool(r, depth - 1), 0);
            case 6:
                return new Expression.Not(bool(r, depth - 1), 0);
            case 7:
                return new Expression.Is(r.nextBoolean() ? num(r, depth - 1) : str(r), IsKind.NULL, r.nextBoolean(), 0);
            case 8:
                return new Expression.Is(bool(r, depth - 1), IsKind.values()[r.nextInt(4)], r.nextBoolean(), 0);
            case 9: {
                List<Expression> items = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                boolean strings = r.nextBoolean();
                for (int k = 0; k < n; k++) {
                    items.add(strings ? (r.nextInt(6) == 0 ? lit(null) : str(r)) : num(r, 0));
                }
                return new Expression.InList(strings ? str(r) : num(r, depth - 1), items, r.nextBoolean(), 0);
            }
            case 10:
                return new Expression.Between(num(r, depth - 1), num(r, 0), num(r, 0), r.nextBoolean(), 0);
            case 11:
                return new Expression.Like(str(r), lit(likePattern(r)), r.nextBoolean(), r.nextBoolean(), null, 0);
            default:
                return new Expression.Binary(cmps[r.nextInt(2)], Expression.Column.of("b"), bool(r, depth - 1), 0);
        }
    }

    // ------------------------------------------------------------ reference interpreter

    static final class RefError extends RuntimeException {
        RefError(String m) {
            super(m);
        }
    }

    static Boolean and(Boolean x, Boolean y) {
        if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) {
            return false;
        }
        return x == null || y == null ? null : true;
    }

    static Boolean or(Boolean x, Boolean y) {
        if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) {
            return true;
        }
        return x == null || y == null ? null : false;
    }

    static Integer cmp(Object x, Object y) {
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof String a) {
            return a.compareTo((String) y);
        }
        if (x instanceof Boolean a) {
            return Boolean.compare(a, (Boolean) y);
        }
        if (x instanceof Long a && y instanceof Long b) {
            return Long.compare(a, b);
        }
        return Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
    }

    static boolean like(String s, int si, String p, int pi) {
        if (pi == p.length()) {
            return si == s.length();
        }
        char c = p.charAt(pi);
        if (c == '%') {
            return like(s, si, p, pi + 1) || (si < s.length() && like(s, si + 1, p, pi));
        }
        return si < s.length() && (c == '_' || c == s.charAt(si)) && like(s, si + 1, p, pi + 1);
    }

    static Object ref(Expression e, Map<String, Object> row) {
        if (e instanceof Expression.Literal l) {
            return l.value();
        } else if (e instanceof Expression.Column c) {
            return row.get(c.dotted());
        } else if (e instanceof Expression.Not n) {
            Boolean x = (Boolean) ref(n.operand(), row);
            return x == null ? null : !x;
        } else if (e instanceof Expression.Negate n) {
            Object x = ref(n.operand(), row);
            if (x == null) {
                return null;
            }
            if (x instanceof Long l) {
                if (l == Long.MIN_VALUE) {
                    throw new RefError("overflow");
                }
                return -l;
            }
            return -(Double) x;
        } else if (e instanceof Expression.Binary b) {
            Object x = ref(b.left(), row);
            Object y = ref(b.right(), row);
            switch (b.op()) {
                case AND:
                    return and((Boolean) x, (Boolean) y);
                case OR:
                    return or((Boolean) x, (Boolean) y);
                case EQ:
                case NE:
                case LT:
                case LE:
                case GT:
                case GE: {
                    Integer c = cmp(x, y);
                    if (c == null) {
                        return null;
                    }
                    switch (b.op()) {
                        case EQ:
                            return c == 0;
                        case NE:
                            return c != 0;
                        case LT:
                            return c < 0;
                        case LE:
                            return c <= 0;
                        case GT:
                            return c > 0;
                        default:
                            return c >= 0;
                    }
                }
                default:
                    if (x == null || y == null) {
                        return null;
                    }
                    if (x instanceof Long a && y instanceof Long c) {
                        try {
                            switch (b.op()) {
                                case ADD:
                                    return Math.addExact(a, c);
                                case SUB:
                                    return Math.subtractExact(a, c);
                                case MUL:
                                    return Math.multiplyExact(a, c);
                                case DIV:
                                    if (c == 0) {
                                        throw new RefError("div0");
                                    }
                                    return a / c;
                                default:
                                    if (c == 0) {
                                        throw new RefError("div0");
                                    }
                                    return a % c;
                            }
                        } catch (ArithmeticException ex) {
                            throw new RefError("overflow");
                        }
                    }
                    double a = ((Number) x).doubleValue();
                    double c = ((Number) y).doubleValue();
                    switch (b.op()) {
                        case ADD:
                            return a + c;
                        case SUB:
                            return a - c;
                        case MUL:
                            return a * c;
                        case DIV:
                            return a / c;
                        default:
                            return a % c;
                    }
            }
        } else if (e instanceof Expression.Is is) {
            Object x = ref(is.operand(), row);
            boolean v;
            switch (is.kind()) {
                case NULL:
                case UNKNOWN:
                    v = x == null;
                    break;
                case TRUE:
                    v = Boolean.TRUE.equals(x);
                    break;
                default:
                    v = Boolean.FALSE.equals(x);
                    break;
            }
            return v != is.negated();
        } else if (e instanceof Expression.InList in) {
            Object x = ref(in.operand(), row);
            Boolean result = false;
            for (Expression item : in.list()) {
                Object y = ref(item, row);
                Integer c = cmp(x, y);
                result = or(result, c == null ? null : c == 0);
            }
            return in.negated() ? (result == null ? null : !result) : result;
        } else if (e instanceof Expression.Between bt) {
            Object x = ref(bt.operand(), row);
            Integer lo = cmp(x, ref(bt.low(), row));
            Integer hi = cmp(x, ref(bt.high(), row));
            Boolean v = and(lo == null ? null : lo >= 0, hi == null ? null : hi <= 0);
            return bt.negated() ? (v == null ? null : !v) : v;
        } else if (e instanceof Expression.Like l) {
            String s = (String) ref(l.operand(), row);
            String p = (String) ref(l.pattern(), row);
            if (s == null || p == null) {
                return null;
            }
            if (l.caseInsensitive()) {
                s = s.toLowerCase(Locale.ROOT);
                p = p.toLowerCase(Locale.ROOT);
            }
            return like(s, 0, p, 0) != l.negated();
        }
        throw new IllegalArgumentException(e.toString());
    }

    // ------------------------------------------------------------ properties

    /** A NULL literal compared with an expression still evaluates it, as any comparison does (found by the property). */
    @net.jqwik.api.Example
    void aNullLiteralComparedWithADivisionByZeroFails() {
        Data d = data(new Random(1));
        try (BufferAllocator a = new RootAllocator();
                TestBatch t = batch(a, d)) {
            Predicate p = Expressions.predicate("NULL <= i % 0", t.schema());
            assertThrows(ExpressionEvaluationException.class, () -> p.test(t.root()));
        }
    }

    @Property(tries = 1000)
    void predicateSelectionMatchesReference(@ForAll long seed) {
        Random r = new Random(seed);
        Data d = data(r);
        Expression e = bool(r, r.nextInt(5));
        BitSet expected = new BitSet();
        boolean expectError = false;
        try {
            for (int k = 0; k < d.n(); k++) {
                if (Boolean.TRUE.equals(ref(e, d.row(k)))) {
                    expected.set(k);
                }
            }
        } catch (RefError err) {
            expectError = true;
        }
        try (BufferAllocator a = new RootAllocator();
                TestBatch t = batch(a, d)) {
            // also exercises the parser: evaluate the re-parsed canonical text
            Predicate p = Expressions.predicate(e.toSql(), t.schema());
            if (expectError) {
                assertThrows(ExpressionEvaluationException.class, () -> p.test(t.root()), e.toSql());
            } else {
                assertEquals(expected, p.test(t.root()), () -> "seed " + seed + ": " + e.toSql());
            }
        }
    }

    @Property(tries = 1000)
    void valueEvaluationMatchesReference(@ForAll long seed) {
        Random r = new Random(seed);
        Data d = data(r);
        Expression e = r.nextInt(3) == 0 ? bool(r, r.nextInt(4)) : num(r, r.nextInt(5));
        List<Object> expected = new ArrayList<>();
        boolean expectError = false;
        try {
            for (int k = 0; k < d.n(); k++) {
                expected.add(ref(e, d.row(k)));
            }
        } catch (RefError err) {
            expectError = true;
        }
        try (BufferAllocator a = new RootAllocator();
                TestBatch t = batch(a, d)) {
            BoundExpression b = Expressions.bind(e, t.schema());
            if (expectError) {
                assertThrows(ExpressionEvaluationException.class, () -> b.evaluateValues(t.root()), e.toSql());
                return;
            }
            List<Object> actual = b.evaluateValues(t.root());
            for (int k = 0; k < d.n(); k++) {
                Object x = expected.get(k);
                Object y = actual.get(k);
                assertEquals(x, y, () -> "seed " + seed + ": " + e.toSql() + " row " + expected);
            }
        }
    }
}
