package dev.plainlance.lance.file;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
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
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Deterministic data sets behind the generated fixture files in {@code lance-7.0.0/gen/}. The same
 * code produced the data handed to the official Lance library (see the README there) and produces
 * the expected values in the tests.
 */
final class FixtureData {
    private FixtureData() {}

    /** Data set names and row counts. */
    static final Map<String, Integer> ROWS =
            Map.of("enc", 6_000, "wide", 200, "types", 64, "compressed", 400, "paged", 1_500);

    static VectorSchemaRoot create(String name, BufferAllocator allocator) {
        switch (name) {
            case "enc":
                return enc(allocator);
            case "wide":
                return wide(allocator);
            case "types":
                return types(allocator);
            case "compressed":
                return compressed(allocator);
            case "paged":
                return paged(allocator);
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static final String[] COLORS = {"red", "green", "blue", "black", "white", "pink", "gray"};
    private static final String[] LOWCARD = {"alpha", "beta", "gamma", "delta", "epsilon"};

    private static String word(SplittableRandom random) {
        int length = 5 + random.nextInt(8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static Field field(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    private static Field field(String name, ArrowType type, Map<String, String> metadata) {
        return new Field(name, new FieldType(true, type, null, metadata), List.of());
    }

    private static final ArrowType I32 = new ArrowType.Int(32, true);
    private static final ArrowType I64 = new ArrowType.Int(64, true);
    private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

    /** 6,000 rows exercising the 2.1+ mini-block encodings. */
    private static VectorSchemaRoot enc(BufferAllocator allocator) {
        int n = ROWS.get("enc");
        Schema schema = new Schema(List.of(
                field("seq", I64),
                field("small", I32),
                field("constant", I32),
                field("runs", I32),
                field("rnd", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("lowcard", UTF8),
                field("words", UTF8),
                field("flag", ArrowType.Bool.INSTANCE),
                field("allnull", I32),
                field("dec", new ArrowType.Decimal(10, 2, 128)),
                field("tags", ArrowType.List.INSTANCE, field("item", UTF8)),
                field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("f16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
                field("u8", new ArrowType.Int(8, false)),
                field("i16", new ArrowType.Int(16, true))));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        SplittableRandom random = new SplittableRandom(42);
        ListVector tags = (ListVector) root.getVector("tags");
        VarCharVector tagItems = (VarCharVector) tags.getDataVector();
        int item = 0;
        for (int i = 0; i < n; i++) {
            ((BigIntVector) root.getVector("seq")).setSafe(i, i);
            if (i % 7 != 0) {
                ((IntVector) root.getVector("small")).setSafe(i, i % 100);
            }
            ((IntVector) root.getVector("constant")).setSafe(i, 42);
            ((IntVector) root.getVector("runs")).setSafe(i, i / 1000);
            ((Float8Vector) root.getVector("rnd")).setSafe(i, random.nextDouble());
            setString(root.getVector("lowcard"), i, LOWCARD[i % 5]);
            String word = word(random);
            if (i % 11 != 0) {
                setString(root.getVector("words"), i, word);
            }
            ((BitVector) root.getVector("flag")).setSafe(i, i % 3 == 0 ? 1 : 0);
            ((DecimalVector) root.getVector("dec")).setSafe(i, BigDecimal.valueOf((i % 7) * 100 + 5, 2));
            if (i % 13 != 0) {
                tags.startNewValue(i);
                for (int j = 0; j < i % 4; j++) {
                    tagItems.setSafe(item++, COLORS[(i + j) % 7].getBytes(StandardCharsets.UTF_8));
                }
                tags.endValue(i, i % 4);
            }
            ((TimeStampMicroVector) root.getVector("ts")).setSafe(i, 1_700_000_000_000_000L + i * 1000L);
            ((Float2Vector) root.getVector("f16")).setSafeWithPossibleTruncate(i, (i % 50) * 0.5f);
            ((UInt1Vector) root.getVector("u8")).setSafe(i, i % 256);
            ((SmallIntVector) root.getVector("i16")).setSafe(i, (short) (i % 1000 - 500));
        }
        tagItems.setValueCount(item);
        root.setRowCount(n);
        return root;
    }

    /** 200 rows of wide values (full-zip layouts). */
    private static VectorSchemaRoot wide(BufferAllocator allocator) {
        int n = ROWS.get("wide");
        ArrowType f32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        Schema schema = new Schema(List.of(
                field("id", I32),
                field("longtext", UTF8),
                field("emb", new ArrowType.FixedSizeList(128), field("item", f32)),
                field("embn", new ArrowType.FixedSizeList(64), field("item", f32)),
                field("blob", ArrowType.LargeBinary.INSTANCE)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        SplittableRandom random = new SplittableRandom(7);
        FixedSizeListVector emb = (FixedSizeListVector) root.getVector("emb");
        FixedSizeListVector embn = (FixedSizeListVector) root.getVector("embn");
        Float4Vector embItems = (Float4Vector) emb.getDataVector();
        Float4Vector embnItems = (Float4Vector) embn.getDataVector();
        for (int i = 0; i < n; i++) {
            ((IntVector) root.getVector("id")).setSafe(i, i);
            StringBuilder text = new StringBuilder();
            int length = 300 + random.nextInt(300);
            while (text.length() < length) {
                text.append(word(random)).append(' ');
            }
            if (i % 17 != 0) {
                setString(root.getVector("longtext"), i, text.toString());
            }
            if (i % 9 != 0) {
                emb.setNotNull(i);
                for (int j = 0; j < 128; j++) {
                    embItems.setSafe(i * 128 + j, i + j * 0.01f);
                }
            } else {
                emb.setNull(i);
            }
            embn.setNotNull(i);
            for (int j = 0; j < 64; j++) {
                if ((i + j) % 13 == 0) {
                    embnItems.setNull(i * 64 + j);
                } else {
                    embnItems.setSafe(i * 64 + j, i - j * 0.5f);
                }
            }
            byte[] blob = (i == 5 || i == 100) ? repeat("lance blob " + i + " ", 40_000) : repeat("b" + i, 10);
            ((LargeVarBinaryVector) root.getVector("blob")).setSafe(i, blob);
        }
        embItems.setValueCount(n * 128);
        embnItems.setValueCount(n * 64);
        root.setRowCount(n);
        return root;
    }

    private static byte[] repeat(String text, int length) {
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            out.append(text);
        }
        return out.substring(0, length).getBytes(StandardCharsets.UTF_8);
    }

    /** 64 rows of many Arrow types and nestings; every nullable value is null when i % 5 == 1. */
    private static VectorSchemaRoot types(BufferAllocator allocator) {
        int n = ROWS.get("types");
        Schema schema = new Schema(List.of(
                field("i8", new ArrowType.Int(8, true)),
                field("u16", new ArrowType.Int(16, false)),
                field("u32", new ArrowType.Int(32, false)),
                field("u64", new ArrowType.Int(64, false)),
                field("date64", new ArrowType.Date(DateUnit.MILLISECOND)),
                field("t32s", new ArrowType.Time(TimeUnit.SECOND, 32)),
                field("t32ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
                field("t64us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
                field("t64ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64)),
                field("tsns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
                field("dur", new ArrowType.Duration(TimeUnit.MILLISECOND)),
                field("d128", new ArrowType.Decimal(20, 3, 128)),
                field("d256", new ArrowType.Decimal(40, 5, 256)),
                field("fsb", new ArrowType.FixedSizeBinary(3)),
                field("lbin", ArrowType.LargeBinary.INSTANCE),
                field("ll", ArrowType.LargeList.INSTANCE, field("item", I64)),
                field("lol", ArrowType.List.INSTANCE, field("item", ArrowType.List.INSTANCE, field("item", I32))),
                field(
                        "los",
                        ArrowType.List.INSTANCE,
                        field("item", ArrowType.Struct.INSTANCE, field("x", I32), field("y", UTF8))),
                field(
                        "sol",
                        ArrowType.Struct.INSTANCE,
                        field("l", ArrowType.List.INSTANCE, field("item", I32)),
                        field("m", I32)),
                field("fsli", new ArrowType.FixedSizeList(3), field("item", I32)),
                field("bool", ArrowType.Bool.INSTANCE)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        for (int i = 0; i < n; i++) {
            if (i % 5 == 1) {
                continue;
            }
            ((TinyIntVector) root.getVector("i8")).setSafe(i, (byte) (i - 32));
            ((UInt2Vector) root.getVector("u16")).setSafe(i, (char) (60000 + i));
            ((UInt4Vector) root.getVector("u32")).setSafe(i, (int) (4_000_000_000L + i));
            ((UInt8Vector) root.getVector("u64")).setSafe(i, Long.MIN_VALUE + i);
            ((DateMilliVector) root.getVector("date64")).setSafe(i, 1_600_000_000_000L + i * 86_400_000L);
            ((TimeSecVector) root.getVector("t32s")).setSafe(i, i * 60);
            ((TimeMilliVector) root.getVector("t32ms")).setSafe(i, i * 1000 + 7);
            ((TimeMicroVector) root.getVector("t64us")).setSafe(i, i * 1_000_000L + 11);
            ((TimeNanoVector) root.getVector("t64ns")).setSafe(i, i * 1_000_000_000L + 13);
            ((TimeStampNanoVector) root.getVector("tsns")).setSafe(i, 1_700_000_000_000_000_000L + i);
            ((DurationVector) root.getVector("dur")).setSafe(i, i * 1000L - 5000);
            ((DecimalVector) root.getVector("d128"))
                    .setSafe(i, new BigDecimal("12345678901234." + String.format("%03d", i)));
            ((Decimal256Vector) root.getVector("d256"))
                    .setSafe(i, new BigDecimal("-1234567890123456789012345678901234." + String.format("%05d", i)));
            ((FixedSizeBinaryVector) root.getVector("fsb"))
                    .setSafe(i, new byte[] {(byte) i, (byte) (i * 2), (byte) 0xAB});
            ((LargeVarBinaryVector) root.getVector("lbin")).setSafe(i, repeat("x" + i, i % 4 * 3));
            ((BitVector) root.getVector("bool")).setSafe(i, i % 2);
        }
        writeLists(root, n);
        root.setRowCount(n);
        return root;
    }

    private static void writeLists(VectorSchemaRoot root, int n) {
        LargeListVector ll = (LargeListVector) root.getVector("ll");
        BigIntVector llItems = (BigIntVector) ll.getDataVector();
        ListVector lol = (ListVector) root.getVector("lol");
        ListVector lolInner = (ListVector) lol.getDataVector();
        IntVector lolItems = (IntVector) lolInner.getDataVector();
        ListVector los = (ListVector) root.getVector("los");
        StructVector losItems = (StructVector) los.getDataVector();
        IntVector losX = (IntVector) losItems.getChild("x");
        VarCharVector losY = (VarCharVector) losItems.getChild("y");
        StructVector sol = (StructVector) root.getVector("sol");
        ListVector solL = (ListVector) sol.getChild("l");
        IntVector solLItems = (IntVector) solL.getDataVector();
        IntVector solM = (IntVector) sol.getChild("m");
        FixedSizeListVector fsli = (FixedSizeListVector) root.getVector("fsli");
        IntVector fsliItems = (IntVector) fsli.getDataVector();
        int llAt = 0;
        int lolAt = 0;
        int lolItemAt = 0;
        int losAt = 0;
        int solAt = 0;
        for (int i = 0; i < n; i++) {
            boolean nul = i % 5 == 1;
            if (!nul) {
                ll.startNewValue(i);
                for (int j = 0; j < i % 3; j++) {
                    llItems.setSafe(llAt++, (long) i << 33 | j);
                }
                ll.endValue(i, i % 3);
                lol.startNewValue(i);
                for (int j = 0; j < i % 3; j++) {
                    lolInner.startNewValue(lolAt);
                    int inner = (i + j) % 3;
                    for (int k = 0; k < inner; k++) {
                        if ((i + k) % 4 == 0) {
                            lolItems.setNull(lolItemAt++);
                        } else {
                            lolItems.setSafe(lolItemAt++, i * 100 + j * 10 + k);
                        }
                    }
                    lolInner.endValue(lolAt++, inner);
                }
                lol.endValue(i, i % 3);
                los.startNewValue(i);
                for (int j = 0; j < i % 4; j++) {
                    if ((i + j) % 6 == 0) {
                        losItems.setNull(losAt);
                    } else {
                        losItems.setIndexDefined(losAt);
                        losX.setSafe(losAt, i * 10 + j);
                        setString(losY, losAt, "y" + i + "_" + j);
                    }
                    losAt++;
                }
                los.endValue(i, i % 4);
                sol.setIndexDefined(i);
                if (i % 3 != 0) {
                    solL.startNewValue(i);
                    for (int j = 0; j < i % 3; j++) {
                        solLItems.setSafe(solAt++, i + j);
                    }
                    solL.endValue(i, i % 3);
                }
                solM.setSafe(i, -i);
                fsli.setNotNull(i);
                for (int j = 0; j < 3; j++) {
                    if ((i + j) % 7 == 0) {
                        fsliItems.setNull(i * 3 + j);
                    } else {
                        fsliItems.setSafe(i * 3 + j, i * 3 + j);
                    }
                }
            } else {
                fsli.setNull(i);
            }
        }
        llItems.setValueCount(llAt);
        lolItems.setValueCount(lolItemAt);
        lolInner.setValueCount(lolAt);
        losX.setValueCount(losAt);
        losY.setValueCount(losAt);
        losItems.setValueCount(losAt);
        solLItems.setValueCount(solAt);
        fsliItems.setValueCount(n * 3);
    }

    /**
     * 400 rows with per-field compression requests (2.0: compressed Flat buffers, 2.1: General).
     */
    private static VectorSchemaRoot compressed(BufferAllocator allocator) {
        int n = ROWS.get("compressed");
        Schema schema = new Schema(List.of(
                field("zs", UTF8, Map.of("lance-encoding:compression", "zstd")),
                field("lz", UTF8, Map.of("lance-encoding:compression", "lz4")),
                field("fs", UTF8, Map.of("lance-encoding:compression", "fsst")),
                field("zi", I64, Map.of("lance-encoding:compression", "zstd")),
                field("lowcard", UTF8)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < n; i++) {
            if (i % 10 != 3) {
                setString(root.getVector("zs"), i, "zstd text " + word(random) + " " + i);
                setString(root.getVector("lz"), i, "lz4 text " + word(random) + " " + i);
                setString(root.getVector("fs"), i, "fsst text " + word(random) + " " + (i % 17));
                ((BigIntVector) root.getVector("zi")).setSafe(i, i * 1000L);
            }
            if (i % 10 != 4) {
                setString(root.getVector("lowcard"), i, LOWCARD[i % 5]);
            }
        }
        root.setRowCount(n);
        return root;
    }

    /** 1,500 rows of mixed fields, written with a small page size limit to get many pages. */
    private static VectorSchemaRoot paged(BufferAllocator allocator) {
        int n = ROWS.get("paged");
        Schema schema = new Schema(List.of(
                field("id", I64),
                field("s", UTF8),
                field("li", ArrowType.List.INSTANCE, field("item", I32)),
                field("st", ArrowType.Struct.INSTANCE, field("a", I32), field("b", UTF8)),
                field(
                        "vec",
                        new ArrowType.FixedSizeList(4),
                        field("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)))));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        ListVector li = (ListVector) root.getVector("li");
        IntVector liItems = (IntVector) li.getDataVector();
        StructVector st = (StructVector) root.getVector("st");
        FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
        Float4Vector vecItems = (Float4Vector) vec.getDataVector();
        int item = 0;
        for (int i = 0; i < n; i++) {
            ((BigIntVector) root.getVector("id")).setSafe(i, i * 3L);
            if (i % 6 != 5) {
                setString(root.getVector("s"), i, "s" + i + "_".repeat(i % 9));
            }
            if (i % 8 != 7) {
                li.startNewValue(i);
                for (int j = 0; j < i % 5; j++) {
                    if ((i + j) % 9 == 0) {
                        liItems.setNull(item++);
                    } else {
                        liItems.setSafe(item++, i * 7 + j);
                    }
                }
                li.endValue(i, i % 5);
            }
            if (i % 10 != 9) {
                st.setIndexDefined(i);
                if (i % 4 != 0) {
                    ((IntVector) st.getChild("a")).setSafe(i, -i);
                }
                setString(st.getChild("b"), i, "b" + (i % 13));
            }
            if (i % 12 != 11) {
                vec.setNotNull(i);
            } else {
                vec.setNull(i);
            }
            for (int j = 0; j < 4; j++) {
                vecItems.setSafe(i * 4 + j, i + j / 4f);
            }
        }
        liItems.setValueCount(item);
        ((IntVector) st.getChild("a")).setValueCount(n);
        ((VarCharVector) st.getChild("b")).setValueCount(n);
        vecItems.setValueCount(n * 4);
        root.setRowCount(n);
        return root;
    }

    private static void setString(FieldVector vector, int index, String value) {
        ((VarCharVector) vector).setSafe(index, value.getBytes(StandardCharsets.UTF_8));
    }

    /** getObject of every cell, column-major, normalized like {@link FixtureFiles#plain}. */
    static List<List<Object>> columns(VectorSchemaRoot root) {
        List<List<Object>> out = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            IntFunction<Object> cell = r -> FixtureFiles.plain(vector.getObject(r));
            List<Object> column = new ArrayList<>();
            for (int r = 0; r < root.getRowCount(); r++) {
                column.add(cell.apply(r));
            }
            out.add(column);
        }
        return out;
    }
}
