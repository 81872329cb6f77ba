package dev.plainlance.substrait;

import static dev.plainlance.substrait.SubstraitMessages.bool;
import static dev.plainlance.substrait.SubstraitMessages.field;
import static dev.plainlance.substrait.SubstraitMessages.fp64;
import static dev.plainlance.substrait.SubstraitMessages.i32;
import static dev.plainlance.substrait.SubstraitMessages.i64;
import static dev.plainlance.substrait.SubstraitMessages.in;
import static dev.plainlance.substrait.SubstraitMessages.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import io.substrait.proto.Expression;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Substrait messages become the SQL predicates they mean, and scans and merge inserts take them through lance-core. */
class SubstraitToSqlTest {
    private static final String WHAT = "the test's filter";

    private static SubstraitMessages schema() {
        return new SubstraitMessages()
                .column("id", "i64")
                .column("odd name`", "string")
                .column("x", "fp64");
    }

    private static String sql(SubstraitMessages m, Expression e) {
        return new SubstraitToSql().toSql(m.message(e), WHAT);
    }

    @Test
    void expressionsBecomeTheirSql() {
        SubstraitMessages m = schema();
        assertEquals("(`id` > 15)", sql(m, m.call("gt:any_any", field(0), i64(15))));
        assertEquals("(`odd name``` = 'it''s')", sql(m, m.call("equal", field(1), string("it's"))));
        assertEquals(
                "((`id` >= 1) AND (NOT (`x` IS NULL)) AND (`x` < 0.00001))",
                sql(
                        m,
                        m.call(
                                "and:bool",
                                m.call("gte", field(0), i32(1)),
                                m.call("not:bool", m.call("is_null:any", field(2))),
                                m.call("lt", field(2), fp64(1e-5)))));
        assertEquals("(`id` IN (3, 7))", sql(m, in(field(0), i64(3), i64(7))));
        assertEquals(
                "(((`id` % 3) = 0) OR TRUE)",
                sql(m, m.call("or", m.call("equal", m.call("modulus", field(0), i64(3)), i64(0)), bool(true))));
        assertEquals("(`id` BETWEEN 2 AND 5)", sql(m, m.call("between", field(0), i64(2), i64(5))));
        // the struct fields inside a list are named in the base schema too, before the columns after the list
        SubstraitMessages nested =
                new SubstraitMessages().listOfStructs("items", "sku").column("id", "i64");
        assertEquals("(`id` = 1)", sql(nested, nested.call("equal", field(1), i64(1))));
    }

    @Test
    void whatCannotBeReadIsRefusedByName() {
        SubstraitMessages m = schema();
        record Case(ByteBuffer bytes, String message) {}
        for (Case c : List.of(
                new Case(m.message(m.call("frobnicate:any", field(0))), "function 'frobnicate'"),
                new Case(m.message(m.call("gt", field(7), i64(1))), "field 7 is outside its base schema (3 fields)"),
                new Case(m.message(m.call("gt", field(0))), "'gt' takes 2 arguments, it has 1"),
                new Case(m.message(m.call("lt", field(2), fp64(Double.NaN))), "the float literal NaN"),
                new Case(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), "is not a Substrait ExtendedExpression"))) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new SubstraitToSql().toSql(c.bytes(), WHAT));
            assertTrue(e.getMessage().startsWith(WHAT), e.getMessage());
            assertTrue(e.getMessage().contains(c.message()), e.getMessage());
        }
    }

    private static Dataset write(BufferAllocator allocator, Path dir) throws Exception {
        Schema schema = new Schema(List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int i = 0; i < 10; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
                ((VarCharVector) root.getVector(1)).setSafe(i, ("n" + i).getBytes());
            }
            root.setRowCount(10);
            try (ArrowReader reader = ArrowReaders.of(schema, List.of(root), allocator)) {
                return Dataset.create(
                        allocator, reader, dir.resolve("ds").toString(), new WriteParams.Builder().build());
            }
        }
    }

    private static List<Long> ids(ArrowReader reader) throws Exception {
        List<Long> out = new ArrayList<>();
        try (reader) {
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) reader.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < id.getValueCount(); i++) {
                    out.add(id.get(i));
                }
            }
        }
        return out;
    }

    @Test
    void scansAndMergeInsertsTakeSubstraitPredicates(@TempDir Path dir) throws Exception {
        try (BufferAllocator allocator = new RootAllocator();
                Dataset ds = write(allocator, dir)) {
            // the base schema names the columns in another order than the dataset's
            SubstraitMessages m =
                    new SubstraitMessages().column("name", "string").column("id", "i64");
            ByteBuffer filter =
                    m.message(m.call("or", m.call("gt", field(1), i64(7)), m.call("equal", field(0), string("n2"))));
            assertEquals(
                    List.of(2L, 8L, 9L),
                    ids(ds.newScan(new ScanOptions.Builder()
                                    .substraitFilter(filter)
                                    .build())
                            .scanBatches()));
            IllegalArgumentException both = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.newScan(new ScanOptions.Builder()
                            .filter("id > 1")
                            .substraitFilter(filter)
                            .build()));
            assertEquals("cannot set both substrait filter and string filter", both.getMessage());

            MergeInsertParams params = new MergeInsertParams(List.of("id"))
                    .withNotMatchedBySourceDeleteSubstraitIf(m.message(m.call("lt", field(1), i64(3))));
            assertEquals("DeleteIf", params.whenNotMatchedBySourceValue());
            assertTrue(params.whenNotMatchedBySourceDeleteExpr().isEmpty());
            Schema key = new Schema(List.of(
                    Field.notNullable("id", new ArrowType.Int(64, true)),
                    Field.nullable("name", ArrowType.Utf8.INSTANCE)));
            try (VectorSchemaRoot source = VectorSchemaRoot.create(key, allocator)) {
                ((BigIntVector) source.getVector(0)).setSafe(0, 5);
                ((VarCharVector) source.getVector(1)).setSafe(0, "five".getBytes());
                source.setRowCount(1);
                try (ArrowReader reader = ArrowReaders.of(key, List.of(source), allocator)) {
                    ds.mergeInsert(params, reader);
                }
            }
            try (Dataset latest = Dataset.open(dir.resolve("ds").toString(), allocator)) {
                assertEquals(
                        List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L),
                        ids(latest.newScan().scanBatches()));
            }
        }
    }
}
