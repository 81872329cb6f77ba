package dev.plainlance.testkit;

import dev.plainlance.catalog.CatalogFailpoints;
import dev.plainlance.catalog.CatalogOptions;
import dev.plainlance.catalog.Ulid;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import dev.plainlance.recovery.RecoveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Crash schedules for multi-table commits: a catalog of three tables takes 1–3 random multi-table operations
 * (appends and deletes on random subsets); one of them crashes — at a failpoint, deliberately often between
 * phase A and phase B, or at a random storage operation — and so, sometimes, does the recovery after it. After a
 * restart and a read-write open: every table at its pin equals the model before or after the interrupted
 * operation (never a mix), every acknowledged operation is there, pins equal HEADs, no sidecar remains, a second
 * open changes nothing, and the next write succeeds.
 */
public final class CatalogTarget implements CrashTarget {
    private static final List<String> TABLES = List.of("t0", "t1", "t2");
    /** Writer failpoints, phase A→B ones listed twice so that they are picked more often. */
    static final List<Failpoint> WRITER_POINTS = Stream.of(
                    RecoveryFailpoints.WRITER,
                    List.of(
                            RecoveryFailpoints.SIDECAR_WRITTEN,
                            RecoveryFailpoints.TABLE_COMMITTED,
                            RecoveryFailpoints.STAGED),
                    CatalogFailpoints.ALL,
                    DatasetFailpoints.ALL)
            .flatMap(List::stream)
            .toList();

    private final Supplier<Storage> storages;

    /** Schedules on in-memory storage. */
    public CatalogTarget() {
        this(() -> new InMemoryStorage("catalog"));
    }

