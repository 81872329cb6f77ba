package dev.plainlance.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Dataset.sql} on Calcite over a dataset plainlance wrote: results, table names, row ids, and the plan
 * handing projection and filters to the scan. (The official library's answers: {@code SqlInteropTest}.)
 */
class CalciteSqlEngineTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("score", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));

    @TempDir
    Path dir;

    private BufferAllocator allocator;
    private Dataset dataset;

    @BeforeEach
    void write() throws Exception {
        allocator = new RootAllocator();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int i = 0; i < 100; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
                if (i % 10 == 0) {
                    root.getVector(1).setNull(i);
                } else {
                    ((VarCharVector) root.getVector(1)).setSafe(i, new Text("n" + (i % 7)));
                }
                ((Float8Vector) root.getVector(2)).setSafe(i, i / 10.0);
            }
            root.setRowCount(100);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                dataset = Dataset.create(
                        allocator,
                        reader,
                        dir.resolve("ds").toString(),
                        new WriteParams.Builder().withMaxRowsPerFile(30).build());
            }
        }
    }

    @AfterEach
    void close() {
        dataset.close();
        allocator.close();
    }

    private List<String> rows(ArrowReader reader) throws Exception {
        List<String> out = new ArrayList<>();
        try (reader) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < root.getFieldVectors().size(); c++) {
                        cells.add(String.valueOf(root.getVector(c).getObject(r)));
                    }
                    out.add(String.join("|", cells));
                }
            }
        }
        return out;
    }

    @Test
    void projectionFilterAggregateAndOrder() throws Exception {
        assertEquals(
                List.of("95|n4", "96|n5", "97|n6", "98|n0", "99|n1"),
                rows(dataset.sql("SELECT id, name FROM dataset WHERE score > 9.4 AND id <> 100 ORDER BY id")
                        .intoBatchRecords()));
        assertEquals(
                List.of("null|10", "n0|13"),
                rows(dataset.sql("SELECT name, COUNT(*) AS n FROM dataset WHERE name IS NULL OR name = 'n0'"
                                + " GROUP BY name ORDER BY name NULLS FIRST")
                        .intoBatchRecords()));
        assertEquals(
                List.of("100|4950"),
                rows(dataset.sql("SELECT COUNT(*), SUM(id) FROM dataset").intoBatchRecords()));
        // Calcite's dialect: the average of integers is an integer (DataFusion's is a double, 49.5).
        assertEquals(
                List.of("49"), rows(dataset.sql("SELECT AVG(id) FROM dataset").intoBatchRecords()));
        assertEquals(
                List.of("0|0", "1|1"),
                rows(dataset.sql("SELECT id, _rowid FROM t ORDER BY id LIMIT 2")
                        .tableName("t")
                        .withRowId(true)
                        .intoBatchRecords()));
    }

    @Test
    void theScanGetsTheProjectionAndTheFilters() throws Exception {
        List<String> plan = rows(dataset.sql("EXPLAIN PLAN FOR SELECT name FROM dataset WHERE id < 5")
                .intoBatchRecords());
        String text = String.join("\n", plan);
        assertTrue(text.contains("BindableTableScan"), text);
        assertTrue(text.contains("filters=[[<($0, 5"), text);
        assertTrue(text.contains("projects=[[1]]"), text);
    }

    /**
     * 20,000 rows in four data files, the last one gone: the first batches come back before the scan reaches it,
     * then the missing file is an error naming it.
     */
    @Test
    void resultsAreReadAsTheyAreAskedFor() throws Exception {
        String uri = dir.resolve("big").toString();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int i = 0; i < 20_000; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
            }
            root.setRowCount(20_000);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                reader,
                                uri,
                                new WriteParams.Builder()
                                        .withMaxRowsPerFile(5_000)
                                        .build())
                        .close();
            }
        }
        try (Dataset big = Dataset.open(uri, allocator)) {
            String lastFile =
                    big.snapshot().manifest().getFragments(3).getFiles(0).getPath();
            java.nio.file.Files.delete(dir.resolve("big").resolve("data").resolve(lastFile));
            try (ArrowReader results = big.sql("SELECT id FROM dataset").intoBatchRecords()) {
                assertTrue(results.loadNextBatch());
                assertEquals(
                        ResultBatches.BATCH_ROWS, results.getVectorSchemaRoot().getRowCount());
                assertEquals(0L, results.getVectorSchemaRoot().getVector(0).getObject(0));
                Exception missing = assertThrows(Exception.class, () -> {
                    while (results.loadNextBatch()) {
                        // drain until the scan reaches the missing file
                    }
                });
                assertTrue(missing.getMessage().contains(lastFile), missing.getMessage());
            }
        }
    }

    @Test
    void anInvalidQueryIsAOneLineError() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> dataset.sql("SELECT nope FROM dataset")
                        .intoBatchRecords());
        assertTrue(error.getMessage().contains("nope"), error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }
}
