package dev.plainlance.interop;

import static dev.plainlance.substrait.SubstraitMessages.field;
import static dev.plainlance.substrait.SubstraitMessages.fp64;
import static dev.plainlance.substrait.SubstraitMessages.i32;
import static dev.plainlance.substrait.SubstraitMessages.i64;
import static dev.plainlance.substrait.SubstraitMessages.in;
import static dev.plainlance.substrait.SubstraitMessages.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.substrait.SubstraitMessages;
import io.substrait.proto.Expression;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
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
 * Substrait filters give the rows the official library gives for the same bytes: random expressions of comparisons,
 * {@code and}/{@code or}/{@code not}, null tests, {@code IN} lists and arithmetic over four columns, each message
 * naming the columns in a random order of its own, on a dataset the official library wrote with nulls and deleted
 * rows; and a merge insert's Substrait delete condition deletes the rows the official one deletes on a twin dataset.
 */
class SubstraitFilterInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("tag", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("x", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));
    private static final List<String> TYPES = List.of("i64", "i32", "string", "fp64");

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
                if (random.nextInt(6) == 0) {
                    ((IntVector) root.getVector("tag")).setNull(i);
                } else {
                    ((IntVector) root.getVector("tag")).setSafe(i, random.nextInt(7) - 3);
                }
                if (random.nextInt(6) == 0) {
                    ((VarCharVector) root.getVector("name")).setNull(i);
                } else {
                    ((VarCharVector) root.getVector("name"))
                            .setSafe(i, ("n" + random.nextInt(12)).getBytes(StandardCharsets.UTF_8));
                }
                if (random.nextInt(6) == 0) {
                    ((Float8Vector) root.getVector("x")).setNull(i);
                } else {
                    ((Float8Vector) root.getVector("x")).setSafe(i, (random.nextInt(41) - 20) / 4.0);
                }
            }
            root.setRowCount(count);
        });
    }

    /** A random boolean expression over the message's columns; {@code order[i]} is the dataset column at field i. */
    private static Expression predicate(SubstraitMessages m, int[] fieldOf, Random random, int depth) {
        int kind = depth >= 3 ? random.nextInt(4) : random.nextInt(7);
        return switch (kind) {
            case 0, 1 -> comparison(m, fieldOf, random);
            case 2 ->
                m.call(random.nextBoolean() ? "is_null:any" : "is_not_null:any", field(fieldOf[1 + random.nextInt(3)]));
            case 3 -> {
                int column = random.nextInt(2);
                yield in(field(fieldOf[column]), value(column, random), value(column, random), value(column, random));
            }
            case 4 ->
                m.call("and:bool", predicate(m, fieldOf, random, depth + 1), predicate(m, fieldOf, random, depth + 1));
            case 5 ->
                m.call("or:bool", predicate(m, fieldOf, random, depth + 1), predicate(m, fieldOf, random, depth + 1));
            default -> m.call("not:bool", predicate(m, fieldOf, random, depth + 1));
        };
    }

    private static Expression comparison(SubstraitMessages m, int[] fieldOf, Random random) {
        String op = List.of("equal", "not_equal", "lt", "lte", "gt", "gte").get(random.nextInt(6));
        int column = random.nextInt(4);
        Expression left = field(fieldOf[column]);
        if (column == 0 && random.nextBoolean()) {
            left = m.call("modulus:i64_i64", left, i64(2 + random.nextInt(4)));
        } else if (column == 3 && random.nextBoolean()) {
            left = m.call("add:fp64_fp64", left, fp64(0.5));
        }
        return m.call(op + ":any_any", left, value(column, random));
    }

    private static Expression value(int column, Random random) {
        return switch (column) {
            case 0 -> i64(random.nextInt(1_000));
            case 1 -> i32(random.nextInt(7) - 3);
            case 2 -> string("n" + random.nextInt(12));
            default -> fp64((random.nextInt(41) - 20) / 4.0);
        };
    }

    /** A message builder naming the columns in a random order; {@code fieldOf[c]} is the field index of column c. */
    private static SubstraitMessages shuffled(Random random, int[] fieldOf) {
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
        Collections.shuffle(order, random);
        SubstraitMessages m = new SubstraitMessages();
        for (int f = 0; f < order.size(); f++) {
            int column = order.get(f);
            m.column(SCHEMA.getFields().get(column).getName(), TYPES.get(column));
            fieldOf[column] = f;
        }
        return m;
    }

    @Test
    void filtersGiveTheOfficialRows(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.write(org.lance.WriteParams.WriteMode.CREATE, rows(1, 0, 600));
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(2, 600, 400));
        w.delete("id % 17 = 3");
        Random random = new Random(5);
        int nonEmpty = 0;
        try (org.lance.Dataset official = w.open();
                Dataset plain = Dataset.open(allocator, w.uri(), ReadOptions.defaults())) {
            for (int round = 0; round < 60; round++) {
                int[] fieldOf = new int[4];
                SubstraitMessages m = shuffled(random, fieldOf);
                ByteBuffer filter = m.message(predicate(m, fieldOf, random, 0));
                List<String> expected;
                try (org.lance.ipc.LanceScanner scan = official.newScan(new org.lance.ipc.ScanOptions.Builder()
                        .substraitFilter(filter)
                        .build())) {
                    expected = RowDump.lines(scan.scanBatches());
                }
                try (ArrowReader reader = plain.newScan(new ScanOptions.Builder()
                                .substraitFilter(filter)
                                .build())
                        .scanBatches()) {
                    assertEquals(expected, RowDump.lines(reader), "round " + round);
                }
                nonEmpty += expected.size() > 1 ? 1 : 0;
            }
        }
        assertTrue(nonEmpty >= 30, "only " + nonEmpty + " of 60 filters matched rows");
    }

    @Test
    void aSubstraitDeleteConditionDeletesTheOfficialRows(@TempDir Path dir) throws Exception {
        OfficialWriter theirs = new OfficialWriter(allocator, dir.resolve("official"));
        OfficialWriter ours = new OfficialWriter(allocator, dir.resolve("plain"));
        for (OfficialWriter w : List.of(theirs, ours)) {
            w.write(org.lance.WriteParams.WriteMode.CREATE, rows(3, 0, 300));
        }
        int[] fieldOf = new int[4];
        SubstraitMessages m = shuffled(new Random(9), fieldOf);
        ByteBuffer condition = m.message(m.call(
                "or:bool", m.call("lt:any_any", field(fieldOf[1]), i32(0)), m.call("is_null:any", field(fieldOf[2]))));
        try (org.lance.Dataset official = theirs.open();
                ArrowReader source = rows(4, 250, 100);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, source, stream);
            official.mergeInsert(
                            new org.lance.merge.MergeInsertParams(List.of("id"))
                                    .withMatchedUpdateAll()
                                    .withNotMatchedBySourceDeleteSubstraitIf(condition),
                            stream)
                    .dataset()
                    .close();
        }
        try (Dataset plain = Dataset.open(allocator, ours.uri(), ReadOptions.defaults());
                ArrowReader source = rows(4, 250, 100)) {
            plain.mergeInsert(
                    new MergeInsertParams(List.of("id"))
                            .withMatchedUpdateAll()
                            .withNotMatchedBySourceDeleteSubstraitIf(condition),
                    source);
        }
        try (org.lance.Dataset official = theirs.open();
                Dataset plain = Dataset.open(allocator, ours.uri(), ReadOptions.defaults());
                org.lance.ipc.LanceScanner scan = official.newScan(new org.lance.ipc.ScanOptions.Builder().build())) {
            List<String> expected = sorted(RowDump.lines(scan.scanBatches()));
            assertTrue(expected.size() < 351, "the condition deleted nothing: " + expected.size());
            assertEquals(expected, sorted(RowDump.lines(plain.newScan().scanBatches())));
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        Collections.sort(out);
        return out;
    }
}
