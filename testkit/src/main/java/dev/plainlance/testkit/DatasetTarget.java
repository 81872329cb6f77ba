package dev.plainlance.testkit;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Crash schedules for one dataset: 1–4 random operations (append, delete, overwrite, restore, compact, cleanup,
 * tag) through the {@code Dataset} API, one of them crashed at a dataset or cleanup failpoint or a random storage
 * operation. After a restart: the latest version shows the rows before or after the interrupted operation, every
 * acknowledged version still reads the same (unless a cleanup was asked to remove it; never the latest or a tagged
 * one), tags stay put, and the next append succeeds.
 */
public final class DatasetTarget implements CrashTarget {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final String URI = "memory://dataset";
    private static final List<dev.plainlance.lance.failpoint.Failpoint> POINTS = java.util.stream.Stream.of(
                    DatasetFailpoints.ALL, dev.plainlance.lance.maintenance.CleanupFailpoints.ALL)
            .flatMap(List::stream)
            .toList();

    private final Supplier<Storage> storages;

    /** Schedules on in-memory storage. */
    public DatasetTarget() {
        this(() -> new InMemoryStorage("dataset"));
    }

    /** Schedules on storages from {@code storages}: a new, empty one per schedule (a bucket on a test server). */
    public DatasetTarget(Supplier<Storage> storages) {
        this.storages = storages;
    }

    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public ScheduleResult run(Random random) {
        List<String> crashes = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        StringBuilder trace = new StringBuilder();
        ScheduleResult.Outcome outcome = ScheduleResult.Outcome.NOTHING_TO_DO;
        try (BufferAllocator allocator = new RootAllocator()) {
            FaultInjectingStorage storage = new FaultInjectingStorage(storages.get());
            write(storage, List.of(0L, 1L, 2L), WriteParams.WriteMode.CREATE, allocator);
            History history = new History();
            history.acknowledge(storage, List.of(0L, 1L, 2L));
            int operations = 1 + random.nextInt(4);
            int crashing = random.nextInt(operations);
            CrashSpec spec = random.nextBoolean()
                    ? CrashSpec.atOperation(
                            1 + random.nextInt(6),
                            random.nextBoolean() ? TornWritePolicy.DROPPED : TornWritePolicy.KEPT)
                    : CrashSpec.atFailpoint(POINTS.get(random.nextInt(POINTS.size())), 1);
            boolean crashInCleanup = spec.failpoint()
                    .filter(dev.plainlance.lance.maintenance.CleanupFailpoints.ALL::contains)
                    .isPresent();
            if (crashInCleanup) {
                operations = Math.max(operations, 3);
                crashing = operations - 1;
            }
            List<Long> before = history.latestRows();
            List<Long> after = before;
            long nextId = 10;
            try {
                for (int i = 0; i < operations; i++) {
                    List<Long> current = history.latestRows();
                    before = current;
                    if (i == crashing) {
                        trace.append(" crash at ").append(spec).append(';');
                        spec.arm(storage);
                    }
                    int kind = crashInCleanup && i == crashing ? 5 : random.nextInt(7);
                    if (kind == 0 || current.isEmpty()) {
                        List<Long> added = List.of(nextId++, nextId++);
                        trace.append(" append ").append(added).append(';');
                        after = concat(current, added);
                        write(storage, added, WriteParams.WriteMode.APPEND, allocator);
                    } else if (kind == 1) {
                        long victim = current.get(random.nextInt(current.size()));
                        trace.append(" delete ").append(victim).append(';');
                        after = new ArrayList<>(current);
                        after.remove(Long.valueOf(victim));
                        try (Dataset dataset = open(storage, null)) {
                            dataset.delete("id = " + victim);
                        }
                    } else if (kind == 2) {
                        List<Long> replaced = List.of(nextId++);
                        trace.append(" overwrite ").append(replaced).append(';');
                        after = replaced;
                        write(storage, replaced, WriteParams.WriteMode.OVERWRITE, allocator);
                    } else if (kind == 3) {
                        long target = history.randomVersion(random);
                        trace.append(" restore ").append(target).append(';');
                        after = history.rowsAt(target);
                        try (Dataset dataset = open(storage, target)) {
                            dataset.restore();
                        }
                    } else if (kind == 4) {
                        trace.append(" compact;");
                        after = current;
                        try (Dataset dataset = open(storage, null)) {
                            dataset.compact();
                        }
                    } else if (kind == 5) {
                        trace.append(" cleanup keep 2;");
                        after = current;
                        history.cleanupAttempted = true;
                        try (Dataset dataset = open(storage, null)) {
                            dataset.cleanupWithPolicy(CleanupPolicy.builder()
                                    .withBeforeVersion(dataset.version() - 1)
                                    .withErrorIfTaggedOldVersions(false)
                                    .build());
                        }
                    } else {
                        String tag = "tag" + i;
                        trace.append(" tag ").append(tag).append(';');
                        after = current;
                        try (Dataset dataset = open(storage, null)) {
                            dataset.tags().create(tag, dataset.version());
                            history.tags.put(tag, dataset.version());
                        }
                    }
                    storage.disarm();
                    history.acknowledge(storage, after);
                    before = after;
                }
            } catch (CrashException crash) {
                crashes.add(spec.failpoint()
                        .map(p -> p.name())
                        .orElse("storage." + spec.policy().name().toLowerCase(java.util.Locale.ROOT)));
            } catch (LanceException unexpected) {
                violations.add("operation failed without a crash: " + unexpected);
            }
            storage.disarm();
            outcome = check(storage.restart(), history, before, after, crashes.isEmpty(), violations, allocator);
        } catch (RuntimeException | Error e) {
            violations.add("unexpected " + e);
        }
        return new ScheduleResult(crashes, outcome, violations, trace.toString());
    }

