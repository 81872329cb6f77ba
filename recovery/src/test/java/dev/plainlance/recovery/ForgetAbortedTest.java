package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the catalog's set of aborted operations no longer grows forever. Recovery forgets an aborted operation
 * once its sidecar is gone, and raises the operation floor so that every publisher that could still publish it
 * (its stalled writer, a recoverer that read its sidecar before it went) is refused. See docs/multi-table-commits.md,
 * "Forgetting aborted operations".
 */
class ForgetAbortedTest {
    private static final int FORGET_AT = 4;
    private static final Duration HOUR = Duration.ofHours(1);

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private static RecoveryOptions forgetting(long seed) {
        return Tables.options(seed).withForgetAbortedAt(FORGET_AT);
    }

    /** A writer that crashes at the {@code n}th {@code point} of {@code operation}; its lease then expires at once. */
    private static void crash(
            Storage root, long seed, Failpoint point, int n, Function<MultiTableCommit, MultiTableCommit> operation) {
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, forgetting(seed));
                Failpoints.Scope scope = CrashRecoveryTest.crashAt(point, n)) {
            assertThrows(
                    SimulatedCrash.class,
                    () -> operation.apply(session.newCommit()).commit());
        }
    }

    /**
     * Over many rolled-back operations, mixed with successful commits and with recoveries that crash before they
     * delete the sidecar, the aborted set stays below the bound plus the operations still pending, a pending one is
     * never forgotten, and the tables show exactly the successful commits.
     */
    @Test
    void theAbortedSetStaysBoundedOverManyAbortedCommits() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 300);
        Random random = new Random(301);
        List<Long> a = new ArrayList<>(List.of(0L, 1L, 2L));
        long nextId = 1000;
        long seed = 1000;
        int rolledBack = 0;
        int maxSeen = 0;
        for (int i = 0; i < 48; i++) {
            int pick = random.nextInt(4);
            long first = nextId;
            nextId += 2;
            if (pick == 0) {
                try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, forgetting(seed++))) {
                    session.newCommit()
                            .append("a", Tables.rows(allocator, first, 2))
                            .commit();
                }
                a.add(first);
                a.add(first + 1);
                continue;
            }
            // a writer dies before (SIDECAR_WRITTEN) or half way through (first TABLE_COMMITTED) its table commits
            Failpoint writerDies = pick == 1 ? RecoveryFailpoints.SIDECAR_WRITTEN : RecoveryFailpoints.TABLE_COMMITTED;
            crash(root, seed++, writerDies, 1, c -> c.append("a", Tables.rows(allocator, first, 2))
                    .append("b", Tables.rows(allocator, first, 2)));
            rolledBack++;
            if (pick == 3) {
                // the recoverer dies after the abort mark and the restores, before it deletes the sidecar
                try (Failpoints.Scope scope = CrashRecoveryTest.crashAt(RecoveryFailpoints.BEFORE_SIDECAR_DELETE, 1)) {
                    long s = seed++;
                    assertThrows(
                            SimulatedCrash.class, () -> CatalogSession.open(root, OpenMode.READ_WRITE, forgetting(s)));
                }
                try (CatalogSession look = CatalogSession.open(root, OpenMode.READ_ONLY, forgetting(seed++))) {
                    List<String> pending = look.pendingSidecars();
                    assertEquals(1, pending.size());
                    String id = pending.get(0)
                            .substring(pending.get(0).lastIndexOf('/') + 1)
                            .replace(".json", "");
                    assertTrue(look.snapshot().isAborted(id), "a pending aborted operation stays in the set");
                }
            }
            try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, forgetting(seed++))) {
                assertEquals(List.of(), session.pendingSidecars());
                CatalogSnapshot state = session.snapshot();
                maxSeen = Math.max(maxSeen, state.abortedOperations().size());
                assertTrue(
                        state.abortedOperations().size() < FORGET_AT,
                        "after " + rolledBack + " roll backs the set holds " + state.abortedOperations());
                CrashRecoveryTest.assertPinsAreHeads(session);
            }
        }
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, forgetting(seed++))) {
            assertTrue(rolledBack >= 2 * FORGET_AT, "enough roll backs to forget several times: " + rolledBack);
            assertEquals(
                    rolledBack,
                    session.audit().stream()
                            .filter(r -> r.kind() == RecoveryOutcome.Kind.ROLLED_BACK)
                            .count());
            assertEquals(Map.of("a", a, "b", List.of(100L, 101L)), Tables.visible(session));
            assertTrue(session.snapshot().operationFloor() > 0);
            assertTrue(maxSeen < FORGET_AT);
        }
    }

    /**
     * The race the rule guards against, with a writer that only creates a table: recovery never restores such a
     * table, so nothing but the aborted mark used to stop the writer. It writes its sidecar and stalls; recovery
     * rolls it back, deletes the sidecar and forgets it. A second recoverer read the sidecar before it went and
     * stalls before reading the tables. The writer then lands its table version, and both the recoverer (which now
     * sees every table landed) and the writer try to publish: both must be refused by the operation floor.
     */
    @Test
    void aLatePublishOfAForgottenOperationIsRefused() throws Exception {
        Storage root = MultiTableCommitTest.twoTables(allocator, 310);
        CountDownLatch sidecarWritten = new CountDownLatch(1);
        CountDownLatch writerMayLand = new CountDownLatch(1);
        CountDownLatch writerLanded = new CountDownLatch(1);
        CountDownLatch writerMayPublish = new CountDownLatch(1);
        CountDownLatch recovererAtTables = new CountDownLatch(1);
        CountDownLatch recovererMayGoOn = new CountDownLatch(1);
        String[] operation = {null};
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Failpoints.Scope scope = Failpoints.install(p -> {
            if (p == RecoveryFailpoints.SIDECAR_WRITTEN) {
                sidecarWritten.countDown();
                await(writerMayLand);
            } else if (p == RecoveryFailpoints.TABLE_COMMITTED) {
                writerLanded.countDown();
                await(writerMayPublish);
            }
        })) {
            Future<Throwable> writer = threads.submit(() -> {
                try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(311))) {
                    session.newCommit()
                            .createTable("c", Tables.rows(allocator, 7, 1))
                            .withConflictRetries(0)
                            .onAttempt(id -> operation[0] = id)
                            .commit();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            await(sidecarWritten);
            String id = operation[0];

            // a recoverer that reads the sidecar, then stalls at its first read of the created table
            AtomicBoolean armed = new AtomicBoolean(true);
            Storage stalling = pausingAtFirstAccess(root, "tables/c-", armed, recovererAtTables, recovererMayGoOn);
            Future<List<RecoveryOutcome>> stale = threads.submit(() -> {
                try (CatalogSession session = CatalogSession.open(stalling, OpenMode.READ_WRITE, Tables.options(312))) {
                    return session.openingSweep();
                }
            });
            await(recovererAtTables);

            // recovery rolls the operation back (its table did not land), deletes the sidecar and forgets it
            try (CatalogSession recovery = CatalogSession.open(
                    root, OpenMode.READ_WRITE, Tables.options(313).withForgetAbortedAt(1))) {
                assertEquals(
                        List.of(RecoveryOutcome.Kind.ROLLED_BACK),
                        recovery.openingSweep().stream()
                                .map(RecoveryOutcome::kind)
                                .toList());
                CatalogSnapshot state = recovery.snapshot();
                assertFalse(state.isAborted(id), "forgotten");
                assertTrue(state.operationFloor() > 0);
                assertEquals(List.of(), recovery.pendingSidecars());
            }

            writerMayLand.countDown();
            await(writerLanded); // the writer's table version 1 is committed now, unfenced

            recovererMayGoOn.countDown();
            List<RecoveryOutcome> staleOutcomes = stale.get(60, TimeUnit.SECONDS);
            assertEquals(
                    List.of(RecoveryOutcome.Kind.NOTHING_TO_DO),
                    staleOutcomes.stream().map(RecoveryOutcome::kind).toList(),
                    "the stale recoverer must not roll the forgotten operation forward");

            writerMayPublish.countDown();
            Throwable outcome = writer.get(60, TimeUnit.SECONDS);
            assertTrue(outcome instanceof CommitConflictException, "the writer is refused: " + outcome);

            try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, Tables.options(314))) {
                CatalogSnapshot state = session.snapshot();
                assertEquals(Optional.empty(), state.path("c"), "the rolled-back table never appears");
                List<CatalogCommit> log = session.catalog().log();
                assertTrue(
                        log.stream().noneMatch(c -> c.operationId().equals(Optional.of(id))),
                        "no commit published the forgotten operation: " + log);
                assertEquals(
                        List.of(RecoveryOutcome.Kind.ROLLED_BACK),
                        session.audit().stream()
                                .filter(r -> r.operationId().equals(id))
                                .map(AuditRecord::kind)
                                .toList());
                assertEquals(CrashRecoveryTest.BEFORE, Tables.visible(session));
            }
        } finally {
            writerMayLand.countDown();
            writerMayPublish.countDown();
            recovererMayGoOn.countDown();
            threads.shutdown();
            assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    /**
     * A writer whose tables all landed, then rolled back because a table it read moved, and forgotten: its publish
     * is refused, and it must not take the table versions it committed for a published operation (the aborted set
     * no longer says otherwise; recovery's restore on top does).
     */
    @Test
    void aWriterWhoseForgottenOperationWasRolledBackReportsAConflict() {
        Storage root = MultiTableCommitTest.twoTables(allocator, 320);
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        boolean[] interleaved = {false};
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(321));
                Failpoints.Scope scope = Failpoints.install(p -> {
                    if (p == RecoveryFailpoints.TABLE_COMMITTED && !interleaved[0]) {
                        interleaved[0] = true;
                        // another writer (whose lease leaves this one's sidecar alone) moves the table read
                        try (BufferAllocator other = new RootAllocator();
                                CatalogSession mover = CatalogSession.open(
                                        root, OpenMode.READ_WRITE, Tables.options(clock, 322, HOUR))) {
                            mover.newCommit()
                                    .append("b", Tables.rows(other, 500, 1))
                                    .commit();
                        }
                        try (CatalogSession recovery = CatalogSession.open(
                                root, OpenMode.READ_WRITE, Tables.options(323).withForgetAbortedAt(1))) {
                            assertEquals(
                                    List.of(RecoveryOutcome.Kind.ROLLED_BACK),
                                    recovery.openingSweep().stream()
                                            .map(RecoveryOutcome::kind)
                                            .toList());
                            assertEquals(Set.of(), recovery.snapshot().abortedOperations());
                        }
                    }
                })) {
            MultiTableCommit commit = session.newCommit()
                    .append("a", Tables.rows(allocator, 3, 2))
                    .expecting("b")
                    .withConflictRetries(0);
            assertThrows(CommitConflictException.class, commit::commit);
            assertTrue(interleaved[0]);
            Map<String, List<Long>> expected = new TreeMap<>(CrashRecoveryTest.BEFORE);
            expected.put("b", List.of(100L, 101L, 500L));
            assertEquals(expected, Tables.visible(session));
            CrashRecoveryTest.assertPinsAreHeads(session);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("a step of the interleaving never happened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code root}, except that the first call naming a key under {@code prefix} signals and waits. */
    private static Storage pausingAtFirstAccess(
            Storage root, String prefix, AtomicBoolean armed, CountDownLatch reached, CountDownLatch proceed) {
        return (Storage) Proxy.newProxyInstance(
                Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (args != null
                            && args.length > 0
                            && args[0] instanceof String key
                            && key.startsWith(prefix)
                            && armed.compareAndSet(true, false)) {
                        reached.countDown();
                        await(proceed);
                    }
                    try {
                        return method.invoke(root, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
