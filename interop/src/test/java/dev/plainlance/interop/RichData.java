package dev.plainlance.interop;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic Arrow test data for the interop tests.
 *
 * <p>{@link #richSchema()} covers every logical type plainlance maps that the official Lance 7.0.0 writer accepts.
 * Types the official writer refuses are listed in {@link #REFUSED_BY_OFFICIAL} with the error it gave; they are not
 * part of the rich schema (there is nothing official to compare against).
 *
 * <p>Row {@code v} (= its {@code id}): the nullable top-level column at schema position {@code k} ({@code id} is 0)
 * is null iff {@code (v + k) % 7 == 0}, so every 7 consecutive ids contain a null in each nullable column. Lists hold
 * {@code v % 4} items (0 = empty list); list item 1 is null when {@code v % 3 == 0}; struct child {@code a} is null
 * when {@code v % 4 == 1}.
 */
public final class RichData {
    private RichData() {}

    /** Dictionary id used for the {@code dict} column. */
    static final long DICT_ID = 1L;
    /** The values of the {@code dict} column's dictionary. */
    static final List<String> DICT_VALUES = List.of("red", "green", "blue", "cyan", "magenta");

    /**
     * Types the official writer (org.lance:lance-core 7.0.0) refused, with the error it reported; they are not in
     * the rich schema. Every other type of the brief was accepted (float16, uint*, date64, time32/64, timestamps of
     * all units with and without a named zone, durations, decimal128/256, large_list, list&lt;struct&gt;,
     * dictionary&lt;int32, utf8&gt;).
     */
    static final List<String> REFUSED_BY_OFFICIAL = List.of(
            // A fixed-offset zone: the Rust side panics (aborting the JVM) with
            // "Unsupported timestamp type: timestamp:ns:+01:00" (lance-core/src/datatypes/field.rs:190): the Lance
            // logical type "timestamp:ns:+01:00" has one ':' too many. Named zones ("UTC", "Europe/Paris") work.
            "timestamp(ns, \"+01:00\")");

    private static final ArrowType.Int I32 = new ArrowType.Int(32, true);

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), children.length == 0 ? null : Arrays.asList(children));
    }

    /** Every column of the rich schema, {@code id} first; see {@link #richSchema()} for what is kept. */
    static List<Field> allRichFields() {
        List<Field> f = new ArrayList<>();
        f.add(new Field("id", FieldType.notNullable(I32), null));
        f.add(nullable("i8", new ArrowType.Int(8, true)));
        f.add(nullable("i16", new ArrowType.Int(16, true)));
        f.add(nullable("i32", I32));
        f.add(nullable("i64", new ArrowType.Int(64, true)));
        f.add(nullable("u8", new ArrowType.Int(8, false)));
        f.add(nullable("u16", new ArrowType.Int(16, false)));
        f.add(nullable("u32", new ArrowType.Int(32, false)));
        f.add(nullable("u64", new ArrowType.Int(64, false)));
        f.add(nullable("f16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)));
        f.add(nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
        f.add(nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        f.add(nullable("b", ArrowType.Bool.INSTANCE));
        f.add(nullable("s", ArrowType.Utf8.INSTANCE));
        f.add(nullable("ls", ArrowType.LargeUtf8.INSTANCE));
        f.add(nullable("bin", ArrowType.Binary.INSTANCE));
        f.add(nullable("lbin", ArrowType.LargeBinary.INSTANCE));
        f.add(nullable("fsb", new ArrowType.FixedSizeBinary(4)));
        f.add(nullable("d32", new ArrowType.Date(DateUnit.DAY)));
        f.add(nullable("d64", new ArrowType.Date(DateUnit.MILLISECOND)));
        f.add(nullable("t32s", new ArrowType.Time(TimeUnit.SECOND, 32)));
        f.add(nullable("t32ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)));
        f.add(nullable("t64us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)));
        f.add(nullable("t64ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64)));
        f.add(nullable("ts_s", new ArrowType.Timestamp(TimeUnit.SECOND, null)));
        f.add(nullable("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)));
        f.add(nullable("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)));
        f.add(nullable("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)));
        f.add(nullable("tstz_s", new ArrowType.Timestamp(TimeUnit.SECOND, "UTC")));
        f.add(nullable("tstz_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Europe/Paris")));
        f.add(nullable("tstz_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")));
        f.add(nullable("tstz_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Asia/Tokyo")));
        f.add(nullable("dur_s", new ArrowType.Duration(TimeUnit.SECOND)));
        f.add(nullable("dur_ms", new ArrowType.Duration(TimeUnit.MILLISECOND)));
        f.add(nullable("dur_us", new ArrowType.Duration(TimeUnit.MICROSECOND)));
        f.add(nullable("dur_ns", new ArrowType.Duration(TimeUnit.NANOSECOND)));
        f.add(nullable("dec128", new ArrowType.Decimal(20, 3, 128)));
        f.add(nullable("dec256", new ArrowType.Decimal(50, 5, 256)));
        f.add(nullable(
                "vec",
                new ArrowType.FixedSizeList(8),
                nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
        f.add(nullable("li", ArrowType.List.INSTANCE, nullable("item", I32)));
        f.add(nullable("lli", ArrowType.LargeList.INSTANCE, nullable("item", ArrowType.Utf8.INSTANCE)));
        f.add(nullable("st", ArrowType.Struct.INSTANCE, nullable("a", I32), nullable("b", ArrowType.Utf8.INSTANCE)));
        f.add(nullable(
                "lst",
                ArrowType.List.INSTANCE,
                nullable(
                        "item",
                        ArrowType.Struct.INSTANCE,
                        nullable("x", I32),
                        nullable("y", ArrowType.Utf8.INSTANCE))));
        f.add(new Field(
                "dict",
                new FieldType(true, ArrowType.Utf8.INSTANCE, new DictionaryEncoding(DICT_ID, false, I32)),
                null));
        return f;
    }

    /** The rich schema: every column of {@link #allRichFields()} the official writer accepts. */
    static Schema richSchema() {
        return new Schema(allRichFields());
    }

    /** A small schema for table-level scenarios: {@code id int32 not null, name utf8, value float64}. */
    static Schema simpleSchema() {
        return new Schema(List.of(
                new Field("id", FieldType.notNullable(I32), null),
                nullable("name", ArrowType.Utf8.INSTANCE),
                nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    }

    /**
     * Schema- and field-level metadata plus non-nullable nested fields: {@code id} (metadata role=key),
     * {@code meta utf8} (metadata), {@code nnli list<item int32 NOT NULL>}, {@code nnst struct NOT NULL <a int32 NOT
     * NULL, b utf8>}; schema metadata {@code owner=plainlance, purpose=interop}.
     */
    static Schema metadataSchema() {
        return new Schema(
                List.of(
                        new Field("id", new FieldType(false, I32, null, java.util.Map.of("role", "key")), null),
                        new Field(
                                "meta",
                                new FieldType(
                                        true,
                                        ArrowType.Utf8.INSTANCE,
                                        null,
                                        java.util.Map.of("unit", "cm", "comment", "a field with metadata")),
                                null),
                        nullable("nnli", ArrowType.List.INSTANCE, new Field("item", FieldType.notNullable(I32), null)),
                        new Field(
                                "nnst",
                                FieldType.notNullable(ArrowType.Struct.INSTANCE),
                                List.of(
                                        new Field("a", FieldType.notNullable(I32), null),
                                        nullable("b", ArrowType.Utf8.INSTANCE)))),
                java.util.Map.of("owner", "plainlance", "purpose", "interop"));
    }

    /** {@code id} plus the named columns of the full rich field list. */
    static Schema richSubset(String... names) {
        List<Field> kept = new ArrayList<>();
        Set<String> wanted = Set.of(names);
        for (Field f : allRichFields()) {
            if (f.getName().equals("id") || wanted.contains(f.getName())) {
                kept.add(f);
            }
        }
        return new Schema(kept);
    }

    /** {@code schema} without the named top-level columns. */
    static Schema without(Schema schema, Set<String> names) {
        return new Schema(schema.getFields().stream()
                .filter(f -> !names.contains(f.getName()))
                .toList());
    }

    /** Whether {@code schema} has a dictionary-encoded column. */
    static boolean hasDictionary(Schema schema) {
        return schema.getFields().stream().anyMatch(f -> f.getDictionary() != null);
    }

    /**
     * A reader over {@code batches.length} batches of {@code schema}; batch {@code i} holds ids
     * {@code batches[i][0] .. batches[i][0] + batches[i][1] - 1}. Vectors are filled in place (not deserialized
     * from IPC bytes, whose sliced buffers are only 8-byte aligned: the official library's Rust side panics on
     * decimal buffers that are not 16-byte aligned). Dictionary-encoded fields of {@code schema} are given in
     * message format (value type + encoding), as in an IPC schema.
     */
    static ArrowReader reader(BufferAllocator allocator, Schema schema, long[]... batches) {
        return new GeneratedReader(allocator, schema, List.of(batches));
    }

    /** A reader over one batch of {@code rows} rows with ids {@code firstId..}. */
    static ArrowReader reader(BufferAllocator allocator, Schema schema, long firstId, int rows) {
        return reader(allocator, schema, new long[] {firstId, rows});
    }

    private static final class GeneratedReader extends ArrowReader {
        private final Schema schema;
        private final List<long[]> batches;
        private int next;

        GeneratedReader(BufferAllocator allocator, Schema schema, List<long[]> batches) {
            super(allocator);
            this.schema = schema;
            this.batches = batches;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (next == 0) {
                for (Dictionary dictionary : getDictionaryVectors().values()) {
                    VarCharVector values = (VarCharVector) dictionary.getVector();
                    values.allocateNew();
                    for (int i = 0; i < DICT_VALUES.size(); i++) {
                        values.setSafe(i, DICT_VALUES.get(i).getBytes(StandardCharsets.UTF_8));
                    }
                    values.setValueCount(DICT_VALUES.size());
                }
            }
            if (next >= batches.size()) {
                return false;
            }
            long[] batch = batches.get(next++);
            fill(getVectorSchemaRoot(), batch[0], (int) batch[1]);
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {}

        @Override
        protected Schema readSchema() {
            return schema;
        }
    }

    /** Fills {@code root} (cleared first) with {@code rows} rows, ids starting at {@code firstId}. */
    static void fill(VectorSchemaRoot root, long firstId, int rows) {
        root.clear();
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < rows; row++) {
            long v = firstId + row;
            for (int k = 0; k < vectors.size(); k++) {
                FieldVector vector = vectors.get(k);
                boolean isNull = vector.getField().isNullable() && (v + k) % 7 == 0;
                set(vector, row, v, isNull);
            }
        }
        root.setRowCount(rows);
    }

    /** Sets element {@code i} of {@code vector} to the value for row {@code v} (or null). */
    private static void set(FieldVector vector, int i, long v, boolean isNull) {
        if (isNull && vector.getField().isNullable()) {
            setNull(vector, i);
            return;
        }
        int iv = (int) v;
        if (vector instanceof TinyIntVector x) {
            x.setSafe(i, (byte) (v % 128 - 64));
        } else if (vector instanceof SmallIntVector x) {
            x.setSafe(i, (short) (v * 3 - 1000));
        } else if (vector instanceof IntVector x) {
            boolean isDict = x.getField().getDictionary() != null;
            x.setSafe(i, isDict ? iv % DICT_VALUES.size() : iv);
        } else if (vector instanceof BigIntVector x) {
            x.setSafe(i, v * 1_000_000_007L);
        } else if (vector instanceof UInt1Vector x) {
            x.setSafe(i, (int) (v * 7 % 256));
        } else if (vector instanceof UInt2Vector x) {
            x.setSafe(i, (int) (v * 301 % 65536));
        } else if (vector instanceof UInt4Vector x) {
            x.setSafe(i, (int) (0xF0000000L + v));
        } else if (vector instanceof UInt8Vector x) {
            x.setSafe(i, 0xF000000000000000L + v);
        } else if (vector instanceof Float2Vector x) {
            x.setSafeWithPossibleTruncate(i, v * 0.5f);
        } else if (vector instanceof Float4Vector x) {
            x.setSafe(i, v * 0.5f);
        } else if (vector instanceof Float8Vector x) {
            x.setSafe(i, v * 0.25);
        } else if (vector instanceof BitVector x) {
            x.setSafe(i, v % 2 == 0 ? 1 : 0);
        } else if (vector instanceof VarCharVector x) {
            x.setSafe(i, (x.getName() + "_" + v).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof LargeVarCharVector x) {
            x.setSafe(i, ("large_" + v).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector x) {
            x.setSafe(i, new byte[] {(byte) v, (byte) (v + 1), (byte) 0xFF, 0});
        } else if (vector instanceof LargeVarBinaryVector x) {
            x.setSafe(i, new byte[] {(byte) (v % 3), (byte) v});
        } else if (vector instanceof FixedSizeBinaryVector x) {
            x.setSafe(i, new byte[] {(byte) v, (byte) (v >> 8), 7, 9});
        } else if (vector instanceof DateDayVector x) {
            x.setSafe(i, 19_000 + iv);
        } else if (vector instanceof DateMilliVector x) {
            x.setSafe(i, (19_000L + v) * 86_400_000L);
        } else if (vector instanceof TimeSecVector x) {
            x.setSafe(i, (int) (v % 86_400));
        } else if (vector instanceof TimeMilliVector x) {
            x.setSafe(i, (int) (v * 1_001 % 86_400_000));
        } else if (vector instanceof TimeMicroVector x) {
            x.setSafe(i, v * 1_000_003L % 86_400_000_000L);
        } else if (vector instanceof TimeNanoVector x) {
            x.setSafe(i, v * 1_000_000_007L % 86_400_000_000_000L);
        } else if (vector instanceof TimeStampVector x) {
            x.setSafe(i, 1_700_000_000L + v * 61);
        } else if (vector instanceof DurationVector x) {
            x.setSafe(i, v * 1_000 - 500);
        } else if (vector instanceof DecimalVector x) {
            x.setSafe(i, BigDecimal.valueOf(v * 1_234_567L - 99_999, 3));
        } else if (vector instanceof Decimal256Vector x) {
            x.setSafe(
                    i,
                    new BigDecimal("123456789012345678901234567890")
                            .add(BigDecimal.valueOf(v))
                            .movePointLeft(5));
        } else if (vector instanceof FixedSizeListVector x) {
            x.setNotNull(i);
            Float4Vector items = (Float4Vector) x.getDataVector();
            int size = ((ArrowType.FixedSizeList) x.getField().getType()).getListSize();
            for (int j = 0; j < size; j++) {
                items.setSafe(i * size + j, v + j * 0.125f);
            }
        } else if (vector instanceof LargeListVector x) {
            long start = x.startNewValue(i);
            int n = (int) (v % 4);
            for (int j = 0; j < n; j++) {
                set((FieldVector) x.getDataVector(), (int) (start + j), v + j, j == 1 && v % 3 == 0);
            }
            x.endValue(i, n);
        } else if (vector instanceof ListVector x) {
            int start = x.startNewValue(i);
            int n = (int) (v % 4);
            for (int j = 0; j < n; j++) {
                set((FieldVector) x.getDataVector(), start + j, v + j, j == 1 && v % 3 == 0);
            }
            x.endValue(i, n);
        } else if (vector instanceof StructVector x) {
            x.setIndexDefined(i);
            List<FieldVector> children = x.getChildrenFromFields();
            for (int c = 0; c < children.size(); c++) {
                set(children.get(c), i, v, c == 0 && v % 4 == 1);
            }
        } else {
            throw new IllegalArgumentException("no test values for " + vector.getField());
        }
    }

    private static void setNull(FieldVector vector, int i) {
        if (vector instanceof FixedSizeListVector x) {
            x.setNull(i);
            int size = ((ArrowType.FixedSizeList) x.getField().getType()).getListSize();
            for (int j = 0; j < size; j++) {
                ((Float4Vector) x.getDataVector()).setSafe(i * size + j, 0f);
            }
        } else if (vector instanceof ListVector x) {
            x.setNull(i);
        } else if (vector instanceof LargeListVector x) {
            x.setNull(i);
        } else if (vector instanceof StructVector x) {
            x.setNull(i);
            for (FieldVector child : x.getChildrenFromFields()) {
                if (child.getField().isNullable()) {
                    setNull(child, i);
                } else {
                    set(child, i, 0, false);
                }
            }
        } else if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector x) {
            while (i >= x.getValueCapacity()) {
                x.reAlloc();
            }
            x.setNull(i);
        } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector x) {
            x.setNull(i);
        } else if (vector instanceof org.apache.arrow.vector.BaseLargeVariableWidthVector x) {
            x.setNull(i);
        } else {
            throw new IllegalArgumentException("cannot set null in " + vector.getField());
        }
    }
}
