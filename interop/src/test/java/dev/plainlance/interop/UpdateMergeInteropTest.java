package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code update} and {@code mergeInsert} in both directions: the official library reads every version plainlance
 * writes with them as plainlance does, the same merge done by either library leaves the same rows, and the two take
 * turns on one dataset.
 */
class UpdateMergeInteropTest {
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

    private static MergeInsertParams upsert() {
        return new MergeInsertParams(List.of("id")).withMatchedUpdateAll();
    }

    private static void plainMerge(String uri, MergeInsertParams params, long firstId, int rows) throws Exception {
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                ArrowReader source = RichData.reader(allocator, RichData.simpleSchema(), firstId, rows);
                MergeInsertResult result = ds.mergeInsert(params, source)) {
            assertEquals(ds.version() + 1, result.dataset().version());
        }
    }

    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void theOfficialLibraryReadsPlainlanceUpdatesAndMerges(String fileVersion) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        try (ArrowReader data =
                RichData.reader(allocator, RichData.simpleSchema(), new long[] {0, 300}, new long[] {300, 200})) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            data,
                            w.uri(),
                            new WriteParams.Builder()
                                    .withDataStorageVersion(fileVersion)
                                    .withMaxRowsPerFile(100)
                                    .build())
                    .close();
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(50, ds.update("id % 10 = 3", Map.of("value", "value * 2 + 1", "name", "NULL")));
            assertEquals(100, ds.update("id < 100", Map.of("name", "'rewritten'")), "a whole fragment rewritten");
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "after plainlance updates", w);
        plainMerge(w.uri(), upsert(), 450, 100);
        Compare.assertSameRowsAtEveryVersion(allocator, "after plainlance upsert", w);
        plainMerge(
                w.uri(),
                new MergeInsertParams(List.of("id"))
                        .withMatchedUpdateAll()
                        .withNotMatchedBySourceDeleteIf("id >= 200 AND id < 260"),
                200,
                20);
        Compare.assertSameRowsAtEveryVersion(allocator, "after plainlance replace-range merge", w);
        plainMerge(
                w.uri(),
                new MergeInsertParams(List.of("id"))
                        .withMatchedDelete()
                        .withNotMatched(MergeInsertParams.WhenNotMatched.DoNothing),
                0,
                30);
        Compare.assertSameRowsAtEveryVersion(allocator, "after plainlance merge with matched delete", w);
    }

    /** The string forms of the three decisions name the same values in both libraries, for every decision. */
    @Test
    void decisionValuesAreTheOfficialStrings() {
        List<java.util.function.UnaryOperator<MergeInsertParams>> plain = List.of(
                p -> p,
                MergeInsertParams::withMatchedUpdateAll,
                p -> p.withMatchedUpdateIf("target.id < source.id"),
                MergeInsertParams::withMatchedDelete,
                MergeInsertParams::withMatchedFail,
                p -> p.withNotMatched(MergeInsertParams.WhenNotMatched.DoNothing),
                MergeInsertParams::withNotMatchedBySourceDelete,
                p -> p.withNotMatchedBySourceDeleteIf("id > 3"));
        List<java.util.function.UnaryOperator<org.lance.merge.MergeInsertParams>> official = List.of(
                p -> p,
                org.lance.merge.MergeInsertParams::withMatchedUpdateAll,
                p -> p.withMatchedUpdateIf("target.id < source.id"),
                org.lance.merge.MergeInsertParams::withMatchedDelete,
                org.lance.merge.MergeInsertParams::withMatchedFail,
                p -> p.withNotMatched(org.lance.merge.MergeInsertParams.WhenNotMatched.DoNothing),
                org.lance.merge.MergeInsertParams::withNotMatchedBySourceDelete,
                p -> p.withNotMatchedBySourceDeleteIf("id > 3"));
        for (int i = 0; i < plain.size(); i++) {
            MergeInsertParams mine = plain.get(i).apply(new MergeInsertParams(List.of("id")));
            org.lance.merge.MergeInsertParams theirs =
                    official.get(i).apply(new org.lance.merge.MergeInsertParams(List.of("id")));
            assertEquals(
                    List.of(
                            theirs.whenMatchedValue(),
                            theirs.whenNotMatchedValue(),
                            theirs.whenNotMatchedBySourceValue()),
                    List.of(mine.whenMatchedValue(), mine.whenNotMatchedValue(), mine.whenNotMatchedBySourceValue()),
                    "decision " + i);
        }
    }

    @Test
    void anUpsertLeavesTheSameRowsWhicheverLibraryDoesIt() throws Exception {
        OfficialWriter official = writer("official");
        OfficialWriter plain = writer("plain");
        for (OfficialWriter w : List.of(official, plain)) {
            w.create(RichData.simpleSchema(), new long[] {0, 300});
            w.delete("id % 7 = 0");
        }
        assertEquals(3, official.mergeInsert(RichData.simpleSchema(), 250, 100));
        plainMerge(plain.uri(), upsert(), 250, 100);
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance upsert", plain);
        List<String> expected = sameRowsAtVersion3(official, plain);
        assertEquals(350 - 250 / 7 - 1, expected.size());
    }

    /** A conditional update ({@code withMatchedUpdateIf}), NULL values included, done by either library. */
    @Test
    void aConditionalUpsertLeavesTheSameRowsWhicheverLibraryDoesIt() throws Exception {
        OfficialWriter official = writer("official");
        OfficialWriter plain = writer("plain");
        String condition = "target.value < source.value AND source.id % 2 = 0";
        for (OfficialWriter w : List.of(official, plain)) {
            w.create(RichData.simpleSchema(), new long[] {0, 300});
            try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
                ds.update("id % 3 = 0", Map.of("value", "value - 1000"));
            }
        }
        official.mergeInsert(
                RichData.simpleSchema(),
                250,
                100,
                new org.lance.merge.MergeInsertParams(List.of("id"))
                        .withMatchedUpdateIf(condition)
                        .withNotMatched(org.lance.merge.MergeInsertParams.WhenNotMatched.InsertAll));
        plainMerge(plain.uri(), new MergeInsertParams(List.of("id")).withMatchedUpdateIf(condition), 250, 100);
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance conditional upsert", plain);
        List<String> expected = sameRowsAtVersion3(official, plain);
        assertEquals(350, expected.size());
        List<String> before = sorted(Compare.officialRows(allocator, official.uri(), 2));
        assertTrue(
                expected.stream().filter(row -> !before.contains(row)).count() > 50,
                "the merge inserted 50 rows and updated some");
    }

    @Test
    void theLibrariesTakeTurnsMergingAndUpdatingOneDataset() throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(100));
        w.create(RichData.simpleSchema(), new long[] {0, 250});
        plainMerge(w.uri(), upsert(), 200, 100);
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance upsert of an official dataset", w);
        w.mergeInsert(RichData.simpleSchema(), 280, 40);
        Compare.assertSameRowsAtEveryVersion(allocator, "official upsert after plainlance", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(320, ds.update("id >= 0", Map.of("value", "-value")));
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance update of official merges", w);
        w.delete("id BETWEEN 100 AND 299");
        Compare.assertSameRowsAtEveryVersion(allocator, "official delete after plainlance update", w);
        plainMerge(w.uri(), upsert(), 150, 10);
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance upsert after official delete", w);
    }

    /**
     * The rows of version 3 of the dataset the official library merged, checked to be those of the dataset plainlance
     * merged, as both libraries read it.
     */
    private static List<String> sameRowsAtVersion3(OfficialWriter official, OfficialWriter plain) throws Exception {
        List<String> expected = sorted(Compare.officialRows(allocator, official.uri(), 3));
        assertEquals(
                expected,
                sorted(Compare.officialRows(allocator, plain.uri(), 3)),
                "the official library reads the same rows");
        assertEquals(expected, sorted(Compare.plainRows(allocator, plain.uri(), 3)), "plainlance reads the same rows");
        return expected;
    }

    /** A dataset under {@code name} that the official library creates with files of 100 rows. */
    private OfficialWriter writer(String name) {
        return new OfficialWriter(
                allocator, dir.resolve(name), OfficialWriter.Options.defaults().withMaxRowsPerFile(100));
    }

    private static List<String> sorted(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        out.sort(null);
        return out;
    }
}
