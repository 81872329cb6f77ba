package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.maintenance.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlterColumnsTest {
    @TempDir
    Path dir;

    @Test
    void aRenameKeepsFieldIdsAndData() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            List<String> before = Tables.rows(ds);
            ds.alterColumns(
                    List.of(new ColumnAlteration.Builder("name").rename("label").build()));
            assertEquals(2, ds.version());
            assertEquals("Project", ds.readTransaction().orElseThrow().operationName());
            assertEquals(
                    List.of("id", "label"),
                    ds.getLanceSchema().fields().stream().map(LanceField::name).toList());
            assertEquals(
                    List.of(0, 1),
                    ds.getLanceSchema().fields().stream().map(LanceField::id).toList());
            List<String> after = Tables.rows(ds);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).replace("\"name\"", "\"label\""), after.get(i));
            }
        }
    }

    @Test
    void nullabilityChangesAreCheckedAgainstTheData() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            ds.alterColumns(
                    List.of(new ColumnAlteration.Builder("id").nullable(true).build()));
            assertTrue(ds.getSchema().findField("id").isNullable());
            IllegalArgumentException nulls = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.alterColumns(List.of(
                            new ColumnAlteration.Builder("name").nullable(false).build())));
            assertTrue(nulls.getMessage().contains("holds nulls"), nulls.getMessage());
            assertEquals(2, ds.latestVersion(), "a refused alteration commits nothing");
            ds.alterColumns(
                    List.of(new ColumnAlteration.Builder("id").nullable(false).build()));
            assertEquals(false, ds.getSchema().findField("id").isNullable());
        }
    }

    @Test
    void metadataIsReplacedTogetherWithARenameAndKeptOnReopen() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            List<String> before = Tables.rows(ds);
            ds.alterColumns(List.of(
                    new ColumnAlteration.Builder("name")
                            .rename("label")
                            .metadata(Map.of("pg", "enum(a, b)"))
                            .build(),
                    new ColumnAlteration.Builder("id").metadata(Map.of()).build()));
            assertEquals(2, ds.version());
            assertEquals("Project", ds.readTransaction().orElseThrow().operationName());
            assertEquals(before.size(), Tables.rows(ds).size());
            ds.alterColumns(List.of(new ColumnAlteration.Builder("label")
                    .metadata(Map.of("pg", "enum(a, b, c)"))
                    .build()));
        }
        try (Dataset reopened = Dataset.open(dir.toString())) {
            assertEquals(
                    Map.of("pg", "enum(a, b, c)"),
                    reopened.getSchema().findField("label").getMetadata());
            assertEquals(Map.of(), reopened.getSchema().findField("id").getMetadata());
            assertEquals(3, reopened.version());
        }
    }

    @Test
    void metadataThatChangesHowAColumnIsReadIsRefused() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.alterColumns(List.of(new ColumnAlteration.Builder("name")
                            .metadata(Map.of("ARROW:extension:name", "arrow.json"))
                            .build())));
            assertTrue(refused.getMessage().contains("ARROW:extension:name"), refused.getMessage());
            assertEquals(1, ds.latestVersion());
        }
    }

    @Test
    void badAlterationsAreRefusedByName() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 3)) {
            NotFoundException missing = assertThrows(
                    NotFoundException.class,
                    () -> ds.alterColumns(List.of(
                            new ColumnAlteration.Builder("nope").rename("x").build())));
            assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.alterColumns(List.of(
                            new ColumnAlteration.Builder("name").rename("id").build())));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.alterColumns(List.of(
                            new ColumnAlteration.Builder("name").rename("a").build(),
                            new ColumnAlteration.Builder("name").nullable(true).build())));
            assertThrows(IllegalArgumentException.class, () -> new ColumnAlteration.Builder("name").build());
            assertEquals(1, ds.latestVersion());
        }
    }
}
