package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.expr.ExpressionParseException;
import dev.plainlance.lance.maintenance.Tables;
import dev.plainlance.lance.pb.table.DataFragment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnEvolutionTest {
    @TempDir
    Path dir;

    @Test
    void sqlColumnsGetNewFieldIdsAndOneFilePerFragment() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3, 4)) {
            ds.delete("id = 1");
            ds.addColumns(
                    new SqlExpressions.Builder()
                            .withExpression("double_id", "id * 2")
                            .withExpression("even", "id % 2 = 0")
                            .build(),
                    Optional.of(2L));
            assertEquals("Merge", ds.readTransaction().orElseThrow().operationName());
            assertEquals(
                    List.of(0, 1, 2, 3),
                    ds.snapshot().manifest().getFieldsList().stream()
                            .map(f -> f.getId())
                            .toList());
            for (DataFragment fragment : ds.snapshot().manifest().getFragmentsList()) {
                assertEquals(2, fragment.getFilesCount());
                assertEquals(List.of(2, 3), fragment.getFiles(1).getFieldsList());
            }
            List<String> rows = Tables.rows(ds);
            assertEquals(6, rows.size());
            assertEquals("{\"id\":0,\"name\":null,\"double_id\":0,\"even\":true}", rows.get(0));
            assertEquals("{\"id\":6,\"name\":\"n6\",\"double_id\":12,\"even\":true}", rows.get(5));
        }
    }

    @Test
    void constantColumnsNeedNoInputColumn() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            ds.addColumns(
                    new SqlExpressions.Builder()
                            .withExpression("seven", "3 + 4")
                            .build(),
                    Optional.empty());
            assertEquals(
                    "{\"id\":2,\"name\":\"n2\",\"seven\":7}", Tables.rows(ds).get(2));
        }
    }

    @Test
    void nullColumnsAreASchemaChangeOnly() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            ds.addColumns(List.of(new Field("extra", FieldType.nullable(new ArrowType.Int(32, true)), null)));
            assertEquals(1, ds.snapshot().manifest().getFragments(0).getFilesCount());
            assertEquals(2, ds.getLanceSchema().fields().get(2).id());
            assertEquals(
                    "{\"id\":1,\"name\":\"n1\",\"extra\":null}", Tables.rows(ds).get(1));
            IllegalArgumentException notNull = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.addColumns(
                            List.of(new Field("x", FieldType.notNullable(new ArrowType.Int(32, true)), null))));
            assertTrue(notNull.getMessage().contains("nullable"), notNull.getMessage());
        }
    }

    @Test
    void droppedColumnsDisappearAndTheirIdsAreNotReused() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            ds.addColumns(
                    new SqlExpressions.Builder()
                            .withExpression("twice", "id + id")
                            .build(),
                    Optional.empty());
            ds.dropColumns(List.of("twice"));
            assertEquals("Project", ds.readTransaction().orElseThrow().operationName());
            assertEquals(
                    1,
                    ds.snapshot().manifest().getFragments(0).getFilesCount(),
                    "the file holding only 'twice' is gone");
            ds.dropColumns(List.of("name"));
            assertEquals(List.of("{\"id\":0}", "{\"id\":1}", "{\"id\":2}"), Tables.rows(ds));
            assertEquals(
                    List.of(0, 1),
                    ds.snapshot().manifest().getFragments(0).getFiles(0).getFieldsList(),
                    "the data file keeps listing the dropped field");
            ds.addColumns(
                    new SqlExpressions.Builder().withExpression("again", "id").build(), Optional.empty());
            assertEquals(
                    2,
                    ds.getLanceSchema().fields().get(1).id(),
                    "id 1 is still listed by a data file; 2 is free again once its file is gone");
            assertEquals(5, ds.version(), "create, add, drop, drop, add");
        }
    }

    @Test
    void badRequestsAreRefusedWithoutANewVersion() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            long version = ds.version();
            assertThrows(
                    ExpressionParseException.class,
                    () -> ds.addColumns(
                            new SqlExpressions.Builder()
                                    .withExpression("x", "nope + 1")
                                    .build(),
                            Optional.empty()));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.addColumns(
                            new SqlExpressions.Builder()
                                    .withExpression("name", "id")
                                    .build(),
                            Optional.empty()));
            NotFoundException missing = assertThrows(NotFoundException.class, () -> ds.dropColumns(List.of("nope")));
            assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
            assertThrows(InvalidSchemaException.class, () -> ds.dropColumns(List.of("id", "name")));
            assertEquals(version, ds.latestVersion());
            assertFalse(
                    ds.getLanceSchema().fields().stream().anyMatch(f -> f.name().equals("x")));
        }
    }
}
