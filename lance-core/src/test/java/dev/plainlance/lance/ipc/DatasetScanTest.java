package dev.plainlance.lance.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.FixtureDatasets;
import dev.plainlance.lance.error.NotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;

class DatasetScanTest {

    static List<String> lines(ArrowReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        try (reader) {
            CanonicalJsonLines json = new CanonicalJsonLines();
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    StringBuilder sb = new StringBuilder();
                    json.appendRow(root, r, sb);
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    private static List<String> expected(IntStream ids) {
        return ids.mapToObj(RichRows::json).toList();
    }

    @Test
    void scansEveryVersionOfTheHistory() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history"))) {
            assertEquals(
                    expected(IntStream.range(0, 10)),
                    lines(ds.checkoutVersion(1).newScan().scanBatches()));
            assertEquals(
                    expected(IntStream.range(0, 20)),
                    lines(ds.checkoutVersion(2).newScan().scanBatches()));
            assertEquals(
                    expected(IntStream.range(0, 20).filter(v -> v % 3 != 0)),
                    lines(ds.checkoutVersion(3).newScan().scanBatches()));
            assertEquals(expected(IntStream.range(100, 105)), lines(ds.newScan().scanBatches()));
        }
    }

    /** A scan reading ahead any number of batches, filtered or not, returns the rows of one that does not say. */
    @Test
    void everyBatchReadaheadGivesTheSameRows() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history")).checkoutVersion(3)) {
            for (String filter : new String[] {null, "id % 2 = 0"}) {
                ScanOptions.Builder plain = new ScanOptions.Builder().batchSize(3);
                if (filter != null) {
                    plain.filter(filter);
                }
                List<String> expected = lines(ds.newScan(plain.build()).scanBatches());
                assertEquals(16, plain.build().getBatchReadahead(), "the official default when not set");
                for (int readahead : new int[] {0, 1, 5}) {
                    ScanOptions options = new ScanOptions.Builder(plain.build())
                            .batchReadahead(readahead)
                            .build();
                    assertEquals(readahead, options.getBatchReadahead());
                    assertEquals(expected, lines(ds.newScan(options).scanBatches()), filter + ", " + readahead);
                }
            }
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ScanOptions.Builder().batchReadahead(-1));
        assertEquals("batch readahead must not be negative, got -1", e.getMessage());
    }

    @Test
    void smallBatchesAcrossDeletionsGiveTheSameRows() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history")).checkoutVersion(3)) {
            List<String> all = lines(ds.newScan().scanBatches());
            for (int batch : new int[] {1, 2, 3, 7}) {
                assertEquals(
                        all,
                        lines(ds.newScan(new ScanOptions.Builder()
                                        .batchSize(batch)
                                        .build())
                                .scanBatches()));
            }
        }
    }

    @Test
    void aSubstraitFilterWithoutTheSubstraitModuleIsRefusedNamingIt() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history"))) {
            ScanOptions options = new ScanOptions.Builder()
                    .substraitFilter(java.nio.ByteBuffer.wrap(new byte[] {1, 2}))
                    .build();
            dev.plainlance.lance.error.UnsupportedFeatureException e = assertThrows(
                    dev.plainlance.lance.error.UnsupportedFeatureException.class, () -> ds.newScan(options));
            assertTrue(e.getMessage().contains("dev.plainlance:substrait"), e.getMessage());
            assertEquals(2, options.getSubstraitFilter().orElseThrow().remaining());
        }
    }

    @Test
    void projectionRowIdsAndLimit() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history")).checkoutVersion(3)) {
            List<String> rows = lines(ds.newScan(new ScanOptions.Builder()
                            .columns(List.of("s", "id"))
                            .withRowId(true)
                            .withRowAddress(true)
                            .limit(3)
                            .batchSize(2)
                            .build())
                    .scanBatches());
            assertEquals(
                    List.of(
                            "{\"s\":\"str_1\",\"id\":1,\"_rowid\":1,\"_rowaddr\":1}",
                            "{\"s\":\"str_2\",\"id\":2,\"_rowid\":2,\"_rowaddr\":2}",
                            "{\"s\":\"str_4\",\"id\":4,\"_rowid\":4,\"_rowaddr\":4}"),
                    rows);
            List<String> second = lines(ds.newScan(new ScanOptions.Builder()
                            .columns(List.of("id"))
                            .withRowAddress(true)
                            .build())
                    .scanBatches());
            assertEquals("{\"id\":10,\"_rowaddr\":4294967296}", second.get(6));
        }
    }

    @Test
    void filtersApplyBeforeProjectionAndLimit() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history")).checkoutVersion(3)) {
            // live ids of v3: 1,2,4,5,7,8,10,11,13,14,16,17,19
            // s of id 10 is null in the fixture ((10 + 4) % 7 == 0)
            assertEquals(
                    List.of("{\"s\":null,\"_rowaddr\":4294967296}", "{\"s\":\"str_11\",\"_rowaddr\":4294967297}"),
                    lines(ds.newScan(new ScanOptions.Builder()
                                    .columns(List.of("s"))
                                    .filter("id >= 10 AND id % 2 = 0 OR id = 11")
                                    .withRowAddress(true)
                                    .limit(2)
                                    .batchSize(3)
                                    .build())
                            .scanBatches()));
            assertEquals(
                    expected(IntStream.of(4, 5)),
                    lines(ds.newScan(new ScanOptions.Builder()
                                    .filter("id BETWEEN 3 AND 6")
                                    .build())
                            .scanBatches()));
            assertEquals(
                    List.of(),
                    lines(ds.newScan(new ScanOptions.Builder()
                                    .filter("id > 1000")
                                    .build())
                            .scanBatches()));
            IllegalArgumentException bad = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.newScan(
                            new ScanOptions.Builder().filter("nope > 1").build()));
            assertTrue(bad.getMessage().contains("nope"), bad.getMessage());
        }
    }

    @Test
    void unknownColumnIsAClearError() {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history"))) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.newScan(
                            new ScanOptions.Builder().columns(List.of("nope")).build()));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }
    }

    @Test
    void takeByIndexAndByRowId() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history")).checkoutVersion(3)) {
            // live ids of v3: 1,2,4,5,7,8,10,11,13,14,16,17,19
            assertEquals(
                    List.of("{\"id\":19}", "{\"id\":1}", "{\"id\":10}", "{\"id\":11}"),
                    lines(ds.take(List.of(12L, 0L, 6L, 7L), List.of("id"))));
            assertEquals(
                    List.of("{\"id\":11}", "{\"id\":2}"),
                    lines(ds.takeRows(List.of((1L << 32) | 1, 2L), List.of("id"))));
            assertThrows(NotFoundException.class, () -> ds.takeRows(List.of(3L), List.of("id")));
            assertThrows(NotFoundException.class, () -> ds.take(List.of(13L), List.of("id")));
            assertEquals(expected(IntStream.of(5)), lines(ds.take(List.of(3L), List.of())));
        }
    }

    @Test
    void stableRowIdsAreReportedAsRowIds() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("stable_rowids"))) {
            List<Long> ids = new ArrayList<>();
            try (ArrowReader reader = ds.newScan(new ScanOptions.Builder()
                            .columns(List.of("id"))
                            .withRowId(true)
                            .build())
                    .scanBatches()) {
                while (reader.loadNextBatch()) {
                    UInt8Vector v = (UInt8Vector) reader.getVectorSchemaRoot().getVector("_rowid");
                    for (int i = 0; i < v.getValueCount(); i++) {
                        ids.add(v.get(i));
                    }
                }
            }
            assertEquals(ds.countRows(), ids.size());
            assertEquals(ids.size(), ids.stream().distinct().count(), "stable row ids are unique");
            List<String> byId = lines(ds.takeRows(ids.subList(0, 3), List.of("id")));
            List<String> scanned = lines(ds.newScan(new ScanOptions.Builder()
                            .columns(List.of("id"))
                            .limit(3)
                            .build())
                    .scanBatches());
            assertEquals(scanned, byId);
        }
    }

    @Test
    void roaringDeletionsAreApplied() throws IOException {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("deletions"))) {
            long rows = 0;
            try (ArrowReader reader = ds.newScan(
                            new ScanOptions.Builder().batchSize(3000).build())
                    .scanBatches()) {
                while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
            }
            assertEquals(ds.countRows(), rows);
        }
    }
}
