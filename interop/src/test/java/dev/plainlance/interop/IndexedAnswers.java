package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** Checks shared by the index interop tests: filters answered through indices against full scans. */
final class IndexedAnswers {
    private IndexedAnswers() {}

    /**
     * Both libraries' indexed answers and plainlance's {@code countRows} equal plainlance's full scan for every
     * filter, plainlance explains each as answered by an index, and at most two filters find no rows.
     */
    static void assertAnswersHold(BufferAllocator allocator, OfficialWriter w, List<String> filters) throws Exception {
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            int answered = 0;
            for (String filter : filters) {
                List<Integer> scanned = plainIds(plain, filter, false);
                answered += scanned.isEmpty() ? 0 : 1;
                assertEquals(scanned, plainIds(plain, filter, true), filter + " (plainlance, indexed)");
                assertEquals(scanned.size(), plain.countRows(filter), filter + " (countRows)");
                assertEquals(
                        scanned,
                        IndexInteropTest.officialIds(allocator, official, filter, true),
                        filter + " (official, indexed)");
                try (dev.plainlance.lance.ipc.LanceScanner scanner =
                        plain.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                .filter(filter)
                                .build())) {
                    assertTrue(scanner.explain().startsWith("index "), filter + ": " + scanner.explain());
                }
            }
            assertTrue(answered >= filters.size() - 2, answered + " filters found rows");
        }
    }

    /** The sorted {@code id} (int32) values plainlance's scan with {@code filter} returns. */
    static List<Integer> plainIds(dev.plainlance.lance.Dataset ds, String filter, boolean useIndex) throws Exception {
        List<Integer> ids = new ArrayList<>();
        try (ArrowReader reader = ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                        .columns(List.of("id"))
                        .filter(filter)
                        .useScalarIndex(useIndex)
                        .build())
                .scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                IntVector id = (IntVector) root.getVector("id");
                for (int i = 0; i < root.getRowCount(); i++) {
                    ids.add(id.get(i));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Builds a {@code type} index on {@code column} with plainlance, named as the official library would name it. */
    static void createIndex(dev.plainlance.lance.Dataset ds, String column, dev.plainlance.lance.index.IndexType type) {
        ds.createIndex(
                List.of(column),
                type,
                java.util.Optional.empty(),
                dev.plainlance.lance.index.IndexParams.defaults(),
                false);
    }

    /** {@code "name type rows-indexed"} of each index the official library describes, sorted. */
    static List<String> officialDescriptions(org.lance.Dataset official) {
        List<String> described = new ArrayList<>();
        for (org.lance.index.IndexDescription d : official.describeIndices()) {
            described.add(d.getName() + " " + d.getIndexType() + " " + d.getRowsIndexed());
        }
        described.sort(null);
        return described;
    }
}
