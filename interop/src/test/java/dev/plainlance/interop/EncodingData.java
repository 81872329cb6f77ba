package dev.plainlance.interop;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic data shaped to make the official writer pick each of its encodings (observations §5.2): every value
 * is a function of the row id {@code v} alone, so any batch split gives the same rows.
 *
 * <p>{@link #encodingSchema()} ("enc"): columns meant for mini-block / dictionary / FSST / RLE / constant / all-null
 * pages, plus extreme values of every numeric width (min, max, NaN, ±Inf, -0.0, subnormals) and tricky strings
 * (empty, escapes, control characters, multi-byte UTF-8). {@link #wideSchema()} ("wide"): values of 300–600 bytes and
 * {@code fixed_size_list<float32, 128>}, meant for full-zip pages.
 */
final class EncodingData {
    private EncodingData() {}

    private static final ArrowType.Int I32 = new ArrowType.Int(32, true);
    private static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    private static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    /** The five values of {@code lowcard} (dictionary): includes the empty string and multi-byte UTF-8. */
    static final List<String> LOWCARD = List.of("alpha", "beta", "", "ünïcødé", "日本語テキスト");
    /** The seven tags of {@code tags} items. */
    static final List<String> TAGS = List.of("news", "sport", "tech", "mode", "éco", "🙂", "x");
    /** Strings that exercise escaping; {@code odd} cycles through them. */
    static final List<String> ODD = List.of(
            "",
            "a\"b\\c",
            "tab\tnl\ncr\r",
            "\u0001\u001f\u007f",
            "😀 emoji",
            "日本語",
            "e\u0301 combining",
            "\uFEFFbom",
            "</script>",
            " leading and trailing ",
            "{\"json\":1}");

    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "qua", "str", "é", "ñ", "ø", "ж", "λ", "中", "字",
        "th", "ing", "ion", "er", "an"
    };

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
    }

    private static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    static Schema encodingSchema() {
        List<Field> f = new ArrayList<>();
        f.add(notNull("id", I32));
        f.add(notNull("seq", new ArrowType.Int(64, true))); // bitpacking
        f.add(nullable("small", I32)); // bitpacking + nulls
        f.add(notNull("constant", I32)); // rle (2.1) / constant page (2.2)
        f.add(notNull("const_s", ArrowType.Utf8.INSTANCE)); // constant string (13 bytes)
        f.add(notNull("const_s8", ArrowType.Utf8.INSTANCE)); // constant string (8 bytes)
        f.add(nullable("const_n", I32)); // constant with nulls
        f.add(nullable("runs", I32)); // long runs: rle
        f.add(nullable("rnd_f64", F64)); // random floats
        f.add(nullable("rnd_f32", F32));
        f.add(nullable("lowcard", ArrowType.Utf8.INSTANCE)); // dictionary (LZ4 in 2.2)
        f.add(nullable("words", ArrowType.Utf8.INSTANCE)); // FSST
        f.add(nullable("odd", ArrowType.Utf8.INSTANCE)); // escapes, unicode, empty
        f.add(nullable("allnull", I32)); // all-null page
        f.add(nullable("allnull_s", ArrowType.Utf8.INSTANCE));
        f.add(nullable("vec8", new ArrowType.FixedSizeList(8), nullable("item", F32)));
        f.add(nullable("tags", ArrowType.List.INSTANCE, nullable("item", ArrowType.Utf8.INSTANCE)));
        f.add(nullable("li", ArrowType.List.INSTANCE, nullable("item", I32)));
        f.add(nullable(
                "st",
                ArrowType.Struct.INSTANCE,
                nullable("a", I32),
                nullable("b", ArrowType.Utf8.INSTANCE),
                nullable("c", F64)));
        f.add(nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")));
        f.add(nullable("flag", ArrowType.Bool.INSTANCE));
        f.add(nullable("x_i8", new ArrowType.Int(8, true)));
        f.add(nullable("x_i16", new ArrowType.Int(16, true)));
        f.add(nullable("x_i32", I32));
        f.add(nullable("x_i64", new ArrowType.Int(64, true)));
        f.add(nullable("x_u8", new ArrowType.Int(8, false)));
        f.add(nullable("x_u16", new ArrowType.Int(16, false)));
        f.add(nullable("x_u32", new ArrowType.Int(32, false)));
        f.add(nullable("x_u64", new ArrowType.Int(64, false)));
        f.add(nullable("x_f16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)));
        f.add(nullable("x_f32", F32));
        f.add(nullable("x_f64", F64));
        f.add(nullable("x_dec", new ArrowType.Decimal(38, 10, 128)));
        f.add(nullable("bin", ArrowType.Binary.INSTANCE));
        return new Schema(f);
    }

    static Schema wideSchema() {
        return new Schema(List.of(
                notNull("id", I32),
                nullable("longtext", ArrowType.Utf8.INSTANCE), // full-zip variable (FSST)
                nullable("longbin", ArrowType.Binary.INSTANCE), // full-zip variable
                nullable("emb", new ArrowType.FixedSizeList(128), nullable("item", F32)))); // full-zip fixed
    }

    /** A reader of rows {@code firstId..firstId+rows-1} of {@code schema} in batches of {@code batchRows}. */
    static ArrowReader reader(BufferAllocator allocator, Schema schema, long firstId, int rows, int batchRows) {
        return new ArrowReader(allocator) {
            private long next = firstId;

            @Override
            public boolean loadNextBatch() throws IOException {
                if (next >= firstId + rows) {
                    return false;
                }
                int n = (int) Math.min(batchRows, firstId + rows - next);
                fill(getVectorSchemaRoot(), next, n);
                next += n;
                return true;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {}

            @Override
            protected Schema readSchema() throws IOException {
                return schema;
            }
        };
    }

    /** SplitMix64 of {@code v} and a column salt: a deterministic pseudo-random 64-bit value. */
    static long mix(long v, long salt) {
        long z = v * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int rnd(long v, long salt, int bound) {
        return (int) Math.floorMod(mix(v, salt), (long) bound);
    }

    static void fill(VectorSchemaRoot root, long firstId, int rows) {
        root.clear();
        root.allocateNew();
        for (FieldVector vector : root.getFieldVectors()) {
            for (int i = 0; i < rows; i++) {
                set(vector, i, firstId + i);
            }
            vector.setValueCount(rows);
        }
        root.setRowCount(rows);
    }

    private static double specialDouble(long v, long salt) {
        return switch ((int) Math.floorMod(v, 10L)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> -0.0;
            case 4 -> 0.0;
            case 5 -> Double.MIN_VALUE;
            case 6 -> Double.MAX_VALUE;
            case 7 -> -Double.MAX_VALUE;
            case 8 -> Double.MIN_NORMAL;
            default -> Double.longBitsToDouble(mix(v, salt)); // any bit pattern, NaN payloads included
        };
    }

    private static float specialFloat(long v, long salt) {
        return switch ((int) Math.floorMod(v, 10L)) {
            case 0 -> Float.NaN;
            case 1 -> Float.POSITIVE_INFINITY;
            case 2 -> Float.NEGATIVE_INFINITY;
            case 3 -> -0.0f;
            case 4 -> 0.0f;
            case 5 -> Float.MIN_VALUE;
            case 6 -> Float.MAX_VALUE;
            case 7 -> -Float.MAX_VALUE;
            case 8 -> Float.MIN_NORMAL;
            default -> Float.intBitsToFloat((int) mix(v, salt));
        };
    }

    static String words(long v, long salt, int minBytes, int maxBytes) {
        int target = minBytes + rnd(v, salt, maxBytes - minBytes + 1);
        StringBuilder sb = new StringBuilder();
        int k = 0;
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < target) {
            if (sb.length() > 0) {
                sb.append(k % 9 == 8 ? ", " : " ");
            }
            int len = 1 + rnd(v, salt + 1000 + k, 4);
            for (int s = 0; s < len; s++) {
                sb.append(SYLLABLES[rnd(v, salt + 7919L * k + s, SYLLABLES.length)]);
            }
            k++;
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        String s = sb.toString();
        while (bytes.length > maxBytes) { // trim whole characters
            s = s.substring(0, s.length() - 1);
            bytes = s.getBytes(StandardCharsets.UTF_8);
        }
        return s;
    }

    private static byte[] bytes(long v, long salt, int min, int max) {
        byte[] b = new byte[min + rnd(v, salt, max - min + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) mix(v, salt + 31L * i);
        }
        return b;
    }

    private static final BigDecimal DEC_MAX = new BigDecimal(new BigInteger("9".repeat(38)), 10);

    /** Whether column {@code name} is null at row {@code v}. */
    static boolean isNull(String name, long v) {
        return switch (name) {
            case "small" -> v % 11 == 0;
            case "const_n" -> v % 5 == 0;
            case "rnd_f64" -> v % 13 == 7;
            case "rnd_f32" -> v % 13 == 8;
            case "lowcard" -> v % 17 == 0;
            case "words" -> v % 19 == 3;
            case "odd" -> v % 23 == 4;
            case "allnull", "allnull_s" -> true;
            case "vec8" -> v % 9 == 4;
            case "tags" -> v % 29 == 0;
            case "li" -> v % 10 == 3;
            case "st" -> v % 15 == 2;
            case "ts" -> v % 50 == 0;
            case "flag" -> v % 8 == 5;
            case "bin" -> v % 21 == 0;
            case "longtext" -> v % 11 == 0;
            case "longbin" -> v % 17 == 0;
            case "emb" -> v % 13 == 0;
            default -> name.startsWith("x_") && v % 11 == 10;
        };
    }

    private static void set(FieldVector vector, int i, long v) {
        String name = vector.getName();
        if (vector.getField().isNullable() && isNull(name, v)) {
            setNull(vector, i);
            return;
        }
        int cycle = (int) Math.floorMod(v, 6L); // extremes: min, max, 0, -1, 1, random
        switch (name) {
            case "id" -> ((IntVector) vector).setSafe(i, (int) v);
            case "seq" -> ((BigIntVector) vector).setSafe(i, v);
            case "small" -> ((IntVector) vector).setSafe(i, (int) (v % 100));
            case "constant" -> ((IntVector) vector).setSafe(i, 42);
            case "const_s" -> ((VarCharVector) vector).setSafe(i, "the same text".getBytes(StandardCharsets.UTF_8));
            case "const_s8" -> ((VarCharVector) vector).setSafe(i, "constant".getBytes(StandardCharsets.UTF_8));
            case "const_n" -> ((IntVector) vector).setSafe(i, 7);
            case "runs" -> ((IntVector) vector).setSafe(i, (int) (v / 1000));
            case "rnd_f64" ->
                ((Float8Vector) vector)
                        .setSafe(
                                i,
                                v % 97 == 0 ? specialDouble(v / 97, 5) : (mix(v, 1) >>> 11) * 0x1.0p-53 * 2000 - 1000);
            case "rnd_f32" ->
                ((Float4Vector) vector)
                        .setSafe(
                                i,
                                v % 89 == 0
                                        ? specialFloat(v / 89, 6)
                                        : (float) ((mix(v, 2) >>> 40) * 0x1.0p-24 * 10 - 5));
            case "lowcard" -> ((VarCharVector) vector).setSafe(i, utf8(LOWCARD.get(rnd(v, 3, LOWCARD.size()))));
            case "words" -> ((VarCharVector) vector).setSafe(i, utf8(v % 37 == 1 ? "" : words(v, 4, 3, 40)));
            case "odd" -> ((VarCharVector) vector).setSafe(i, utf8(ODD.get((int) (v % ODD.size()))));
            case "vec8" -> {
                FixedSizeListVector x = (FixedSizeListVector) vector;
                x.setNotNull(i);
                Float4Vector items = (Float4Vector) x.getDataVector();
                for (int j = 0; j < 8; j++) {
                    items.setSafe(
                            i * 8 + j,
                            j == 7 && v % 101 == 0
                                    ? specialFloat(v / 101, 8)
                                    : (float) ((mix(v, 9 + j) >>> 40) * 0x1.0p-24 - 0.5));
                }
            }
            case "tags" -> {
                ListVector x = (ListVector) vector;
                int start = x.startNewValue(i);
                int n = rnd(v, 10, 4);
                VarCharVector items = (VarCharVector) x.getDataVector();
                for (int j = 0; j < n; j++) {
                    if ((v + j) % 31 == 0) {
                        items.setNull(start + j);
                    } else {
                        items.setSafe(start + j, utf8(TAGS.get(rnd(v, 11 + j, TAGS.size()))));
                    }
                }
                x.endValue(i, n);
            }
            case "li" -> {
                ListVector x = (ListVector) vector;
                int start = x.startNewValue(i);
                int n = rnd(v, 12, 6);
                IntVector items = (IntVector) x.getDataVector();
                for (int j = 0; j < n; j++) {
                    if ((v + j) % 37 == 0) {
                        setNull(items, start + j);
                    } else {
                        items.setSafe(
                                start + j,
                                j == 4
                                        ? (v % 2 == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                                        : rnd(v, 13 + j, 2001) - 1000);
                    }
                }
                x.endValue(i, n);
            }
            case "st" -> {
                StructVector x = (StructVector) vector;
                x.setIndexDefined(i);
                IntVector a = (IntVector) x.getChild("a");
                if (v % 4 == 1) {
                    setNull(a, i);
                } else {
                    a.setSafe(i, rnd(v, 14, 1000));
                }
                VarCharVector b = (VarCharVector) x.getChild("b");
                if (v % 6 == 5) {
                    b.setNull(i);
                } else {
                    b.setSafe(i, utf8(v % 5 == 0 ? "" : TAGS.get(rnd(v, 15, TAGS.size())) + v % 50));
                }
                Float8Vector c = (Float8Vector) x.getChild("c");
                if (v % 7 == 3) {
                    setNull(c, i);
                } else {
                    c.setSafe(i, v % 43 == 0 ? specialDouble(v / 43, 16) : v * 0.125);
                }
            }
            case "ts" ->
                ((TimeStampMicroTZVector) vector)
                        .setSafe(i, 1_700_000_000_000_000L + v * 1_000_000L + rnd(v, 17, 1000));
            case "flag" -> ((BitVector) vector).setSafe(i, (int) (mix(v, 18) & 1));
            case "x_i8" ->
                ((TinyIntVector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0 -> Byte.MIN_VALUE;
                                    case 1 -> Byte.MAX_VALUE;
                                    case 2 -> 0;
                                    case 3 -> -1;
                                    case 4 -> 1;
                                    default -> (byte) mix(v, 20);
                                });
            case "x_i16" ->
                ((SmallIntVector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0 -> Short.MIN_VALUE;
                                    case 1 -> Short.MAX_VALUE;
                                    case 2 -> 0;
                                    case 3 -> -1;
                                    case 4 -> 1;
                                    default -> (short) mix(v, 21);
                                });
            case "x_i32" ->
                ((IntVector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0 -> Integer.MIN_VALUE;
                                    case 1 -> Integer.MAX_VALUE;
                                    case 2 -> 0;
                                    case 3 -> -1;
                                    case 4 -> 1;
                                    default -> (int) mix(v, 22);
                                });
            case "x_i64" ->
                ((BigIntVector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0 -> Long.MIN_VALUE;
                                    case 1 -> Long.MAX_VALUE;
                                    case 2 -> 0;
                                    case 3 -> -1;
                                    case 4 -> 1;
                                    default -> mix(v, 23);
                                });
            // unsigned: 0, all ones (max), 0, max-1, 1, random
            case "x_u8" ->
                ((UInt1Vector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0, 2 -> 0;
                                    case 1 -> 0xFF;
                                    case 3 -> 0xFE;
                                    case 4 -> 1;
                                    default -> (int) (mix(v, 24) & 0xFF);
                                });
            case "x_u16" ->
                ((UInt2Vector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0, 2 -> 0;
                                    case 1 -> 0xFFFF;
                                    case 3 -> 0xFFFE;
                                    case 4 -> 1;
                                    default -> (int) (mix(v, 25) & 0xFFFF);
                                });
            case "x_u32" ->
                ((UInt4Vector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0, 2 -> 0;
                                    case 1 -> -1;
                                    case 3 -> -2;
                                    case 4 -> 1;
                                    default -> (int) mix(v, 26);
                                });
            case "x_u64" ->
                ((UInt8Vector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0, 2 -> 0L;
                                    case 1 -> -1L;
                                    case 3 -> -2L;
                                    case 4 -> 1L;
                                    default -> mix(v, 27);
                                });
            case "x_f16" ->
                ((Float2Vector) vector)
                        .setSafe(
                                i,
                                switch ((int) Math.floorMod(v, 10L)) {
                                    case 0 -> (short) 0x7E00; // NaN
                                    case 1 -> (short) 0x7C00; // +Inf
                                    case 2 -> (short) 0xFC00; // -Inf
                                    case 3 -> (short) 0x8000; // -0.0
                                    case 4 -> (short) 0x0001; // smallest subnormal
                                    case 5 -> (short) 0x7BFF; // max 65504
                                    case 6 -> (short) 0xFBFF; // -65504
                                    case 7 -> (short) 0x0400; // min normal
                                    default -> (short) (mix(v, 28) & 0x7BFF); // finite
                                });
            case "x_f32" -> ((Float4Vector) vector).setSafe(i, specialFloat(v, 29));
            case "x_f64" -> ((Float8Vector) vector).setSafe(i, specialDouble(v, 30));
            case "x_dec" ->
                ((DecimalVector) vector)
                        .setSafe(
                                i,
                                switch (cycle) {
                                    case 0 -> DEC_MAX.negate();
                                    case 1 -> DEC_MAX;
                                    case 2 -> BigDecimal.ZERO.setScale(10);
                                    case 3 -> new BigDecimal("-0.0000000001");
                                    case 4 -> new BigDecimal("0.0000000001");
                                    default -> new BigDecimal(BigInteger.valueOf(mix(v, 31)), 10);
                                });
            case "bin" -> ((VarBinaryVector) vector).setSafe(i, bytes(v, 32, 0, 24));
            case "longtext" -> ((VarCharVector) vector).setSafe(i, utf8(words(v, 40, 300, 600)));
            case "longbin" -> ((VarBinaryVector) vector).setSafe(i, bytes(v, 41, 300, 600));
            case "emb" -> {
                FixedSizeListVector x = (FixedSizeListVector) vector;
                x.setNotNull(i);
                Float4Vector items = (Float4Vector) x.getDataVector();
                for (int j = 0; j < 128; j++) {
                    items.setSafe(
                            i * 128 + j,
                            j == 0 && v % 61 == 0
                                    ? specialFloat(v / 61, 42)
                                    : (float) ((mix(v, 43 + j) >>> 40) * 0x1.0p-24 * 2 - 1));
                }
            }
            default -> throw new IllegalArgumentException("no values for column " + name);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
        } else if (vector instanceof StructVector x) {
            x.setNull(i);
            for (FieldVector child : x.getChildrenFromFields()) {
                setNull(child, i);
            }
        } else if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector x) {
            while (i >= x.getValueCapacity()) {
                x.reAlloc();
            }
            x.setNull(i);
        } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector x) {
            x.setNull(i);
        } else {
            throw new IllegalArgumentException("cannot set null in " + vector.getField());
        }
    }
}
