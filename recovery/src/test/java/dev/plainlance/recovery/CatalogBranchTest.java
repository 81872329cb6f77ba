package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.InvalidNameException;
import dev.plainlance.catalog.Pin;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Catalog branches made by {@link CatalogSession#createBranch}: each writes its tables on Lance branches of its own. */
class CatalogBranchTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private static Map<String, List<Long>> visible(CatalogSession session, String branch) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String key : session.snapshot().pins(branch).keySet()) {
            try (Dataset table = session.openTable(branch, key)) {
                out.put(key, Tables.ids(table));
            }
        }
        return out;
    }

    private static List<Long> range(long first, long endExclusive) {
        List<Long> out = new ArrayList<>();
        for (long i = first; i < endExclusive; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void writersOfMainAndABranchTakeTurnsWithoutMovingEachOthersTables() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 1);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(2))) {
            session.createBranch("dev", "main", Optional.empty(), "tester");
            for (int i = 0; i < 4; i++) {
                session.newCommit("dev")
                        .append("a", Tables.rows(allocator, 1000 + i, 1))
                        .commit();
                session.newCommit()
                        .append("a", Tables.rows(allocator, 3 + i, 1))
                        .commit();
            }
            session.newCommit("dev").delete("b", "id = 100").commit();
            assertEquals(
                    Map.of("a", range(0, 7), "b", List.of(100L, 101L)),
                    visible(session, "main"),
                    "main never sees the branch's writes");
            List<Long> devA = new ArrayList<>(range(0, 3));
            devA.addAll(range(1000, 1004));
            assertEquals(Map.of("a", devA, "b", List.of(101L)), visible(session, "dev"));
            Pin devPin = session.snapshot().pin("dev", "a").orElseThrow();
            assertTrue(devPin.lanceBranch().isPresent(), "the branch writes a Lance branch of table a");
            assertTrue(session.snapshot()
                    .pin("main", "a")
                    .orElseThrow()
                    .lanceBranch()
                    .isEmpty());
            assertEquals(1, session.snapshot().branchInfo().size());
        }
    }

    @Test
    void aBranchFromAnOlderCommitStartsWithThatCommitsPinsAndHistory() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 3);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(4))) {
            String first = session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 1))
                    .commit()
                    .published()
                    .head()
                    .id();
            session.newCommit().append("a", Tables.rows(allocator, 4, 1)).commit();
            session.createBranch("old", "main", Optional.of(first), "tester");
            assertEquals(range(0, 4), visible(session, "old").get("a"));
            assertEquals(Optional.of(first), session.snapshot().headOf("old"));
            CatalogCommit onOld = session.newCommit("old")
                    .append("a", Tables.rows(allocator, 50, 1))
                    .commit()
                    .published()
                    .head();
            assertEquals("old", onOld.branch());
            assertEquals(List.of(first), onOld.parents(), "a branch's first commit follows its fork commit");
            assertEquals(Optional.of(onOld.id()), session.snapshot().headOf("old"));
            CatalogCommit onMain = session.newCommit()
                    .append("a", Tables.rows(allocator, 5, 1))
                    .commit()
                    .published()
                    .head();
            assertEquals("main", onMain.branch());
            assertFalse(onMain.parents().contains(onOld.id()), "main's commit does not follow the branch's");
            List<Long> old = new ArrayList<>(range(0, 4));
            old.add(50L);
            assertEquals(old, visible(session, "old").get("a"));
            assertEquals(range(0, 6), visible(session, "main").get("a"));
        }
    }

    @Test
    void aBranchOfABranchForksFromItsParentsLanceBranch() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 5);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(6))) {
            session.createBranch("dev", "main", Optional.empty(), "tester");
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            session.createBranch("feature", "dev", Optional.empty(), "tester");
            session.newCommit("feature")
                    .append("a", Tables.rows(allocator, 2000, 1))
                    .commit();
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1001, 1))
                    .commit();
            assertEquals(
                    List.of(0L, 1L, 2L, 1000L, 2000L),
                    visible(session, "feature").get("a"));
            assertEquals(
                    List.of(0L, 1L, 2L, 1000L, 1001L), visible(session, "dev").get("a"));
            assertEquals(range(0, 3), visible(session, "main").get("a"));
        }
    }

    @Test
    void deletingABranchKeepsMainAndRollsBackItsPendingOperation() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 7);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(8))) {
            session.createBranch("dev", "main", Optional.empty(), "tester");
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 1)) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit("dev")
                        .append("a", Tables.rows(allocator, 1001, 1))
                        .commit());
            }
            assertEquals(1, session.pendingSidecars().size());
            session.deleteBranch("dev", "tester");
            assertFalse(session.snapshot().branches().contains("dev"));
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(9))) {
            assertEquals(List.of(), session.pendingSidecars(), "the orphaned operation is rolled back");
            assertEquals(
                    RecoveryOutcome.Kind.ROLLED_BACK,
                    session.openingSweep().get(0).kind());
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            assertEquals(Map.of("a", range(0, 4), "b", List.of(100L, 101L)), Tables.visible(session));
            session.createBranch("dev", "main", Optional.empty(), "tester");
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1002, 1))
                    .commit();
            List<Long> dev = new ArrayList<>(range(0, 4));
            dev.add(1002L);
            assertEquals(dev, visible(session, "dev").get("a"), "a branch made again under the name starts afresh");
        }
    }

    @Test
    void recoveringABranchsOperationIsNoCommitOfMain() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 23);
        String mainHead;
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(24))) {
            session.createBranch("dev", "main", Optional.empty(), "tester");
            mainHead = session.snapshot().headOf("main").orElseThrow();
            try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 1)) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit("dev")
                        .append("a", Tables.rows(allocator, 1000, 1))
                        .append("b", Tables.rows(allocator, 1001, 1))
                        .commit());
            }
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(25))) {
            assertEquals(
                    RecoveryOutcome.Kind.ROLLED_BACK,
                    session.openingSweep().get(0).kind());
            assertEquals(Optional.of(mainHead), session.snapshot().headOf("main"), "main's head did not move");
            assertEquals(Map.of("a", range(0, 3), "b", List.of(100L, 101L)), visible(session, "dev"));
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            assertEquals(range(0, 4), visible(session, "main").get("a"));
        }
    }

    @Test
    void aCrashAfterForkingLeavesAnUnpinnedLanceBranchAndTheNextWriteForksAgain() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 11);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(12))) {
            session.createBranch("dev", "main", Optional.empty(), "tester");
            try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.FORKED, 1)) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit("dev")
                        .append("a", Tables.rows(allocator, 1000, 1))
                        .commit());
            }
            assertTrue(session.snapshot()
                    .pin("dev", "a")
                    .orElseThrow()
                    .lanceBranch()
                    .isEmpty());
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            assertEquals(List.of(0L, 1L, 2L, 1000L), visible(session, "dev").get("a"));
            assertEquals(range(0, 3), visible(session, "main").get("a"));
        }
    }

    @Test
    void badNamesAndDuplicateBranchesAreRefusedBeforeAnythingIsWritten() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 13);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(14))) {
            long before = session.snapshot().manifestVersion();
            assertThrows(
                    InvalidNameException.class, () -> session.createBranch("bad/name", "main", Optional.empty(), "t"));
            assertThrows(InvalidNameException.class, () -> session.createBranch("main", "main", Optional.empty(), "t"));
            assertThrows(
                    IllegalArgumentException.class, () -> session.createBranch("x", "nope", Optional.empty(), "t"));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> session.createBranch("x", "main", Optional.of("01NOSUCHCOMMIT"), "t"));
            assertThrows(IllegalArgumentException.class, () -> session.deleteBranch("nope", "t"));
            assertEquals(before, session.snapshot().manifestVersion());
            session.createBranch("dev", "main", Optional.empty(), "tester");
            assertThrows(
                    IllegalArgumentException.class, () -> session.createBranch("dev", "main", Optional.empty(), "t"));
        }
    }

    @Test
    void theStateWithBranchesSurvivesAReopen() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 15);
        CatalogSnapshot written;
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(16))) {
            session.createBranch("dev", "main", Optional.empty(), "tester");
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            written = session.snapshot();
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, Tables.options(17))) {
            CatalogSnapshot read = session.snapshot();
            assertEquals(written.pins(), read.pins());
            assertEquals(written.branchInfo(), read.branchInfo());
            assertEquals(written.heads(), read.heads());
            assertEquals(written.head().parents(), read.head().parents());
            assertEquals("dev", read.head().branch());
        }
    }

    @Test
    void cleanupKeepsWhatABranchReads() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 19);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(20))) {
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            session.createBranch("dev", "main", Optional.empty(), "tester");
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            for (int i = 0; i < 5; i++) {
                session.newCommit()
                        .append("a", Tables.rows(allocator, 4 + i, 1))
                        .commit();
                session.newCommit().delete("a", "id = " + (4 + i)).commit();
            }
            session.cleanup(java.time.Duration.ZERO, 1);
            assertEquals(List.of(0L, 1L, 2L, 3L, 1000L), visible(session, "dev").get("a"));
            assertEquals(range(0, 4), visible(session, "main").get("a"));
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1001, 1))
                    .commit();
            assertEquals(
                    List.of(0L, 1L, 2L, 3L, 1000L, 1001L),
                    visible(session, "dev").get("a"));
        }
    }

    /** A clock tests move forward. */
    static final class MovingClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-11-22T10:00:00Z");

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void cleanupRemovesTheForksOfDeletedBranchesAndDeadAttemptsOnly() {
        MovingClock clock = new MovingClock();
        RecoveryOptions options = Tables.options(clock, 22, java.time.Duration.ofSeconds(30));
        Storage root = MultiTableCommitTest.twoTables(new dev.plainlance.lance.io.InMemoryStorage(), allocator, 21);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, options)) {
            session.createBranch("gone", "main", Optional.empty(), "tester");
            session.newCommit("gone")
                    .append("a", Tables.rows(allocator, 500, 1))
                    .commit();
            String goneFork = session.snapshot()
                    .pin("gone", "a")
                    .orElseThrow()
                    .lanceBranch()
                    .orElseThrow();
            session.createBranch("dev", "main", Optional.empty(), "tester");
            try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.FORKED, 1)) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit("dev")
                        .append("a", Tables.rows(allocator, 1000, 1))
                        .commit());
            }
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1000, 1))
                    .commit();
            String devFork = session.snapshot()
                    .pin("dev", "a")
                    .orElseThrow()
                    .lanceBranch()
                    .orElseThrow();
            session.deleteBranch("gone", "tester");
            assertEquals(3, lanceBranches(session).size(), "the deleted branch's, the dead attempt's and dev's forks");

            assertEquals(Map.of(), session.cleanup(java.time.Duration.ZERO, 1).forks(), "younger than the lease");
            clock.advance(java.time.Duration.ofMinutes(5));
            CatalogCleanup.Result result = session.cleanup(java.time.Duration.ZERO, 1);
            assertEquals(1, result.forks().size());
            assertEquals(2, result.forks().get("a").size());
            assertTrue(result.forks().get("a").contains(goneFork));
            assertEquals(List.of(devFork), lanceBranches(session));
            assertEquals(List.of(0L, 1L, 2L, 1000L), visible(session, "dev").get("a"));
            assertEquals(range(0, 3), visible(session, "main").get("a"));
            session.newCommit("dev")
                    .append("a", Tables.rows(allocator, 1001, 1))
                    .commit();
            assertEquals(
                    List.of(0L, 1L, 2L, 1000L, 1001L), visible(session, "dev").get("a"));
        }
    }

    private static List<String> lanceBranches(CatalogSession session) {
        return new dev.plainlance.lance.table.BranchStore(session.catalog()
                        .tableStorage(session.snapshot().path("a").orElseThrow()))
                .list().stream().map(dev.plainlance.lance.table.Branch::getName).toList();
    }
}
