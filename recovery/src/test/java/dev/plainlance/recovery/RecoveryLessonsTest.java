package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per recovery lesson of Omnigraph (see docs/multi-table-commits.md), each failing without its fix. */
class RecoveryLessonsTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private void crash(
            Storage root,
            Failpoint point,
            int n,
            java.util.function.Function<MultiTableCommit, MultiTableCommit> operation) {
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(30));
                Failpoints.Scope scope = CrashRecoveryTest.crashAt(point, n)) {
            assertThrows(
                    SimulatedCrash.class,
                    () -> operation.apply(session.newCommit()).commit());
        }
    }

    /** Lesson: a sidecar listed but gone when read is finished work, not an error. */
    @Test
    void aSidecarThatVanishesBetweenListAndReadIsFinishedWork() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 31);
        crash(root, RecoveryFailpoints.PUBLISHED, 1, c -> c.append("a", Tables.rows(allocator, 3, 2)));
        try (Failpoints.Scope scope = Failpoints.install(p -> {
                    if (p == RecoveryFailpoints.LISTED) {
                        try {
                            for (String key : RecoverySweep.pending(root)) {
                                root.delete(key);
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
                CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(32))) {
            assertEquals(
                    List.of(RecoveryOutcome.Kind.NOTHING_TO_DO),
                    session.openingSweep().stream().map(RecoveryOutcome::kind).toList());
        }
    }

    /**
     * Lesson: never infer equal content from fragment ids. A delete keeps the fragment ids and only adds a deletion
     * file; rolling it back must still restore the table.
     */
    @Test
    void aRolledBackDeleteIsRestoredAlthoughItsFragmentIdsAreUnchanged() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 33);
        crash(root, RecoveryFailpoints.TABLE_COMMITTED, 1, c -> c.delete("a", "id = 0")
                .append("b", Tables.rows(allocator, 102, 1)));
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(34))) {
            assertEquals(CrashRecoveryTest.BEFORE, Tables.visible(session));
            assertEquals(3, session.snapshot().pinnedVersion("main", "a"), "restore committed and republished");
            try (var head = dev.plainlance.lance.Dataset.open(
                    session.catalog().tableStorage(session.snapshot().path("a").orElseThrow()),
                    "a",
                    dev.plainlance.lance.ReadOptions.defaults())) {
                assertEquals(List.of(0L, 1L, 2L), Tables.ids(head), "HEAD itself has the rows back");
            }
        }
    }

    /** Lesson: classify and act per branch — a sidecar on "dev" is judged against dev's pins, not main's. */
    @Test
    void aSidecarIsClassifiedAgainstItsOwnBranch() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 35);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(36))) {
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            session.catalog()
                    .publish(PublishRequest.of(
                            List.of(
                                    new CatalogChange.SetPin("dev", "a", new Pin(2, 4)),
                                    new CatalogChange.SetPin("main", "a", new Pin(1, 3))),
                            Map.of(),
                            "setup",
                            "branch dev at a@2, main back at a@1"));
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(37))) {
            try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 1)) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit("dev")
                        .append("a", Tables.rows(allocator, 9, 1))
                        .commit());
            }
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(38))) {
            assertEquals(3, session.snapshot().pinnedVersion("dev", "a"));
            assertEquals(1, session.snapshot().pinnedVersion("main", "a"));
            assertEquals("dev", session.audit().get(0).branch());
        }
    }

    /**
     * Lesson: two processes recovering at once converge on one outcome and one audit record. The second recoverer
     * runs to the end while the first is paused at each step; the first then finishes without harm.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "recovery.sweep.before_restore",
                "recovery.sweep.before_publish",
                "recovery.sweep.before_audit",
                "recovery.sweep.before_sidecar_delete"
            })
    void concurrentRecoverersConverge(String pausedAt) {
        Failpoint pause = RecoveryFailpoints.ALL.stream()
                .filter(p -> p.name().equals(pausedAt))
                .findFirst()
                .orElseThrow();
        for (Failpoint writerCrash : List.of(RecoveryFailpoints.TABLE_COMMITTED, RecoveryFailpoints.PUBLISHED)) {
            Storage root = MultiTableCommitTest.twoTables(allocator, 39);
            crash(root, writerCrash, 1, c -> c.append("a", Tables.rows(allocator, 3, 2))
                    .delete("b", "id = 100"));
            boolean[] interleaved = {false};
            try (Failpoints.Scope scope = Failpoints.install(p -> {
                if (p == pause && !interleaved[0]) {
                    interleaved[0] = true;
                    CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(40))
                            .close();
                }
            })) {
                CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(41))
                        .close();
            }
            try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(42))) {
                boolean forward = writerCrash == RecoveryFailpoints.PUBLISHED;
                assertEquals(forward ? CrashRecoveryTest.AFTER : CrashRecoveryTest.BEFORE, Tables.visible(session));
                assertEquals(1, session.audit().size(), "one audit record (" + pausedAt + ")");
                assertEquals(List.of(), session.pendingSidecars());
                CrashRecoveryTest.assertPinsAreHeads(session);
            }
        }
    }

    /**
     * A writer decides its outcome from the catalog, not from its sidecar: here recovery rolls its operation
     * forward (and deletes the sidecar) while the writer is publishing, and another writer moves a pin on before
     * the writer retries. The operation is published, so the writer must report success, not a conflict.
     */
    @Test
    void aWriterWhoseOperationRecoveryRolledForwardIsAcknowledged() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 54);
        boolean[] interleaved = {false};
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(55));
                Failpoints.Scope scope = Failpoints.install(p -> {
                    if (p == dev.plainlance.catalog.CatalogFailpoints.PUBLISH_CHECKED && !interleaved[0]) {
                        interleaved[0] = true;
                        try (BufferAllocator other = new RootAllocator();
                                CatalogSession recoverer =
                                        CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(56))) {
                            assertEquals(
                                    List.of(RecoveryOutcome.Kind.ROLLED_FORWARD),
                                    recoverer.openingSweep().stream()
                                            .map(RecoveryOutcome::kind)
                                            .toList());
                            recoverer
                                    .newCommit()
                                    .append("a", Tables.rows(other, 500, 1))
                                    .commit();
                        }
                    }
                })) {
            MultiTableCommit.Result result = session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .delete("b", "id = 100")
                    .commit();
            assertTrue(interleaved[0]);
            assertEquals(Map.of("a", 2L, "b", 2L), result.versions());
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, Tables.options(57))) {
            assertEquals(Map.of("a", List.of(0L, 1L, 2L, 3L, 4L, 500L), "b", List.of(101L)), Tables.visible(session));
        }
    }

    /** Readers that open read-only never write, even with operations pending. */
    @Test
    void readOnlyOpensNeverWrite() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 43);
        crash(root, RecoveryFailpoints.TABLE_COMMITTED, 1, c -> c.append("a", Tables.rows(allocator, 3, 2))
                .append("b", Tables.rows(allocator, 200, 1)));
        Set<String> mutators = Set.of("putIfAbsent", "create", "replace", "delete");
        Storage readOnly = (Storage) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (mutators.contains(method.getName())) {
                        throw new AssertionError("a read-only open called " + method.getName() + "(" + args[0] + ")");
                    }
                    try {
                        return method.invoke(root, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (CatalogSession session = CatalogSession.open(readOnly, OpenMode.READ_ONLY, Tables.options(44))) {
            assertEquals(1, session.pendingSidecars().size());
            assertEquals(CrashRecoveryTest.BEFORE, Tables.visible(session));
            assertThrows(IllegalStateException.class, session::newCommit);
        }
    }

    /** A sidecar younger than the lease belongs to a writer that may still be working: it is left alone. */
    @Test
    void aSidecarWithinItsLeaseIsDeferred() {
        Tables.MovableClock clock = new Tables.MovableClock();
        Storage root = MultiTableCommitTest.twoTables(allocator, 45);
        try (CatalogSession session = CatalogSession.open(
                        root, OpenMode.READ_WRITE, Tables.options(clock, 46, Duration.ofSeconds(30)));
                Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 1)) {
            assertThrows(SimulatedCrash.class, () -> session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .append("b", Tables.rows(allocator, 200, 1))
                    .commit());
        }
        clock.advance(Duration.ofSeconds(10));
        try (CatalogSession session =
                CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(clock, 47, Duration.ofSeconds(30)))) {
            assertEquals(
                    List.of(RecoveryOutcome.Kind.DEFERRED),
                    session.openingSweep().stream().map(RecoveryOutcome::kind).toList());
            assertEquals(CrashRecoveryTest.BEFORE, Tables.visible(session));
            clock.advance(Duration.ofSeconds(30));
            assertEquals(
                    List.of(RecoveryOutcome.Kind.ROLLED_BACK),
                    session.recover().stream().map(RecoveryOutcome::kind).toList());
        }
    }

    /**
     * A recoverer that died after republishing a roll back, but before deleting the sidecar, is finished by the next
     * sweep even when later writers have moved the pins on meanwhile (found by MultiProcessCatalogTest).
     */
    @ParameterizedTest
    @ValueSource(strings = {"BEFORE_AUDIT", "BEFORE_SIDECAR_DELETE"})
    void aRollBackRepublishedBeforeLaterCommitsIsFinished(String recoveryPoint) {
        Tables.MovableClock clock = new Tables.MovableClock();
        Storage root = MultiTableCommitTest.twoTables(allocator, 48);
        crash(root, RecoveryFailpoints.TABLE_COMMITTED, 1, c -> c.append("a", Tables.rows(allocator, 3, 2))
                .delete("b", "id = 100"));
        try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(
                recoveryPoint.equals("BEFORE_AUDIT")
                        ? RecoveryFailpoints.BEFORE_AUDIT
                        : RecoveryFailpoints.BEFORE_SIDECAR_DELETE,
                1)) {
            assertThrows(SimulatedCrash.class, () -> CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(49))
                    .close());
        }
        try (CatalogSession later =
                CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(clock, 50, Duration.ofDays(365 * 10)))) {
            later.newCommit()
                    .append("a", Tables.rows(allocator, 7, 1))
                    .append("b", Tables.rows(allocator, 107, 1))
                    .commit();
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(51))) {
            assertEquals(Map.of("a", List.of(0L, 1L, 2L, 7L), "b", List.of(100L, 101L, 107L)), Tables.visible(session));
            assertEquals(List.of(), session.pendingSidecars());
            assertEquals(
                    List.of(RecoveryOutcome.Kind.ROLLED_BACK),
                    session.audit().stream().map(AuditRecord::kind).toList());
            CrashRecoveryTest.assertPinsAreHeads(session);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "{\"schema_version\": 2}",
                "[]",
                "{\"schema_version\":1,\"operation_id\":\"01JD0000000000000000000000\",\"started_at\":\"x\"}"
            })
    void aCorruptOrNewerSidecarIsRefusedNamingTheFile(String content) throws Exception {
        Storage root = MultiTableCommitTest.twoTables(allocator, 48);
        root.putIfAbsent(IntentSidecar.key("01JD0000000000000000000000"), content.getBytes(StandardCharsets.UTF_8));
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(49))) {
            RecoveryOutcome outcome = session.openingSweep().get(0);
            assertEquals(RecoveryOutcome.Kind.REFUSED, outcome.kind());
            String message = outcome.refusal().orElseThrow().getMessage();
            assertTrue(outcome.refusal().get() instanceof CorruptSidecarException, message);
            assertTrue(message.contains("01JD0000000000000000000000.json"), message);
        }
        assertTrue(
                root.readIfExists(IntentSidecar.key("01JD0000000000000000000000"))
                        .isPresent(),
                "left in place");
    }

    @Test
    void aTableBelowItsPinAbortsRecoveryNamingTheSidecar() throws Exception {
        Storage root = MultiTableCommitTest.twoTables(allocator, 50);
        crash(root, RecoveryFailpoints.SIDECAR_WRITTEN, 1, c -> c.append("a", Tables.rows(allocator, 3, 2)));
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, Tables.options(51))) {
            session.catalog()
                    .publish(PublishRequest.of(
                            List.of(new CatalogChange.SetPin("main", "a", new Pin(7, 3))),
                            Map.of(),
                            "operator",
                            "a broken pin"));
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(52))) {
            RecoveryOutcome outcome = session.openingSweep().get(0);
            assertEquals(RecoveryOutcome.Kind.REFUSED, outcome.kind());
            String message = outcome.refusal().orElseThrow().getMessage();
            assertTrue(outcome.refusal().get() instanceof RecoveryInvariantException, message);
            assertTrue(message.contains("__recovery/") && message.contains("below its pin 7"), message);
            assertEquals(Set.of("a"), outcome.blockedTables());
        }
    }

    @Test
    void emptyStorageIsNotACatalog() {
        assertThrows(
                dev.plainlance.lance.error.NotFoundException.class,
                () -> CatalogSession.open(new InMemoryStorage(), OpenMode.READ_ONLY, Tables.options(53)));
    }
}
