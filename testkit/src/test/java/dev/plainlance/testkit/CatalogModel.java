package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.OpenMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The state of a multi-table action chain: a catalog of tables {@code a} and {@code b} behind a fault-injecting
 * storage, and the model — the ids each table holds at its pin and the pinned versions, as of the last acknowledged
 * or recovered change.
 */
final class CatalogModel implements AutoCloseable {
    static final List<String> TABLES = List.of("a", "b");

    FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage("catalog-chain"));
    /** The branch the chain's commits go to; "main" stays behind at the branch point otherwise. */
    final String branch;

    final BufferAllocator allocator = new RootAllocator();
    Map<String, List<Long>> tables = new TreeMap<>();
    Map<String, Long> versions = new TreeMap<>(Map.of("a", 1L, "b", 1L));
    long nextId = 10;
    long seed = 1;
    int crashes;

    CatalogModel() {
        this("main");
    }

    /** Tables a and b on main; for another {@code branch}, that branch starts at main's pins. */
    CatalogModel(String branch) {
        this.branch = branch;
        try (CatalogSession session = CatalogSession.create(storage, CatalogTarget.options(seed++), "setup")) {
            session.newCommit()
                    .createTable("a", Rows.of(List.of(0L), allocator))
                    .createTable("b", Rows.of(List.of(100L), allocator))
                    .commit();
            if (!branch.equals("main")) {
                List<CatalogChange> changes = new ArrayList<>();
                session.snapshot()
                        .pins("main")
                        .forEach((key, pin) -> changes.add(new CatalogChange.SetPin(branch, key, pin)));
                session.catalog().publish(PublishRequest.of(changes, Map.of(), "setup", "branch " + branch));
            }
        }
        tables.put("a", List.of(0L));
        tables.put("b", List.of(100L));
    }

    CatalogSession open(OpenMode mode) {
        return CatalogSession.open(storage, mode, CatalogTarget.options(seed++));
    }

    /** A session of a live writer that must leave a pending sidecar alone: its lease has not expired. */
    CatalogSession openDeferring() {
        return CatalogSession.open(
                storage, OpenMode.READ_WRITE, CatalogTarget.options(seed++, java.time.Duration.ofDays(1)));
    }

    /** Every table's ids at its pin on the chain's branch. */
    Map<String, List<Long>> visible(CatalogSession session) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String key : TABLES) {
            try (Dataset table = session.openTable(branch, key)) {
                out.put(key, Rows.ids(table));
            }
        }
        return out;
    }

    /** Every table's pinned version on the chain's branch. */
    Map<String, Long> pinnedVersions(CatalogSession session) {
        Map<String, Long> out = new TreeMap<>();
        session.snapshot().pins(branch).forEach((key, pin) -> out.put(key, pin.version()));
        return out;
    }

    /**
     * A clean read-write open leaves no sidecar; pins equal the tables' newest versions and the model's; the tables
     * hold what the model says; every recovered operation has one audit record; a second read-write open changes
     * nothing.
     */
    void checkInvariants() {
        long manifestVersion;
        try (CatalogSession session = open(OpenMode.READ_WRITE)) {
            assertEquals(List.of(), session.pendingSidecars(), "no sidecar after a clean read-write open");
            assertEquals(tables, visible(session), "the tables hold the acknowledged or recovered state");
            assertEquals(versions, pinnedVersions(session), "the pins are where the last step left them");
            session.snapshot().pins(branch).forEach((key, pin) -> {
                try (Dataset head = Dataset.open(
                        session.catalog()
                                .tableStorage(session.snapshot().path(key).orElseThrow()),
                        "memory://" + key,
                        new ReadOptions.Builder().build())) {
                    assertEquals(head.latestVersion(), pin.version(), "the pin of " + key + " is its newest version");
                }
            });
            manifestVersion = session.snapshot().manifestVersion();
            java.util.Set<String> audited = new java.util.HashSet<>();
            session.audit()
                    .forEach(record -> assertTrue(
                            audited.add(record.operationId()),
                            "one audit record per operation, not two for " + record.operationId()));
        }
        try (CatalogSession again = open(OpenMode.READ_WRITE)) {
            assertEquals(manifestVersion, again.snapshot().manifestVersion(), "a second open changes nothing");
        }
    }

    static Map<String, List<Long>> copy(Map<String, List<Long>> state) {
        Map<String, List<Long>> out = new TreeMap<>();
        state.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    @Override
    public void close() {
        allocator.close();
    }

    @Override
    public String toString() {
        return "catalog " + tables + (crashes > 0 ? ", " + crashes + " crashes" : "");
    }
}
