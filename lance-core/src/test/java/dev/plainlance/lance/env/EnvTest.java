package dev.plainlance.lance.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.Storage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Everything an operation draws from its surroundings comes from the {@link Env}: same env, same bytes. */
class EnvTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aDeterministicEnvWritesTheSameObjectsByteForByte() throws Exception {
        assertEquals(history(42), history(42));
        assertNotEquals(history(42).keySet(), history(43).keySet(), "another seed names other files");
    }

    /** Create, append, delete, update and add a column; every object the history leaves, by key. */
    private static Map<String, byte[]> history(long seed) throws Exception {
        Storage storage = new InMemoryStorage();
        try (BufferAllocator allocator = new RootAllocator()) {
            Env env = Env.deterministic(seed, CLOCK, allocator);
            try (ArrowReader rows = rows(allocator, 0, 10);
                    Dataset ds = Dataset.write(env, storage, "memory:t", rows, new WriteParams.Builder().build())) {
                try (ArrowReader more = rows(allocator, 10, 5);
                        Dataset appended = Dataset.write(
                                env,
                                storage,
                                "memory:t",
                                more,
                                new WriteParams.Builder()
                                        .withMode(WriteParams.WriteMode.APPEND)
                                        .build())) {
                    assertEquals(2, appended.version());
                }
            }
            try (Dataset ds = Dataset.open(env, storage, "memory:t", ReadOptions.defaults())) {
                ds.delete("id % 3 = 0");
                ds.update("id > 10", Map.of("id", "id * 10"));
                ds.addColumns(List.of(Field.nullable("note", ArrowType.Utf8.INSTANCE)));
                assertEquals(5, ds.version());
            }
            roots.forEach(VectorSchemaRoot::close);
            roots.clear();
        }
        Map<String, byte[]> objects = new TreeMap<>() {
            @Override
            public boolean equals(Object o) {
                if (!(o instanceof Map<?, ?> other) || !keySet().equals(other.keySet())) {
                    return false;
                }
                return entrySet().stream()
                        .allMatch(e -> java.util.Arrays.equals(e.getValue(), (byte[]) other.get(e.getKey())));
            }

            @Override
            public int hashCode() {
                return keySet().hashCode();
            }
        };
        for (ObjectInfo object : storage.list("")) {
            objects.put(object.key(), storage.read(object.key()));
        }
        return objects;
    }

    private static final List<VectorSchemaRoot> roots = new java.util.ArrayList<>();

    private static ArrowReader rows(BufferAllocator allocator, long first, int count) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        for (int i = 0; i < count; i++) {
            id.setSafe(i, first + i);
        }
        root.setRowCount(count);
        roots.add(root);
        return ArrowReaders.of(SCHEMA, List.of(root), allocator);
    }

    @Test
    void pagesAreEncodedAndDecodedOnTheEnvironmentsWorkers() throws Exception {
        java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(
                1,
                p -> {
                    threads.incrementAndGet();
                    return java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                },
                null,
                false);
        Storage storage = new InMemoryStorage();
        try (BufferAllocator allocator = new RootAllocator()) {
            Env env = Env.defaults(allocator).withWorkers(pool);
            // large enough that pages are encoded in the background (small pages are encoded inline)
            try (ArrowReader rows = rows(allocator, 0, 200_000);
                    Dataset ds = Dataset.write(env, storage, "memory:w", rows, new WriteParams.Builder().build())) {
                assertEquals(200_000, ds.countRows("id >= 0"));
            } finally {
                roots.forEach(VectorSchemaRoot::close);
                roots.clear();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, threads.get(), "the write and the scan ran on the given pool");
    }

    @Test
    void retryWithMaxAttemptsKeepsTheBackoffAndChangesTheBound() {
        Retry three = Retry.immediate(10, 1).withMaxAttempts(3);
        int[] calls = {0};
        assertEquals("done", three.run(IllegalStateException.class, attempt -> {
            if (++calls[0] < 3) {
                throw new IllegalStateException("again");
            }
            return "done";
        }));
        assertEquals(3, calls[0]);
        assertArrayEquals(new int[] {3}, new int[] {three.maxAttempts()});
    }
}
