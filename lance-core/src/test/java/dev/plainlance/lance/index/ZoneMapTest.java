package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.index.scalar.ZoneStats;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ZONEMAP indices built by plainlance: filtered scans give the rows a scan without the index gives (the zones only
 * narrow what is read, the filter is rechecked), with deletions, nulls and NaNs, with and without stable row ids;
 * compaction and optimize rebuild them with the zone size they had; parameters are checked.
 */
class ZoneMapTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.nullable("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    @TempDir
    Path dir;

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private Dataset write(boolean stableRowIds, Random random) throws Exception {
        String uri = dir.resolve("ds" + stableRowIds).toString();
        for (int f = 0; f < 3; f++) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                for (int i = 0; i < 700; i++) {
                    ((BigIntVector) root.getVector(0)).setSafe(i, f * 700L + i);
                    Float8Vector x = (Float8Vector) root.getVector(1);
                    int pick = random.nextInt(20);
                    if (pick == 0) {
                        x.setNull(i);
                    } else if (pick == 1) {
                        x.setSafe(i, Double.NaN);
                    } else {
                        x.setSafe(i, random.nextInt(1000) / 4.0 + f * 100);
                    }
                }
                root.setRowCount(700);
                try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                    Dataset.create(
                                    allocator,
                                    reader,
                                    uri,
                                    new WriteParams.Builder()
                                            .withMode(WriteParams.WriteMode.APPEND)
                                            .withEnableStableRowIds(stableRowIds)
                                            .build())
                            .close();
                }
            }
        }
        Dataset dataset = Dataset.open(uri, allocator);
        dataset.delete("id % 13 = 5 OR (id >= 100 AND id < 180)");
        return dataset;
    }

    private static List<Long> ids(Dataset dataset, String filter, boolean useIndex) throws Exception {
        List<Long> out = new ArrayList<>();
        try (LanceScanner scan = dataset.newScan(new ScanOptions.Builder()
                        .filter(filter)
                        .columns(List.of("id"))
                        .useScalarIndex(useIndex)
                        .build());
                ArrowReader reader = scan.scanBatches()) {
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) reader.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < id.getValueCount(); i++) {
                    out.add(id.get(i));
                }
            }
        }
        return out;
    }

    private static long rowsScanned(Dataset dataset, String filter, boolean useIndex) throws Exception {
        try (LanceScanner scan = dataset.newScan(new ScanOptions.Builder()
                .filter(filter)
                .useScalarIndex(useIndex)
                .collectStats(true)
                .build())) {
            try (ArrowReader reader = scan.scanBatches()) {
                while (reader.loadNextBatch()) {
                    // read to the end
                }
            }
            return scan.getStats().orElseThrow().getAllCounts().get("rows_scanned");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void filteredScansGiveTheRowsOfAScanWithoutTheIndex(boolean stableRowIds) throws Exception {
        Random random = new Random(stableRowIds ? 3 : 4);
        try (Dataset dataset = write(stableRowIds, random)) {
            for (String column : List.of("id", "x")) {
                dataset.createIndex(
                        List.of(column),
                        IndexType.ZONEMAP,
                        Optional.empty(),
                        IndexParams.json("{\"rows_per_zone\": 128}"),
                        false);
            }
            List<String> filters = new ArrayList<>(List.of("x IS NULL", "id IN (1, 650, 1400, 2099)"));
            for (int k = 0; k < 30; k++) {
                long low = random.nextInt(2100);
                filters.add("id >= " + low + " AND id < " + (low + random.nextInt(300)));
                double x = random.nextInt(1300) / 4.0;
                filters.add(random.nextBoolean() ? "x > " + x : "x = " + x);
            }
            for (String filter : filters) {
                assertEquals(ids(dataset, filter, false), ids(dataset, filter, true), filter);
            }
            assertTrue(
                    rowsScanned(dataset, "id >= 1500 AND id < 1520", true)
                            < rowsScanned(dataset, "id >= 1500 AND id < 1520", false) / 2,
                    "the zones narrow what is read");
            Map<String, Object> stats = dataset.getIndexStatistics("id_idx");
            assertEquals("ZoneMap", stats.get("index_type"));
            List<ZoneStats> zones = dataset.getZonemapStats("id");
            assertTrue(zones.size() >= 3 * 4, zones.size() + " zones of 128 live rows in three fragments");
            assertEquals(0L, zones.get(0).getZoneStart());
        }
    }

    @Test
    void compactionAndOptimizeKeepTheZoneSize() throws Exception {
        try (Dataset dataset = write(false, new Random(5))) {
            dataset.createIndex(
                    List.of("id"),
                    IndexType.ZONEMAP,
                    Optional.empty(),
                    IndexParams.json("{\"rows_per_zone\": 50}"),
                    false);
            dataset.compact();
            List<ZoneStats> zones = dataset.getZonemapStats("id");
            assertTrue(zones.stream().allMatch(z -> z.getZoneLength() <= 50), "after compaction: " + zones);
            assertEquals(ids(dataset, "id >= 300 AND id < 420", false), ids(dataset, "id >= 300 AND id < 420", true));

            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                for (int i = 0; i < 120; i++) {
                    ((BigIntVector) root.getVector(0)).setSafe(i, 5000L + i);
                    ((Float8Vector) root.getVector(1)).setSafe(i, i);
                }
                root.setRowCount(120);
                try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                    Dataset.create(
                                    allocator,
                                    reader,
                                    dir.resolve("dsfalse").toString(),
                                    new WriteParams.Builder()
                                            .withMode(WriteParams.WriteMode.APPEND)
                                            .build())
                            .close();
                }
            }
            dataset.checkoutLatest();
            dataset.optimizeIndices(OptimizeOptions.all());
            List<ZoneStats> optimized = dataset.getZonemapStats("id");
            assertTrue(optimized.stream().allMatch(z -> z.getZoneLength() <= 50), "after optimize: " + optimized);
            assertTrue(
                    optimized.stream().anyMatch(z -> Long.valueOf(5000L).equals(z.getMin())),
                    "the appended fragment is covered: " + optimized);
            assertEquals(
                    ids(dataset, "id >= 5010 AND id < 5090", false), ids(dataset, "id >= 5010 AND id < 5090", true));
        }
    }

    @Test
    void badParametersAndMissingIndicesAreRefused() throws Exception {
        try (Dataset dataset = write(false, new Random(6))) {
            for (String bad : List.of("{\"rows_per_zone\": 0}", "{\"rows_per_zone\": \"x\"}", "not json")) {
                assertThrows(
                        IllegalArgumentException.class,
                        () -> dataset.createIndex(
                                List.of("id"), IndexType.ZONEMAP, Optional.empty(), IndexParams.json(bad), false),
                        bad);
            }
            IllegalArgumentException none =
                    assertThrows(IllegalArgumentException.class, () -> dataset.getZonemapStats("x"));
            assertTrue(none.getMessage().contains("no ZONEMAP index covers column 'x'"), none.getMessage());
        }
    }
}
