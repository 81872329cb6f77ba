package dev.plainlance.lance.file;

import dev.plainlance.lance.io.FileChannelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Full-scan timing of a large Lance file, run only when {@code -Dlance.bench.file=<path>} is given:
 * reads every field (or the comma-separated field indices of {@code -Dlance.bench.fields}) and sums
 * the field named {@code value} if it is a double.
 */
@EnabledIfSystemProperty(named = "lance.bench.file", matches = ".+")
class ScanBenchmarkTest {

    @Test
    void fullScan() throws Exception {
        Path path = Path.of(System.getProperty("lance.bench.file"));
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            long rows = 0;
            double sum = 0;
            try (FileChannelSource source = FileChannelSource.open(path);
                    RootAllocator allocator = new RootAllocator()) {
                LanceFileReader reader = LanceFileReader.open(source);
                String selection = System.getProperty("lance.bench.fields", "");
                java.util.List<Integer> fields = selection.isEmpty()
                        ? null
                        : java.util.Arrays.stream(selection.split(","))
                                .map(Integer::valueOf)
                                .toList();
                try (LanceFileBatchReader batches =
                        reader.readBatches(allocator, fields, 0, reader.numRows(), 65_536)) {
                    while (batches.loadNextBatch()) {
                        VectorSchemaRoot root = batches.getVectorSchemaRoot();
                        if (root.getSchema().getFields().stream()
                                        .anyMatch(f -> f.getName().equals("value"))
                                && root.getVector("value") instanceof Float8Vector values) {
                            for (int i = 0; i < root.getRowCount(); i++) {
                                sum += values.get(i);
                            }
                        }
                        rows += root.getRowCount();
                    }
                }
            }
            System.out.printf(
                    "scan of %s: %d rows, sum %.1f, %.3f s (%d bytes)%n",
                    path.getFileName(), rows, sum, (System.nanoTime() - start) / 1e9, Files.size(path));
        }
    }
}