    /** Schedules on storages from {@code storages}: a new, empty one per schedule (a bucket on a test server). */
    public CatalogTarget(Supplier<Storage> storages) {
        this.storages = storages;
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public ScheduleResult run(Random random) {
        List<String> crashes = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        StringBuilder trace = new StringBuilder();
        ScheduleResult.Outcome outcome = ScheduleResult.Outcome.NOTHING_TO_DO;
        long seed = random.nextLong();
        try (BufferAllocator allocator = new RootAllocator()) {
            FaultInjectingStorage storage = new FaultInjectingStorage(storages.get());
            Map<String, List<Long>> model = new TreeMap<>();
            try (CatalogSession session = CatalogSession.create(storage, options(seed), "setup")) {
                MultiTableCommit create = session.newCommit();
                for (String table : TABLES) {
                    create.createTable(table, Rows.of(List.of(0L, 1L), allocator));
                    model.put(table, new ArrayList<>(List.of(0L, 1L)));
                }
                create.commit();
            }
            int operations = 1 + random.nextInt(3);
            int crashing = random.nextInt(operations);
            CrashSpec spec = random.nextInt(3) == 0
                    ? CrashSpec.atOperation(
                            1 + random.nextInt(30),
                            random.nextBoolean() ? TornWritePolicy.DROPPED : TornWritePolicy.KEPT)
                    : CrashSpec.atFailpoint(
                            WRITER_POINTS.get(random.nextInt(WRITER_POINTS.size())), 1 + random.nextInt(2));
            Map<String, List<Long>> before = model;
            Map<String, List<Long>> after = model;
            long nextId = 10;
            try (CatalogSession session = CatalogSession.open(storage, OpenMode.READ_WRITE, options(seed + 1))) {
                for (int i = 0; i < operations; i++) {
                    MultiTableCommit commit = session.newCommit();
                    after = copy(model);
                    trace.append("op").append(i).append(':');
                    for (String table : TABLES) {
                        int kind = random.nextInt(3);
                        List<Long> rows = after.get(table);
                        if (kind == 0) {
                            List<Long> added = List.of(nextId++, nextId++);
                            commit.append(table, Rows.of(added, allocator));
                            rows.addAll(added);
                            trace.append(" append ").append(table).append(added);
                        } else if (kind == 1 && !rows.isEmpty()) {
                            long victim = rows.get(random.nextInt(rows.size()));
                            commit.delete(table, "id = " + victim);
                            rows.remove(Long.valueOf(victim));
                            trace.append(" delete ").append(table).append('=').append(victim);
                        }
                    }
                    if (after.equals(model)) {
                        continue;
                    }
                    trace.append(';');
                    before = model;
                    if (i == crashing) {
                        trace.append(" crash at ").append(spec).append(';');
                        spec.arm(storage);
                    }
                    commit.commit();
                    model = after;
                    before = model;
                    storage.disarm();
                }
            } catch (CrashException crash) {
                crashes.add(crashName(spec));
            } catch (LanceException unexpected) {
                violations.add("operation failed without a crash: " + unexpected);
            }
            storage.disarm();

            FaultInjectingStorage restarted = storage.restart();
            if (!crashes.isEmpty() && random.nextBoolean()) {
                CrashSpec inRecovery = random.nextBoolean()
                        ? CrashSpec.atFailpoint(
                                RecoveryFailpoints.RECOVERY.get(random.nextInt(RecoveryFailpoints.RECOVERY.size())), 1)
                        : CrashSpec.atOperation(1 + random.nextInt(8), TornWritePolicy.DROPPED);
                trace.append(" recovery crash at ").append(inRecovery).append(';');
                inRecovery.arm(restarted);
                try {
                    CatalogSession.open(restarted, OpenMode.READ_WRITE, options(seed + 2))
                            .close();
                } catch (CrashException crash) {
                    crashes.add(crashName(inRecovery));
                }
                restarted.disarm();
                restarted = restarted.restart();
            }
            outcome = check(restarted, before, after, seed, violations, allocator);
        } catch (RuntimeException | Error e) {
            violations.add("unexpected " + e);
        }
        return new ScheduleResult(crashes, outcome, violations, trace.toString());
    }

    private static String crashName(CrashSpec spec) {
        return spec.failpoint()
                .map(Failpoint::name)
                .orElse("storage." + spec.policy().name().toLowerCase(java.util.Locale.ROOT));
    }

    private ScheduleResult.Outcome check(
            FaultInjectingStorage storage,
            Map<String, List<Long>> before,
            Map<String, List<Long>> after,
            long seed,
            List<String> violations,
            BufferAllocator allocator) {
        ScheduleResult.Outcome outcome = ScheduleResult.Outcome.NOTHING_TO_DO;
        try (CatalogSession session = CatalogSession.open(storage, OpenMode.READ_WRITE, options(seed + 3))) {
            for (RecoveryOutcome recovered : session.openingSweep()) {
                if (recovered.kind() == RecoveryOutcome.Kind.ROLLED_FORWARD) {
                    outcome = ScheduleResult.Outcome.ROLLED_FORWARD;
                } else if (recovered.kind() == RecoveryOutcome.Kind.ROLLED_BACK) {
                    outcome = ScheduleResult.Outcome.ROLLED_BACK;
                }
            }
            Map<String, List<Long>> visible = visible(session);
            if (!visible.equals(before) && !visible.equals(after)) {
                violations.add("visible state is neither before " + before + " nor after " + after + ": " + visible);
            }
            if (!session.pendingSidecars().isEmpty()) {
                violations.add("sidecars remain after a read-write open: " + session.pendingSidecars());
            }
            session.snapshot().pins("main").forEach((key, pin) -> {
                long head = new dev.plainlance.lance.table.ManifestStore(session.catalog()
                                .tableStorage(session.snapshot().path(key).orElseThrow()))
                        .latest()
                        .orElseThrow()
                        .version();
                if (head != pin.version()) {
                    violations.add("table " + key + " is pinned at " + pin.version() + " but its HEAD is " + head);
                }
            });
            long manifestVersion = session.snapshot().manifestVersion();
            try (CatalogSession again = CatalogSession.open(storage, OpenMode.READ_WRITE, options(seed + 4))) {
                if (again.snapshot().manifestVersion() != manifestVersion
                        || !visible(again).equals(visible)) {
                    violations.add("a second open changed the catalog");
                }
                again.newCommit()
                        .append("t0", Rows.of(List.of(999L), allocator))
                        .commit();
                if (!visible(again).get("t0").contains(999L)) {
                    violations.add("the next write after recovery is not visible");
                }
            }
        } catch (LanceException e) {
            violations.add("reopen failed: " + e);
        }
        return outcome;
    }

    private static Map<String, List<Long>> visible(CatalogSession session) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String key : session.snapshot().pins("main").keySet()) {
            try (Dataset table = session.openTable(key)) {
                out.put(key, Rows.ids(table));
            }
        }
        return out;
    }

    private static Map<String, List<Long>> copy(Map<String, List<Long>> model) {
        Map<String, List<Long>> out = new TreeMap<>();
        model.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    static RecoveryOptions options(long seed) {
        return options(seed, Duration.ZERO);
    }

    /** Deterministic options (fixed clock, seeded ids) whose sessions leave sidecars younger than {@code lease}. */
    static RecoveryOptions options(long seed, Duration lease) {
        return options(seed, lease, Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
    }

    /** The same at another time: sidecars started earlier than {@code clock}'s time minus {@code lease} are due. */
    static RecoveryOptions options(long seed, Duration lease, Clock clock) {
        AtomicLong counter = new AtomicLong();
        return new RecoveryOptions(
                new CatalogOptions(
                        clock,
                        new Ulid(clock, new Random(seed)),
                        () -> new UUID(seed, counter.incrementAndGet()),
                        Retry.immediate(10, seed)),
                lease,
                "crash-campaign");
    }
}
