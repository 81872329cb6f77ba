package dev.plainlance.lance.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Value conversions used by CAST, by implicit coercion and when writing target vectors. */
final class Casts {
    private Casts() {}

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal UINT64_MAX =
            new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    /** Whether a value of kind {@code from} can (in general) be converted to kind {@code to}. */
    static boolean castable(VType.K from, VType.K to) {
        if (from == to || from == VType.K.NULL || from == VType.K.STRING) {
            return to != VType.K.NULL || from == VType.K.NULL;
        }
        switch (from) {
            case BOOL:
                return to == VType.K.LONG || to == VType.K.DOUBLE || to == VType.K.DECIMAL || to == VType.K.STRING;
            case LONG:
                return to != VType.K.BINARY && to != VType.K.NULL;
            case DOUBLE:
            case DECIMAL:
                return to == VType.K.BOOL
                        || to == VType.K.LONG
                        || to == VType.K.DOUBLE
                        || to == VType.K.DECIMAL
                        || to == VType.K.STRING;
            case BINARY:
                return to == VType.K.STRING;
            case DATE:
            case TIMESTAMP:
                return to == VType.K.STRING || to == VType.K.DATE || to == VType.K.TIMESTAMP || to == VType.K.LONG;
            default:
                return false;
        }
    }

    static Vals cast(Vals v, VType to) {
        if (v.type.equals(to)) {
            return v;
        }
        Vals r = new Vals(to, v.n);
        for (int i = 0; i < v.n; i++) {
            if (v.nulls[i] || to.kind() == VType.K.NULL) {
                r.nulls[i] = true;
                continue;
            }
            switch (to.kind()) {
                case BOOL:
                    r.b[i] = toBool(v, i);
                    break;
                case LONG:
                    r.l[i] = toLong(v, i, to.arrow());
                    break;
                case DOUBLE:
                    r.d[i] = toDouble(v, i, to.arrow());
                    break;
                case DECIMAL:
                    r.o[i] = toDecimal(v, i, to);
                    break;
                case STRING:
                    r.o[i] = toStr(v, i);
                    break;
                case BINARY:
                    r.o[i] = toBinary(v, i);
                    break;
                case DATE:
                    r.l[i] = toDate(v, i);
                    break;
                case TIMESTAMP:
                    r.l[i] = toTimestamp(v, i, to);
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        return r;
    }

    private static ExpressionEvaluationException bad(Vals v, int i, VType to) {
        return new ExpressionEvaluationException(
                "cannot cast " + v.type.describe() + " value '" + display(v, i) + "' to " + to.describe());
    }

    private static String display(Vals v, int i) {
        Object o = v.get(i);
        if (o instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return v.type.kind() == VType.K.STRING || v.type.kind() == VType.K.DECIMAL ? String.valueOf(o) : toStr(v, i);
    }

    private static boolean toBool(Vals v, int i) {
        switch (v.type.kind()) {
            case BOOL:
                return v.b[i];
            case LONG:
                return v.l[i] != 0;
            case DOUBLE:
                return v.d[i] != 0;
            case DECIMAL:
                return ((BigDecimal) v.o[i]).signum() != 0;
            case STRING: {
                String s = ((String) v.o[i]).trim().toLowerCase(Locale.ROOT);
                switch (s) {
                    case "true":
                    case "t":
                    case "1":
                    case "yes":
                    case "y":
                    case "on":
                        return true;
                    case "false":
                    case "f":
                    case "0":
                    case "no":
                    case "n":
                    case "off":
                        return false;
                    default:
                        throw bad(v, i, VType.BOOL);
                }
            }
            default:
                throw bad(v, i, VType.BOOL);
        }
    }

    static void checkRange(long x, ArrowType target, Vals v, int i) {
        if (!(target instanceof ArrowType.Int t)) {
            return;
        }
        int w = t.getBitWidth();
        if (w == 64) {
            return;
        }
        long min = t.getIsSigned() ? -(1L << (w - 1)) : 0;
        long max = t.getIsSigned() ? (1L << (w - 1)) - 1 : (1L << w) - 1;
        if (x < min || x > max) {
            throw new ExpressionEvaluationException("value "
                    + x
                    + " out of range for "
                    + SqlTypes.describe(target)
                    + (v == null ? "" : " (from " + v.type.describe() + ")"));
        }
    }

    private static long toLong(Vals v, int i, ArrowType target) {
        long x;
        switch (v.type.kind()) {
            case LONG:
            case DATE:
            case TIMESTAMP:
                x = v.l[i];
                break;
            case BOOL:
                x = v.b[i] ? 1 : 0;
                break;
            case DOUBLE: {
                double d = v.d[i];
                if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
                    throw bad(v, i, new VType(VType.K.LONG, target, 0, null));
                }
                x = (long) d;
                break;
            }
            case DECIMAL:
                x = decimalToLong((BigDecimal) v.o[i], v, i, target);
                break;
            case STRING: {
                String s = ((String) v.o[i]).trim();
                try {
                    x = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                } catch (NumberFormatException e) {
                    throw bad(v, i, new VType(VType.K.LONG, target, 0, null));
                }
                break;
            }
            default:
                throw bad(v, i, new VType(VType.K.LONG, target, 0, null));
        }
        checkRange(x, target, v, i);
        return x;
    }

    private static long decimalToLong(BigDecimal d, Vals v, int i, ArrowType target) {
        BigDecimal t = d.setScale(0, RoundingMode.DOWN);
        if (t.compareTo(LONG_MIN) < 0 || t.compareTo(LONG_MAX) > 0) {
            throw bad(v, i, new VType(VType.K.LONG, target, 0, null));
        }
        return t.longValueExact();
    }

    private static double toDouble(Vals v, int i, ArrowType target) {
        double x;
        switch (v.type.kind()) {
            case DOUBLE:
                x = v.d[i];
                break;
            case LONG:
                x = v.l[i];
                break;
            case BOOL:
                x = v.b[i] ? 1 : 0;
                break;
            case DECIMAL:
                x = ((BigDecimal) v.o[i]).doubleValue();
                break;
            case STRING: {
                String s = ((String) v.o[i]).trim();
                try {
                    x = parseDouble(s);
                } catch (NumberFormatException e) {
                    throw bad(v, i, VType.FLOAT64);
                }
                break;
            }
            default:
                throw bad(v, i, VType.FLOAT64);
        }
        if (target instanceof ArrowType.FloatingPoint fp
                && fp.getPrecision() != org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE) {
            x = (float) x;
        }
        return x;
    }

    private static double parseDouble(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "infinity":
            case "+inf":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (s.endsWith("d")
                        || s.endsWith("D")
                        || s.endsWith("f")
                        || s.endsWith("F")
                        || s.startsWith("0x")
                        || s.startsWith("0X")) {
                    throw new NumberFormatException(s);
                }
                return Double.parseDouble(s);
        }
    }

    static BigDecimal toDecimal(Vals v, int i, VType to) {
        BigDecimal x;
        switch (v.type.kind()) {
            case DECIMAL:
                x = (BigDecimal) v.o[i];
                break;
            case LONG:
                x = BigDecimal.valueOf(v.l[i]);
                break;
            case BOOL:
                x = v.b[i] ? BigDecimal.ONE : BigDecimal.ZERO;
                break;
            case DOUBLE: {
                double d = v.d[i];
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw bad(v, i, to);
                }
                x = BigDecimal.valueOf(d);
                break;
            }
            case STRING:
                try {
                    x = new BigDecimal(((String) v.o[i]).trim());
                } catch (NumberFormatException e) {
                    throw bad(v, i, to);
                }
                break;
            default:
                throw bad(v, i, to);
        }
        return fitDecimal(x, to, v, i);
    }

