package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scan statistics ({@code collectStats}) on a dataset the official library wrote: both libraries report them only
 * once the batches are all read, and count the same rows, fragments and row ranges scanned, filtered or not.
 */
class ScanStatsInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));

    @ParameterizedTest
    @ValueSource(strings = {"", "id > 2500", "id % 3 = 1"})
    void bothCountTheSameRowsFragmentsAndRanges(String filter, @TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (int f = 0; f < 3; f++) {
                try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                    for (int i = 0; i < 1000; i++) {
                        ((BigIntVector) root.getVector(0)).setSafe(i, f * 1000L + i);
                    }
                    root.setRowCount(1000);
                    try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                            ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                        Data.exportArrayStream(allocator, reader, stream);
                        org.lance.Dataset.create(
                                        allocator,
                                        stream,
                                        uri,
                                        new org.lance.WriteParams.Builder()
                                                .withMode(org.lance.WriteParams.WriteMode.APPEND)
                                                .build())
                                .close();
                    }
                }
            }
            Map<String, Long> theirs;
            long theirRows = 0;
            try (org.lance.Dataset dataset = org.lance.Dataset.open(uri, allocator)) {
                org.lance.ipc.ScanOptions.Builder options = new org.lance.ipc.ScanOptions.Builder().collectStats(true);
                if (!filter.isEmpty()) {
                    options.filter(filter);
                }
                try (org.lance.ipc.LanceScanner scanner = dataset.newScan(options.build())) {
                    try (ArrowReader reader = scanner.scanBatches()) {
                        assertEquals(Optional.empty(), scanner.getStats());
                        while (reader.loadNextBatch()) {
                            theirRows += reader.getVectorSchemaRoot().getRowCount();
                        }
                    }
                    theirs = scanner.getStats().orElseThrow().getAllCounts();
                }
            }
            Map<String, Long> ours;
            long ourRows = 0;
            try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                dev.plainlance.lance.ipc.ScanOptions.Builder options =
                        new dev.plainlance.lance.ipc.ScanOptions.Builder().collectStats(true);
                if (!filter.isEmpty()) {
                    options.filter(filter);
                }
                try (dev.plainlance.lance.ipc.LanceScanner scanner = dataset.newScan(options.build())) {
                    try (ArrowReader reader = scanner.scanBatches()) {
                        assertEquals(Optional.empty(), scanner.getStats());
                        while (reader.loadNextBatch()) {
                            ourRows += reader.getVectorSchemaRoot().getRowCount();
                        }
                    }
                    dev.plainlance.lance.ipc.ScanStats stats =
                            scanner.getStats().orElseThrow();
                    ours = stats.getAllCounts();
                    assertTrue(stats.getBytesRead() > 0 && stats.getRequests() > 0, stats.toString());
                }
            }
            assertEquals(theirRows, ourRows);
            for (String count : List.of("rows_scanned", "fragments_scanned", "ranges_scanned")) {
                assertEquals(
                        theirs.get(count), ours.get(count), count + " (official " + theirs + ", ours " + ours + ")");
            }
        }
    }
}
