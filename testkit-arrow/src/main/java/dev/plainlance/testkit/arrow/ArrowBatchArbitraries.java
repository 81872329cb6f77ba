package dev.plainlance.testkit.arrow;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * jqwik arbitraries for the data of Arrow batches of a given schema, and a filler that turns such rows into a
 * {@link VectorSchemaRoot}.
 *
 * <p>Row values are plain Java objects: {@code null}; {@link Long} for integers of every width and unsignedness,
 * dates, times, timestamps and durations (the raw stored integer); {@link Float} / {@link Double} for single and
 * double precision (including NaN, infinities and -0.0); {@link Short} for the raw bits of half floats;
 * {@link Boolean}; {@link String} for UTF-8; {@code byte[]} for binary and fixed-size binary; {@link BigInteger}
 * for the unscaled value of decimals; {@link List} for lists, fixed-size lists and structs (children in order).
 * Extreme values (min/max, empty strings and lists, non-ASCII text) are deliberately frequent.
 */
public final class ArrowBatchArbitraries {
    private ArrowBatchArbitraries() {}

    /** Lists of 0 to {@code maxRows} rows, each a list with one value per top-level field. */
    public static Arbitrary<List<List<Object>>> rows(Schema schema, int maxRows) {
        return rows(schema, maxRows, true);
    }

