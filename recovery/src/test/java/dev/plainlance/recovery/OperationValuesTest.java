package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogView;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.operation.DeleteWhere;
import dev.plainlance.lance.operation.MergeInsert;
import dev.plainlance.lance.operation.UpdateWhere;
import dev.plainlance.lance.operation.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multi-table commits over table operations as values: re-staged after conflicts, previewed, read as one state. */
class OperationValuesTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /**
     * Runs {@code interloper} once, the first time a multi-table commit finishes staging (before its sidecar), so
     * that it lands between that commit's staging and its table commits.
     */
    private static Failpoints.Scope onFirstStaging(Runnable interloper) {
        boolean[] done = {false};
        return Failpoints.install(point -> {
            if (point == RecoveryFailpoints.STAGED && !done[0]) {
                done[0] = true;
                interloper.run();
            }
        });
    }

    @Test
    void aMergeInsertAndAnUpdateAreStagedAgainAfterAConflictAndSeeTheNewerRows() throws IOException {
        Storage root = MultiTableCommitTest.twoTables(allocator, 11);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(12));
                ArrowReader source = Tables.rows(allocator, 2, 2);
                MergeInsert upsert =
                        new MergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), source)) {
            MultiTableCommit.Result result;
            try (Failpoints.Scope scope = onFirstStaging(() -> session.newCommit()
                    .append("b", Tables.rows(allocator, 102, 1))
                    .actor("interloper")
                    .commit())) {
                result = session.newCommit()
                        .apply("a", upsert)
                        .apply("b", new UpdateWhere(Optional.of("id >= 100"), Map.of("name", "'updated'")))
                        .actor("alice")
                        .commit();
            }
            assertEquals(2, result.attempts(), "the first attempt lost table b to the interloper");
            assertEquals(3, result.results().get("b").rowsAffected(), "the re-staged update saw the interloper's row");
            assertEquals(Map.of(0L, "n0", 1L, "n1", 2L, "n2", 3L, "n3"), rows(session, "a"), "upserted exactly once");
            assertEquals(
                    Map.of(100L, "updated", 101L, "updated", 102L, "updated"),
                    rows(session, "b"),
                    "the update covers the row that landed before it");
            assertEquals(List.of(), session.pendingSidecars());
            assertEquals("alice", session.catalog().log().get(0).actor());
        }
    }

    @Test
    void withoutRetriesTheConflictReachesTheCallerAndNothingOfItIsVisible() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 13);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(14))) {
            try (Failpoints.Scope scope = onFirstStaging(() -> session.newCommit()
                    .append("b", Tables.rows(allocator, 102, 1))
                    .commit())) {
                assertThrows(CommitConflictException.class, () -> session.newCommit()
                        .delete("a", "id = 0")
                        .apply("b", new DeleteWhere("id = 100"))
                        .withConflictRetries(0)
                        .commit());
            }
            assertEquals(Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 101L, 102L)), Tables.visible(session));
        }
    }

    @Test
    void aCreatedTableSurvivesARetryWithItsRowsWrittenOnce() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 15);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(16))) {
            MultiTableCommit.Result result;
            try (Failpoints.Scope scope = onFirstStaging(() -> session.newCommit()
                    .append("b", Tables.rows(allocator, 102, 1))
                    .commit())) {
                result = session.newCommit()
                        .createTable("c", Tables.rows(allocator, 500, 3))
                        .delete("b", "id = 101")
                        .commit();
            }
            assertEquals(2, result.attempts());
            assertEquals(
                    Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 102L), "c", List.of(500L, 501L, 502L)),
                    Tables.visible(session));
            assertEquals(1, session.snapshot().pinnedVersion("main", "c"));
        }
    }

    @Test
    void aViewKeepsReadingItsStateWhileLaterCommitsLand() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 17);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(18))) {
            CatalogView view = session.view();
            session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 1))
                    .delete("b", "id = 100")
                    .commit();
            assertEquals(List.of(0L, 1L, 2L), ids(view, "a"));
            assertEquals(List.of(100L, 101L), ids(view, "b"));
            assertEquals(List.of(0L, 1L, 2L, 3L), ids(session.view(), "a"));
        }
    }

    @Test
    void aPreviewShowsTheCommitsOwnWritesBeforeAnythingIsVisible() throws IOException {
        Storage root = MultiTableCommitTest.twoTables(allocator, 19);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(20));
                ArrowReader appended = Tables.rows(allocator, 3, 2)) {
            MultiTableCommit commit = session.newCommit()
                    .apply("a", Write.append(appended))
                    .delete("b", "id = 101")
                    .createTable("c", Tables.rows(allocator, 7, 1));
            CatalogView preview = commit.preview();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), ids(preview, "a"));
            assertEquals(List.of(100L), ids(preview, "b"));
            assertEquals(List.of(7L), ids(preview, "c"));
            assertTrue(preview.isStaged("c"));
            assertEquals(
                    Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 101L)),
                    Tables.visible(session),
                    "a preview commits nothing");
            MultiTableCommit.Result result = commit.commit();
            assertEquals(1, result.attempts());
            assertEquals(
                    Map.of("a", List.of(0L, 1L, 2L, 3L, 4L), "b", List.of(100L), "c", List.of(7L)),
                    Tables.visible(session));
        }
    }

    @Test
    void aDroppedTableLeavesTheCatalogAndCannotBeMixedWithWrites() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 21);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(22))) {
            assertThrows(IllegalArgumentException.class, () -> session.newCommit()
                    .dropTable("a")
                    .delete("b", "id = 100")
                    .commit());
            session.newCommit().dropTable("a").commit();
            assertFalse(session.snapshot().tables().containsKey("a"));
            assertEquals(Map.of("b", List.of(100L, 101L)), Tables.visible(session));
            assertTrue(session.snapshot().tombstones().contains("a"));
        }
    }

    @Test
    void compactionThroughTheCatalogMovesThePinAndKeepsTheTableWritable() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 23);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(24))) {
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            session.newCommit().append("a", Tables.rows(allocator, 4, 1)).commit();
            try (Dataset a = session.openTable("a")) {
                assertEquals(3, a.getFragments().size());
            }
            MultiTableCommit.Result compacted = session.compact("main", "a", CompactionOptions.defaults());
            assertEquals(Map.of("a", 4L), compacted.versions());
            try (Dataset a = session.openTable("a")) {
                assertEquals(4, a.version());
                assertEquals(4, a.latestVersion(), "no ReserveFragments versions past the pin");
                assertEquals(1, a.getFragments().size());
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L), Tables.ids(a));
            }
            session.newCommit().append("a", Tables.rows(allocator, 5, 1)).commit();
            assertEquals(
                    List.of(0L, 1L, 2L, 3L, 4L, 5L), Tables.visible(session).get("a"));
            assertEquals(
                    Map.of(),
                    session.compact("main", "b", CompactionOptions.defaults()).versions(),
                    "one fragment: nothing to compact, nothing committed");
            assertEquals(1, session.snapshot().pinnedVersion("main", "b"));
        }
    }

    private List<Long> ids(CatalogView view, String key) {
        try (Dataset table = view.open(key, allocator)) {
            return Tables.ids(table);
        }
    }

    private Map<Long, String> rows(CatalogSession session, String key) {
        Map<Long, String> out = new TreeMap<>();
        try (Dataset table = session.openTable(key);
                LanceScanner scanner = table.newScan(ScanOptions.defaults());
                ArrowReader batches = scanner.scanBatches()) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                BigIntVector id = (BigIntVector) root.getVector("id");
                VarCharVector name = (VarCharVector) root.getVector("name");
                for (int i = 0; i < root.getRowCount(); i++) {
                    out.put(id.get(i), name.getObject(i).toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
