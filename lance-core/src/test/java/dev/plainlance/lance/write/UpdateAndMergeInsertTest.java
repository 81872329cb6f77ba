package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.expr.ExpressionParseException;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code update} and {@code mergeInsert}: visible rows, transactions, statistics and errors. */
class UpdateAndMergeInsertTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    private final BufferAllocator allocator = new RootAllocator();
    private final List<VectorSchemaRoot> sources = new ArrayList<>();

    @TempDir
    Path dir;

    private String uri;

    /** Ids 0..19 named "n{id}", in two fragments of 10. */
    @BeforeEach
    void create() throws IOException {
        uri = dir.resolve("ds").toString();
        try (ArrowReader data = rows(allocator, 0, 20, "n")) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder().withMaxRowsPerFile(10).build())
                    .close();
        }
    }

    @AfterEach
    void close() {
        sources.forEach(VectorSchemaRoot::close);
        allocator.close();
    }

    /** Rows {@code first .. first+count-1} named {@code prefix + id}. */
    private ArrowReader rows(BufferAllocator allocator, long first, int count, String prefix) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        sources.add(root);
        for (int i = 0; i < count; i++) {
            ((BigIntVector) root.getVector("id")).setSafe(i, first + i);
            ((VarCharVector) root.getVector("name"))
                    .setSafe(i, (prefix + (first + i)).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(count);
        return ArrowReaders.of(SCHEMA, List.of(root), allocator);
    }

    /** id → name of every visible row. */
    static Map<Long, String> visible(Dataset ds) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        try (ArrowReader r = ds.newScan().scanBatches()) {
            while (r.loadNextBatch()) {
                VectorSchemaRoot root = r.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    Object name = root.getVector("name").getObject(i);
                    String previous = out.put(
                            ((BigIntVector) root.getVector("id")).get(i), name == null ? null : name.toString());
                    assertEquals(null, previous, "id seen twice");
                }
            }
        }
        return out;
    }

    static Map<Long, String> named(long from, long to, String prefix) {
        Map<Long, String> out = new TreeMap<>();
        for (long id = from; id < to; id++) {
            out.put(id, prefix + id);
        }
        return out;
    }

    @Test
    void updateRewritesMatchingRowsAsOneUpdateVersion() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            long updated = ds.update("id % 4 = 1", Map.of("name", "'u'", "id", "id + 100"));
            assertEquals(5, updated);
            assertEquals(2, ds.version());
            assertEquals("Update", ds.readTransaction().orElseThrow().operationName());
            Map<Long, String> expected = named(0, 20, "n");
            for (long id = 1; id < 20; id += 4) {
                expected.remove(id);
                expected.put(id + 100, "u");
            }
            assertEquals(expected, visible(ds));
            assertEquals(20, ds.countRows());
            assertEquals(named(0, 20, "n"), visible(ds.checkoutVersion(1)), "the old version is unchanged");
        }
    }

    @Test
    void updateDropsFragmentsItEmptiesAndCanSetNull() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals(10, ds.update("id < 10", Map.of("name", "NULL")));
            assertTrue(ds.getFragments().stream().noneMatch(f -> f.getId() == 0), "fragment 0 wholly rewritten");
            Map<Long, String> expected = named(10, 20, "n");
            for (long id = 0; id < 10; id++) {
                expected.put(id, null);
            }
            assertEquals(expected, visible(ds));
            assertEquals(20, ds.update(Optional.empty(), Map.of("name", "'all'")));
            assertEquals(20, visible(ds).values().stream().filter("all"::equals).count());
        }
    }

    /**
     * A dataset whose config asks the official library to clean up after every commit: plainlance's merge inserts,
     * with or without {@code skipAutoCleanup}, remove no version (cleanup only runs when called).
     */
    @Test
    void mergeInsertsNeverCleanUpWhateverTheAutoCleanupConfigSays() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.updateConfig(Map.of("lance.auto_cleanup.interval", "1", "lance.auto_cleanup.older_than", "0s"));
        }
        for (boolean skip : List.of(false, true, false)) {
            MergeInsertParams params =
                    new MergeInsertParams(List.of("id")).withMatchedUpdateAll().withSkipAutoCleanup(skip);
            assertEquals(skip, params.skipAutoCleanup());
            try (Dataset ds = Dataset.open(uri, allocator);
                    ArrowReader source = rows(allocator, 15, 10, "s");
                    MergeInsertResult result = ds.mergeInsert(params, source)) {
                assertEquals(
                        result.dataset().version(),
                        result.dataset().listVersions().size());
            }
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals(5, ds.version());
            assertEquals(
                    List.of(1L, 2L, 3L, 4L, 5L),
                    ds.listVersions().stream().map(v -> v.getId()).toList());
        }
    }

    @Test
    void badUpdatesAreRefusedBeforeAnythingIsWritten() {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ExpressionParseException unknown =
                    assertThrows(ExpressionParseException.class, () -> ds.update("nope = 1", Map.of("name", "'x'")));
            assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
            assertThrows(ExpressionParseException.class, () -> ds.update("id = 1", Map.of("name", "id +")));
            IllegalArgumentException column =
                    assertThrows(IllegalArgumentException.class, () -> ds.update("id = 1", Map.of("missing", "1")));
            assertTrue(column.getMessage().contains("missing"), column.getMessage());
            IllegalArgumentException nonNull =
                    assertThrows(IllegalArgumentException.class, () -> ds.update("id = 1", Map.of("id", "NULL")));
            assertTrue(nonNull.getMessage().contains("non-nullable"), nonNull.getMessage());
            assertEquals(1, ds.latestVersion());
        }
    }

    @Test
    void upsertUpdatesMatchedRowsAndInsertsTheRest() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 15, 10, "s");
                MergeInsertResult result = ds.mergeInsert(
                        new MergeInsertParams(List.of("id"))
                                .withMatchedUpdateAll()
                                .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll),
                        source)) {
            Map<Long, String> expected = named(0, 15, "n");
            expected.putAll(named(15, 25, "s"));
            assertEquals(expected, visible(result.dataset()));
            assertEquals(5, result.stats().numInsertedRows());
            assertEquals(5, result.stats().numUpdatedRows());
            assertEquals(0, result.stats().numDeletedRows());
            assertEquals(1, result.stats().numFilesWritten());
            assertTrue(result.stats().bytesWritten() > 0);
            assertEquals(2, result.dataset().version());
            assertEquals(1, ds.version(), "the instance merged into keeps its version, as the official library");
            assertEquals(
                    "Update", result.dataset().readTransaction().orElseThrow().operationName());
        }
    }

    @Test
    void aConditionalUpdateReplacesOnlyThePairsItHoldsFor() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 15, 10, "s");
                MergeInsertResult result = ds.mergeInsert(
                        new MergeInsertParams(List.of("id"))
                                .withMatchedUpdateIf("target.id % 2 = 0 AND source.name LIKE 's1%'"),
                        source)) {
            Map<Long, String> expected = named(0, 20, "n");
            expected.put(16L, "s16");
            expected.put(18L, "s18");
            expected.putAll(named(20, 25, "s"));
            assertEquals(expected, visible(result.dataset()));
            assertEquals(5, result.stats().numInsertedRows());
            assertEquals(2, result.stats().numUpdatedRows());
            assertEquals(0, result.stats().numDeletedRows());
        }
    }

    @Test
    void aConditionThatIsNullOrNamesNoRowColumnUpdatesNothing() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.update("id = 17", Map.of("name", "NULL"));
        }
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 17, 1, "s");
                MergeInsertResult result = ds.mergeInsert(
                        new MergeInsertParams(List.of("id")).withMatchedUpdateIf("target.name < source.name"),
                        source)) {
            assertEquals(null, visible(result.dataset()).get(17L), "NULL < 's17' is not TRUE");
            assertEquals(0, result.stats().numUpdatedRows());
        }
        for (String bad : List.of("id = 1", "target.nope = 1", "other.id = 1", "target.name + 1")) {
            try (Dataset ds = Dataset.open(uri, allocator);
                    ArrowReader source = rows(allocator, 17, 1, "s")) {
                assertThrows(
                        ExpressionParseException.class,
                        () -> ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateIf(bad), source),
                        bad);
                assertEquals(ds.version(), ds.latestVersion(), "nothing written for " + bad);
            }
        }
    }

    @Test
    void theSourceMayComeFromAnotherAllocator() throws IOException {
        try (BufferAllocator other = new RootAllocator()) {
            try (Dataset ds = Dataset.open(uri, allocator);
                    ArrowReader source = rows(other, 19, 2, "s");
                    MergeInsertResult result =
                            ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), source)) {
                assertEquals(1, result.stats().numUpdatedRows());
                assertEquals(1, result.stats().numInsertedRows());
            }
            sources.forEach(VectorSchemaRoot::close);
            sources.clear();
        }
    }

    @Test
    void insertIfAbsentLeavesMatchedRowsAlone() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 18, 4, "s");
                MergeInsertResult result = ds.mergeInsert(new MergeInsertParams(List.of("id")), source)) {
            Map<Long, String> expected = named(0, 20, "n");
            expected.putAll(named(20, 22, "s"));
            assertEquals(expected, visible(result.dataset()));
            assertEquals(2, result.stats().numInsertedRows());
            assertEquals(0, result.stats().numUpdatedRows());
        }
    }

    @Test
    void replaceARangeDeletesTargetRowsTheSourceLacks() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 5, 3, "s");
                MergeInsertResult result = ds.mergeInsert(
                        new MergeInsertParams(List.of("id"))
                                .withMatchedUpdateAll()
                                .withNotMatchedBySourceDeleteIf("id < 10"),
                        source)) {
            Map<Long, String> expected = named(5, 8, "s");
            expected.putAll(named(10, 20, "n"));
            assertEquals(expected, visible(result.dataset()));
            assertEquals(7, result.stats().numDeletedRows());
            assertEquals(3, result.stats().numUpdatedRows());
        }
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 30, 2, "s");
                MergeInsertResult result =
                        ds.mergeInsert(new MergeInsertParams(List.of("id")).withNotMatchedBySourceDelete(), source)) {
            assertEquals(named(30, 32, "s"), visible(result.dataset()));
            assertEquals(
                    0,
                    result.dataset().getFragments().stream()
                            .filter(f -> f.getId() < 2)
                            .count(),
                    "wholly deleted fragments are dropped");
        }
    }

    @Test
    void matchedDeleteAndCompositeKeys() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator);
                ArrowReader source = rows(allocator, 3, 3, "n");
                MergeInsertResult result = ds.mergeInsert(
                        new MergeInsertParams(List.of("id", "name"))
                                .withMatchedDelete()
                                .withNotMatched(MergeInsertParams.WhenNotMatched.DoNothing),
                        source)) {
            Map<Long, String> expected = named(0, 20, "n");
            expected.keySet().removeAll(List.of(3L, 4L, 5L));
            assertEquals(expected, visible(result.dataset()));
            assertEquals(3, result.stats().numDeletedRows());
        }
    }

    @Test
    void ambiguousSourcesFailingMatchesAndSchemaMismatchesAreRefused() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            VectorSchemaRoot twice = VectorSchemaRoot.create(SCHEMA, allocator);
            sources.add(twice);
            ((BigIntVector) twice.getVector("id")).setSafe(0, 4);
            ((BigIntVector) twice.getVector("id")).setSafe(1, 4);
            twice.setRowCount(2);
            try (ArrowReader source = ArrowReaders.of(SCHEMA, List.of(twice), allocator)) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class,
                        () -> ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), source));
                assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
            }
            try (ArrowReader source = rows(allocator, 19, 2, "s")) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class,
                        () -> ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedFail(), source));
                assertTrue(e.getMessage().contains("19"), e.getMessage());
            }
            Schema other = new Schema(List.of(
                    new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null),
                    SCHEMA.getFields().get(1)));
            VectorSchemaRoot empty = VectorSchemaRoot.create(other, allocator);
            sources.add(empty);
            try (ArrowReader source = ArrowReaders.of(other, List.of(empty), allocator)) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class,
                        () -> ds.mergeInsert(new MergeInsertParams(List.of("id")), source));
                assertTrue(e.getMessage().contains("id"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> new MergeInsertParams(List.of()));
            assertEquals(1, ds.latestVersion(), "nothing committed");
        }
    }

    @Test
    void aMergeThatLosesToAConflictingDeleteIsRedoneOnTheNewestVersion() throws IOException {
        try (Dataset stale = Dataset.open(uri, allocator);
                Dataset other = Dataset.open(uri, allocator)) {
            other.delete("id = 12");
            try (ArrowReader source = rows(allocator, 11, 2, "s");
                    MergeInsertResult result =
                            stale.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), source)) {
                assertEquals(2, result.stats().numAttempts(), "the first attempt conflicted on fragment 1");
                assertEquals(1, result.stats().numUpdatedRows(), "id 12 was deleted meanwhile, so it is inserted");
                assertEquals(1, result.stats().numInsertedRows());
                Map<Long, String> expected = named(0, 20, "n");
                expected.put(11L, "s11");
                expected.put(12L, "s12");
                assertEquals(expected, visible(result.dataset()));
            }
            // no retries allowed; retries allowed, but no time for them
            for (MergeInsertParams noRetry : List.of(
                    new MergeInsertParams(List.of("id")).withMatchedUpdateAll().withConflictRetries(0),
                    new MergeInsertParams(List.of("id")).withMatchedUpdateAll().withRetryTimeoutMs(0))) {
                try (ArrowReader source = rows(allocator, 11, 1, "s")) {
                    assertThrows(CommitConflictException.class, () -> stale.mergeInsert(noRetry, source), "" + noRetry);
                }
            }
        }
        assertEquals(30_000, new MergeInsertParams(List.of("id")).retryTimeoutMs(), "the official default");
    }

    @Test
    void concurrentDeletesAndUpdatesOfOneFragmentRebaseRowByRow() throws IOException {
        try (Dataset stale = Dataset.open(uri, allocator);
                Dataset other = Dataset.open(uri, allocator)) {
            other.delete("id = 3");
            assertEquals(1, stale.update("id = 4", Map.of("name", "'x'")), "disjoint rows of fragment 0: rebased");
            assertEquals(3, stale.version());
            Map<Long, String> expected = named(0, 20, "n");
            expected.remove(3L);
            expected.put(4L, "x");
            assertEquals(expected, visible(stale));
            assertEquals(2, stale.getFragments().get(0).metadata().getNumDeletions(), "rows 3 and 4 deleted");
        }
        try (Dataset stale = Dataset.open(uri, allocator);
                Dataset other = Dataset.open(uri, allocator)) {
            other.update("id = 5", Map.of("name", "'y'"));
            assertThrows(
                    CommitConflictException.class,
                    () -> stale.delete("id = 5"),
                    "a row updated concurrently cannot be deleted blindly");
            assertThrows(
                    CommitConflictException.class,
                    () -> stale.update("id >= 5 AND id < 7", Map.of("name", "'z'")),
                    "two updates of one row would lose one");
            stale.delete("id = 6 OR id = 7");
            Map<Long, String> rows = visible(stale);
            assertEquals("y", rows.get(5L));
            assertTrue(!rows.containsKey(6L) && !rows.containsKey(7L));
            assertEquals(17, rows.size());
        }
    }
}
