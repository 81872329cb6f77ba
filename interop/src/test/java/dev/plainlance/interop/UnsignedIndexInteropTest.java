package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.WriteParams;
import org.lance.index.IndexType;

/**
 * BTREE and BITMAP indices on unsigned integer columns (uint64 values above {@code Long.MAX_VALUE} included), both
 * ways: plainlance uses the official library's indices, the official library uses plainlance's, and every indexed
 * answer equals plainlance's full scan.
 */
class UnsignedIndexInteropTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null),
            new Field("u64", FieldType.nullable(new ArrowType.Int(64, false)), null),
            new Field("u32", FieldType.nullable(new ArrowType.Int(32, false)), null),
            new Field("u8", FieldType.nullable(new ArrowType.Int(8, false)), null)));

    /** uint64 bit patterns: small values, both sides of 2^63 and 2^64 - 1. */
    private static final long[] U64_POOL = {
        0, 1, 7, 1000, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 5, -2, -1
    };

    static final List<String> FILTERS = List.of(
            "u64 = 7",
            "u64 = 9223372036854775807",
            "u64 > 1000",
            "u64 >= 9223372036854775807",
            "u64 < 8",
            "u64 BETWEEN 1 AND 9223372036854775806",
            "u64 IN (0, 7, 9223372036854775807, 12)",
            "u64 IS NULL",
            "u32 = 4000000000",
            "u32 < 3000000000",
            "u32 IN (5, 4294967295)",
            "u8 BETWEEN 100 AND 200",
            "u8 = 255",
            "u8 IS NULL",
            "u64 > 5 AND u8 < 128");

    private static BufferAllocator allocator;

    @TempDir
    Path dir;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void plainlanceUsesOfficialIndicesOnUnsignedColumns(int seed) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(70));
        w.write(WriteParams.WriteMode.CREATE, reader(seed, 0, 400));
        IndexInteropTest.officialIndex(w, "u64", IndexType.BTREE, "u64_idx");
        IndexInteropTest.officialIndex(w, "u32", IndexType.BITMAP, "u32_idx");
        IndexInteropTest.officialIndex(w, "u8", IndexType.BTREE, "u8_idx");
        w.write(WriteParams.WriteMode.APPEND, reader(seed + 100, 400, 60));
        w.delete("id % 7 = 2");
        IndexedAnswers.assertAnswersHold(allocator, w, FILTERS);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3})
    void theOfficialLibraryUsesPlainlanceIndicesOnUnsignedColumns(int seed) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(90));
        w.write(WriteParams.WriteMode.CREATE, reader(seed, 0, 450));
        w.delete("id % 5 = 1");
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            IndexedAnswers.createIndex(ds, "u64", dev.plainlance.lance.index.IndexType.BTREE);
            IndexedAnswers.createIndex(ds, "u32", dev.plainlance.lance.index.IndexType.BITMAP);
            IndexedAnswers.createIndex(ds, "u8", dev.plainlance.lance.index.IndexType.BITMAP);
        }
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(official.listIndexes(), plain.listIndexes());
            assertEquals(
                    List.of("u32_idx Bitmap 360", "u64_idx BTree 360", "u8_idx Bitmap 360"),
                    IndexedAnswers.officialDescriptions(official));
        }
        IndexedAnswers.assertAnswersHold(allocator, w, FILTERS);
    }

    /** {@code rows} rows with ids from {@code firstId}, unsigned values drawn with {@code seed}, some null. */
    private static ArrowReader reader(int seed, int firstId, int rows) {
        Random random = new Random(seed);
        return OneBatchReader.of(allocator, SCHEMA, root -> {
            IntVector id = (IntVector) root.getVector("id");
            UInt8Vector u64 = (UInt8Vector) root.getVector("u64");
            UInt4Vector u32 = (UInt4Vector) root.getVector("u32");
            UInt1Vector u8 = (UInt1Vector) root.getVector("u8");
            for (int i = 0; i < rows; i++) {
                id.setSafe(i, firstId + i);
                if (random.nextInt(10) == 0) {
                    u64.setNull(i);
                } else {
                    u64.setSafe(i, U64_POOL[random.nextInt(U64_POOL.length)]);
                }
                if (random.nextInt(10) == 0) {
                    u32.setNull(i);
                } else {
                    int[] pool = {0, 5, 17, (int) 3_000_000_000L, (int) 4_000_000_000L, -1};
                    u32.setSafe(i, pool[random.nextInt(pool.length)]);
                }
                if (random.nextInt(12) == 0) {
                    u8.setNull(i);
                } else {
                    u8.setSafe(i, (byte) random.nextInt(256));
                }
            }
            root.setRowCount(rows);
        });
    }
}
