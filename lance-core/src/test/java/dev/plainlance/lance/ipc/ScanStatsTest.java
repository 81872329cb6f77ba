package dev.plainlance.lance.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.index.IndexParams;
import dev.plainlance.lance.index.IndexType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
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
 * Scan statistics: none unless asked for, and none before the batches are all read; then the fragments, rows and
 * ranges read, the page reads and bytes, and the index segments a filter consulted.
 */
class ScanStatsTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));

    @TempDir
    Path dir;

    private BufferAllocator allocator;
    private Dataset dataset;

    @BeforeEach
    void create() throws Exception {
        allocator = new RootAllocator();
        String uri = dir.resolve("ds").toString();
        for (int f = 0; f < 3; f++) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                for (int i = 0; i < 1000; i++) {
                    ((BigIntVector) root.getVector(0)).setSafe(i, f * 1000L + i);
                }
                root.setRowCount(1000);
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
        dataset = Dataset.open(uri, allocator);
    }

    @AfterEach
    void close() {
        dataset.close();
        allocator.close();
    }

    private ScanStats readAll(ScanOptions options, long expectedRows) throws Exception {
        try (LanceScanner scanner = dataset.newScan(options)) {
            long rows = 0;
            try (ArrowReader reader = scanner.scanBatches()) {
                assertEquals(Optional.empty(), scanner.getStats(), "no statistics before the end");
                while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
            }
            assertEquals(expectedRows, rows);
            return scanner.getStats().orElseThrow();
        }
    }

    @Test
    void aFullScanCountsEveryFragmentAndRow() throws Exception {
        ScanStats stats = readAll(new ScanOptions.Builder().collectStats(true).build(), 3000);
        assertEquals(3000L, stats.getAllCounts().get("rows_scanned"));
        assertEquals(3L, stats.getAllCounts().get("fragments_scanned"));
        assertEquals(3L, stats.getAllCounts().get("ranges_scanned"));
        assertTrue(stats.getRequests() >= 3 && stats.getIops() == stats.getRequests(), stats.toString());
        assertTrue(stats.getBytesRead() > 0, stats.toString());
        assertEquals(0, stats.getIndicesLoaded());
        assertTrue(stats.getAllTimes().get("batch_wait_time") > 0);

        ScanStats filtered = readAll(
                new ScanOptions.Builder().collectStats(true).filter("id > 2500").build(), 499);
        assertEquals(3000L, filtered.getAllCounts().get("rows_scanned"), "without an index every row is read");
        assertEquals(stats.getBytesRead(), filtered.getBytesRead());
    }

    @Test
    void anIndexedFilterReadsLess() throws Exception {
        dataset.createIndex(List.of("id"), IndexType.BTREE, Optional.empty(), IndexParams.defaults(), false);
        ScanStats stats = readAll(
                new ScanOptions.Builder()
                        .collectStats(true)
                        .filter("id >= 600 AND id < 610")
                        .build(),
                10);
        assertEquals(1, stats.getIndicesLoaded());
        assertTrue(stats.getAllCounts().get("rows_scanned") < 3000, stats.toString());
    }

    @Test
    void noStatisticsUnlessAskedFor() throws Exception {
        try (LanceScanner scanner = dataset.newScan(new ScanOptions.Builder().build());
                ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                // read to the end
            }
            assertEquals(Optional.empty(), scanner.getStats());
        }
        assertTrue(new ScanOptions.Builder().collectStats(true).build().isCollectStats());
        assertTrue(!ScanOptions.defaults().isCollectStats());
    }
}
