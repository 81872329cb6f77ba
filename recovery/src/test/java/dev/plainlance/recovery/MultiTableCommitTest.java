package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MultiTableCommitTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** A catalog with tables a = [0, 1, 2] and b = [100, 101]. */
    static Storage twoTables(BufferAllocator allocator, long seed) {
        return twoTables(new InMemoryStorage(), allocator, seed);
    }

    /** A new, empty catalog root; subclasses run these tests on other storages. */
    Storage newRoot() {
        return new InMemoryStorage();
    }

    /** Tables a = [0, 1, 2] and b = [100, 101] in a new catalog at {@code root}. */
    static Storage twoTables(Storage root, BufferAllocator allocator, long seed) {
        try (CatalogSession session = CatalogSession.create(root, Tables.options(seed), "setup")) {
            session.newCommit()
                    .createTable("a", Tables.rows(allocator, 0, 3))
                    .createTable("b", Tables.rows(allocator, 100, 2))
                    .actor("setup")
                    .commit();
        }
        return root;
    }

    @Test
    void commitsSeveralTablesAtOnceAndLeavesNoSidecar() {
        Storage root = twoTables(newRoot(), allocator, 1);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(2))) {
            assertEquals(Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 101L)), Tables.visible(session));
            MultiTableCommit.Result result = session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .delete("b", "id = 100")
                    .actor("alice")
                    .message("move")
                    .commit();
            assertEquals(Map.of("a", 2L, "b", 2L), result.versions());
            assertEquals(Map.of("a", List.of(0L, 1L, 2L, 3L, 4L), "b", List.of(101L)), Tables.visible(session));
            assertEquals(5, session.snapshot().pin("main", "a").orElseThrow().rowCount());
            assertEquals(List.of(), session.pendingSidecars());
            assertEquals("alice", session.catalog().log().get(0).actor());
            assertEquals(
                    result.operationId(),
                    session.catalog().log().get(0).operationId().orElseThrow());
        }
    }

    @Test
    void aDeleteMatchingNothingDoesNotMoveItsTable() {
        Storage root = twoTables(newRoot(), allocator, 3);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(4))) {
            MultiTableCommit.Result result = session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 1))
                    .delete("b", "id = 999")
                    .commit();
            assertEquals(Map.of("a", 2L), result.versions());
            assertEquals(1, session.snapshot().pinnedVersion("main", "b"));
        }
    }

    /**
     * Every table of the commit is committed when a table it only read ({@link MultiTableCommit#expecting}) moves: the
     * publish fails, and the commit must be rolled back, not rolled forward by the recovery it runs then.
     */
    @Test
    void aReadDependencyThatMovesAfterTheTableCommitsRollsTheCommitBack() {
        Storage root = twoTables(newRoot(), allocator, 7);
        java.time.Duration lease = java.time.Duration.ofHours(1); // nobody recovers the live writer's sidecar
        try (CatalogSession reader = CatalogSession.open(
                        root,
                        OpenMode.READ_WRITE,
                        Tables.options(Tables.options(8).catalog().clock(), 8, lease));
                CatalogSession other = CatalogSession.open(
                        root,
                        OpenMode.READ_WRITE,
                        Tables.options(Tables.options(9).catalog().clock(), 9, lease))) {
            boolean[] raced = {false};
            try (Failpoints.Scope scope = Failpoints.install(p -> {
                if (p == RecoveryFailpoints.TABLE_COMMITTED && !raced[0]) {
                    raced[0] = true;
                    other.newCommit().delete("b", "id = 100").commit();
                }
            })) {
                MultiTableCommit commit = reader.newCommit()
                        .basedOn(reader.snapshot())
                        .append("a", Tables.rows(allocator, 3, 1))
                        .expecting("b");
                assertThrows(CommitConflictException.class, commit::commit);
            }
            assertEquals(Map.of("a", List.of(0L, 1L, 2L), "b", List.of(101L)), Tables.visible(reader));
            assertEquals(List.of(), reader.pendingSidecars());
            assertEquals("ROLLED_BACK", reader.audit().get(0).kind().name());
            CrashRecoveryTest.assertPinsAreHeads(reader);
        }
    }

    @Test
    void aTableOffItsPinRefusesTheCommitBeforeWritingAnything() {
        Storage root = twoTables(newRoot(), allocator, 5);
        try (CatalogSession session = CatalogSession.open(
                root,
                OpenMode.READ_WRITE,
                Tables.options(Tables.options(6).catalog().clock(), 6, java.time.Duration.ofHours(1)))) {
            Failpoint crashAt = RecoveryFailpoints.TABLE_COMMITTED;
            try (Failpoints.Scope scope = Failpoints.install(p -> {
                if (p == crashAt) {
                    throw new SimulatedCrash(p);
                }
            })) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit()
                        .append("a", Tables.rows(allocator, 3, 1))
                        .append("b", Tables.rows(allocator, 102, 1))
                        .commit());
            }
            ExpectedVersionMismatchException busy =
                    assertThrows(ExpectedVersionMismatchException.class, () -> session.newCommit()
                            .append("a", Tables.rows(allocator, 9, 1))
                            .commit());
            assertEquals(1, busy.expected());
            assertEquals(2, busy.actual());
            assertEquals(Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 101L)), Tables.visible(session));
        }
    }

    @Test
    void twoWritersOnOverlappingTablesNeverInterleave() throws Exception {
        Storage root = twoTables(newRoot(), allocator, 7);
        int writers = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<java.util.concurrent.Callable<Void>> tasks = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long first = 1000L * (w + 1);
                long seed = 100 + w;
                tasks.add(() -> {
                    try (BufferAllocator mine = new RootAllocator();
                            CatalogSession session =
                                    CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(seed))) {
                        for (int i = 0; i < 5; i++) {
                            try {
                                session.newCommit()
                                        .append("a", Tables.rows(mine, first + i, 1))
                                        .append("b", Tables.rows(mine, first + i, 1))
                                        .commit();
                                committed.incrementAndGet();
                            } catch (CommitConflictException | ExpectedVersionMismatchException lost) {
                                // another writer won this round: nothing of ours is visible
                            }
                        }
                    }
                    return null;
                });
            }
            for (java.util.concurrent.Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(8))) {
            Map<String, List<Long>> visible = Tables.visible(session);
            List<Long> a = new java.util.ArrayList<>(visible.get("a"));
            List<Long> b = new java.util.ArrayList<>(visible.get("b"));
            a.removeAll(List.of(0L, 1L, 2L));
            b.removeAll(List.of(100L, 101L));
            assertEquals(a, b, "every commit is in both tables or in neither");
            assertEquals(committed.get(), a.size());
            assertTrue(committed.get() >= 1);
            assertEquals(List.of(), session.pendingSidecars());
        }
    }
}
