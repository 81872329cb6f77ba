package dev.plainlance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandsTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static String history() {
        try {
            return Paths.get(DatasetCommandsTest.class
                            .getResource("/datasets/history")
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void infoAsJson() throws Exception {
        Result r = run("dataset", "info", history(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(6, json.get("version").asLong());
        assertEquals(6, json.get("latest_version").asLong());
        assertEquals(5, json.get("rows").asLong());
        assertEquals("2.1", json.get("data_storage_version").asText());
        assertEquals("V2", json.get("manifest_naming").asText());
        assertEquals("first", json.get("tags").get(0).get("name").asText());
        assertEquals(16, json.get("schema").size());
        assertEquals("Overwrite", json.get("transaction").get("operation").asText());
        assertEquals(0, json.get("fragments").get(0).get("id").asLong());
    }

    @Test
    void infoAtAVersionAndATag() throws Exception {
        JsonNode v3 = new ObjectMapper()
                .readTree(run("dataset", "info", history(), "--version", "3", "--json")
                        .out());
        assertEquals(13, v3.get("rows").asLong());
        JsonNode deletion = v3.get("fragments").get(0).get("deletion_file");
        assertEquals("ARRAY", deletion.get("type").asText());
        assertEquals(4, deletion.get("num_deleted_rows").asLong());
        JsonNode tagged = new ObjectMapper()
                .readTree(run("dataset", "info", history(), "--tag", "first", "--json")
                        .out());
        assertEquals(1, tagged.get("version").asLong());
        assertEquals(10, tagged.get("rows").asLong());
    }

    @Test
    void infoAsTable() {
        Result r = run("dataset", "info", history());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Version:        6 of 6"), r.out());
        assertTrue(r.out().contains("Tags:           first -> 1"), r.out());
        assertTrue(r.out().contains("timestamp:us:UTC"), r.out());
    }

    @Test
    void versionsAsJsonAndTable() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(run("dataset", "versions", history(), "--json").out());
        assertEquals(6, json.size());
        assertEquals(13, json.get(2).get("total_rows").asLong());
        assertEquals(7, json.get(2).get("total_deletion_file_rows").asLong());
        Result table = run("dataset", "versions", history());
        assertEquals(8, table.out().lines().count(), table.out());
        assertTrue(table.out().startsWith("VERSION"), table.out());
    }

    @Test
    void failuresAreOneLineOnStderr(@TempDir Path empty) {
        Result r = run("dataset", "info", empty.toString());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("plainlance: no Lance dataset at " + empty), r.err());

        Result missingVersion = run("dataset", "info", history(), "--version", "42");
        assertEquals(1, missingVersion.code());
        assertTrue(missingVersion.err().contains("version 42 does not exist"), missingVersion.err());
        assertFalse(missingVersion.err().contains("\tat "), missingVersion.err());
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path empty) {
        Result r = run("dataset", "info", empty.toString(), "--verbose");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat dev.plainlance"), r.err());
    }

    @Test
    void usageErrorsExitWithTwo() {
        Result both = run("dataset", "info", history(), "--version", "1", "--tag", "first");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        assertEquals(2, run("dataset", "info").code());
        assertEquals(2, run("dataset", "nonsense").code());
    }

    @Test
    void badVersionArgumentIsAClearError() {
        Result r = run("dataset", "info", history(), "--version", "0");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("versions start at 1"), r.err());
    }

    @Test
    void catPrintsCanonicalJsonLines() {
        Result r = run("dataset", "cat", history(), "--version", "3", "--columns", "id,s", "--limit", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "{\"id\":1,\"s\":\"str_1\"}\n{\"id\":2,\"s\":\"str_2\"}\n{\"id\":4,\"s\":\"str_4\"}\n",
                r.out().replace("\r\n", "\n"));
        Result withIds =
                run("dataset", "cat", history(), "--tag", "first", "--columns", "id", "--with-row-id", "--limit", "1");
        assertEquals("{\"id\":0,\"_rowid\":0,\"_rowaddr\":0}", withIds.out().strip());
        assertEquals(5, run("dataset", "cat", history()).out().lines().count());
    }

    @Test
    void catFilters() {
        Result r = run("dataset", "cat", history(), "--version", "3", "--columns", "id", "--filter", "id > 15");
        assertEquals("{\"id\":16}\n{\"id\":17}\n{\"id\":19}\n", r.out().replace("\r\n", "\n"));
        Result bad = run("dataset", "cat", history(), "--filter", "id >");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("position"), bad.err());
    }

    @Test
    void catSortsByOrderByKeysBeforeTheLimit() {
        Result r = run(
                "dataset",
                "cat",
                history(),
                "--version",
                "3",
                "--columns",
                "id",
                "--filter",
                "id > 15",
                "--order-by",
                "id:desc",
                "--limit",
                "2");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"id\":19}\n{\"id\":17}\n", r.out().replace("\r\n", "\n"));
        Result bad = run("dataset", "cat", history(), "--order-by", "id:sideways");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("'sideways'"), bad.err());
        Result unknown = run("dataset", "cat", history(), "--order-by", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("'nope'"), unknown.err());
    }

    @Test
    void catAsTable() {
        Result r = run("dataset", "cat", history(), "--columns", "id,s", "--format", "table");
        assertEquals(0, r.code(), r.err());
        assertEquals(7, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("\"str_100\""), r.out());
    }

    @Test
    void catRejectsUnknownColumnsAndFormats() {
        Result r = run("dataset", "cat", history(), "--columns", "nope");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope"), r.err());
        assertEquals(2, run("dataset", "cat", history(), "--format", "xml").code());
    }

    @Test
    void quickstartBuildsADatasetThroughSeveralVersions(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo.lance");
        Result r = run("quickstart", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("version 4: merge-insert"), r.out());
        assertTrue(r.out().contains("version 7: restore"), r.out());
        JsonNode versions = new ObjectMapper()
                .readTree(run("dataset", "versions", dir.toString(), "--json").out());
        assertEquals(7, versions.size());
        assertEquals(10, versions.get(6).get("total_rows").asLong());
        assertEquals(2, versions.get(5).get("total_rows").asLong());
        List<String> latest =
                run("dataset", "cat", dir.toString()).out().lines().sorted().toList();
        assertEquals(10, latest.size());
        assertTrue(latest.contains("{\"id\":8,\"name\":\"member-8\",\"score\":12.0}"), latest.toString());
        assertTrue(latest.contains("{\"id\":10,\"name\":\"member-10\",\"score\":30.0}"), latest.toString());
        assertEquals(
                8,
                run("dataset", "cat", dir.toString(), "--tag", "eight-rows")
                        .out()
                        .lines()
                        .count());
        Result again = run("quickstart", "--dir", dir.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists"), again.err());
    }
}
