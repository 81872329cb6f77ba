package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change counts of a multi-table commit reach its catalog commit, also when recovery publishes it. */
class CommitSummaryTest {
    private static final Map<String, Long> COUNTS = Map.of("node:Person.inserted", 3L, "edge:Knows.deleted", 1L);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void theCommitCarriesItsSummary() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 60);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(61))) {
            MultiTableCommit.Result result = session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .delete("b", "id = 100")
                    .summary(COUNTS)
                    .commit();
            CatalogCommit head = session.catalog().log().get(0);
            assertEquals(COUNTS, head.summary());
            assertEquals(result.operationId(), head.operationId().orElseThrow());
            assertEquals(Map.of(), session.catalog().log().get(1).summary(), "the setup commit has none");
        }
    }

    @Test
    void aBadSummaryIsRefusedBeforeAnythingIsWritten() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 62);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(63))) {
            MultiTableCommit commit = session.newCommit().delete("b", "id = 100");
            assertThrows(IllegalArgumentException.class, () -> commit.summary(Map.of(" ", 1L)));
            assertThrows(IllegalArgumentException.class, () -> commit.summary(Map.of("edge:Knows.deleted", -1L)));
            assertEquals(2, session.catalog().log().size());
        }
    }

    @Test
    void recoveryRollsForwardWithTheSummary() {
        Storage root = crashedAfterEveryTableCommitted(64, json -> {});
        CatalogCommit head = recover(root, 66, RecoveryOutcome.Kind.ROLLED_FORWARD);
        assertEquals(RecoverySweep.ACTOR, head.actor());
        assertEquals(COUNTS, head.summary());
    }

    @Test
    void aSidecarWrittenWithoutASummaryStillRollsForward() {
        Storage root = crashedAfterEveryTableCommitted(67, json -> json.remove("summary"));
        CatalogCommit head = recover(root, 69, RecoveryOutcome.Kind.ROLLED_FORWARD);
        assertEquals(RecoverySweep.ACTOR, head.actor());
        assertEquals(Map.of(), head.summary());
    }

    @Test
    void aDamagedSummaryInTheSidecarIsRefused() {
        Storage root = crashedAfterEveryTableCommitted(
                70, json -> ((ObjectNode) json.get("summary")).put("edge:Knows.deleted", -1));
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(72))) {
            RecoveryOutcome outcome = session.openingSweep().get(0);
            assertEquals(RecoveryOutcome.Kind.REFUSED, outcome.kind());
            CorruptSidecarException refusal = assertInstanceOf(
                    CorruptSidecarException.class, outcome.refusal().orElseThrow());
            assertTrue(refusal.getMessage().contains("summary 'edge:Knows.deleted'"), refusal.getMessage());
            assertEquals(1, session.snapshot().pinnedVersion("main", "a"), "nothing published");
        }
    }

    @Test
    void theSidecarCodecKeepsTheSummaryAndReadsOldSidecars() {
        String id = "01JF0000000000000000000000";
        IntentSidecar sidecar = new IntentSidecar(
                IntentSidecar.SCHEMA_VERSION,
                id,
                Instant.parse("2026-12-01T10:00:00Z"),
                "main",
                Optional.empty(),
                "test-writer",
                List.of(new TableIntent("a", "tables/a", 1, "uuid-a")),
                COUNTS);
        String key = IntentSidecar.key(id);
        assertEquals(sidecar, SidecarCodec.decode(SidecarCodec.encode(sidecar), key, key));
        String old = new String(SidecarCodec.encode(sidecar), StandardCharsets.UTF_8)
                .replaceAll("(?s),\\s*\"summary\"\\s*:\\s*\\{[^}]*}", "");
        assertFalse(old.contains("summary"), old);
        assertEquals(
                Map.of(),
                SidecarCodec.decode(old.getBytes(StandardCharsets.UTF_8), key, key)
                        .summary());
        for (String bad : List.of(
                "[]",
                "{\"a\": \"1\"}",
                "{\"a\": 1.5}",
                "{\"a\": -1}",
                "{\" \": 1}",
                "{\"a\": null}",
                "{\"a\": 99999999999999999999}")) {
            String damaged = old.replaceFirst("\\}\\s*$", ", \"summary\": " + bad + "}");
            CorruptSidecarException e = assertThrows(
                    CorruptSidecarException.class,
                    () -> SidecarCodec.decode(damaged.getBytes(StandardCharsets.UTF_8), key, key),
                    damaged);
            assertTrue(e.getMessage().contains("summary"), e.getMessage());
        }
    }

    /**
     * A catalog whose writer crashed after both tables committed, before publishing; its sidecar's JSON then goes
     * through {@code edit}.
     */
    private Storage crashedAfterEveryTableCommitted(long seed, Consumer<ObjectNode> edit) {
        Storage root = MultiTableCommitTest.twoTables(allocator, seed);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(seed + 1));
                Failpoints.Scope crash = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 2)) {
            assertThrows(SimulatedCrash.class, () -> session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .delete("b", "id = 100")
                    .actor("alice")
                    .summary(COUNTS)
                    .commit());
        }
        try {
            String key = RecoverySweep.pending(root).get(0);
            ObjectNode json = (ObjectNode) JSON.readTree(root.readIfExists(key).orElseThrow());
            assertTrue(json.has("summary"), json.toString());
            edit.accept(json);
            root.delete(key);
            root.putIfAbsent(key, JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** Opens {@code root} read-write, expects one sidecar recovered as {@code kind}, and returns the newest commit. */
    private CatalogCommit recover(Storage root, long seed, RecoveryOutcome.Kind kind) {
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(seed))) {
            assertEquals(
                    List.of(kind),
                    session.openingSweep().stream().map(RecoveryOutcome::kind).toList());
            assertEquals(CrashRecoveryTest.AFTER, Tables.visible(session));
            assertEquals(List.of(), session.pendingSidecars());
            return session.catalog().log().get(0);
        }
    }
}