    /** Rescales to the type's scale and checks precision (uint64 types: range 0..2^64-1). */
    static BigDecimal fitDecimal(BigDecimal x, VType to, Vals v, int i) {
        if (to.arrow() instanceof ArrowType.Int) {
            BigDecimal t = x.setScale(0, RoundingMode.DOWN);
            if (t.signum() < 0 || t.compareTo(UINT64_MAX) > 0) {
                throw new ExpressionEvaluationException("value " + x.toPlainString() + " out of range for uint64");
            }
            return t;
        }
        BigDecimal r = x.setScale(to.scale(), RoundingMode.HALF_UP);
        int precision = to.arrow() instanceof ArrowType.Decimal d ? d.getPrecision() : 38;
        if (r.precision() - r.scale() > precision - to.scale() && r.signum() != 0) {
            throw new ExpressionEvaluationException("value "
                    + x.toPlainString()
                    + " does not fit "
                    + to.describe()
                    + (v == null ? "" : " (from " + v.type.describe() + ")"));
        }
        return r;
    }

    static String toStr(Vals v, int i) {
        switch (v.type.kind()) {
            case STRING:
                return (String) v.o[i];
            case BOOL:
                return v.b[i] ? "true" : "false";
            case LONG:
                return Long.toString(v.l[i]);
            case DOUBLE:
                return Double.toString(v.d[i]);
            case DECIMAL:
                return ((BigDecimal) v.o[i]).toPlainString();
            case BINARY:
                return new String((byte[]) v.o[i], StandardCharsets.UTF_8);
            case DATE:
                return LocalDate.ofEpochDay(v.l[i]).toString();
            case TIMESTAMP:
                return Temporals.formatTimestamp(Temporals.fromEpoch(v.l[i], v.type.unit()), 'T');
            default:
                throw new IllegalStateException();
        }
    }

    private static byte[] toBinary(Vals v, int i) {
        switch (v.type.kind()) {
            case BINARY:
                return (byte[]) v.o[i];
            case STRING:
                return ((String) v.o[i]).getBytes(StandardCharsets.UTF_8);
            default:
                throw bad(v, i, VType.BINARY);
        }
    }

    private static long toDate(Vals v, int i) {
        switch (v.type.kind()) {
            case DATE:
            case LONG:
                return v.l[i];
            case TIMESTAMP:
                return Math.floorDiv(v.l[i], 86_400L * Temporals.perSecond(v.type.unit()));
            case STRING: {
                String s = (String) v.o[i];
                LocalDate d = Temporals.parseDate(s);
                if (d == null) {
                    LocalDateTime t = Temporals.parseTimestamp(s);
                    if (t == null) {
                        throw bad(v, i, VType.DATE);
                    }
                    d = t.toLocalDate();
                }
                return d.toEpochDay();
            }
            default:
                throw bad(v, i, VType.DATE);
        }
    }

    private static long toTimestamp(Vals v, int i, VType to) {
        switch (v.type.kind()) {
            case TIMESTAMP:
                return Temporals.convert(v.l[i], v.type.unit(), to.unit());
            case LONG:
                return v.l[i];
            case DATE:
                try {
                    return Math.multiplyExact(v.l[i], 86_400L * Temporals.perSecond(to.unit()));
                } catch (ArithmeticException e) {
                    throw bad(v, i, to);
                }
            case STRING: {
                LocalDateTime t = Temporals.parseTimestamp((String) v.o[i]);
                if (t == null) {
                    throw bad(v, i, to);
                }
                return Temporals.toEpoch(t, to.unit());
            }
            default:
                throw bad(v, i, to);
        }
    }
}
