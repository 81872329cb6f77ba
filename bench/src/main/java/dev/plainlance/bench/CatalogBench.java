package dev.plainlance.bench;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogOptions;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import dev.plainlance.testkit.Rows;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Multi-table commit costs (issue 5): the publish latency and the snapshot read after a short and a long
 * history, and the time to recover 1, 10 and 100 pending operations. A separate catalog takes 500 publishes first,
 * and the long history is built and measured before the short one, so that both are measured with a warm JIT.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp bench/target/bench.jar dev.plainlance.bench.CatalogBench \
 *     [--history 10000] [--storage memory|local] [--samples 50]
 * </pre>
 */
public final class CatalogBench {
    private CatalogBench() {}

    public static void main(String[] args) throws Exception {
        int history = 10_000;
        int samples = 50;
        String storageKind = "memory";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--history" -> history = Integer.parseInt(args[i + 1]);
                case "--samples" -> samples = Integer.parseInt(args[i + 1]);
                case "--storage" -> storageKind = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("catalog bench: storage %s, %d samples per point%n", storageKind, samples);
        try (Catalog warmup = Catalog.create(storage(storageKind), CatalogOptions.defaults(), "warmup")) {
            warmup.publish(PublishRequest.of(
                    List.of(new CatalogChange.RegisterTable("t0", "tables/t0")), Map.of(), "bench", "register"));
            long[] version = {0};
            for (int i = 0; i < 500; i++) {
                publishOne(warmup, List.of("t0"), version);
                warmup.snapshot();
            }
        }
        double[] longHistory = null;
        for (int target : new int[] {history, 10}) {
            try (Catalog catalog = Catalog.create(storage(storageKind), CatalogOptions.defaults(), "bench")) {
                List<String> tables = List.of("t0", "t1", "t2");
                List<CatalogChange> register = new ArrayList<>();
                for (String t : tables) {
                    register.add(new CatalogChange.RegisterTable(t, "tables/" + t));
                }
                catalog.publish(PublishRequest.of(register, Map.of(), "bench", "register"));
                long[] version = {0};
                for (int done = 2; done < target; done++) {
                    publishOne(catalog, tables, version);
                }
                double[] measured = measure(catalog, tables, version, samples);
                System.out.printf(
                        "after %6d publishes: publish median %.2f ms, snapshot read median %.2f ms%n",
                        target, measured[0], measured[1]);
                if (longHistory == null) {
                    longHistory = measured;
                } else {
                    System.out.printf(
                            "ratio %d-publish / 10-publish history: publish %.2f, snapshot read %.2f"
                                    + " (target <= 1.2)%n",
                            history, longHistory[0] / measured[0], longHistory[1] / measured[1]);
                }
            }
        }
        for (int pending : new int[] {1, 10, 100}) {
            System.out.printf(
                    "recovery of %3d pending operations: %.0f ms%n",
                    pending, recoveryMillis(storage(storageKind), pending));
        }
    }

    private static Storage storage(String kind) throws java.io.IOException {
        return kind.equals("local")
                ? new LocalStorage(Files.createTempDirectory("catalog-bench"))
                : new InMemoryStorage("bench");
    }

    private static void publishOne(Catalog catalog, List<String> tables, long[] version) {
        String table = tables.get((int) (version[0] % tables.size()));
        long pinned = catalog.snapshot().pinnedVersion("main", table);
        catalog.publish(PublishRequest.of(
                List.of(new CatalogChange.SetPin("main", table, new Pin(pinned + 1, version[0]))),
                Map.of(dev.plainlance.catalog.TableRef.main(table), pinned),
                "bench",
                "p"));
        version[0]++;
    }

    /** Median milliseconds of one publish and of one snapshot read. */
    private static double[] measure(Catalog catalog, List<String> tables, long[] version, int samples) {
        long[] publish = new long[samples];
        long[] read = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            publishOne(catalog, tables, version);
            publish[i] = System.nanoTime() - start;
            start = System.nanoTime();
            catalog.snapshot();
            read[i] = System.nanoTime() - start;
        }
        return new double[] {median(publish), median(read)};
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    /** A process death at a failpoint. */
    private static final class Halt extends Error {}

    private static double recoveryMillis(Storage root, int pending) throws Exception {
        RecoveryOptions writer = RecoveryOptions.defaults().withLease(Duration.ofHours(1));
        try (BufferAllocator allocator = new RootAllocator()) {
            try (CatalogSession session = CatalogSession.create(root, writer, "bench")) {
                session.newCommit()
                        .createTable("a", rows(allocator))
                        .createTable("b", rows(allocator))
                        .commit();
                try (Failpoints.Scope crash = Failpoints.install(p -> {
                    if (p == RecoveryFailpoints.SIDECAR_WRITTEN) {
                        throw new Halt();
                    }
                })) {
                    for (int i = 0; i < pending; i++) {
                        try {
                            session.newCommit()
                                    .append("a", rows(allocator))
                                    .append("b", rows(allocator))
                                    .commit();
                        } catch (Halt expected) {
                            // one more pending operation
                        }
                    }
                }
            }
        }
        long start = System.nanoTime();
        try (CatalogSession session = CatalogSession.open(
                root, OpenMode.READ_WRITE, RecoveryOptions.defaults().withLease(Duration.ZERO))) {
            if (session.openingSweep().size() != pending
                    || !session.pendingSidecars().isEmpty()) {
                throw new IllegalStateException(
                        "recovered " + session.openingSweep().size() + " of " + pending);
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static ArrowReader rows(BufferAllocator allocator) {
        return Rows.of(List.of(1L), allocator);
    }
}
