package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.ipc.ColumnOrdering;
import dev.plainlance.lance.ipc.ScanOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordered scans ({@code ScanOptions.setColumnOrderings}) return the rows the official library returns for the same
 * orderings, projection, filter, offset and limit, on random data with nulls in several fragments written by the
 * official library. Each ordering ends on the unique {@code id}, so the expected order is total.
 */
class OrderedScanInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("small", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field("word", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("real", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));
    private static final List<String> KEYS = List.of("small", "word", "real");

    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    private static ArrowReader rows(long seed, long firstId, int count) {
        return OneBatchReader.of(allocator, SCHEMA, root -> {
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, firstId + i);
                IntVector small = (IntVector) root.getVector("small");
                if (random.nextInt(5) == 0) {
                    small.setNull(i);
                } else {
                    small.setSafe(i, random.nextInt(9) - 4);
                }
                VarCharVector word = (VarCharVector) root.getVector("word");
                if (random.nextInt(6) == 0) {
                    word.setNull(i);
                } else {
                    word.setSafe(i, ("w" + Integer.toString(random.nextInt(50), 4)).getBytes(StandardCharsets.UTF_8));
                }
                Float8Vector real = (Float8Vector) root.getVector("real");
                if (random.nextInt(6) == 0) {
                    real.setNull(i);
                } else {
                    real.setSafe(i, (random.nextInt(13) - 6) / 4.0);
                }
            }
            root.setRowCount(count);
        });
    }

    @Test
    void orderedScansReturnTheOfficialOrder(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.write(org.lance.WriteParams.WriteMode.CREATE, rows(1, 0, 400));
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(2, 400, 300));
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(3, 700, 250));
        w.delete("id % 11 = 3");
        Random random = new Random(42);
        int compared = 0;
        List<String> refused = new ArrayList<>();
        try (org.lance.Dataset official = w.open();
                Dataset plain = Dataset.open(allocator, w.uri(), ReadOptions.defaults())) {
            for (int round = 0; round < 24; round++) {
                List<org.lance.ipc.ColumnOrdering> theirs = new ArrayList<>();
                List<ColumnOrdering> ours = new ArrayList<>();
                int keyCount = 1 + random.nextInt(3);
                for (int k = 0; k <= keyCount; k++) {
                    String column = k == keyCount ? "id" : KEYS.get(random.nextInt(KEYS.size()));
                    boolean ascending = random.nextBoolean();
                    boolean nullFirst = random.nextBoolean();
                    org.lance.ipc.ColumnOrdering.Builder t = new org.lance.ipc.ColumnOrdering.Builder();
                    t.setColumnName(column);
                    t.setAscending(ascending);
                    t.setNullFirst(nullFirst);
                    theirs.add(t.build());
                    ColumnOrdering.Builder o = new ColumnOrdering.Builder();
                    o.setColumnName(column);
                    o.setAscending(ascending);
                    o.setNullFirst(nullFirst);
                    ours.add(o.build());
                }
                List<String> columns = random.nextBoolean() ? List.of("word", "id", "small", "real") : List.of("word");
                String filter = random.nextBoolean() ? "id % 3 <> 1" : null;
                long limit = random.nextInt(4) == 0 ? -1 : random.nextInt(600);
                long offset = random.nextInt(3) == 0 ? random.nextInt(200) : 0;
                org.lance.ipc.ScanOptions.Builder t =
                        new org.lance.ipc.ScanOptions.Builder().columns(columns).setColumnOrderings(theirs);
                ScanOptions.Builder o =
                        new ScanOptions.Builder().columns(columns).setColumnOrderings(ours);
                if (filter != null) {
                    t.filter(filter);
                    o.filter(filter);
                }
                if (limit >= 0) {
                    t.limit(limit);
                    o.limit(limit);
                }
                if (offset > 0) {
                    t.offset(offset);
                    o.offset(offset);
                }
                String context = "round " + round + ": " + ours + " columns " + columns + " filter " + filter
                        + " limit " + limit + " offset " + offset;
                List<String> expected;
                try (org.lance.ipc.LanceScanner scan = official.newScan(t.build())) {
                    expected = RowDump.lines(scan.scanBatches());
                } catch (IllegalArgumentException e) {
                    // official 7.0.0 fails to plan some ordered scans with a filter ("TakeExec requires the input
                    // plan to have a column named '_rowaddr' or '_rowid'"); nothing to compare with then
                    refused.add(context);
                    continue;
                }
                try (ArrowReader reader = plain.newScan(o.build()).scanBatches()) {
                    assertEquals(expected, RowDump.lines(reader), context);
                }
                compared++;
            }
        }
        assertTrue(compared >= 12, "compared " + compared + " of 24; the official library refused " + refused);
    }

    @Test
    void orderingByAnUnknownColumnIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.write(org.lance.WriteParams.WriteMode.CREATE, rows(1, 0, 10));
        ColumnOrdering.Builder o = new ColumnOrdering.Builder();
        o.setColumnName("nope");
        try (Dataset plain = Dataset.open(allocator, w.uri(), ReadOptions.defaults())) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> plain.newScan(new ScanOptions.Builder()
                            .setColumnOrderings(List.of(o.build()))
                            .build()));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        }
    }
}
