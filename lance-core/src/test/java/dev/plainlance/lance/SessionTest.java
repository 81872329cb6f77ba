package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.index.IndexParams;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions: datasets opened with one share its caches, so opening a file again reads none of its metadata and an
 * index segment's lookup is loaded once; a dataset without one gets its own; sizes bound what is kept.
 */
class SessionTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));

    @TempDir
    Path dir;

    private BufferAllocator allocator;
    private String uri;

    @BeforeEach
    void create() throws Exception {
        allocator = new RootAllocator();
        uri = dir.resolve("ds").toString();
        for (int f = 0; f < 3; f++) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                for (int i = 0; i < 500; i++) {
                    ((BigIntVector) root.getVector(0)).setSafe(i, f * 500L + i);
                    ((VarCharVector) root.getVector(1)).setSafe(i, ("n" + (i % 17)).getBytes());
                }
                root.setRowCount(500);
                try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                    Dataset.create(
                                    allocator,
                                    reader,
                                    uri,
                                    new WriteParams.Builder()
                                            .withMode(WriteParams.WriteMode.APPEND)
                                            .build())
                            .close();
                }
            }
        }
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    /** A storage counting the bytes read and the files opened whose key contains {@code marker}. */
    private static final class Counting {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong opened = new AtomicLong();
        final Storage storage;

        Counting(Storage inner, String marker) {
            storage = (Storage) Proxy.newProxyInstance(
                    Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                        Object out = invoke(inner, method, args);
                        switch (method.getName()) {
                            case "readRange" -> bytes.addAndGet((int) args[2]);
                            case "read" -> bytes.addAndGet(((byte[]) out).length);
                            case "openRandomAccess" -> {
                                if (((String) args[0]).contains(marker)) {
                                    opened.incrementAndGet();
                                }
                                return counted((RandomAccessSource) out);
                            }
                            default -> {}
                        }
                        return out;
                    });
        }

        private RandomAccessSource counted(RandomAccessSource inner) {
            return (RandomAccessSource) Proxy.newProxyInstance(
                    RandomAccessSource.class.getClassLoader(),
                    new Class<?>[] {RandomAccessSource.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "read" -> bytes.addAndGet((int) args[1]);
                            case "readFully" -> bytes.addAndGet((int) args[3]);
                            default -> {}
                        }
                        return invoke(inner, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        long takeBytes() {
            return bytes.getAndSet(0);
        }
    }

    private Dataset open(Counting counting, ReadOptions options) {
        return Dataset.open(Env.defaults(allocator), counting.storage, uri, options);
    }

    private static long scan(Dataset dataset, Optional<String> filter) throws Exception {
        ScanOptions.Builder options = new ScanOptions.Builder();
        filter.ifPresent(options::filter);
        long rows = 0;
        try (LanceScanner scan = dataset.newScan(options.build());
                ArrowReader reader = scan.scanBatches()) {
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        return rows;
    }

    @Test
    void aSecondOpenWithTheSameSessionReadsNoFileMetadata() throws Exception {
        Counting counting = new Counting(Storages.forUri(uri, java.util.Map.of()), ".lance");
        Session session = Session.create();
        ReadOptions shared = new ReadOptions.Builder().setSession(session).build();
        long first;
        try (Dataset dataset = open(counting, shared)) {
            counting.takeBytes();
            assertEquals(1500, scan(dataset, Optional.empty()));
            first = counting.takeBytes();
            assertTrue(dataset.session().isSameAs(session));
        }
        assertTrue(session.sizeBytes() > 0, "three files' metadata kept");
        long second;
        try (Dataset dataset = open(counting, shared)) {
            counting.takeBytes();
            assertEquals(1500, scan(dataset, Optional.empty()));
            second = counting.takeBytes();
        }
        long own;
        try (Dataset dataset = open(counting, ReadOptions.defaults())) {
            counting.takeBytes();
            assertEquals(1500, scan(dataset, Optional.empty()));
            own = counting.takeBytes();
            assertFalse(dataset.session().isSameAs(session), "a dataset opened without one gets its own session");
        }
        assertEquals(first, own, "a new session reads every file's metadata again");
        assertTrue(second < first - 3 * 40, "the second scan read " + second + " bytes, the first " + first);

        long unbounded = session.sizeBytes();
        Session none = Session.create(0, 0);
        try (Dataset dataset =
                open(counting, new ReadOptions.Builder().setSession(none).build())) {
            scan(dataset, Optional.empty());
            counting.takeBytes();
            assertEquals(1500, scan(dataset, Optional.empty()));
            assertEquals(first, counting.takeBytes(), "a session of size 0 keeps nothing");
        }
        assertEquals(0, none.sizeBytes());
        assertTrue(unbounded > 0);
    }

    @Test
    void anIndexLookupIsLoadedOncePerSession() throws Exception {
        try (Dataset dataset = Dataset.open(uri, allocator)) {
            dataset.createIndex(List.of("id"), IndexType.BTREE, Optional.empty(), IndexParams.defaults(), false);
        }
        Counting counting = new Counting(Storages.forUri(uri, java.util.Map.of()), "page_lookup.lance");
        Session session = Session.create();
        ReadOptions shared = new ReadOptions.Builder().setSession(session).build();
        for (int round = 0; round < 3; round++) {
            try (Dataset dataset = open(counting, shared)) {
                assertEquals(10, scan(dataset, Optional.of("id >= 600 AND id < 610")));
            }
        }
        assertEquals(1, counting.opened.get(), "the lookup file is read by the first dataset only");
        try (Dataset dataset = open(
                counting, new ReadOptions.Builder().setSession(Session.create()).build())) {
            assertEquals(10, scan(dataset, Optional.of("id >= 600 AND id < 610")));
        }
        assertEquals(2, counting.opened.get(), "another session loads it again");
    }

    @Test
    void optionsAndClosing() {
        ReadOptions defaults = ReadOptions.defaults();
        assertEquals(Optional.empty(), defaults.getSession());
        assertEquals(6L << 30, defaults.getIndexCacheSizeBytes());
        assertEquals(1L << 30, defaults.getMetadataCacheSizeBytes());
        ReadOptions sized = new ReadOptions.Builder()
                .setIndexCacheSizeBytes(5)
                .setMetadataCacheSizeBytes(7)
                .build();
        assertEquals(5, sized.getIndexCacheSizeBytes());
        assertEquals(7, sized.getMetadataCacheSizeBytes());
        assertThrows(IllegalArgumentException.class, () -> new ReadOptions.Builder().setIndexCacheSizeBytes(-1));
        Session session = Session.builder().metadataCacheSizeBytes(1 << 20).build();
        assertTrue(session.isSameAs(session));
        assertFalse(session.isSameAs(Session.create()));
        session.close();
        assertTrue(session.isClosed());
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.open(
                        allocator,
                        uri,
                        new ReadOptions.Builder().setSession(session).build()));
        assertEquals("cannot open " + uri + " with a closed session", refused.getMessage());
    }

    /**
     * Cache keys tell apart the objects of storages whose descriptions repeat (two in-memory storages of one name
     * may hold files of the same names, written with the same deterministic ids), and a prefixed storage keys its
     * objects as its base does.
     */
    @Test
    void cacheKeysTellInMemoryStoragesApart() {
        dev.plainlance.lance.io.InMemoryStorage one = new dev.plainlance.lance.io.InMemoryStorage();
        dev.plainlance.lance.io.InMemoryStorage other = new dev.plainlance.lance.io.InMemoryStorage();
        assertEquals(one.describe("data/a.lance"), other.describe("data/a.lance"));
        assertFalse(one.cacheKey("data/a.lance").equals(other.cacheKey("data/a.lance")));
        assertEquals(
                one.cacheKey("t/data/a.lance"),
                new dev.plainlance.lance.io.PrefixedStorage(one, "t").cacheKey("data/a.lance"));
        Storage local = Storages.forUri(uri, java.util.Map.of());
        assertEquals(local.describe("data/a.lance"), local.cacheKey("data/a.lance"));
    }
}
