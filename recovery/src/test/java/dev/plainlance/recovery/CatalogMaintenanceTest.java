package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Version;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CatalogTableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 12: maintenance knows about the catalog; cleanup never deletes a version the catalog may read. */
class CatalogMaintenanceTest {
    private BufferAllocator allocator;
    private final Tables.MovableClock clock = new Tables.MovableClock();
    private final Storage root = new InMemoryStorage();

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private CatalogSession session(long seed) {
        return CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(clock, seed, Duration.ofSeconds(30)));
    }

    /** Table a at versions 1, 2, 3 (rows 0..2), one hour apart; branch dev pins version 1. */
    private void history() {
        CatalogSession.create(root, Tables.options(clock, 80, Duration.ofSeconds(30)), "setup")
                .close();
        try (CatalogSession session = session(81)) {
            session.newCommit().createTable("a", Tables.rows(allocator, 0, 1)).commit();
            clock.advance(Duration.ofHours(1));
            session.newCommit().append("a", Tables.rows(allocator, 1, 1)).commit();
            clock.advance(Duration.ofHours(1));
            session.catalog()
                    .publish(new PublishRequest(
                            List.of(new CatalogChange.SetPin("dev", "a", new Pin(1, 1))),
                            new java.util.TreeMap<>(Map.of(new TableRef("dev", "a"), 0L)),
                            "test",
                            "branch dev",
                            Optional.empty()));
            clock.advance(Duration.ofHours(1));
            session.newCommit().append("a", Tables.rows(allocator, 2, 1)).commit();
            clock.advance(Duration.ofDays(1));
        }
    }

    private List<Long> versionsOfA(CatalogSession session) {
        Storage table =
                session.catalog().tableStorage(session.snapshot().path("a").orElseThrow());
        try (Dataset ds = Dataset.open(table, "a", dev.plainlance.lance.ReadOptions.defaults())) {
            return ds.listVersions().stream().map(Version::getId).toList();
        }
    }

    private void directly(CatalogSession session, Consumer<Dataset> maintenance) {
        Storage table =
                session.catalog().tableStorage(session.snapshot().path("a").orElseThrow());
        try (Dataset ds = Dataset.open(table, "tables/a", dev.plainlance.lance.ReadOptions.defaults())) {
            CatalogTableException e = assertThrows(CatalogTableException.class, () -> maintenance.accept(ds));
            assertTrue(e.getMessage().contains("table 'a'"), e.getMessage());
            assertTrue(e.getMessage().contains("plainlance catalog cleanup"), e.getMessage());
        }
    }

    @Test
    void directCompactionAndCleanupOfACatalogTableAreRefused() {
        history();
        try (CatalogSession session = session(82)) {
            directly(session, Dataset::compact);
            directly(session, ds -> ds.cleanupOldVersions(Duration.ZERO, 1));
            directly(
                    session,
                    ds -> ds.cleanupWithPolicy(dev.plainlance.lance.maintenance.CleanupPolicy.builder()
                            .build()));
            assertEquals(List.of(1L, 2L, 3L), versionsOfA(session), "nothing moved, nothing removed");
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            assertEquals(List.of(0L, 1L, 2L, 3L), Tables.visible(session).get("a"));
        }
    }

    @Test
    void catalogCleanupKeepsEveryVersionARetainedStatePinsOnAnyBranch() {
        history();
        try (CatalogSession session = session(83)) {
            long states = session.catalog().stateVersions().size();
            CatalogCleanup.Result kept3 = session.cleanup(Duration.ofMinutes(30), 3);
            assertEquals(3, kept3.retainedStates().size());
            assertEquals(3, session.catalog().log().size(), "older catalog states are removed");
            assertEquals(states - 3, kept3.states().oldVersions());
            assertEquals(List.of(1L, 2L, 3L), versionsOfA(session), "the third newest state still pins 2");

            CatalogCleanup.Result kept1 = session.cleanup(Duration.ofMinutes(30), 1);
            assertEquals(1, kept1.tables().get("a").oldVersions());
            assertEquals(List.of(1L, 3L), versionsOfA(session), "dev pins 1, main pins 3");
            try (Dataset dev = session.openTable("dev", "a")) {
                assertEquals(List.of(0L), Tables.ids(dev));
            }
            assertEquals(List.of(0L, 1L, 2L), Tables.visible(session).get("a"));
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
        }
    }

    @Test
    void catalogCleanupKeepsTheVersionsOfAPendingOperation() {
        history();
        try (CatalogSession session = session(84)) {
            try (var crash = CrashRecoveryTest.crashAt(RecoveryFailpoints.TABLE_COMMITTED, 1)) {
                assertThrows(SimulatedCrash.class, () -> session.newCommit()
                        .append("a", Tables.rows(allocator, 3, 1))
                        .commit());
            }
            session.cleanup(Duration.ZERO, 1);
            assertEquals(List.of(1L, 3L, 4L), versionsOfA(session), "pin 3 and the pending operation's 4 stay");
            clock.advance(Duration.ofMinutes(1));
            assertEquals(
                    List.of(RecoveryOutcome.Kind.ROLLED_FORWARD),
                    session.recover().stream().map(RecoveryOutcome::kind).toList());
            assertEquals(List.of(0L, 1L, 2L, 3L), Tables.visible(session).get("a"));
        }
    }
}
