package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataset update} and {@code dataset merge-insert}. */
class RowCommandsTest {
    @TempDir
    Path dir;

    private String uri;
    private Path schema;

    @BeforeEach
    void create() throws IOException {
        uri = dir.resolve("ds").toString();
        schema = Files.writeString(dir.resolve("schema.txt"), "id:int64\nname:string?\n");
        Path rows = Files.writeString(
                dir.resolve("rows.jsonl"),
                String.join(
                        "\n", "{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}", "{\"id\":3,\"name\":\"c\"}"));
        Result written = run("dataset", "write", uri, "--input", rows.toString(), "--schema", schema.toString());
        assertEquals(0, written.code(), written.err());
    }

    private List<String> rows() {
        Result cat = run("dataset", "cat", uri);
        assertEquals(0, cat.code(), cat.err());
        return cat.out().lines().sorted().toList();
    }

    @Test
    void updateSetsColumnsInMatchingRows() {
        Result updated =
                run("dataset", "update", uri, "--set", "name='z'", "--set", "id=id * 10", "--where", "id >= 2");
        assertEquals(0, updated.code(), updated.err());
        assertEquals("updated 2 rows: version 2 has 3 rows", updated.out().strip());
        assertEquals(
                List.of("{\"id\":1,\"name\":\"a\"}", "{\"id\":20,\"name\":\"z\"}", "{\"id\":30,\"name\":\"z\"}"),
                rows());
        Result all = run("dataset", "update", uri, "--set", "name=NULL");
        assertEquals("updated 3 rows: version 3 has 3 rows", all.out().strip(), all.err());
    }

    @Test
    void badUpdatesAreClearErrors() {
        Result noEquals = run("dataset", "update", uri, "--set", "name");
        assertEquals(2, noEquals.code());
        assertTrue(noEquals.err().contains("COL=SQL"), noEquals.err());
        Result badSql = run("dataset", "update", uri, "--set", "name='x'", "--where", "id >");
        assertEquals(1, badSql.code());
        assertTrue(badSql.err().contains("position"), badSql.err());
        Result unknown = run("dataset", "update", uri, "--set", "nope=1");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("nope"), unknown.err());
        assertEquals(3, rows().size());
    }

    /** {@code dataset merge-insert} of {@code changes} into the dataset, then {@code --on} and more arguments. */
    private Result mergeInsert(Path changes, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "dataset", "merge-insert", uri, "--input", changes.toString(), "--schema", schema.toString(), "--on"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void mergeInsertUpsertsAndCanDeleteWhatTheSourceLacks() throws IOException {
        Path changes = Files.writeString(
                dir.resolve("changes.jsonl"),
                String.join("\n", "{\"id\":2,\"name\":\"B\"}", "{\"id\":4,\"name\":\"d\"}"));
        Result merged = mergeInsert(changes, "id");
        assertEquals(0, merged.code(), merged.err());
        assertEquals(
                "merged into version 2: 1 inserted, 1 updated, 0 deleted; 4 rows",
                merged.out().strip());
        assertEquals(
                List.of(
                        "{\"id\":1,\"name\":\"a\"}",
                        "{\"id\":2,\"name\":\"B\"}",
                        "{\"id\":3,\"name\":\"c\"}",
                        "{\"id\":4,\"name\":\"d\"}"),
                rows());
        Result replaced =
                mergeInsert(changes, "id", "--when-matched", "nothing", "--delete-not-matched-by-source", "id < 3");
        assertEquals(
                "merged into version 3: 0 inserted, 0 updated, 1 deleted; 3 rows",
                replaced.out().strip(),
                replaced.err());
        Result fail = mergeInsert(changes, "id", "--when-matched", "fail");
        assertEquals(1, fail.code());
        assertTrue(fail.err().contains("matches a row"), fail.err());
        Result badKey = mergeInsert(changes, "key");
        assertEquals(1, badKey.code());
        assertTrue(badKey.err().contains("'key'"), badKey.err());
    }

    @Test
    void mergeInsertUpdatesOnlyWhereTheConditionHolds() throws IOException {
        Path changes = Files.writeString(
                dir.resolve("changes.jsonl"),
                String.join("\n", "{\"id\":1,\"name\":\"A\"}", "{\"id\":2,\"name\":\"z\"}"));
        Result merged = mergeInsert(changes, "id", "--update-if", "target.name < source.name");
        assertEquals(0, merged.code(), merged.err());
        assertEquals(
                "merged into version 2: 0 inserted, 1 updated, 0 deleted; 3 rows",
                merged.out().strip());
        assertEquals(
                List.of("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"z\"}", "{\"id\":3,\"name\":\"c\"}"), rows());
        Result misplaced =
                mergeInsert(changes, "id", "--when-matched", "delete", "--update-if", "target.name < source.name");
        assertEquals(2, misplaced.code());
        assertTrue(misplaced.err().contains("--update-if"), misplaced.err());
        Result unqualified = mergeInsert(changes, "id", "--update-if", "name < 'q'");
        assertEquals(1, unqualified.code());
        assertTrue(unqualified.err().contains("name"), unqualified.err());
        assertEquals(3, rows().size());
    }
}
