package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Dataset.sql}: plainlance (Calcite over plainlance scans, the {@code sql} module) gives the rows the official
 * library (DataFusion) gives, on a dataset the official library wrote, for projections, filters, aggregates and
 * orderings. Values are compared, not column names or types (the engines name unaliased expressions differently,
 * and Calcite's integer {@code SUM} is a {@code BIGINT} as DataFusion's); doubles to 12 significant digits.
 */
class SqlInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("score", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
            new Field("flag", FieldType.nullable(ArrowType.Bool.INSTANCE), null)));

    private static BufferAllocator allocator;
    private static String uri;

    @BeforeAll
    static void write(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        allocator = new RootAllocator();
        uri = tmp.resolve("ds").toString();
        Random random = new Random(11);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int i = 0; i < 500; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
                if (random.nextInt(9) == 0) {
                    root.getVector(1).setNull(i);
                } else {
                    ((VarCharVector) root.getVector(1)).setSafe(i, new Text("n" + random.nextInt(6)));
                }
                if (random.nextInt(11) == 0) {
                    root.getVector(2).setNull(i);
                } else {
                    ((Float8Vector) root.getVector(2)).setSafe(i, random.nextInt(1000) / 100.0);
                }
                ((BitVector) root.getVector(3)).setSafe(i, random.nextBoolean() ? 1 : 0);
            }
            root.setRowCount(500);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                Data.exportArrayStream(allocator, reader, stream);
                org.lance.Dataset.create(
                                allocator,
                                stream,
                                uri,
                                new org.lance.WriteParams.Builder()
                                        .withMaxRowsPerFile(200)
                                        .build())
                        .close();
            }
        }
    }

    @AfterAll
    static void close() {
        allocator.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT id, name FROM dataset WHERE score > 4.5 ORDER BY id",
                "SELECT id FROM dataset WHERE id >= 10 AND (name = 'n3' OR score < 2) AND NOT flag ORDER BY id",
                "SELECT id, score FROM dataset WHERE name IS NULL OR score IS NULL ORDER BY id",
                "SELECT name, COUNT(*) AS n, SUM(id) AS s, MAX(score) AS m FROM dataset GROUP BY name ORDER BY name NULLS LAST",
                "SELECT flag, COUNT(name) AS n, AVG(score) AS a FROM dataset WHERE id < 400 GROUP BY flag ORDER BY flag",
                "SELECT name, score FROM dataset WHERE name IS NOT NULL AND score IS NOT NULL ORDER BY score DESC, id LIMIT 7",
                "SELECT COUNT(*) AS n FROM dataset",
                "SELECT id FROM dataset WHERE id >= 250 AND (score < 1 OR name = 'n2') ORDER BY id",
                "SELECT id + 1 AS plus_one, UPPER(name) AS big FROM dataset WHERE id BETWEEN 20 AND 24 ORDER BY id"
            })
    void plainlanceAnswersAsTheOfficialLibrary(String sql) throws Exception {
        List<String> theirs;
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
            theirs = rows(official.sql(sql).intoBatchRecords());
        }
        List<String> ours;
        try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            ours = rows(dataset.sql(sql).intoBatchRecords());
        }
        assertEquals(theirs, ours, sql);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tableNameAndRowIds(boolean rowId) throws Exception {
        String sql = rowId
                ? "SELECT id, _rowid FROM items WHERE id % 97 = 3 ORDER BY id"
                : "SELECT id FROM items WHERE id % 97 = 3 ORDER BY id";
        List<String> theirs;
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
            theirs = rows(official.sql(sql).tableName("items").withRowId(rowId).intoBatchRecords());
        }
        List<String> ours;
        try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            ours = rows(dataset.sql(sql).tableName("items").withRowId(rowId).intoBatchRecords());
        }
        assertEquals(theirs, ours, sql);
    }

    /** Each row as its cells' text: numbers in plain decimal form (doubles to 12 digits), others as Arrow gives. */
    private static List<String> rows(ArrowReader reader) throws Exception {
        Function<Object, String> cell = value -> {
            if (value instanceof Double || value instanceof Float) {
                return new BigDecimal(((Number) value).doubleValue())
                        .round(new MathContext(12))
                        .stripTrailingZeros()
                        .toPlainString();
            }
            if (value instanceof Number number) {
                return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            }
            return String.valueOf(value);
        };
        List<String> out = new ArrayList<>();
        try (reader) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; c < root.getFieldVectors().size(); c++) {
                        cells.add(cell.apply(root.getVector(c).getObject(r)));
                    }
                    out.add(String.join("|", cells));
                }
            }
        }
        return out;
    }
}
