package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 12: a stuck or damaged sidecar never stops unrelated writers, and is never half-applied. */
class SidecarSafetyTest {
    private static final String JUNK = "01JD0000000000000000000000";

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void anUnreadableSidecarDoesNotStopWritersAndCanBeQuarantined() throws Exception {
        Storage root = MultiTableCommitTest.twoTables(allocator, 90);
        root.putIfAbsent(IntentSidecar.key(JUNK), "{not json".getBytes(StandardCharsets.UTF_8));
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(91))) {
            assertEquals(
                    RecoveryOutcome.Kind.REFUSED, session.openingSweep().get(0).kind());
            assertEquals(Set.of(), session.openingSweep().get(0).blockedTables());
            session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 1))
                    .createTable("c", Tables.rows(allocator, 200, 1))
                    .commit();
            assertEquals(List.of(0L, 1L, 2L, 3L), Tables.visible(session).get("a"));
            assertEquals(List.of(IntentSidecar.key(JUNK)), session.pendingSidecars());

            assertEquals("__recovery/quarantine/" + JUNK + ".json", session.quarantine(JUNK));
            assertEquals(List.of(), session.pendingSidecars());
            assertTrue(
                    root.readIfExists("__recovery/quarantine/" + JUNK + ".json").isPresent(), "kept, not deleted");
            assertEquals(
                    List.of(RecoveryOutcome.Kind.QUARANTINED),
                    session.audit().stream().map(AuditRecord::kind).toList());
            assertEquals(List.of(), session.recover());
        }
    }

    @Test
    void onlyARefusedSidecarCanBeQuarantined() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 92);
        String id;
        try (CatalogSession session = CatalogSession.open(
                        root,
                        OpenMode.READ_WRITE,
                        Tables.options(new Tables.MovableClock(), 93, java.time.Duration.ofHours(1)));
                Failpoints.Scope crash = CrashRecoveryTest.crashAt(RecoveryFailpoints.SIDECAR_WRITTEN, 1)) {
            MultiTableCommit commit = session.newCommit().append("a", Tables.rows(allocator, 3, 1));
            id = commit.operationId();
            assertThrows(SimulatedCrash.class, commit::commit);
        }
        try (CatalogSession session = CatalogSession.open(
                root,
                OpenMode.READ_WRITE,
                Tables.options(new Tables.MovableClock(), 94, java.time.Duration.ofHours(1)))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.quarantine(id));
            assertTrue(e.getMessage().contains("can be recovered"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> session.quarantine("../x"));
        }
    }

    /** The report's 2-of-300 case: one flipped byte in one table's transaction uuid. */
    @Test
    void aSidecarWhoseUuidDoesNotMatchIsRefusedWholeNamingTheTable() throws Exception {
        Storage root = MultiTableCommitTest.twoTables(allocator, 95);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(96));
                Failpoints.Scope crash = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 2)) {
            assertThrows(SimulatedCrash.class, () -> session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 1))
                    .append("b", Tables.rows(allocator, 102, 1))
                    .commit());
        }
        String key = RecoverySweep.pending(root).get(0);
        IntentSidecar sidecar = SidecarCodec.decode(root.readIfExists(key).orElseThrow(), key, key);
        String uuid = sidecar.tables().get(0).transactionUuid();
        String flipped = (uuid.charAt(0) == 'a' ? 'b' : 'a') + uuid.substring(1);
        String text = new String(root.readIfExists(key).orElseThrow(), StandardCharsets.UTF_8);
        root.delete(key);
        root.putIfAbsent(key, text.replace(uuid, flipped).getBytes(StandardCharsets.UTF_8));

        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(97))) {
            RecoveryOutcome outcome = session.openingSweep().get(0);
            assertEquals(RecoveryOutcome.Kind.REFUSED, outcome.kind());
            String message = outcome.refusal().orElseThrow().getMessage();
            assertTrue(message.contains("table a: version 2 carries transaction"), message);
            assertEquals(Set.of("a", "b"), outcome.blockedTables());
            assertEquals(1, session.snapshot().pinnedVersion("main", "a"), "nothing restored");
            assertEquals(1, session.snapshot().pinnedVersion("main", "b"), "nothing restored");
            assertEquals(
                    2,
                    new TableVersions(session.catalog()
                                    .tableStorage(session.snapshot().path("a").orElseThrow()))
                            .head());
            assertEquals(
                    2,
                    new TableVersions(session.catalog()
                                    .tableStorage(session.snapshot().path("b").orElseThrow()))
                            .head(),
                    "b is not rolled back alone");
            assertEquals(Map.of("a", List.of(0L, 1L, 2L), "b", List.of(100L, 101L)), Tables.visible(session));

            session.newCommit().createTable("c", Tables.rows(allocator, 200, 1)).commit();
            TableBlockedException blocked = assertThrows(TableBlockedException.class, () -> session.newCommit()
                    .append("b", Tables.rows(allocator, 103, 1))
                    .commit());
            assertTrue(blocked.getMessage().contains("table b"), blocked.getMessage());

            session.quarantine(sidecar.operationId());
            ExpectedVersionMismatchException e =
                    assertThrows(ExpectedVersionMismatchException.class, () -> session.newCommit()
                            .append("b", Tables.rows(allocator, 103, 1))
                            .commit());
            assertTrue(e.getMessage().contains("pinned at version 1 but its HEAD is version 2"), e.getMessage());
            assertEquals(1, e.expected());
            assertEquals(2, e.actual());
        }
    }
}
