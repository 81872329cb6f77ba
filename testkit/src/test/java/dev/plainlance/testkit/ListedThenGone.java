package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A live writer and a recovering open in two threads (lesson 2): the writer, appending one row to each of its
 * tables, stops at {@code pause}; the recoverer lists {@code __recovery/}; then either the writer finishes between
 * that LIST and the recoverer's read of its sidecar ({@code writerFinishesFirst}), or the recoverer's open ends
 * first and the writer finishes after. The writer's lease has not expired, so the recoverer must leave a sidecar
 * it reads alone, and treat one gone since the LIST as finished work: the open succeeds, the operation shows
 * exactly once, and nothing is audited.
 */
record ListedThenGone(List<String> tables, Pause pause, boolean writerFinishesFirst) {
    static final List<String> TABLES = List.of("a", "b", "c");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final long TIMEOUT_SECONDS = 30;

    /** The {@code n}th hit of a writer failpoint. */
    record Pause(Failpoint point, int n) {
        /** Whether the writer's sidecar exists while the writer is stopped here. */
        boolean sidecarPresent() {
            return point == RecoveryFailpoints.SIDECAR_WRITTEN
                    || point == RecoveryFailpoints.TABLE_COMMITTED
                    || point == RecoveryFailpoints.PUBLISHED;
        }

        @Override
        public String toString() {
            return point.name() + (n > 1 ? "#" + n : "");
        }
    }

    @Override
    public String toString() {
        return "writer(" + String.join("+", tables) + ") stopped at " + pause + ", "
                + (writerFinishesFirst
                        ? "finishing between the recoverer's LIST and its read"
                        : "finishing after the recoverer's open");
    }

    void check() {
        InMemoryStorage root = new InMemoryStorage("listed-then-gone");
        try (BufferAllocator allocator = new RootAllocator()) {
            try (CatalogSession setup = CatalogSession.create(root, options(1), "setup")) {
                MultiTableCommit create = setup.newCommit();
                TABLES.forEach(key -> create.createTable(key, Rows.of(List.of(base(key)), allocator)));
                create.commit();
            }
            CatalogSession writerSession = CatalogSession.open(root, OpenMode.READ_WRITE, options(2));
            MultiTableCommit commit = writerSession.newCommit().actor("writer");
            tables.forEach(key -> commit.append(key, Rows.of(List.of(written(key)), allocator)));
            List<RecoveryOutcome> swept = race(root, commit);
            writerSession.close();
            List<String> expected = !pause.sidecarPresent()
                    ? List.of()
                    : List.of(commit.operationId() + " "
                            + (writerFinishesFirst
                                    ? RecoveryOutcome.Kind.NOTHING_TO_DO
                                    : RecoveryOutcome.Kind.DEFERRED));
            assertEquals(
                    expected,
                    swept.stream().map(o -> o.operationId() + " " + o.kind()).toList(),
                    this + ": what the recovering open did");
            checkFinished(root);
        }
    }

    /** Runs the writer in its own thread and the recovering open in this one; what the open's sweep did. */
    private List<RecoveryOutcome> race(InMemoryStorage root, MultiTableCommit commit) {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        FutureTask<MultiTableCommit.Result> writer = new FutureTask<>(() -> {
            try {
                return commit.commit();
            } finally {
                paused.countDown(); // in case it never reached its pause
            }
        });
        Thread writerThread = new Thread(writer, "writer");
        Thread recoverer = Thread.currentThread();
        int[] writerHits = {0};
        boolean[] listed = {false};
        try (Failpoints.Scope scope = Failpoints.install(p -> {
            if (Thread.currentThread() == writerThread && p == pause.point && ++writerHits[0] == pause.n) {
                paused.countDown();
                await(resume);
            } else if (Thread.currentThread() == recoverer && p == RecoveryFailpoints.LISTED && !listed[0]) {
                listed[0] = true;
                if (writerFinishesFirst) {
                    resume.countDown();
                    finish(writer);
                }
            }
        })) {
            writerThread.start();
            await(paused);
            assertEquals(pause.n, writerHits[0], this + ": the writer stopped where it should");
            try (CatalogSession recovering = CatalogSession.open(root, OpenMode.READ_WRITE, options(3))) {
                return recovering.openingSweep();
            } catch (RuntimeException e) {
                return fail(this + ": the recovering open failed: " + e, e);
            } finally {
                resume.countDown();
            }
        } finally {
            finish(writer);
        }
    }

    /** The writer's rows show exactly once, nothing else changed, no sidecar, no audit record, pins at HEAD. */
    private void checkFinished(InMemoryStorage root) {
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, options(4))) {
            Map<String, List<Long>> expected = new TreeMap<>();
            Map<String, List<Long>> visible = new TreeMap<>();
            for (String key : TABLES) {
                expected.put(key, tables.contains(key) ? List.of(base(key), written(key)) : List.of(base(key)));
                try (Dataset table = session.openTable(key)) {
                    List<Long> ids = new java.util.ArrayList<>(Rows.ids(table));
                    Collections.sort(ids);
                    visible.put(key, ids);
                }
            }
            assertEquals(expected, visible, this + ": the acknowledged operation shows exactly once");
            assertEquals(List.of(), session.pendingSidecars(), this + ": no sidecar left");
            assertEquals(List.of(), session.audit(), this + ": a finished operation is never audited as recovered");
            session.snapshot().pins("main").forEach((key, pin) -> {
                try (Dataset head = Dataset.open(
                        session.catalog()
                                .tableStorage(session.snapshot().path(key).orElseThrow()),
                        key,
                        new ReadOptions.Builder().build())) {
                    assertEquals(head.latestVersion(), pin.version(), this + ": the pin of " + key + " is HEAD");
                }
            });
        }
    }

    private static long base(String key) {
        return 100L * TABLES.indexOf(key);
    }

    private static long written(String key) {
        return 1000L + TABLES.indexOf(key);
    }

    /** Everyone at one instant with a 30 s lease: the recoverer must leave the live writer's sidecar alone. */
    private static RecoveryOptions options(long seed) {
        return CatalogTarget.options(seed, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), this + ": the other thread never got there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }

    /** Waits for the writer; it must be acknowledged. */
    private void finish(FutureTask<MultiTableCommit.Result> writer) {
        try {
            writer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            fail(this + ": the writer was not acknowledged: " + e.getCause(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            fail(this + ": the writer did not finish", e);
        }
    }
}