    /** Acknowledged versions and their rows, and the tags. */
    private static final class History {
        final java.util.TreeMap<Long, List<Long>> rows = new java.util.TreeMap<>();
        final java.util.Map<String, Long> tags = new java.util.TreeMap<>();
        boolean cleanupAttempted;

        void acknowledge(Storage storage, List<Long> latestRows) {
            try (Dataset latest = open(storage, null)) {
                rows.put(latest.version(), List.copyOf(latestRows));
                java.util.Set<Long> listed = new java.util.HashSet<>();
                latest.listVersions().forEach(v -> listed.add(v.getId()));
                rows.keySet().retainAll(listed);
            }
        }

        List<Long> latestRows() {
            return rows.lastEntry().getValue();
        }

        List<Long> rowsAt(long version) {
            return rows.get(version);
        }

        long randomVersion(Random random) {
            List<Long> versions = new ArrayList<>(rows.keySet());
            return versions.get(random.nextInt(versions.size()));
        }
    }

    private ScheduleResult.Outcome check(
            Storage storage,
            History history,
            List<Long> before,
            List<Long> after,
            boolean noCrash,
            List<String> violations,
            BufferAllocator allocator) {
        try (Dataset latest = open(storage, null)) {
            List<Long> visible = Rows.ids(latest);
            if (!visible.equals(before) && !visible.equals(after)) {
                violations.add("latest version shows " + visible + ", neither " + before + " nor " + after);
            }
            long lastAcknowledged = history.rows.lastKey();
            if (latest.version() < lastAcknowledged) {
                violations.add("latest version " + latest.version() + " is below the acknowledged " + lastAcknowledged);
            }
            java.util.Set<Long> listed = new java.util.HashSet<>();
            latest.listVersions().forEach(v -> listed.add(v.getId()));
            for (var acknowledged : history.rows.entrySet()) {
                long v = acknowledged.getKey();
                if (!listed.contains(v)) {
                    if (!history.cleanupAttempted || v == lastAcknowledged || history.tags.containsValue(v)) {
                        violations.add("acknowledged version " + v + " disappeared");
                    }
                    continue;
                }
                try (Dataset at = latest.checkoutVersion(v)) {
                    if (!Rows.ids(at).equals(acknowledged.getValue())) {
                        violations.add("acknowledged version " + v + " changed");
                    }
                }
            }
            for (var tag : history.tags.entrySet()) {
                if (latest.tags().getVersion(tag.getKey()) != tag.getValue()) {
                    violations.add("tag " + tag.getKey() + " moved");
                }
            }
            write(storage, List.of(999L), WriteParams.WriteMode.APPEND, allocator);
            if (noCrash) {
                return ScheduleResult.Outcome.NOTHING_TO_DO;
            }
            return visible.equals(after) && !after.equals(before) || latest.version() > lastAcknowledged
                    ? ScheduleResult.Outcome.ROLLED_FORWARD
                    : ScheduleResult.Outcome.ROLLED_BACK;
        } catch (LanceException e) {
            violations.add("reopen failed: " + e);
            return ScheduleResult.Outcome.NOTHING_TO_DO;
        }
    }

    private static Dataset open(Storage storage, Long version) {
        ReadOptions.Builder options = new ReadOptions.Builder().setClock(CLOCK);
        if (version != null) {
            options.setVersion(version);
        }
        return Dataset.open(storage, URI, options.build());
    }

    private static void write(Storage storage, List<Long> ids, WriteParams.WriteMode mode, BufferAllocator allocator) {
        try (org.apache.arrow.vector.ipc.ArrowReader rows = Rows.of(ids, allocator)) {
            Dataset.write(
                            storage,
                            URI,
                            rows,
                            new WriteParams.Builder().withMode(mode).build(),
                            CLOCK)
                    .close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>(a);
        out.addAll(b);
        out.sort(null);
        return out;
    }
}
