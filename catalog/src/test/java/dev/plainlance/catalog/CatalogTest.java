package dev.plainlance.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    /** A new, empty catalog root; subclasses run these tests on other storages. */
    Storage newRoot() {
        return new InMemoryStorage();
    }

    static CatalogOptions options(long seed) {
        AtomicLong counter = new AtomicLong(seed << 32);
        return new CatalogOptions(
                CLOCK,
                new Ulid(CLOCK, new Random(seed)),
                () -> new UUID(seed, counter.incrementAndGet()),
                Retry.immediate(5, seed));
    }

    static PublishRequest register(String key, long version, long expected) {
        return PublishRequest.of(
                List.of(
                        new CatalogChange.RegisterTable(key, "tables/" + key),
                        new CatalogChange.SetPin("main", key, new Pin(version, 10 * version))),
                Map.of(TableRef.main(key), expected),
                "alice",
                "pin " + key + " at " + version);
    }

    @Test
    void createPublishAndReadBackEveryState() {
        Storage root = newRoot();
        try (Catalog catalog = Catalog.create(root, options(1), "alice")) {
            assertEquals(1, catalog.snapshot().manifestVersion());
            catalog.publish(register("people", 1, 0));
            catalog.publish(register("people", 2, 1));
            PublishResult third = catalog.publish(register("knows", 1, 0));
            assertFalse(third.alreadyApplied());
        }
        try (Catalog catalog = Catalog.open(root, options(2))) {
            CatalogSnapshot now = catalog.snapshot();
            assertEquals(4, now.manifestVersion());
            assertEquals(Optional.of(new Pin(2, 20)), now.pin("main", "people"));
            assertEquals(Optional.of(new Pin(1, 10)), now.pin("main", "knows"));
            assertEquals("tables/people", now.path("people").orElseThrow());
            assertEquals(Optional.of(new Pin(1, 10)), catalog.snapshotAt(2).pin("main", "people"));
            assertTrue(catalog.snapshotAt(2).pin("main", "knows").isEmpty());
            List<CatalogCommit> log = catalog.log();
            assertEquals(
                    List.of("pin knows at 1", "pin people at 2", "pin people at 1", "create catalog"),
                    log.stream().map(CatalogCommit::message).toList());
            assertEquals(Optional.of(log.get(1).id()), log.get(0).parentId());
            assertEquals(CLOCK.instant(), log.get(0).time());
        }
    }

    @Test
    void aStaleExpectationIsATypedMismatchAndPublishesNothing() {
        try (Catalog catalog = Catalog.create(newRoot(), options(3), "a")) {
            catalog.publish(register("people", 1, 0));
            ExpectedVersionMismatchException e = assertThrows(
                    ExpectedVersionMismatchException.class,
                    () -> catalog.publish(PublishRequest.of(
                            List.of(new CatalogChange.SetPin("main", "people", new Pin(5, 1))),
                            Map.of(TableRef.main("people"), 3L),
                            "b",
                            "stale")));
            assertEquals(3, e.expected());
            assertEquals(1, e.actual());
            assertEquals(TableRef.main("people"), e.table());
            assertEquals(2, catalog.snapshot().manifestVersion());
        }
    }

    @Test
    void aLostRaceWhosePostconditionHoldsIsSuccess() {
        try (Catalog catalog = Catalog.create(newRoot(), options(4), "a")) {
            catalog.publish(register("people", 1, 0));
            PublishResult again = catalog.publish(register("people", 1, 0));
            assertTrue(again.alreadyApplied());
            assertEquals(2, again.snapshot().manifestVersion(), "nothing new was written");
        }
    }

    /**
     * Two publishers on different tables from the same base: the check of the second one runs again at the
     * version the first created, so it cannot succeed on a state it never checked.
     */
    @Test
    void aPublisherThatLosesTheRaceChecksAgainAgainstTheWinner() {
        Storage root = newRoot();
        try (Catalog first = Catalog.create(root, options(5), "a");
                Catalog second = Catalog.open(root, options(6))) {
            first.publish(register("people", 1, 0));
            first.publish(register("knows", 1, 0));
            boolean[] raced = {false};
            PublishRequest stale = PublishRequest.of(
                    List.of(new CatalogChange.SetPin("main", "knows", new Pin(2, 20))),
                    Map.of(TableRef.main("knows"), 1L, TableRef.main("people"), 1L),
                    "b",
                    "knows 2, people must still be 1");
            try (Failpoints.Scope scope = Failpoints.install(point -> {
                if (point == CatalogFailpoints.PUBLISH_CHECKED && !raced[0]) {
                    raced[0] = true;
                    first.publish(register("people", 2, 1));
                }
            })) {
                assertThrows(ExpectedVersionMismatchException.class, () -> second.publish(stale));
            }
            CatalogSnapshot now = first.snapshot();
            assertEquals(1, now.pinnedVersion("main", "knows"));
            assertEquals(2, now.pinnedVersion("main", "people"));
        }
    }

    @Test
    void concurrentDisjointPublishersBothLandOnRetry() {
        Storage root = newRoot();
        try (Catalog first = Catalog.create(root, options(7), "a");
                Catalog second = Catalog.open(root, options(8))) {
            first.publish(register("people", 1, 0));
            boolean[] raced = {false};
            try (Failpoints.Scope scope = Failpoints.install(point -> {
                if (!raced[0]) {
                    raced[0] = true;
                    first.publish(register("people", 2, 1));
                }
            })) {
                PublishResult result = second.publish(register("knows", 1, 0));
                assertEquals(4, result.snapshot().manifestVersion(), "retried on top of the winner");
            }
            assertEquals(2, first.snapshot().pinnedVersion("main", "people"));
            assertEquals(1, first.snapshot().pinnedVersion("main", "knows"));
        }
    }

    @Test
    void abortedOperationsCannotPublish() {
        try (Catalog catalog = Catalog.create(newRoot(), options(9), "a")) {
            catalog.publish(PublishRequest.of(
                    List.of(new CatalogChange.MarkAborted("op1")), Map.of(), "recovery", "abort op1"));
            assertThrows(
                    OperationAbortedException.class,
                    () -> catalog.publish(register("people", 1, 0).forOperation("op1")));
            catalog.publish(register("people", 1, 0).forOperation("op2"));
            assertTrue(catalog.snapshot().isAborted("op1"));
        }
    }

    /**
     * Issue 15: forgetting aborted operations. After {@code op1} is forgotten, the aborted set no longer names it,
     * and only the operation floor refuses its late publish: a publish planned on a state older than the floor
     * is refused whatever its operation, one planned on the floor or later goes through, and the floor survives
     * reopening.
     */
    @Test
    void forgottenAbortedOperationsAreRefusedByTheOperationFloor() {
        Storage root = newRoot();
        try (Catalog catalog = Catalog.create(root, options(16), "a")) {
            long planned = catalog.snapshot().manifestVersion();
            catalog.publish(PublishRequest.of(
                    List.of(new CatalogChange.MarkAborted("op1")), Map.of(), "recovery", "abort op1"));
            PublishResult forgot = catalog.publish(PublishRequest.of(
                    List.of(new CatalogChange.ForgetAborted(java.util.Set.of("op1"))), Map.of(), "recovery", "forget"));
            CatalogSnapshot now = forgot.snapshot();
            assertFalse(now.isAborted("op1"));
            assertEquals(now.manifestVersion(), now.operationFloor());

            StalePublishException late = assertThrows(
                    StalePublishException.class,
                    () -> catalog.publish(register("people", 1, 0).forOperation("op1", planned)));
            assertTrue(late.getMessage().contains("op1"), late.getMessage());
            assertThrows(
                    StalePublishException.class,
                    () -> catalog.publish(register("people", 1, 0).forOperation("op1")),
                    "a publish that does not say what it was planned on counts as planned on version 0");
            assertThrows(
                    StalePublishException.class,
                    () -> catalog.publish(register("people", 1, 0).forOperation("op9", now.manifestVersion() - 1)),
                    "any operation planned before the floor");
            assertTrue(catalog.snapshot().path("people").isEmpty(), "nothing was published");

            catalog.publish(register("people", 1, 0).forOperation("op2", now.manifestVersion()));
            catalog.publish(register("people", 2, 1));
            assertEquals(1, catalog.snapshot().pins("main").size());
        }
        try (Catalog catalog = Catalog.open(root, options(17))) {
            CatalogSnapshot reopened = catalog.snapshot();
            assertEquals(3, reopened.operationFloor());
            assertEquals(java.util.Set.of(), reopened.abortedOperations());
            assertEquals(0, catalog.snapshotAt(2).operationFloor(), "older states keep no floor");
            assertTrue(catalog.snapshotAt(2).isAborted("op1"));
        }
    }

    @Test
    void creatingTwiceOrOpeningNothingFailsClearly() {
        Storage root = newRoot();
        Catalog.create(root, options(10), "a").close();
        CatalogFormatException twice =
                assertThrows(CatalogFormatException.class, () -> Catalog.create(root, options(11), "a"));
        assertTrue(twice.getMessage().contains("already exists"), twice.getMessage());
        assertThrows(NotFoundException.class, () -> Catalog.open(new InMemoryStorage("empty"), options(12)));
    }

    @Test
    void droppingATableTombstonesItAndRemovesItsPins() {
        try (Catalog catalog = Catalog.create(newRoot(), options(13), "a")) {
            catalog.publish(register("people", 1, 0));
            catalog.publish(PublishRequest.of(List.of(new CatalogChange.DropTable("people")), Map.of(), "a", "drop"));
            CatalogSnapshot now = catalog.snapshot();
            assertTrue(now.tombstones().contains("people"));
            assertTrue(now.path("people").isEmpty());
            assertTrue(now.pin("main", "people").isEmpty());
        }
    }

    @Test
    void aSummaryIsStoredWithItsCommitAndReadBackByLog() {
        Storage root = newRoot();
        Map<String, Long> counts = Map.of("node:Person.inserted", 3L, "edge:Knows.deleted", 1L);
        try (Catalog catalog = Catalog.create(root, options(14), "alice")) {
            PublishResult published =
                    catalog.publish(register("people", 1, 0).forOperation("op1").withSummary(counts));
            assertEquals(counts, published.snapshot().head().summary());
            catalog.publish(register("people", 2, 1));
        }
        try (Catalog catalog = Catalog.open(root, options(15))) {
            List<CatalogCommit> log = catalog.log();
            assertEquals(
                    List.of(Map.of(), counts, Map.of()),
                    log.stream().map(CatalogCommit::summary).toList());
            assertEquals(
                    List.of("edge:Knows.deleted", "node:Person.inserted"),
                    List.copyOf(log.get(1).summary().keySet()),
                    "sorted");
            assertEquals(Optional.of("op1"), log.get(1).operationId());
            assertEquals(counts, catalog.snapshotAt(2).head().summary());
            assertThrows(
                    UnsupportedOperationException.class,
                    () -> log.get(1).summary().put("x", 1L));
        }
    }

    @Test
    void aSummaryWithABlankKeyOrANegativeCountIsRefused() {
        PublishRequest request = register("people", 1, 0);
        assertEquals(Map.of(), request.summary());
        Map<String, Long> nullCount = new java.util.HashMap<>();
        nullCount.put("node:Person.inserted", null);
        Map<String, Long> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1L);
        for (Map<String, Long> bad : List.of(Map.of("", 1L), Map.of(" \t", 1L), Map.of("a", -1L), nullCount, nullKey)) {
            assertThrows(IllegalArgumentException.class, () -> request.withSummary(bad), bad.toString());
        }
        assertThrows(NullPointerException.class, () -> request.withSummary(null));
        assertEquals(Map.of("a", 0L), request.withSummary(Map.of("a", 0L)).summary(), "zero is a count");
    }
}
