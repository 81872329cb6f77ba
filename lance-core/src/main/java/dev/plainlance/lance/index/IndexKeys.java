package dev.plainlance.lance.index;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The values scalar indices compare: integers (and dates, as days) as {@link Long}, except uint64 values above
 * {@link Long#MAX_VALUE}, which are {@link BigInteger} (so every value has one form), floats as {@link Double},
 * strings as {@link String} ordered by code point (the byte order of UTF-8, as Lance sorts them), booleans as
 * {@link Boolean}. Comparisons between an integer and a float are exact.
 */
public final class IndexKeys {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private IndexKeys() {}

    /** Whether an index on a column of {@code type} can be read and used by plainlance. */
    public static boolean supported(ArrowType type) {
        if (type instanceof ArrowType.Int) {
            return true;
        }
        return type instanceof ArrowType.FloatingPoint f
                        && f.getPrecision() != org.apache.arrow.vector.types.FloatingPointPrecision.HALF
                || type instanceof ArrowType.Utf8
                || type instanceof ArrowType.LargeUtf8
                || type instanceof ArrowType.Bool
                || type instanceof ArrowType.Date d && d.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY;
    }

    /** Whether comparisons of the column's values are exactly SQL's (floats are not: NaN and signed zeros). */
    public static boolean exact(ArrowType type) {
        return !(type instanceof ArrowType.FloatingPoint);
    }

    /** The value at {@code row}, null for a null. */
    public static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof UInt8Vector u) {
            long bits = u.get(row);
            return bits >= 0 ? (Object) bits : BigInteger.valueOf(bits).add(TWO_64);
        }
        if (vector instanceof DateDayVector d) {
            return (long) d.get(row);
        }
        if (vector instanceof BaseIntVector i) {
            return i.getValueAsLong(row);
        }
        if (vector instanceof Float8Vector f) {
            return f.get(row);
        }
        if (vector instanceof Float4Vector f) {
            return (double) f.get(row);
        }
        if (vector instanceof VarCharVector s) {
            return new String(s.get(row), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (vector instanceof LargeVarCharVector s) {
            return new String(s.get(row), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (vector instanceof BitVector b) {
            return b.get(row) != 0;
        }
        throw new IllegalArgumentException(
                "cannot index values of type " + vector.getField().getType());
    }

    /** Sets element {@code row} of {@code vector} to {@code value} (a key of the vector's type, or null). */
    public static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector f) {
                f.setNull(row);
            } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector v) {
                v.setNull(row);
            } else if (vector instanceof org.apache.arrow.vector.BaseLargeVariableWidthVector v) {
                v.setNull(row);
            }
            return;
        }
        if (vector instanceof DateDayVector d) {
            d.setSafe(row, (int) (long) (Long) value);
        } else if (vector instanceof org.apache.arrow.vector.BigIntVector v) {
            v.setSafe(row, (Long) value);
        } else if (vector instanceof org.apache.arrow.vector.IntVector v) {
            v.setSafe(row, (int) (long) (Long) value);
        } else if (vector instanceof org.apache.arrow.vector.SmallIntVector v) {
            v.setSafe(row, (short) (long) (Long) value);
        } else if (vector instanceof org.apache.arrow.vector.TinyIntVector v) {
            v.setSafe(row, (byte) (long) (Long) value);
        } else if (vector instanceof UInt8Vector v) {
            v.setSafe(row, ((Number) value).longValue());
        } else if (vector instanceof org.apache.arrow.vector.UInt4Vector v) {
            v.setSafe(row, (int) (long) (Long) value);
        } else if (vector instanceof org.apache.arrow.vector.UInt2Vector v) {
            v.setSafe(row, (char) (long) (Long) value);
        } else if (vector instanceof org.apache.arrow.vector.UInt1Vector v) {
            v.setSafe(row, (byte) (long) (Long) value);
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(row, (Double) value);
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(row, (float) (double) (Double) value);
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(row, ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (vector instanceof LargeVarCharVector v) {
            v.setSafe(row, ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else if (vector instanceof BitVector v) {
            v.setSafe(row, (Boolean) value ? 1 : 0);
        } else {
            throw new IllegalArgumentException(
                    "cannot index values of type " + vector.getField().getType());
        }
    }

    /** The order Lance sorts index keys in: nulls first, then ascending (floats in total order). */
    public static int compareNullsFirst(Object a, Object b) {
        if (a == null || b == null) {
            return Boolean.compare(b == null, a == null);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        return compare(a, b);
    }

    /**
     * A SQL literal as a key of a column of {@code type}, empty when the literal cannot be compared with the
     * column's values through the index (the filter is then evaluated by scanning).
     */
    public static Optional<Object> literal(Object literal, ArrowType type) {
        if (literal == null) {
            return Optional.empty();
        }
        if (type instanceof ArrowType.Date) {
            return literal instanceof LocalDate d ? Optional.of(d.toEpochDay()) : Optional.empty();
        }
        if (type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint) {
            return literal instanceof Long || literal instanceof Double ? Optional.of(literal) : Optional.empty();
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            return literal instanceof String ? Optional.of(literal) : Optional.empty();
        }
        if (type instanceof ArrowType.Bool) {
            return literal instanceof Boolean ? Optional.of(literal) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the literal has the column's own family (no numeric conversion between integers and floats). */
    public static boolean sameFamily(Object literal, ArrowType type) {
        if (type instanceof ArrowType.Int || type instanceof ArrowType.Date) {
            return literal instanceof Long;
        }
        return true;
    }

    /** NaN compares as matching every bound, so that a page or row holding it is always a candidate. */
    public static boolean isNaN(Object value) {
        return value instanceof Double d && d.isNaN();
    }

    /** Orders two non-null keys of one column; -0.0 equals 0.0. */
    public static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        throw new IllegalArgumentException("cannot compare " + a.getClass().getSimpleName() + " with "
                + b.getClass().getSimpleName());
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return n instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(n.doubleValue());
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** About how many bytes {@code key} (as {@link #value} returns it) holds on the heap. */
    static long estimatedBytes(Object key) {
        if (key instanceof String text) {
            return 40L + 2L * text.length();
        }
        if (key instanceof byte[] bytes) {
            return 16L + bytes.length;
        }
        return 24;
    }
}
