package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.maintenance.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A range of a BTREE-indexed, sorted {@code id} is one run of rows per fragment, read batch by batch from the
 * run's first batch to its last: the indexed scan gives the rows and batches of a scan that evaluates the filter
 * on every row, whatever the fragment sizes, batch size, deletions and row ids, alone or mixed with single keys.
 */
class IndexedRangeProperties {
    @Property(tries = 40)
    void rangesOfASortedIndexedColumnAnswerAsAFullScan(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3000) Integer> fragmentSizes,
            @ForAll @IntRange(min = 1, max = 700) int batchSize,
            @ForAll @IntRange(min = 0, max = 12000) int from,
            @ForAll @IntRange(min = 0, max = 4000) int length,
            @ForAll @Size(max = 5) List<@IntRange(min = 0, max = 12000) Integer> deleted,
            @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 12000) Integer> keys,
            @ForAll boolean stableRowIds)
            throws IOException {
        Path dir = Files.createTempDirectory("plainlance-indexed-range");
        try (Dataset ds = Tables.create(
                dir,
                Clock.systemUTC(),
                stableRowIds,
                fragmentSizes.stream().mapToInt(Integer::intValue).toArray())) {
            ds.createIndex(List.of("id"), IndexType.BTREE, Optional.empty(), IndexParams.defaults(), false);
            for (int id : deleted) {
                ds.delete("id = " + id);
            }
            String range = "id >= " + from + " AND id < " + (from + length);
            assertSameAnswers(ds, range, batchSize);
            if (!keys.isEmpty()) {
                StringBuilder in = new StringBuilder();
                keys.forEach(k -> in.append(in.length() == 0 ? "" : ", ").append(k));
                assertSameAnswers(ds, "(" + range + ") OR id IN (" + in + ")", batchSize);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void assertSameAnswers(Dataset ds, String filter, int batchSize) throws IOException {
        List<List<String>> indexed = batches(ds, filter, batchSize, true);
        List<List<String>> scanned = batches(ds, filter, batchSize, false);
        assertEquals(scanned, indexed, filter + " with batches of " + batchSize);
    }

    /** The rows of each non-empty batch, as JSON. */
    private static List<List<String>> batches(Dataset ds, String filter, int batchSize, boolean useIndex)
            throws IOException {
        ScanOptions options = new ScanOptions.Builder()
                .filter(filter)
                .batchSize(batchSize)
                .useScalarIndex(useIndex)
                .build();
        List<List<String>> out = new ArrayList<>();
        try (ArrowReader r = ds.newScan(options).scanBatches()) {
            dev.plainlance.jsonl.CanonicalJsonLines json = new dev.plainlance.jsonl.CanonicalJsonLines();
            while (r.loadNextBatch()) {
                List<String> rows = new ArrayList<>();
                for (int i = 0; i < r.getVectorSchemaRoot().getRowCount(); i++) {
                    StringBuilder sb = new StringBuilder();
                    json.appendRow(r.getVectorSchemaRoot(), i, sb);
                    rows.add(sb.toString());
                }
                if (!rows.isEmpty()) {
                    out.add(rows);
                }
            }
        }
        return out;
    }
}
