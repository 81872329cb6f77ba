package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesInputTest {
    @TempDir
    Path dir;

    private Path schema() throws IOException {
        return Files.writeString(
                dir.resolve("schema.txt"),
                String.join(
                        "\n",
                        "# columns",
                        "id:int64",
                        "small:int8?",
                        "name:string?",
                        "ok:bool?",
                        "score:float64?",
                        "day:date?",
                        "at:timestamp?",
                        ""));
    }

    @Test
    void writesEveryTypeAndNulls() throws IOException {
        Path input = Files.writeString(
                dir.resolve("rows.jsonl"),
                String.join(
                        "\n",
                        "{\"id\":1,\"small\":-3,\"name\":\"a\",\"ok\":true,\"score\":1.5,\"day\":\"2024-01-31\","
                                + "\"at\":\"2024-01-31T12:00:00.000001Z\"}",
                        "",
                        "{\"id\":2,\"name\":null}"));
        String uri = dir.resolve("ds").toString();
        Result written = run("dataset", "write", uri, "--input", input.toString(), "--schema", schema().toString());
        assertEquals("wrote version 1 of " + uri + " (2 rows)", written.out().strip(), written.err());
        assertEquals("", written.err(), "no progress line when not on a terminal");
        List<String> rows = run("dataset", "cat", uri).out().lines().toList();
        assertEquals(2, rows.size());
        assertTrue(
                rows.get(0).contains("\"small\":-3")
                        && rows.get(0).contains("\"ok\":true")
                        && rows.get(0).contains("\"day\":\"2024-01-31\""),
                rows.get(0));
        assertTrue(rows.get(0).contains("\"at\":1706702400000001"), rows.get(0));
        assertTrue(rows.get(1).contains("\"name\":null") && rows.get(1).contains("\"score\":null"), rows.get(1));
    }

    @Test
    void badLinesNameTheLineAndColumn() throws IOException {
        String uri = dir.resolve("ds").toString();
        Path schema = schema();
        List<List<String>> cases = List.of(
                List.of("{\"id\":1}\n{\"id\":\"two\"}", "line 2: column 'id'"),
                List.of("{\"id\":1,\"small\":300}", "out of range for column 'small'"),
                List.of("{\"small\":1}", "column 'id' is not nullable"),
                List.of("{\"id\":1,\"extra\":2}", "key 'extra' is not in the schema"),
                List.of("{\"id\":1,", "line 1: not JSON"),
                List.of("{\"id\":1,\"day\":\"31/01/2024\"}", "column 'day'"));
        for (List<String> c : cases) {
            Path input = Files.writeString(dir.resolve("bad.jsonl"), c.get(0));
            Result r = run("dataset", "write", uri, "--input", input.toString(), "--schema", schema.toString());
            assertEquals(1, r.code(), c.get(0));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(c.get(1)), r.err());
            assertTrue(
                    !Files.exists(dir.resolve("ds/_versions"))
                            || run("dataset", "versions", uri).code() != 0,
                    "nothing committed for " + c.get(0));
        }
    }

    @Test
    void schemaFileAndFormatMistakesAreClear() throws IOException {
        String uri = dir.resolve("ds").toString();
        Path input = Files.writeString(dir.resolve("rows.jsonl"), "{\"id\":1}");
        Result noSchema = run("dataset", "write", uri, "--input", input.toString());
        assertEquals(2, noSchema.code());
        assertTrue(noSchema.err().contains("needs --schema"), noSchema.err());
        Path badType = Files.writeString(dir.resolve("bad-schema.txt"), "id:integer\n");
        Result unknown = run("dataset", "write", uri, "--input", input.toString(), "--schema", badType.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("bad-schema.txt:1: unknown type 'integer'"), unknown.err());
    }
}
