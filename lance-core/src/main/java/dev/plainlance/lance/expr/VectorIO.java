package dev.plainlance.lance.expr;

import dev.plainlance.lance.arrow.ArrowBuffers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Conversion between Arrow vectors and {@link Vals}. */
final class VectorIO {
    private VectorIO() {}

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /**
     * Reads {@code n} rows of {@code v}; rows flagged in {@code extraNulls} (may be null) are NULL.
     */
    static Vals read(FieldVector v, VType type, int n, boolean[] extraNulls) {
        Vals r = new Vals(type, n);
        if (type.kind() == VType.K.NULL || v instanceof NullVector) {
            java.util.Arrays.fill(r.nulls, true);
            return r;
        }
        if (extraNulls == null && readBulk(v, type, n, r)) {
            return r;
        }
        for (int i = 0; i < n; i++) {
            if ((extraNulls != null && extraNulls[i]) || v.isNull(i)) {
                r.nulls[i] = true;
                continue;
            }
            switch (type.kind()) {
                case BOOL:
                    r.b[i] = ((BitVector) v).get(i) != 0;
                    break;
                case LONG:
                    r.l[i] = readLong(v, i);
                    break;
                case DOUBLE:
                    r.d[i] = ((FloatingPointVector) v).getValueAsDouble(i);
                    break;
                case DECIMAL:
                    if (v instanceof UInt8Vector u) {
                        long x = u.get(i);
                        BigInteger bi = BigInteger.valueOf(x);
                        r.o[i] = new BigDecimal(x < 0 ? bi.add(TWO_64) : bi);
                    } else if (v instanceof DecimalVector d) {
                        r.o[i] = d.getObject(i);
                    } else {
                        r.o[i] = ((Decimal256Vector) v).getObject(i);
                    }
                    break;
                case STRING:
                    r.o[i] = new String(bytes(v, i), StandardCharsets.UTF_8);
                    break;
                case BINARY:
                    r.o[i] = bytes(v, i);
                    break;
                case DATE:
                    if (v instanceof DateDayVector dd) {
                        r.l[i] = dd.get(i);
                    } else {
                        r.l[i] = Math.floorDiv(((DateMilliVector) v).get(i), 86_400_000L);
                    }
                    break;
                case TIMESTAMP:
                    r.l[i] = ((TimeStampVector) v).get(i);
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        return r;
    }

    /**
     * Copies the values of a 64-bit integer or double vector in one move (rows that are null get whatever the
     * buffer holds, and their null flags); returns false for other vectors.
     */
    private static boolean readBulk(FieldVector v, VType type, int n, Vals r) {
        boolean longs = v instanceof BigIntVector && type.kind() == VType.K.LONG;
        boolean doubles = v instanceof Float8Vector && type.kind() == VType.K.DOUBLE;
        if (!(longs || doubles) || n == 0) {
            return n == 0;
        }
        if (longs) {
            ArrowBuffers.readLongs(v.getDataBuffer(), r.l, n);
        } else {
            ArrowBuffers.readDoubles(v.getDataBuffer(), r.d, n);
        }
        if (v.getNullCount() > 0) {
            for (int i = 0; i < n; i++) {
                r.nulls[i] = v.isNull(i);
            }
        }
        return true;
    }

    private static long readLong(FieldVector v, int i) {
        if (v instanceof IntVector x) {
            return x.get(i);
        } else if (v instanceof BigIntVector x) {
            return x.get(i);
        } else if (v instanceof SmallIntVector x) {
            return x.get(i);
        } else if (v instanceof TinyIntVector x) {
            return x.get(i);
        } else if (v instanceof UInt1Vector x) {
            return x.get(i) & 0xFFL;
        } else if (v instanceof UInt2Vector x) {
            return x.get(i);
        } else if (v instanceof UInt4Vector x) {
            return x.get(i) & 0xFFFF_FFFFL;
        }
        throw new IllegalStateException(
                "unsupported integer vector " + v.getClass().getSimpleName());
    }

    private static byte[] bytes(FieldVector v, int i) {
        if (v instanceof VariableWidthFieldVector x) {
            return x.get(i);
        } else if (v instanceof FixedSizeBinaryVector x) {
            return x.get(i);
        }
        throw new IllegalStateException(
                "unsupported binary vector " + v.getClass().getSimpleName());
    }

    /**
     * Writes values (already cast to {@code VType.of(target.getType())}) into a new vector for
     * {@code target}. The caller owns the returned vector.
     */
    static FieldVector write(Vals v, Field target, BufferAllocator allocator) {
        FieldVector out = target.createVector(allocator);
        boolean ok = false;
        try {
            out.setInitialCapacity(v.n);
            out.allocateNew();
            ArrowType t = target.getType();
            for (int i = 0; i < v.n; i++) {
                if (v.nulls[i]) {
                    if (!(out instanceof NullVector)) {
                        setNull(out, i);
                    }
                    continue;
                }
                try {
                    set(out, t, v, i);
                } catch (ArithmeticException e) {
                    throw new ExpressionEvaluationException("value out of range for " + SqlTypes.describe(t), e);
                }
            }
            out.setValueCount(v.n);
            ok = true;
            return out;
        } finally {
            if (!ok) {
                out.close();
            }
        }
    }

    private static void setNull(FieldVector out, int i) {
        if (out instanceof org.apache.arrow.vector.BaseFixedWidthVector f) {
            if (i >= f.getValueCapacity()) {
                f.reAlloc();
            }
            f.setNull(i);
        } else if (out instanceof org.apache.arrow.vector.BaseVariableWidthVector w) {
            w.setNull(i);
        } else if (out instanceof org.apache.arrow.vector.BaseLargeVariableWidthVector w) {
            w.setNull(i);
        } else if (out instanceof org.apache.arrow.vector.BaseVariableWidthViewVector w) {
            w.setNull(i);
        } else {
            throw new ExpressionEvaluationException("cannot write NULL into " + out.getField());
        }
    }

    private static void set(FieldVector out, ArrowType t, Vals v, int i) {
        if (out instanceof BitVector x) {
            x.setSafe(i, v.b[i] ? 1 : 0);
        } else if (out instanceof TinyIntVector x) {
            x.setSafe(i, (byte) v.l[i]);
        } else if (out instanceof SmallIntVector x) {
            x.setSafe(i, (short) v.l[i]);
        } else if (out instanceof IntVector x) {
            x.setSafe(i, (int) v.l[i]);
        } else if (out instanceof BigIntVector x) {
            x.setSafe(i, v.l[i]);
        } else if (out instanceof UInt1Vector x) {
            x.setSafe(i, (byte) v.l[i]);
        } else if (out instanceof UInt2Vector x) {
            x.setSafe(i, (char) v.l[i]);
        } else if (out instanceof UInt4Vector x) {
            x.setSafe(i, (int) v.l[i]);
        } else if (out instanceof UInt8Vector x) {
            x.setSafe(i, ((BigDecimal) v.o[i]).toBigInteger().longValue());
        } else if (out instanceof Float8Vector x) {
            x.setSafe(i, v.d[i]);
        } else if (out instanceof Float4Vector x) {
            x.setSafe(i, (float) v.d[i]);
        } else if (out instanceof Float2Vector x) {
            x.setSafeWithPossibleTruncate(i, (float) v.d[i]);
        } else if (out instanceof DecimalVector x) {
            x.setSafe(i, (BigDecimal) v.o[i]);
        } else if (out instanceof Decimal256Vector x) {
            x.setSafe(i, (BigDecimal) v.o[i]);
        } else if (out instanceof DateDayVector x) {
            x.setSafe(i, Math.toIntExact(v.l[i]));
        } else if (out instanceof DateMilliVector x) {
            x.setSafe(i, Math.multiplyExact(v.l[i], 86_400_000L));
        } else if (out instanceof TimeStampVector x) {
            x.setSafe(i, v.l[i]);
        } else if (out instanceof FixedSizeBinaryVector x) {
            byte[] b = v.type.kind() == VType.K.STRING
                    ? ((String) v.o[i]).getBytes(StandardCharsets.UTF_8)
                    : (byte[]) v.o[i];
            if (b.length != x.getByteWidth()) {
                throw new ExpressionEvaluationException(
                        "value of " + b.length + " bytes does not fit fixed_size_binary[" + x.getByteWidth() + "]");
            }
            x.setSafe(i, b);
        } else if (out instanceof VariableWidthFieldVector x) {
            byte[] b = v.type.kind() == VType.K.STRING
                    ? ((String) v.o[i]).getBytes(StandardCharsets.UTF_8)
                    : (byte[]) v.o[i];
            x.setSafe(i, b);
        } else {
            throw new ExpressionEvaluationException("unsupported target type " + SqlTypes.describe(t));
        }
    }

    static boolean isDateMillis(ArrowType t) {
        return t instanceof ArrowType.Date d && d.getUnit() == DateUnit.MILLISECOND;
    }
}
