package dev.plainlance.testkit;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.LanceException;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Crash schedules for one dataset: 1–4 random operations (append, delete, overwrite, restore, tag) through the
 * {@code Dataset} API, one of them crashed at a dataset failpoint or a random storage operation. After a restart:
 * the latest version shows the rows before or after the interrupted operation, every acknowledged operation is
 * there, every version is readable, and the next append succeeds.
 */
public final class DatasetTarget implements CrashTarget {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final String URI = "memory://dataset";

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
            FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage("dataset"));
            List<List<Long>> versions = new ArrayList<>();
            write(storage, List.of(0L, 1L, 2L), WriteParams.WriteMode.CREATE, allocator);
            versions.add(List.of(0L, 1L, 2L));
            List<String> tags = new ArrayList<>();
            int operations = 1 + random.nextInt(4);
            int crashing = random.nextInt(operations);
            CrashSpec spec = random.nextBoolean()
                    ? CrashSpec.atOperation(1 + random.nextInt(6), random.nextBoolean() ? TornWritePolicy.DROPPED
                            : TornWritePolicy.KEPT)
                    : CrashSpec.atFailpoint(DatasetFailpoints.ALL.get(random.nextInt(DatasetFailpoints.ALL.size())),
                            1);
            List<Long> before = versions.get(0);
            List<Long> after = before;
            long nextId = 10;
            try {
                for (int i = 0; i < operations; i++) {
                    List<Long> current = versions.get(versions.size() - 1);
                    before = current;
                    if (i == crashing) {
                        trace.append(" crash at ").append(spec).append(';');
                        spec.arm(storage);
                    }
                    int kind = random.nextInt(5);
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
                        long target = 1 + random.nextInt(versions.size());
                        trace.append(" restore ").append(target).append(';');
                        after = versions.get((int) target - 1);
                        try (Dataset dataset = open(storage, target)) {
                            dataset.restore();
                        }
                    } else {
                        String tag = "tag" + i;
                        trace.append(" tag ").append(tag).append(';');
                        after = current;
                        try (Dataset dataset = open(storage, null)) {
                            dataset.tags().create(tag, dataset.version());
                        }
                        tags.add(tag);
                        storage.disarm();
                        continue;
                    }
                    versions.add(after);
                    before = after;
                    storage.disarm();
                }
            } catch (CrashException crash) {
                crashes.add(spec.failpoint().map(p -> p.name()).orElse("storage." + spec.policy().name()
                        .toLowerCase(java.util.Locale.ROOT)));
            } catch (LanceException unexpected) {
                violations.add("operation failed without a crash: " + unexpected);
            }
            storage.disarm();
            outcome = check(storage.restart(), versions, before, after, tags, crashes.isEmpty(), violations,
                    allocator);
        } catch (RuntimeException | Error e) {
            violations.add("unexpected " + e);
        }
        return new ScheduleResult(crashes, outcome, violations, trace.toString());
    }

    private ScheduleResult.Outcome check(Storage storage, List<List<Long>> acknowledged, List<Long> before,
            List<Long> after, List<String> tags, boolean noCrash, List<String> violations, BufferAllocator allocator) {
        try (Dataset latest = open(storage, null)) {
            List<Long> visible = Rows.ids(latest);
            if (!visible.equals(before) && !visible.equals(after)) {
                violations.add("latest version shows " + visible + ", neither " + before + " nor " + after);
            }
            long landed = latest.version();
            if (landed < acknowledged.size() || landed > acknowledged.size() + 1) {
                violations.add("latest version " + landed + " but " + acknowledged.size() + " acknowledged");
            }
            for (long v = 1; v <= acknowledged.size(); v++) {
                try (Dataset at = latest.checkoutVersion(v)) {
                    if (!Rows.ids(at).equals(acknowledged.get((int) v - 1))) {
                        violations.add("acknowledged version " + v + " changed");
                    }
                }
            }
            for (String tag : tags) {
                latest.tags().getVersion(tag);
            }
            write(storage, List.of(999L), WriteParams.WriteMode.APPEND, allocator);
            if (noCrash) {
                return ScheduleResult.Outcome.NOTHING_TO_DO;
            }
            return landed > acknowledged.size() || (visible.equals(after) && !after.equals(before))
                    ? ScheduleResult.Outcome.ROLLED_FORWARD : ScheduleResult.Outcome.ROLLED_BACK;
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
            Dataset.write(storage, URI, rows, new WriteParams.Builder().withMode(mode).build(), CLOCK).close();
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
