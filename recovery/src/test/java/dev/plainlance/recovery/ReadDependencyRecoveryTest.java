package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A commit that read a table it does not write ({@code expecting}) lands only while that table is unchanged: at
 * publish time, and when recovery finishes it after a crash.
 */
class ReadDependencyRecoveryTest {
    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** Writes to "a" reading "b", crashing after the table commit, before the publish. */
    private Storage crashedWritingAReadingB(long seed) {
        Storage root = MultiTableCommitTest.twoTables(allocator, seed);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(seed + 1));
                Failpoints.Scope crash = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 1)) {
            assertThrows(SimulatedCrash.class, () -> session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .expecting("b")
                    .commit());
        }
        return root;
    }

    @Test
    void recoveryRollsForwardWhileTheReadTableIsUnchanged() {
        Storage root = crashedWritingAReadingB(80);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(82))) {
            assertEquals(
                    List.of(RecoveryOutcome.Kind.ROLLED_FORWARD),
                    session.openingSweep().stream().map(RecoveryOutcome::kind).toList());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), Tables.visible(session).get("a"));
        }
    }

    @Test
    void recoveryRollsBackWhenTheReadTableChangedMeanwhile() {
        Storage root = crashedWritingAReadingB(83);
        RecoveryOptions liveLease = Tables.options(
                java.time.Clock.fixed(java.time.Instant.parse("2026-11-22T10:00:00Z"), java.time.ZoneOffset.UTC),
                85,
                java.time.Duration.ofHours(1));
        try (CatalogSession other = CatalogSession.open(root, OpenMode.READ_WRITE, liveLease)) {
            assertEquals(1, other.pendingSidecars().size(), "the crashed writer's lease still runs");
            other.newCommit().delete("b", "id = 100").commit();
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(86))) {
            assertEquals(
                    List.of(RecoveryOutcome.Kind.ROLLED_BACK),
                    session.openingSweep().stream().map(RecoveryOutcome::kind).toList());
            assertEquals(Map.of("a", List.of(0L, 1L, 2L), "b", List.of(101L)), Tables.visible(session));
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            assertEquals(List.of(0L, 1L, 2L, 3L), Tables.visible(session).get("a"), "writes go on");
        }
    }

    @Test
    void aLiveCommitWhoseReadTableMovedIsAConflict() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 87);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(88));
                CatalogSession other = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(89))) {
            var state = session.snapshot();
            other.newCommit().delete("b", "id = 100").commit();
            assertThrows(CommitConflictException.class, () -> session.newCommit()
                    .basedOn(state)
                    .append("a", Tables.rows(allocator, 3, 2))
                    .expecting("b")
                    .commit());
            assertEquals(List.of(0L, 1L, 2L), Tables.visible(session).get("a"));
        }
    }

    @Test
    void theSidecarKeepsReadPinsAndRefusesDamagedOnes() {
        String id = "01JF0000000000000000000001";
        IntentSidecar sidecar = new IntentSidecar(
                IntentSidecar.SCHEMA_VERSION,
                id,
                java.time.Instant.parse("2026-12-01T10:00:00Z"),
                "main",
                java.util.Optional.empty(),
                "test-writer",
                List.of(new TableIntent("a", "tables/a", 1, "uuid-a")),
                Map.of(),
                Map.of("b", 4L));
        String key = IntentSidecar.key(id);
        assertEquals(sidecar, SidecarCodec.decode(SidecarCodec.encode(sidecar), key, key));
        String text = new String(SidecarCodec.encode(sidecar), java.nio.charset.StandardCharsets.UTF_8);
        for (String bad : List.of("\"b\" : -1", "\"b\" : \"4\"", "\"b\" : 1.5", "\"\" : 4")) {
            String damaged = text.replaceFirst("\"b\" : 4", java.util.regex.Matcher.quoteReplacement(bad));
            CorruptSidecarException e = assertThrows(
                    CorruptSidecarException.class,
                    () -> SidecarCodec.decode(damaged.getBytes(java.nio.charset.StandardCharsets.UTF_8), key, key),
                    damaged);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("read_pins"), e.getMessage());
        }
    }
}
