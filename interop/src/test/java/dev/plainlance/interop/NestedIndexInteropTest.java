package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
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
 * BTREE and BITMAP indices on fields inside a struct ({@code meta.k}, {@code meta.tag}), both ways: plainlance uses
 * the official library's, the official library describes and uses plainlance's, and every indexed answer equals
 * plainlance's full scan; rows whose struct is null count as null.
 */
class NestedIndexInteropTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null),
            new Field(
                    "meta",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                            new Field("k", FieldType.nullable(new ArrowType.Int(64, true)), null),
                            new Field("tag", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)))));

    static final List<String> FILTERS = List.of(
            "meta.k = 7",
            "meta.k < 5",
            "meta.k BETWEEN 10 AND 20",
            "meta.k IN (1, 2, 3, 40)",
            "meta.k IS NULL",
            "meta.tag = 'b'",
            "meta.tag IN ('a', 'c')",
            "meta.tag IS NULL",
            "meta.k > 30 AND meta.tag = 'a'");

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
    @ValueSource(ints = {1, 2})
    void plainlanceUsesOfficialIndicesOnStructFields(int seed) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(80));
        w.write(WriteParams.WriteMode.CREATE, reader(seed, 0, 400));
        IndexInteropTest.officialIndex(w, "meta.k", IndexType.BTREE, "k_idx");
        IndexInteropTest.officialIndex(w, "meta.tag", IndexType.BITMAP, "tag_idx");
        w.write(WriteParams.WriteMode.APPEND, reader(seed + 100, 400, 60));
        w.delete("id % 7 = 2");
        IndexedAnswers.assertAnswersHold(allocator, w, FILTERS);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2})
    void theOfficialLibraryUsesPlainlanceIndicesOnStructFields(int seed) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(90));
        w.write(WriteParams.WriteMode.CREATE, reader(seed, 0, 450));
        w.delete("id % 5 = 1");
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            IndexedAnswers.createIndex(ds, "meta.k", dev.plainlance.lance.index.IndexType.BTREE);
            IndexedAnswers.createIndex(ds, "meta.tag", dev.plainlance.lance.index.IndexType.BITMAP);
        }
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(official.listIndexes(), plain.listIndexes());
            assertEquals(
                    List.of("meta.k_idx BTree 360", "meta.tag_idx Bitmap 360"),
                    IndexedAnswers.officialDescriptions(official));
        }
        IndexedAnswers.assertAnswersHold(allocator, w, FILTERS);
    }

    /** {@code rows} rows with ids from {@code firstId}; some structs null, some fields null. */
    private static ArrowReader reader(int seed, int firstId, int rows) {
        Random random = new Random(seed);
        String[] tags = {"a", "b", "c", "dd"};
        return OneBatchReader.of(allocator, SCHEMA, root -> {
            IntVector id = (IntVector) root.getVector("id");
            StructVector meta = (StructVector) root.getVector("meta");
            BigIntVector k = (BigIntVector) meta.getChild("k");
            VarCharVector tag = (VarCharVector) meta.getChild("tag");
            for (int i = 0; i < rows; i++) {
                id.setSafe(i, firstId + i);
                boolean nullStruct = random.nextInt(12) == 0;
                if (nullStruct) {
                    meta.setNull(i);
                } else {
                    meta.setIndexDefined(i);
                }
                if (nullStruct || random.nextInt(10) == 0) {
                    k.setNull(i);
                } else {
                    k.setSafe(i, random.nextInt(50));
                }
                if (nullStruct || random.nextInt(10) == 0) {
                    tag.setNull(i);
                } else {
                    tag.setSafe(i, tags[random.nextInt(tags.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            k.setValueCount(rows);
            tag.setValueCount(rows);
            root.setRowCount(rows);
        });
    }
}
