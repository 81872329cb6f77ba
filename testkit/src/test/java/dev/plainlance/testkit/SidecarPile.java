package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.recovery.AuditRecord;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A catalog of tables {@code a}, {@code b} and {@code c} on which writers run one after another at one instant, so
 * each leaves the sidecars of the dead writers before it alone (their leases have not expired); recovery then runs
 * a minute later, when every lease has, and finds them all pending at once.
 */
final class SidecarPile implements AutoCloseable {
    static final List<String> TABLES = List.of("a", "b", "c");
    private static final Instant WRITERS_AT = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage("sidecar-pile"));
    private final BufferAllocator allocator = new RootAllocator();
    private final Map<String, List<Long>> base = new TreeMap<>();
    private final List<Written> written = new ArrayList<>();
    private long seed = 1;

    /** What became of one writer. */
    private record Written(int index, PileWriter writer, String operationId, PileWriter.Fate fate) {}

    SidecarPile() {
        try (CatalogSession session = CatalogSession.create(storage, options(WRITERS_AT), "setup")) {
            MultiTableCommit create = session.newCommit();
            for (String key : TABLES) {
                base.put(key, List.of(100L * TABLES.indexOf(key)));
                create.createTable(key, Rows.of(base.get(key), allocator));
            }
            create.commit();
        }
    }

    private CatalogSession open(OpenMode mode, Instant at) {
        return CatalogSession.open(storage, mode, options(at));
    }

    private dev.plainlance.recovery.RecoveryOptions options(Instant at) {
        return CatalogTarget.options(seed++, LEASE, Clock.fixed(at, ZoneOffset.UTC));
    }

    /** Runs the next writer with its crash armed; a refused commit (a table held by a dead writer) is absent. */
    void write(PileWriter writer) {
        int index = written.size();
        boolean crashed = false;
        boolean acknowledged = false;
        String operationId;
        try (CatalogSession session = open(OpenMode.READ_WRITE, WRITERS_AT)) {
            MultiTableCommit commit = session.newCommit().actor("writer" + index);
            operationId = commit.operationId();
            for (String key : writer.tables()) {
                commit.append(key, Rows.of(List.of(writer.id(index, key)), allocator));
            }
            writer.crash().ifPresent(c -> c.arm(storage));
            try {
                commit.commit();
                acknowledged = true;
            } catch (CrashException expected) {
                crashed = true;
            } catch (LanceException refused) {
                acknowledged = false;
            } finally {
                storage.disarm();
            }
        }
        if (crashed) {
            storage = storage.restart();
        }
        written.add(new Written(index, writer, operationId, writer.fate(crashed, acknowledged)));
    }

    /**
     * A minute later, one read-write open recovers every pending operation (crashing at {@code crash}, if given,
     * and then finished by the next open); returns the operations that were pending.
     */
    Set<String> recover(Optional<CrashSpec> crash) {
        Instant later = WRITERS_AT.plus(Duration.ofMinutes(1));
        Set<String> pending = new TreeSet<>();
        try (CatalogSession session = open(OpenMode.READ_ONLY, later)) {
            session.pendingSidecars()
                    .forEach(key ->
                            pending.add(key.substring(key.lastIndexOf('/') + 1, key.length() - ".json".length())));
        }
        crash.ifPresent(c -> c.arm(storage));
        try {
            open(OpenMode.READ_WRITE, later).close();
        } catch (CrashException expected) {
            storage = storage.restart();
        } finally {
            storage.disarm();
        }
        return pending;
    }

    /**
     * Every operation shows whole or not at all, as its fate requires; the tables hold nothing else; each pending
     * operation has exactly one audit record, rolled forward exactly when it shows; no sidecar is left, pins equal
     * HEADs and a second open changes nothing.
     */
    void check(Set<String> pending) {
        Instant later = WRITERS_AT.plus(Duration.ofMinutes(1));
        long manifestVersion;
        try (CatalogSession session = open(OpenMode.READ_WRITE, later)) {
            Map<String, List<Long>> visible = new TreeMap<>();
            for (String key : TABLES) {
                try (Dataset table = session.openTable(key)) {
                    visible.put(key, Rows.ids(table));
                }
            }
            Map<String, List<Long>> expected = CatalogModel.copy(base);
            Map<String, Boolean> shown = new HashMap<>();
            for (Written w : written) {
                List<Boolean> present = w.writer().tables().stream()
                        .map(key -> visible.get(key).contains(w.writer().id(w.index(), key)))
                        .distinct()
                        .toList();
                assertEquals(
                        1,
                        present.size(),
                        w.writer() + " #" + w.index() + " shows in some of its tables only: " + visible);
                boolean isShown = present.get(0);
                assertTrue(
                        w.fate() == PileWriter.Fate.EITHER || isShown == (w.fate() == PileWriter.Fate.SHOWN),
                        w.writer() + " #" + w.index() + " must be " + w.fate() + ": " + visible);
                shown.put(w.operationId(), isShown);
                if (isShown) {
                    w.writer().tables().forEach(key -> expected.get(key)
                            .add(w.writer().id(w.index(), key)));
                }
            }
            expected.values().forEach(ids -> ids.sort(null));
            assertEquals(expected, visible, "the tables hold the shown operations and nothing else");
            assertEquals(List.of(), session.pendingSidecars(), "no sidecar after recovery");
            Set<String> audited = new TreeSet<>();
            for (AuditRecord record : session.audit()) {
                assertTrue(audited.add(record.operationId()), "one audit record for " + record.operationId());
                assertEquals(
                        shown.get(record.operationId()),
                        record.kind() == RecoveryOutcome.Kind.ROLLED_FORWARD,
                        "audit of " + record.operationId() + " says " + record.kind());
            }
            assertEquals(pending, audited, "every pending operation, and only those, was recovered");
            session.snapshot().pins("main").forEach((key, pin) -> {
                try (Dataset head = Dataset.open(
                        session.catalog()
                                .tableStorage(session.snapshot().path(key).orElseThrow()),
                        key,
                        new ReadOptions.Builder().build())) {
                    assertEquals(head.latestVersion(), pin.version(), "the pin of " + key + " is its newest version");
                }
            });
            manifestVersion = session.snapshot().manifestVersion();
        }
        try (CatalogSession again = open(OpenMode.READ_WRITE, later)) {
            assertEquals(manifestVersion, again.snapshot().manifestVersion(), "a second open changes nothing");
        }
    }

    @Override
    public void close() {
        allocator.close();
    }
}