    /**
     * Like {@link #rows(Schema, int)}; with {@code nullStructs} false, structs are never null (their children may
     * be), which is what Lance 2.0 files can store.
     */
    public static Arbitrary<List<List<Object>>> rows(Schema schema, int maxRows, boolean nullStructs) {
        List<Arbitrary<Object>> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            columns.add(values(field, nullStructs));
        }
        return combineAll(columns).list().ofMaxSize(maxRows);
    }

    private static Arbitrary<List<Object>> combineAll(List<Arbitrary<Object>> parts) {
        Arbitrary<List<Object>> result = Arbitraries.just(new ArrayList<>());
        for (Arbitrary<Object> part : parts) {
            result = result.flatMap(list -> part.map(value -> {
                List<Object> next = new ArrayList<>(list);
                next.add(value);
                return next;
            }));
        }
        return result;
    }

    /** Values of one field, null with probability 1/6 if the field is nullable. */
    public static Arbitrary<Object> values(Field field, boolean nullStructs) {
        Arbitrary<Object> nonNull = nonNullValues(field, nullStructs);
        boolean mayBeNull = field.isNullable() && (nullStructs || !(field.getType() instanceof ArrowType.Struct));
        return mayBeNull ? Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(null)), Tuple.of(5, nonNull)) : nonNull;
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> nonNullValues(Field field, boolean nullStructs) {
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                return (Arbitrary<Object>) (Arbitrary<?>) integers(t.getBitWidth(), t.getIsSigned());
            }
            case FloatingPoint:
                return floats(((ArrowType.FloatingPoint) type).getPrecision());
            case Bool:
                return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.of(true, false);
            case Utf8:
            case LargeUtf8:
                return (Arbitrary<Object>) (Arbitrary<?>) strings();
            case Binary:
            case LargeBinary:
                return (Arbitrary<Object>) (Arbitrary<?>) bytes(0, 40);
            case FixedSizeBinary: {
                int width = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                return (Arbitrary<Object>) (Arbitrary<?>) bytes(width, width);
            }
            case Date:
                return (Arbitrary<Object>) (Arbitrary<?>)
                        (((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY
                                ? integers(32, true)
                                : Arbitraries.longs()
                                        .between(-1L << 50, 1L << 50)
                                        .map(d -> d * 86_400_000L));
            case Time:
                return (Arbitrary<Object>) (Arbitrary<?>)
                        Arbitraries.longs().between(0, 86_399).map(s -> s * timeScale((ArrowType.Time) type));
            case Timestamp:
            case Duration:
                return (Arbitrary<Object>) (Arbitrary<?>) integers(64, true);
            case Decimal: {
                ArrowType.Decimal t = (ArrowType.Decimal) type;
                BigInteger max = BigInteger.TEN.pow(t.getPrecision()).subtract(BigInteger.ONE);
                return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.of(max, max.negate(), BigInteger.ZERO)),
                        Tuple.of(4, Arbitraries.bigIntegers().between(max.negate(), max)));
            }
            case FixedSizeList: {
                int size = ((ArrowType.FixedSizeList) type).getListSize();
                return (Arbitrary<Object>) (Arbitrary<?>)
                        values(field.getChildren().get(0), nullStructs).list().ofSize(size);
            }
            case List:
            case LargeList:
                return (Arbitrary<Object>) (Arbitrary<?>)
                        values(field.getChildren().get(0), nullStructs).list().ofMaxSize(5);
            case Struct: {
                List<Arbitrary<Object>> children = new ArrayList<>();
                for (Field child : field.getChildren()) {
                    children.add(values(child, nullStructs));
                }
                return (Arbitrary<Object>) (Arbitrary<?>) combineAll(children);
            }
            default:
                throw new IllegalArgumentException("no value arbitrary for " + type);
        }
    }

    private static long timeScale(ArrowType.Time type) {
        return switch (type.getUnit()) {
            case SECOND -> 1L;
            case MILLISECOND -> 1_000L;
            case MICROSECOND -> 1_000_000L;
            case NANOSECOND -> 1_000_000_000L;
        };
    }

    private static Arbitrary<Long> integers(int bits, boolean signed) {
        long min = signed ? (bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1))) : 0;
        long max =
                signed ? (bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1) : (bits == 64 ? -1L : (1L << bits) - 1);
        Arbitrary<Long> any =
                bits == 64 ? Arbitraries.longs() : Arbitraries.longs().between(min, max);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(min, max, 0L, 1L)),
                Tuple.of(3, Arbitraries.longs().between(0, 100)),
                Tuple.of(3, any));
    }

    private static Arbitrary<Object> floats(FloatingPointPrecision precision) {
        return switch (precision) {
            case HALF ->
                Arbitraries.frequencyOf(
                                Tuple.of(1, Arbitraries.of((short) 0x7C00, (short) 0xFC00, (short) 0x8000, (short)
                                        0x7BFF)),
                                Tuple.of(
                                        3,
                                        Arbitraries.shorts().filter(s -> (s & 0x7C00) != 0x7C00 || (s & 0x3FF) == 0)))
                        .map(s -> (Object) s);
            case SINGLE ->
                Arbitraries.frequencyOf(
                                Tuple.of(
                                        1,
                                        Arbitraries.of(
                                                Float.NaN,
                                                Float.POSITIVE_INFINITY,
                                                Float.NEGATIVE_INFINITY,
                                                -0.0f,
                                                Float.MAX_VALUE,
                                                Float.MIN_VALUE)),
                                Tuple.of(3, Arbitraries.floats()))
                        .map(f -> (Object) f);
            case DOUBLE ->
                Arbitraries.frequencyOf(
                                Tuple.of(
                                        1,
                                        Arbitraries.of(
                                                Double.NaN,
                                                Double.POSITIVE_INFINITY,
                                                Double.NEGATIVE_INFINITY,
                                                -0.0,
                                                Double.MAX_VALUE,
                                                Double.MIN_VALUE)),
                                Tuple.of(3, Arbitraries.doubles()))
                        .map(d -> (Object) d);
        };
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("", "é", "日本語", "😀 emoji", "a\u0000b")),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12).filter(s -> s.chars()
                        .noneMatch(c -> c >= 0xD800 && c <= 0xDFFF))),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(250).ofMaxLength(400)));
    }

    private static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    /** A batch holding {@code rows}; the caller closes it. */
    public static VectorSchemaRoot fill(Schema schema, List<List<Object>> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int c = 0; c < schema.getFields().size(); c++) {
            FieldVector vector = root.getVector(c);
            for (int r = 0; r < rows.size(); r++) {
                set(vector, r, rows.get(r).get(c));
            }
            vector.setValueCount(rows.size());
        }
        root.setRowCount(rows.size());
        return root;
    }

    private static void set(FieldVector vector, int index, Object value) {
        if (vector instanceof ListVector list) {
            setList(list, index, (List<?>) value);
        } else if (vector instanceof LargeListVector list) {
            setLargeList(list, index, (List<?>) value);
        } else if (vector instanceof StructVector struct) {
            setStruct(struct, index, (List<?>) value);
        } else if (vector instanceof FixedSizeListVector fsl) {
            setFixedSizeList(fsl, index, (List<?>) value);
        } else if (vector instanceof BaseVariableWidthVector v) {
            if (value == null) {
                v.setNull(index);
            } else {
                v.setSafe(index, encode(value));
            }
        } else if (vector instanceof BaseLargeVariableWidthVector v) {
            if (value == null) {
                v.setNull(index);
            } else {
                v.setSafe(index, encode(value));
            }
        } else if (vector instanceof BitVector v) {
            if (value == null) {
                v.setNull(index);
            } else {
                v.setSafe(index, (Boolean) value ? 1 : 0);
            }
        } else if (vector instanceof BaseFixedWidthVector v) {
            setFixed(v, index, value);
        } else {
            throw new IllegalArgumentException("cannot fill " + vector.getField());
        }
    }

    private static byte[] encode(Object value) {
        return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
    }

    private static void setFixed(BaseFixedWidthVector vector, int index, Object value) {
        while (index >= vector.getValueCapacity()) {
            vector.reAlloc();
        }
        if (value == null) {
            vector.setNull(index);
            return;
        }
        int width = vector.getTypeWidth();
        ArrowBuf data = vector.getDataBuffer();
        long at = (long) index * width;
        if (value instanceof Long l) {
            switch (width) {
                case 1 -> data.setByte(at, (byte) (long) l);
                case 2 -> data.setShort(at, (short) (long) l);
                case 4 -> data.setInt(at, (int) (long) l);
                default -> data.setLong(at, l);
            }
        } else if (value instanceof Short s) {
            data.setShort(at, s);
        } else if (value instanceof Float f) {
            data.setInt(at, Float.floatToRawIntBits(f));
        } else if (value instanceof Double d) {
            data.setLong(at, Double.doubleToRawLongBits(d));
        } else if (value instanceof BigInteger b) {
            byte[] be = b.toByteArray();
            for (int i = 0; i < width; i++) {
                byte fill = b.signum() < 0 ? (byte) -1 : 0;
                data.setByte(at + i, i < be.length ? be[be.length - 1 - i] : fill);
            }
        } else if (value instanceof byte[] bytes) {
            data.setBytes(at, bytes);
        } else {
            throw new IllegalArgumentException("unexpected value " + value + " for " + vector.getField());
        }
        BitVectorHelper.setBit(vector.getValidityBuffer(), index);
    }

    private static void setList(ListVector list, int index, List<?> items) {
        if (items == null) {
            list.setNull(index);
            return;
        }
        int offset = list.startNewValue(index);
        FieldVector child = list.getDataVector();
        for (int i = 0; i < items.size(); i++) {
            set(child, offset + i, items.get(i));
        }
        list.endValue(index, items.size());
    }

    private static void setLargeList(LargeListVector list, int index, List<?> items) {
        if (items == null) {
            list.setNull(index);
            return;
        }
        long offset = list.startNewValue(index);
        FieldVector child = list.getDataVector();
        for (int i = 0; i < items.size(); i++) {
            set(child, Math.toIntExact(offset + i), items.get(i));
        }
        list.endValue(index, items.size());
    }

    private static void setStruct(StructVector struct, int index, List<?> children) {
        while (index >= struct.getValueCapacity()) {
            struct.reAlloc();
        }
        for (int c = 0; c < struct.size(); c++) {
            set((FieldVector) struct.getChildByOrdinal(c), index, children == null ? null : children.get(c));
        }
        if (children == null) {
            struct.setNull(index);
        } else {
            struct.setIndexDefined(index);
        }
    }

    private static void setFixedSizeList(FixedSizeListVector fsl, int index, List<?> items) {
        while (index >= fsl.getValueCapacity()) {
            fsl.reAlloc();
        }
        int size = fsl.getListSize();
        FieldVector child = fsl.getDataVector();
        for (int i = 0; i < size; i++) {
            set(child, index * size + i, items == null ? null : items.get(i));
        }
        if (items == null) {
            fsl.setNull(index);
        } else {
            fsl.setNotNull(index);
        }
    }
}
