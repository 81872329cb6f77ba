package dev.plainlance.lance.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sorted readers return the rows a stable sort of the whole input gives (ties broken by a unique last key), with the
 * offset and limit applied after sorting, whether the rows fit in one run or are spilled to files in many runs.
 */
class SortedReaderProperties {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("small", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field("word", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("real", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));

    /** One input row; {@code values[c]} is null, a Long, Integer, String or Double. */
    private record Row(Object[] values) {}

    @Property(tries = 60)
    void sortedRowsAreTheRowsInKeyOrder(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 700) int rowCount,
            @ForAll @IntRange(min = 1, max = 97) int inputBatch,
            @ForAll @IntRange(min = 1, max = 64) int outputBatch,
            @ForAll @IntRange(min = 256, max = 40_000) int runBytes,
            @ForAll @IntRange(min = 0, max = 50) int offset,
            @ForAll @IntRange(min = -1, max = 800) int limit)
            throws Exception {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < rowCount; i++) {
            rows.add(new Row(new Object[] {
                (long) i,
                random.nextInt(5) == 0 ? null : random.nextInt(7) - 3,
                random.nextInt(6) == 0 ? null : "w" + Integer.toString(random.nextInt(40), 3),
                random.nextInt(6) == 0 ? null : (double) (random.nextInt(9) - 4) / 2
            }));
        }
        List<SortedReader.Key> keys = new ArrayList<>();
        int keyCount = 1 + random.nextInt(3);
        for (int k = 0; k < keyCount; k++) {
            keys.add(new SortedReader.Key(1 + random.nextInt(3), random.nextBoolean(), random.nextBoolean()));
        }
        keys.add(new SortedReader.Key(0, random.nextBoolean(), true));
        int[] output = random.nextBoolean() ? new int[] {0, 1, 2, 3} : new int[] {2, 0};

        List<Row> expected = new ArrayList<>(rows);
        expected.sort(order(keys));
        long end = limit < 0 ? Long.MAX_VALUE : (long) offset + limit;
        List<String> want = new ArrayList<>();
        for (int i = offset; i < Math.min(end, expected.size()); i++) {
            want.add(line(expected.get(i).values(), output));
        }

        try (BufferAllocator allocator = new RootAllocator()) {
            List<VectorSchemaRoot> batches = batches(rows, inputBatch, allocator);
            List<String> got = new ArrayList<>();
            try (ArrowReader input = ArrowReaders.owning(SCHEMA, batches, allocator);
                    SortedReader sorted = new SortedReader(
                            input,
                            keys,
                            output,
                            outputBatch,
                            offset,
                            limit < 0 ? Long.MAX_VALUE : limit,
                            runBytes,
                            allocator)) {
                while (sorted.loadNextBatch()) {
                    VectorSchemaRoot batch = sorted.getVectorSchemaRoot();
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        Object[] values = new Object[output.length];
                        for (int c = 0; c < output.length; c++) {
                            Object v = batch.getVector(c).getObject(r);
                            values[c] = v == null ? null : v.toString();
                        }
                        got.add(line(values, null));
                    }
                }
            }
            assertEquals(want, got, "keys " + keys);
        }
    }

    private static Comparator<Row> order(List<SortedReader.Key> keys) {
        return (a, b) -> {
            for (SortedReader.Key key : keys) {
                Object x = a.values()[key.column()];
                Object y = b.values()[key.column()];
                int cmp;
                if (x == null || y == null) {
                    cmp = x == y ? 0 : ((x == null) == key.nullFirst() ? -1 : 1);
                } else {
                    @SuppressWarnings("unchecked")
                    int natural = ((Comparable<Object>) x).compareTo(y);
                    cmp = key.ascending() ? natural : -natural;
                }
                if (cmp != 0) {
                    return cmp;
                }
            }
            return 0;
        };
    }

    private static String line(Object[] values, int[] columns) {
        List<String> parts = new ArrayList<>();
        if (columns == null) {
            for (Object v : values) {
                parts.add(String.valueOf(v));
            }
        } else {
            for (int c : columns) {
                parts.add(values[c] == null ? "null" : values[c].toString());
            }
        }
        return String.join("|", parts);
    }

    private static List<VectorSchemaRoot> batches(List<Row> rows, int size, BufferAllocator allocator) {
        List<VectorSchemaRoot> out = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
            root.allocateNew();
            int n = Math.min(size, rows.size() - from);
            for (int i = 0; i < n; i++) {
                Object[] v = rows.get(from + i).values();
                ((BigIntVector) root.getVector(0)).setSafe(i, (Long) v[0]);
                if (v[1] == null) {
                    ((IntVector) root.getVector(1)).setNull(i);
                } else {
                    ((IntVector) root.getVector(1)).setSafe(i, (Integer) v[1]);
                }
                if (v[2] == null) {
                    ((VarCharVector) root.getVector(2)).setNull(i);
                } else {
                    ((VarCharVector) root.getVector(2))
                            .setSafe(i, ((String) v[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                if (v[3] == null) {
                    ((Float8Vector) root.getVector(3)).setNull(i);
                } else {
                    ((Float8Vector) root.getVector(3)).setSafe(i, (Double) v[3]);
                }
            }
            root.setRowCount(n);
            out.add(root);
        }
        return out;
    }
}
