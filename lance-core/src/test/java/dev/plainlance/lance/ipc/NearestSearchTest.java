package dev.plainlance.lance.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.expr.ExpressionParseException;
import dev.plainlance.lance.index.DistanceType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nearest-neighbour scans on the vector types the official library searches that the interop test does not write:
 * float16 and float64 vectors, and Hamming distances of uint8 vectors; the result's columns; and the queries refused.
 */
class NearestSearchTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            vector("half", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), 2),
            vector("wide", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), 2),
            vector("bits", new ArrowType.Int(8, false), 2)));
    /** Rows 0-5: half and wide hold (id, -id); bits hold (id * 17, 255 - id). */
    private static final int ROWS = 6;

    private BufferAllocator allocator;
    private Dataset dataset;

    private static Field vector(String name, ArrowType item, int size) {
        return new Field(
                name,
                FieldType.nullable(new ArrowType.FixedSizeList(size)),
                List.of(new Field("item", FieldType.nullable(item), null)));
    }

    @BeforeEach
    void write(@TempDir Path dir) throws IOException {
        allocator = new RootAllocator();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            FixedSizeListVector half = (FixedSizeListVector) root.getVector("half");
            FixedSizeListVector wide = (FixedSizeListVector) root.getVector("wide");
            FixedSizeListVector bits = (FixedSizeListVector) root.getVector("bits");
            for (int i = 0; i < ROWS; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i);
                half.setNotNull(i);
                wide.setNotNull(i);
                bits.setNotNull(i);
                ((Float2Vector) half.getDataVector()).setSafe(2 * i, Float16.toFloat16(i));
                ((Float2Vector) half.getDataVector()).setSafe(2 * i + 1, Float16.toFloat16(-i));
                ((Float8Vector) wide.getDataVector()).setSafe(2 * i, i);
                ((Float8Vector) wide.getDataVector()).setSafe(2 * i + 1, -i);
                ((UInt1Vector) bits.getDataVector()).setSafe(2 * i, i * 17);
                ((UInt1Vector) bits.getDataVector()).setSafe(2 * i + 1, 255 - i);
            }
            for (String name : List.of("half", "wide", "bits")) {
                ((FixedSizeListVector) root.getVector(name)).getDataVector().setValueCount(2 * ROWS);
            }
            root.setRowCount(ROWS);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                dataset = Dataset.create(
                        allocator,
                        reader,
                        dir.resolve("ds").toString(),
                        new WriteParams.Builder().withMaxRowsPerFile(4).build());
            }
        }
    }

    @AfterEach
    void close() {
        dataset.close();
        allocator.close();
    }

    private List<String> search(ScanOptions.Builder options) throws IOException {
        return DatasetScanTest.lines(dataset.newScan(options.build()).scanBatches());
    }

    private static Query query(String column, DistanceType distance, int k, float... key) {
        return new Query.Builder()
                .setColumn(column)
                .setKey(key)
                .setK(k)
                .setDistanceType(distance)
                .build();
    }

    @Test
    void halfAndDoubleVectorsGiveTheSameDistances() throws IOException {
        for (String column : List.of("half", "wide")) {
            assertEquals(
                    List.of(
                            "{\"id\":2,\"_distance\":0.5}",
                            "{\"id\":3,\"_distance\":0.5}",
                            "{\"id\":1,\"_distance\":4.5}"),
                    search(new ScanOptions.Builder()
                            .columns(List.of("id"))
                            .nearest(query(column, DistanceType.L2, 3, 2.5f, -2.5f))),
                    column);
            assertEquals(
                    List.of("{\"id\":5,\"_distance\":-9.0}", "{\"id\":4,\"_distance\":-7.0}"),
                    search(new ScanOptions.Builder()
                            .columns(List.of("id"))
                            .nearest(query(column, DistanceType.Dot, 2, 1, -1))),
                    column);
        }
    }

    @Test
    void cosineLeavesOutTheZeroVector() throws IOException {
        List<String> rows = search(new ScanOptions.Builder()
                .columns(List.of("id"))
                .nearest(query("wide", DistanceType.Cosine, 10, 1, -1)));
        assertEquals(ROWS - 1, rows.size(), rows.toString());
        assertTrue(rows.stream().noneMatch(r -> r.startsWith("{\"id\":0,")), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.endsWith("\"_distance\":0.0}")), rows.toString());
    }

    @Test
    void hammingCountsTheDifferingBitsOfUint8Vectors() throws IOException {
        // row i holds (17 i, 255 - i); the key (17, 254) is row 1: row 0 differs in 2 + 1 bits, row 2 in 4 + 2
        assertEquals(
                List.of("{\"id\":1,\"_distance\":0.0}", "{\"id\":0,\"_distance\":3.0}", "{\"id\":3,\"_distance\":3.0}"),
                search(new ScanOptions.Builder()
                        .columns(List.of("id"))
                        .nearest(query("bits", DistanceType.Hamming, 3, 17, 254))));
    }

    @Test
    void theDistanceGoesWhereTheColumnsPutItAndRowIdsAndAddressesFollow() throws IOException {
        ScanOptions.Builder options = new ScanOptions.Builder()
                .columns(List.of("_distance", "id"))
                .withRowId(true)
                .withRowAddress(true)
                .nearest(query("wide", DistanceType.L2, 2, 4, -4));
        assertEquals(
                List.of(
                        "{\"_distance\":0.0,\"id\":4,\"_rowid\":4294967296,\"_rowaddr\":4294967296}",
                        "{\"_distance\":2.0,\"id\":3,\"_rowid\":3,\"_rowaddr\":3}"),
                search(options));
        assertEquals(
                List.of("_distance", "id", "_rowid", "_rowaddr"),
                dataset.newScan(options.build()).schema().getFields().stream()
                        .map(Field::getName)
                        .toList());
    }

    @Test
    void rowsFoundCanBeOrderedByTheirDistanceOrAnotherColumn() throws IOException {
        ColumnOrdering.Builder farthest = new ColumnOrdering.Builder();
        farthest.setColumnName("_distance");
        farthest.setAscending(false);
        ColumnOrdering.Builder byId = new ColumnOrdering.Builder();
        byId.setColumnName("id");
        Query three = query("wide", DistanceType.L2, 3, 0, 0);
        assertEquals(
                List.of("{\"id\":2}", "{\"id\":1}", "{\"id\":0}"),
                search(new ScanOptions.Builder()
                                .columns(List.of("id"))
                                .setColumnOrderings(List.of(farthest.build()))
                                .nearest(three))
                        .stream()
                        .map(r -> r.replaceAll(",\"_distance\":[0-9.]+", ""))
                        .toList());
        assertEquals(
                List.of("{\"_distance\":0.0}", "{\"_distance\":2.0}", "{\"_distance\":8.0}"),
                search(new ScanOptions.Builder()
                        .columns(List.of("_distance"))
                        .setColumnOrderings(List.of(byId.build()))
                        .nearest(three)));
    }

    @Test
    void fragmentIdsLimitTheRowsSearched() throws IOException {
        assertEquals(
                List.of("{\"id\":4,\"_distance\":32.0}", "{\"id\":5,\"_distance\":50.0}"),
                search(new ScanOptions.Builder()
                        .columns(List.of("id"))
                        .fragmentIds(List.of(1))
                        .nearest(query("wide", DistanceType.L2, 3, 0, 0))));
    }

    @Test
    void queriesTheDatasetCannotAnswerAreRefusedNamingTheColumn() {
        record Refused(Query query, String message) {}
        List<Refused> cases = List.of(
                new Refused(query("nope", DistanceType.L2, 1, 1, 1), "/ds: no such column"),
                new Refused(query("id", DistanceType.L2, 1, 1), "/ds: it holds Int(64, true), not fixed-size lists"),
                new Refused(query("wide", DistanceType.L2, 1, 1, 1, 1), "have 2 dimensions, the key has 3"),
                new Refused(query("wide", DistanceType.Hamming, 1, 1, 1), "Hamming distances need uint8"),
                new Refused(query("bits", DistanceType.L2, 1, 1, 1), "L2 distances need float16"),
                new Refused(query("bits", DistanceType.Hamming, 1, 1, 256), "its value 1 is 256.0"),
                new Refused(query("bits", DistanceType.Hamming, 1, 0.5f, 1), "its value 0 is 0.5"));
        for (Refused refused : cases) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> dataset.newScan(
                            new ScanOptions.Builder().nearest(refused.query()).build()),
                    refused.message());
            assertTrue(e.getMessage().contains(refused.message()), e.getMessage());
            assertTrue(e.getMessage()
                    .startsWith("cannot search column '" + refused.query().getColumn() + "' of "));
        }
        for (boolean prefilter : new boolean[] {true, false}) {
            ExpressionParseException e = assertThrows(
                    ExpressionParseException.class,
                    () -> dataset.newScan(new ScanOptions.Builder()
                            .filter(prefilter ? "_distance < 1" : "nope > 1")
                            .prefilter(prefilter)
                            .nearest(query("wide", DistanceType.L2, 1, 1, 1))
                            .build()));
            assertTrue(e.getMessage().contains(prefilter ? "_distance" : "nope"), e.getMessage());
        }
    }

    @Test
    void theQueryBuilderChecksAsTheOfficialOne() {
        assertEquals(
                "Columns must be set",
                assertThrows(NullPointerException.class, () -> new Query.Builder()
                                .setKey(new float[] {1})
                                .build())
                        .getMessage());
        assertEquals(
                "Key must be set",
                assertThrows(
                                NullPointerException.class,
                                () -> new Query.Builder().setColumn("v").build())
                        .getMessage());
        assertEquals(
                "K must be greater than 0",
                assertThrows(IllegalArgumentException.class, () -> query("v", DistanceType.L2, 0, 1))
                        .getMessage());
        assertEquals(
                "Maximum Nprobes must be greater than minimum Nprobes",
                assertThrows(IllegalArgumentException.class, () -> new Query.Builder()
                                .setColumn("v")
                                .setKey(new float[] {1})
                                .setMinimumNprobes(5)
                                .setMaximumNprobes(2)
                                .build())
                        .getMessage());
        assertEquals(
                "Query{column=v, key=[0.5, -1.0], k=10, minimumNprobes=7, maximumNprobes=9, ef=3, refineFactor=2,"
                        + " distanceType=null, useIndex=false, queryParallelism=4}",
                new Query.Builder()
                        .setColumn("v")
                        .setKey(new float[] {0.5f, -1})
                        .setNprobes(7)
                        .setMaximumNprobes(9)
                        .setEf(3)
                        .setRefineFactor(2)
                        .setUseIndex(false)
                        .setQueryParallelism(4)
                        .build()
                        .toString());
    }

    @Test
    void explainSaysTheSearchIsExact() {
        String explain = dataset.newScan(new ScanOptions.Builder()
                        .nearest(query("wide", DistanceType.Cosine, 4, 1, 1))
                        .build())
                .explain();
        assertTrue(explain.startsWith("nearest 4 by Cosine distance on 'wide', exact"), explain);
    }
}
