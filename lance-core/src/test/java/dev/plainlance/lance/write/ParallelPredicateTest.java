package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.ExpressionEvaluationException;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.DeleteWhere;
import dev.plainlance.lance.operation.OperationResult;
import dev.plainlance.lance.operation.TableCommits;
import dev.plainlance.lance.operation.TableOperation;
import dev.plainlance.lance.operation.UpdateWhere;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.scan.RowMatches;
import dev.plainlance.lance.table.TableSnapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * Issue 15: delete and update test their predicate fragment by fragment on the env's worker pool. The result must
 * not depend on the pool: a one-thread pool and a four-thread pool give the same deletion vectors, the same new
 * fragments and the same rows in the same order, on a table of many fragments, some with deletions already.
 */
class ParallelPredicateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    private static final int FRAGMENTS = 12;
    private static final int ROWS_PER_FRAGMENT = 700;

    private final BufferAllocator allocator = new RootAllocator();
    private final List<ForkJoinPool> pools = new ArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> threadsMade = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        pools.forEach(ForkJoinPool::shutdownNow);
        allocator.close();
    }

    /** A pool whose threads are named {@code prefix-N}. */
    private ForkJoinPool pool(int threads, String prefix) {
        ForkJoinPool pool = new ForkJoinPool(
                threads,
                p -> {
                    threadsMade
                            .computeIfAbsent(prefix, k -> new java.util.concurrent.atomic.AtomicInteger())
                            .incrementAndGet();
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                    t.setName(prefix + "-" + t.getPoolIndex());
                    return t;
                },
                null,
                false);
        pools.add(pool);
        return pool;
    }

    /**
     * The same table, byte for byte, in a fresh storage: {@value #FRAGMENTS} fragments of
     * {@value #ROWS_PER_FRAGMENT} rows (ids 0.., names with some nulls), then a delete of every 11th row so that
     * several fragments have deletion files.
     */
    private TableSnapshot table(Storage storage) throws Exception {
        Env env = Env.deterministic(5, CLOCK, allocator);
        int rows = FRAGMENTS * ROWS_PER_FRAGMENT;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            root.allocateNew();
            BigIntVector ids = (BigIntVector) root.getVector(0);
            VarCharVector names = (VarCharVector) root.getVector(1);
            for (int i = 0; i < rows; i++) {
                ids.setSafe(i, i);
                if (i % 13 == 0) {
                    names.setNull(i);
                } else {
                    names.setSafe(i, ("n" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(rows);
            TableSnapshot created;
            try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Write create = new Write(
                        data,
                        new WriteSpec(
                                WriteSpec.Mode.CREATE,
                                Optional.empty(),
                                true,
                                false,
                                ROWS_PER_FRAGMENT,
                                WriteSpec.DEFAULT_MAX_BYTES_PER_FILE,
                                false,
                                dev.plainlance.lance.file.write.BlobV2Options.defaults()));
                created = TableCommits.apply(create, TableSnapshot.absent(storage, "memory:t"), env)
                        .snapshot();
            }
            return TableCommits.apply(new DeleteWhere("id % 11 = 4"), created, env)
                    .snapshot();
        }
    }

    /** What an operation did, with the rows of the version it committed in scan order. */
    private record Outcome(OperationResult result, List<DataFragment> fragments, List<String> rows) {}

    private Outcome run(TableOperation operation, Function<Env, Env> workers) throws Exception {
        TableSnapshot base = table(new InMemoryStorage());
        Env env = workers.apply(Env.deterministic(6, CLOCK, allocator));
        TableCommits.Committed committed = TableCommits.apply(operation, base, env);
        TableSnapshot after = committed.snapshot();
        return new Outcome(committed.result(), after.fragments(), rows(after, env));
    }

    private List<String> rows(TableSnapshot table, Env env) throws Exception {
        List<String> out = new ArrayList<>();
        try (ArrowReader reader = new LanceScanner(
                        table, new ScanOptions.Builder().withRowAddress(true).build(), env)
                .scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    out.add(root.getVector(0).getObject(i) + ","
                            + root.getVector(1).getObject(i) + ","
                            + root.getVector(2).getObject(i));
                }
            }
        }
        return out;
    }

    @Test
    void aParallelDeleteEqualsTheSingleThreadedOne() throws Exception {
        DeleteWhere delete = new DeleteWhere("id % 7 = 3 OR (id >= 2100 AND id < 2800) OR name IS NULL");
        Outcome one = run(delete, env -> env.withWorkers(pool(1, "one")));
        Outcome four = run(delete, env -> env.withWorkers(pool(4, "four")));
        assertEquals(one, four);

        long expectedDeleted = java.util.stream.LongStream.range(0, FRAGMENTS * ROWS_PER_FRAGMENT)
                .filter(i -> i % 11 != 4)
                .filter(i -> i % 7 == 3 || (i >= 2100 && i < 2800) || i % 13 == 0)
                .count();
        assertEquals(expectedDeleted, four.result().rowsAffected());
        assertTrue(four.fragments().size() < FRAGMENTS, "ids 2100..2799 are a whole fragment, which the delete drops");
        assertTrue(four.fragments().stream().allMatch(DataFragment::hasDeletionFile));
    }

    @Test
    void aParallelUpdateEqualsTheSingleThreadedOne() throws Exception {
        UpdateWhere update = new UpdateWhere(Optional.of("id % 5 = 0 AND id > 1000"), Map.of("name", "'updated'"));
        Outcome one = run(update, env -> env.withWorkers(pool(1, "one")));
        Outcome four = run(update, env -> env.withWorkers(pool(4, "four")));
        assertEquals(one, four);

        long expected = java.util.stream.LongStream.range(1001, FRAGMENTS * ROWS_PER_FRAGMENT)
                .filter(i -> i % 11 != 4 && i % 5 == 0)
                .count();
        assertEquals(expected, four.result().rowsAffected());
        assertEquals(
                expected,
                four.rows().stream().filter(r -> r.contains(",updated,")).count(),
                "every updated row has its new name");
    }

    /**
     * The pool is used: every data file the predicate test opens is opened on a thread of the env's pool, none on
     * the caller's; the pool needs no threads beyond its own (a task decodes on its own thread instead of waiting
     * for other workers); and the matches are the live rows the predicate selects.
     */
    @Test
    void thePredicateIsTestedOnTheEnvsPool() throws Exception {
        Set<String> openers = ConcurrentHashMap.newKeySet();
        TableSnapshot base = table(new InMemoryStorage());
        Storage recording = recordingOpeners(base.storage(), openers);
        TableSnapshot table = TableSnapshot.at(recording, "memory:t", base.version());
        Env env = Env.deterministic(6, CLOCK, allocator).withWorkers(pool(3, "decode-pool"));
        SortedMap<Long, RoaringBitmap> matches = RowMatches.of(table, "id % 100 = 99", env);

        assertFalse(openers.isEmpty());
        assertTrue(threadsMade.get("decode-pool").get() <= 3, threadsMade + " threads for a pool of 3");
        assertTrue(
                openers.stream().allMatch(t -> t.startsWith("decode-pool-")),
                "data files opened on " + openers + ", not on "
                        + Thread.currentThread().getName());
        long found = matches.values().stream()
                .mapToLong(RoaringBitmap::getLongCardinality)
                .sum();
        long expected = java.util.stream.LongStream.range(0, FRAGMENTS * ROWS_PER_FRAGMENT)
                .filter(i -> i % 100 == 99 && i % 11 != 4)
                .count();
        assertEquals(expected, found);
        assertEquals(
                List.copyOf(matches.keySet()),
                matches.keySet().stream().sorted().toList(),
                "fragments in id order");
    }

    /**
     * When several fragments fail, the failure reported is the one of the first failing fragment in manifest order,
     * whatever the pool and whichever task fails first; and no task is left holding memory. Fragment 2 (ids
     * 1400..2099) divides by zero at id 1501; fragment 3's data file cannot be opened.
     */
    @Test
    void aFailureIsTheFirstFailingFragmentsAndEveryTaskHasFinished() throws Exception {
        TableSnapshot base = table(new InMemoryStorage());
        String broken = "data/" + base.fragments().get(3).getFiles(0).getPath();
        Storage failing = failingToOpen(base.storage(), broken);
        TableSnapshot table = TableSnapshot.at(failing, "memory:t", base.version());
        for (int threads : new int[] {1, 4}) {
            Env env = Env.deterministic(6, CLOCK, allocator).withWorkers(pool(threads, "fail" + threads));
            ExpressionEvaluationException e = assertThrows(
                    ExpressionEvaluationException.class,
                    () -> RowMatches.of(table, "1 / (id - 1501) > 0", env),
                    threads + " threads");
            assertTrue(e.getMessage().contains("zero"), e.getMessage());
            assertThrows(
                    dev.plainlance.lance.error.LanceIOException.class,
                    () -> RowMatches.of(table, "id > 2100", env),
                    "fragment 3 alone fails: its own error, as raised");
        }
        assertEquals(0, allocator.getAllocatedMemory(), "no task still holds memory");
    }

    private static Storage failingToOpen(Storage storage, String key) {
        return (Storage) Proxy.newProxyInstance(
                Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("openRandomAccess") && key.equals(args[0])) {
                        throw new java.io.IOException("injected: cannot open " + key);
                    }
                    try {
                        return method.invoke(storage, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Storage recordingOpeners(Storage storage, Set<String> openers) {
        return (Storage) Proxy.newProxyInstance(
                Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("openRandomAccess")
                            && args[0] instanceof String key
                            && key.startsWith("data/")) {
                        openers.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(storage, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
