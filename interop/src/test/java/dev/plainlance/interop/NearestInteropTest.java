package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.index.DistanceType;
import dev.plainlance.lance.ipc.ColumnOrdering;
import dev.plainlance.lance.ipc.Query;
import dev.plainlance.lance.ipc.ScanOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nearest-neighbour scans ({@code ScanOptions.nearest}) return what the official library returns for the same query
 * on a dataset it wrote without a vector index (so both search exactly): the same rows in the same order with the
 * same distances, for L2, cosine and dot distances on float32 and float64 vectors, with prefilters and
 * postfilters, projections, row ids and addresses, orderings, offsets and limits, over several fragments with null
 * vectors and deleted rows. Vector values are multiples of 1/4, so L2 and dot distances are exact in both
 * libraries; cosine distances, which take a square root, are compared to within 1e-6.
 */
class NearestInteropTest {
    private static final int DIM = 8;
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("tag", FieldType.nullable(new ArrowType.Int(32, true)), null),
            vector("vec", FloatingPointPrecision.SINGLE),
            vector("v64", FloatingPointPrecision.DOUBLE)));
    private static final Pattern DISTANCE = Pattern.compile("\"_distance\":([^,}]+)");

    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    private static Field vector(String name, FloatingPointPrecision precision) {
        return new Field(
                name,
                FieldType.nullable(new ArrowType.FixedSizeList(DIM)),
                List.of(new Field("item", FieldType.nullable(new ArrowType.FloatingPoint(precision)), null)));
    }

    private static ArrowReader rows(long seed, long firstId, int count) {
        return OneBatchReader.of(allocator, SCHEMA, root -> {
            Random random = new Random(seed);
            FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
            FixedSizeListVector v64 = (FixedSizeListVector) root.getVector("v64");
            for (int i = 0; i < count; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, firstId + i);
                ((IntVector) root.getVector("tag")).setSafe(i, random.nextInt(6));
                boolean nullVec = random.nextInt(9) == 0;
                boolean nullV64 = random.nextInt(9) == 0;
                if (nullVec) {
                    vec.setNull(i);
                } else {
                    vec.setNotNull(i);
                }
                if (nullV64) {
                    v64.setNull(i);
                } else {
                    v64.setNotNull(i);
                }
                for (int d = 0; d < DIM; d++) {
                    ((Float4Vector) vec.getDataVector()).setSafe(i * DIM + d, quarter(random));
                    ((Float8Vector) v64.getDataVector()).setSafe(i * DIM + d, quarter(random));
                }
            }
            vec.getDataVector().setValueCount(count * DIM);
            v64.getDataVector().setValueCount(count * DIM);
            root.setRowCount(count);
        });
    }

    private static float quarter(Random random) {
        return (random.nextInt(25) - 12) / 4f;
    }

    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void searchesReturnTheOfficialRows(boolean stableRowIds, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withStableRowIds(stableRowIds));
        w.write(org.lance.WriteParams.WriteMode.CREATE, rows(1, 0, 500));
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(2, 500, 400));
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(3, 900, 300));
        w.delete("id % 13 = 4");
        Random random = new Random(stableRowIds ? 7 : 11);
        int rowsCompared = 0;
        try (org.lance.Dataset official = w.open();
                Dataset plain = Dataset.open(allocator, w.uri(), ReadOptions.defaults())) {
            for (int round = 0; round < 40; round++) {
                String column = random.nextBoolean() ? "vec" : "v64";
                int distanceKind = random.nextInt(3);
                float[] key = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    key[d] = quarter(random);
                }
                int k = 1 + random.nextInt(random.nextBoolean() ? 20 : 1_300);
                List<String> columns =
                        switch (random.nextInt(4)) {
                            case 0 -> List.of("id");
                            case 1 -> List.of("_distance", "tag", "id");
                            case 2 -> List.of("id", column);
                            default -> null;
                        };
                boolean prefilter = random.nextBoolean();
                String filter =
                        switch (random.nextInt(4)) {
                            case 0 -> "tag < 2";
                            case 1 -> "tag = 3 OR id > 1000";
                            case 2 -> prefilter ? "id % 3 = 0" : "_distance < 60";
                            default -> null;
                        };
                boolean rowId = random.nextInt(3) == 0;
                boolean rowAddress = random.nextInt(3) == 0;
                long limit = random.nextInt(3) == 0 ? 1 + random.nextInt(30) : -1;
                long offset = random.nextInt(3) == 0 ? random.nextInt(10) : 0;
                boolean orderById = random.nextInt(4) == 0;

                org.lance.ipc.Query.Builder tq = new org.lance.ipc.Query.Builder()
                        .setColumn(column)
                        .setKey(key)
                        .setK(k);
                Query.Builder oq =
                        new Query.Builder().setColumn(column).setKey(key).setK(k);
                if (distanceKind > 0) {
                    tq.setDistanceType(org.lance.index.DistanceType.values()[distanceKind]);
                    oq.setDistanceType(DistanceType.values()[distanceKind]);
                }
                org.lance.ipc.ScanOptions.Builder t = new org.lance.ipc.ScanOptions.Builder()
                        .nearest(tq.build())
                        .prefilter(prefilter)
                        .withRowId(rowId)
                        .withRowAddress(rowAddress);
                ScanOptions.Builder o = new ScanOptions.Builder()
                        .nearest(oq.build())
                        .prefilter(prefilter)
                        .withRowId(rowId)
                        .withRowAddress(rowAddress);
                if (columns != null) {
                    t.columns(columns);
                    o.columns(columns);
                }
                if (filter != null) {
                    t.filter(filter);
                    o.filter(filter);
                }
                if (limit > 0) {
                    t.limit(limit);
                    o.limit(limit);
                }
                if (offset > 0) {
                    t.offset(offset);
                    o.offset(offset);
                }
                if (orderById) {
                    org.lance.ipc.ColumnOrdering.Builder to = new org.lance.ipc.ColumnOrdering.Builder();
                    to.setColumnName("id");
                    t.setColumnOrderings(List.of(to.build()));
                    ColumnOrdering.Builder oo = new ColumnOrdering.Builder();
                    oo.setColumnName("id");
                    o.setColumnOrderings(List.of(oo.build()));
                }
                String context = "round " + round + ": " + oq.build() + " columns " + columns + " filter " + filter
                        + " prefilter " + prefilter + " rowid " + rowId + " rowaddr " + rowAddress + " limit "
                        + limit + " offset " + offset + " by id " + orderById;
                List<String> expected;
                try (org.lance.ipc.LanceScanner scan = official.newScan(t.build())) {
                    expected = RowDump.lines(scan.scanBatches());
                }
                List<String> actual;
                try (ArrowReader reader = plain.newScan(o.build()).scanBatches()) {
                    actual = RowDump.lines(reader);
                }
                if (distanceKind == DistanceType.Cosine.ordinal()) {
                    assertEquals(withoutDistances(expected), withoutDistances(actual), context);
                    List<Double> theirs = distances(expected);
                    List<Double> ours = distances(actual);
                    assertEquals(theirs.size(), ours.size(), context);
                    for (int i = 0; i < theirs.size(); i++) {
                        assertEquals(theirs.get(i), ours.get(i), 1e-6, context + ", row " + i);
                    }
                } else {
                    assertEquals(expected, actual, context);
                }
                rowsCompared += expected.size() - 1;
            }
        }
        assertTrue(rowsCompared > 2_000, "only " + rowsCompared + " rows compared");
    }

    private static List<String> withoutDistances(List<String> lines) {
        return lines.stream()
                .map(l -> DISTANCE.matcher(l).replaceAll("\"_distance\":_"))
                .toList();
    }

    private static List<Double> distances(List<String> lines) {
        List<Double> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = DISTANCE.matcher(line);
            if (m.find()) {
                out.add(Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }
}
