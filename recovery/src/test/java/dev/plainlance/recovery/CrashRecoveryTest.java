package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A writer crashes at each failpoint of phases A–D (and at each hit of the per-table point); then recovery, itself
 * crashed at each of its own failpoints, is finished by a later open. Readers always see exactly the state before
 * or after the operation, recovery leaves no sidecar, records one audit row, and a second open changes nothing.
 */
class CrashRecoveryTest {
    static final Map<String, List<Long>> BEFORE = Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 101L));
    static final Map<String, List<Long>> AFTER = Map.of("a", List.of(0L, 1L, 2L, 3L, 4L), "b", List.of(101L));

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** A new, empty catalog root; subclasses run these tests on other storages. */
    Storage newRoot() {
        return new InMemoryStorage();
    }

    /** A handler that crashes at the {@code n}th hit of {@code point}. */
    static Failpoints.Scope crashAt(Failpoint point, int n) {
        int[] seen = {0};
        return Failpoints.install(p -> {
            if (p == point && ++seen[0] == n) {
                throw new SimulatedCrash(p);
            }
        });
    }

    static Stream<Arguments> writerCrashes() {
        return Stream.of(
                Arguments.of(RecoveryFailpoints.STAGED, 1, BEFORE, null),
                Arguments.of(RecoveryFailpoints.SIDECAR_WRITTEN, 1, BEFORE, "ROLLED_BACK"),
                Arguments.of(RecoveryFailpoints.TABLE_COMMITTED, 1, BEFORE, "ROLLED_BACK"),
                Arguments.of(RecoveryFailpoints.TABLE_COMMITTED, 2, AFTER, "ROLLED_FORWARD"),
                Arguments.of(RecoveryFailpoints.PUBLISHED, 1, AFTER, "ROLLED_FORWARD"),
                Arguments.of(RecoveryFailpoints.SIDECAR_DELETED, 1, AFTER, null));
    }

    private void crashingCommit(Storage root, Failpoint point, int n) {
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(20));
                Failpoints.Scope scope = crashAt(point, n)) {
            assertThrows(SimulatedCrash.class, () -> session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .delete("b", "id = 100")
                    .actor("alice")
                    .commit());
        }
    }

    @ParameterizedTest(name = "writer crashes at {0} #{1}")
    @MethodSource("writerCrashes")
    void aCrashedWriterIsRecoveredToBeforeOrAfter(
            Failpoint point, int n, Map<String, List<Long>> expected, String auditKind) {
        Storage root = MultiTableCommitTest.twoTables(newRoot(), allocator, 10);
        crashingCommit(root, point, n);
        try (CatalogSession readOnly = CatalogSession.open(root, OpenMode.READ_ONLY, Tables.options(21))) {
            Map<String, List<Long>> seen = Tables.visible(readOnly);
            assertTrue(seen.equals(BEFORE) || seen.equals(AFTER), "readers see a whole state, never a mix: " + seen);
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(22))) {
            assertEquals(expected, Tables.visible(session));
            assertEquals(List.of(), session.pendingSidecars());
            assertPinsAreHeads(session);
            List<String> kinds =
                    session.audit().stream().map(r -> r.kind().name()).toList();
            assertEquals(auditKind == null ? List.of() : List.of(auditKind), kinds);
            if (auditKind != null) {
                assertEquals("alice", session.audit().get(0).actor().orElseThrow());
            }
            long manifestVersion = session.snapshot().manifestVersion();
            session.newCommit().append("a", Tables.rows(allocator, 50, 1)).commit();
            assertEquals(manifestVersion + 1, session.snapshot().manifestVersion(), "later writers are not wedged");
        }
    }

    static Stream<Arguments> recoveryCrashes() {
        return Stream.of(RecoveryFailpoints.TABLE_COMMITTED, RecoveryFailpoints.PUBLISHED)
                .flatMap(writerPoint -> RecoveryFailpoints.RECOVERY.stream()
                        .map(recoveryPoint -> Arguments.of(writerPoint, recoveryPoint)));
    }

    @ParameterizedTest(name = "writer crashes at {0}, recovery crashes at {1}")
    @MethodSource("recoveryCrashes")
    void aCrashInsideRecoveryIsFinishedByTheNextOpen(Failpoint writerPoint, Failpoint recoveryPoint) {
        Storage root = MultiTableCommitTest.twoTables(newRoot(), allocator, 11);
        crashingCommit(root, writerPoint, 1);
        boolean crashed;
        try (Failpoints.Scope scope = crashAt(recoveryPoint, 1)) {
            CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(23)).close();
            crashed = false;
        } catch (SimulatedCrash expected) {
            crashed = true;
        }
        boolean rollsForward = writerPoint == RecoveryFailpoints.PUBLISHED;
        boolean pointOnPath = recoveryPoint != RecoveryFailpoints.BEFORE_RESTORE || !rollsForward;
        assertEquals(pointOnPath, crashed, "recovery passes " + recoveryPoint);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(24))) {
            assertEquals(rollsForward ? AFTER : BEFORE, Tables.visible(session));
            assertEquals(List.of(), session.pendingSidecars());
            assertEquals(1, session.audit().size(), "one audit record per operation");
            assertEquals(
                    rollsForward ? "ROLLED_FORWARD" : "ROLLED_BACK",
                    session.audit().get(0).kind().name());
            assertPinsAreHeads(session);
            long manifestVersion = session.snapshot().manifestVersion();
            try (CatalogSession again = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(25))) {
                assertEquals(manifestVersion, again.snapshot().manifestVersion(), "a second open changes nothing");
                assertEquals(1, again.audit().size());
            }
        }
    }

    /** Rollback republishes: every pin is its table's newest version again. */
    static void assertPinsAreHeads(CatalogSession session) {
        session.snapshot()
                .pins("main")
                .forEach((key, pin) -> assertEquals(
                        new TableVersions(session.catalog()
                                        .tableStorage(
                                                session.snapshot().path(key).orElseThrow()))
                                .head(),
                        pin.version(),
                        "pin of " + key + " equals its HEAD"));
    }
}
