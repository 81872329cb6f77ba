package dev.plainlance.lance.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.ForwardingStorage;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** A full scan opens the next fragment while it reads the current one; results, errors and memory stay as before. */
class ScanOpenAheadTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));
    private static final int FRAGMENTS = 6;
    private static final int ROWS_PER_FRAGMENT = 1000;

    /** Records the threads that open data files. */
    private static final class OpenRecording extends ForwardingStorage {
        final Set<String> openers = ConcurrentHashMap.newKeySet();
        final Set<String> opened = ConcurrentHashMap.newKeySet();

        OpenRecording(Storage inner) {
            super(inner);
        }

        @Override
        public RandomAccessSource openRandomAccess(String key) throws IOException {
            openers.add(Thread.currentThread().getName());
            opened.add(key);
            return super.openRandomAccess(key);
        }
    }

    private static OpenRecording dataset(BufferAllocator allocator) throws IOException {
        OpenRecording storage = new OpenRecording(new InMemoryStorage());
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        for (int i = 0; i < FRAGMENTS * ROWS_PER_FRAGMENT; i++) {
            ((BigIntVector) root.getVector(0)).setSafe(i, i);
        }
        root.setRowCount(FRAGMENTS * ROWS_PER_FRAGMENT);
        try (ArrowReader data = ArrowReaders.owning(SCHEMA, List.of(root), allocator);
                Dataset ds = Dataset.write(
                        Env.defaults(allocator),
                        storage,
                        "memory:ahead",
                        data,
                        new WriteParams.Builder()
                                .withMaxRowsPerFile(ROWS_PER_FRAGMENT)
                                .build())) {
            assertEquals(FRAGMENTS, ds.getFragments().size());
        }
        storage.openers.clear();
        storage.opened.clear();
        return storage;
    }

    private static long sum(ArrowReader reader, long[] rows) throws IOException {
        long total = 0;
        while (reader.loadNextBatch()) {
            BigIntVector ids = (BigIntVector) reader.getVectorSchemaRoot().getVector(0);
            for (int i = 0; i < ids.getValueCount(); i++) {
                total += ids.get(i);
            }
            rows[0] += ids.getValueCount();
        }
        return total;
    }

    @Test
    void aFullScanOpensTheNextFragmentAheadAndReadsEveryRowOnce() throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            OpenRecording storage = dataset(allocator);
            long n = FRAGMENTS * ROWS_PER_FRAGMENT;
            try (Dataset ds = Dataset.open(storage, "memory:ahead", ReadOptions.defaults());
                    ArrowReader scan = ds.newScan().scanBatches()) {
                long[] rows = {0};
                assertEquals(n * (n - 1) / 2, sum(scan, rows));
                assertEquals(n, rows[0]);
            }
            assertTrue(
                    storage.openers.stream().anyMatch(t -> t.startsWith("plainlance-fragment-open")),
                    storage.openers.toString());

            storage.openers.clear();
            try (Dataset ds = Dataset.open(storage, "memory:ahead", ReadOptions.defaults());
                    ArrowReader scan = ds.newScan(
                                    new ScanOptions.Builder().limit(10).build())
                            .scanBatches()) {
                long[] rows = {0};
                assertEquals(45, sum(scan, rows));
            }
            assertTrue(
                    storage.openers.stream().noneMatch(t -> t.startsWith("plainlance-fragment-open")),
                    "a scan with a limit opens no fragment it may not read: " + storage.openers);
        }
    }

    @Test
    void aFullScanKeepsAFixedNumberOfFragmentsOpeningAheadOfTheOneItReads() throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            OpenRecording storage = dataset(allocator);
            try (Dataset ds = Dataset.open(storage, "memory:ahead", ReadOptions.defaults())) {
                List<String> files = ds.getFragments().stream()
                        .map(f -> f.metadata().getFiles().get(0).getPath())
                        .toList();
                try (ArrowReader scan = ds.newScan().scanBatches()) {
                    assertTrue(scan.loadNextBatch());
                } // closing waits for the fragments being opened ahead
                for (int i = 0; i < FRAGMENTS; i++) {
                    String file = files.get(i);
                    boolean opened = storage.opened.stream().anyMatch(k -> k.endsWith(file));
                    assertEquals(
                            i <= ScanReader.FRAGMENTS_AHEAD,
                            opened,
                            "fragment " + i + " opened after the first batch: " + storage.opened);
                }
            }
        }
    }

    @Test
    void closingAfterOneBatchReleasesTheFragmentOpenedAhead() throws Exception {
        BufferAllocator allocator = new RootAllocator();
        OpenRecording storage = dataset(allocator);
        try (Dataset ds = Dataset.open(storage, "memory:ahead", ReadOptions.defaults());
                ArrowReader scan = ds.newScan().scanBatches()) {
            assertTrue(scan.loadNextBatch());
        }
        allocator.close(); // fails if the fragment opened ahead kept any buffer
    }

    @Test
    void aDamagedLaterFragmentFailsWhenTheScanReachesItNamingItsFile() throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            OpenRecording storage = dataset(allocator);
            List<String> files =
                    storage.list("data/").stream().map(ObjectInfo::key).sorted().toList();
            try (Dataset ds = Dataset.open(storage, "memory:ahead", ReadOptions.defaults())) {
                String third =
                        ds.getFragments().get(2).metadata().getFiles().get(0).getPath();
                String damaged = files.stream()
                        .filter(f -> f.endsWith(third))
                        .findFirst()
                        .orElseThrow();
                storage.replace(damaged, new byte[] {1, 2, 3});
                long[] rows = {0};
                try (ArrowReader scan = ds.newScan().scanBatches()) {
                    LanceException failure = assertThrows(LanceException.class, () -> sum(scan, rows));
                    assertTrue(failure.getMessage().contains(third), failure.getMessage());
                }
                assertEquals(2L * ROWS_PER_FRAGMENT, rows[0], "the fragments before it were read in full");
            }
        }
    }
}
