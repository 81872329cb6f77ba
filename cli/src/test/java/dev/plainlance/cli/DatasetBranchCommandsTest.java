package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBranchCommandsTest {
    @TempDir
    Path dir;

    private String dataset() throws IOException {
        String uri = dir.resolve("ds").toString();
        assertEquals(
                0,
                run(
                                "dataset",
                                "write",
                                uri,
                                "--input",
                                IdFiles.write(dir.resolve("a.arrow"), 0, 10).toString())
                        .code());
        assertEquals(0, run("dataset", "delete", uri, "--filter", "id < 4").code());
        return uri;
    }

    @Test
    void createListCheckoutAndDeleteBranches() throws IOException {
        String uri = dataset();
        Result created = run("dataset", "branch", "create", uri, "dev/one", "--from-version", "1");
        assertEquals(0, created.code(), created.err());
        assertEquals(
                "created branch dev/one from main version 1 at version 1 (" + uri + "/tree/dev/one)",
                created.out().strip());
        assertEquals(
                0, run("dataset", "tag", "create", uri, "two", "--version", "2").code());
        Result fromTag = run("dataset", "branch", "create", uri, "t", "--from-tag", "two");
        assertEquals(0, fromTag.code(), fromTag.err());
        Result fromBranch = run("dataset", "branch", "create", uri, "child", "--from-branch", "dev/one");
        assertEquals(0, fromBranch.code(), fromBranch.err());

        Result listed = run("dataset", "branch", "list", uri, "--json");
        assertEquals(0, listed.code(), listed.err());
        JsonNode branches = Json.MAPPER.readTree(listed.out());
        assertEquals(3, branches.size());
        assertEquals("child", branches.get(0).get("name").asText());
        assertEquals("dev/one", branches.get(0).get("parentBranch").asText());
        assertEquals(2, branches.get(2).get("parentVersion").asLong());
        assertTrue(branches.get(1).get("parentBranch").isNull());
        Result table = run("dataset", "branch", "list", uri);
        assertTrue(table.out().contains("dev/one"), table.out());

        Result checkout = run("dataset", "branch", "checkout", uri, "t");
        assertEquals(0, checkout.code(), checkout.err());
        assertTrue(checkout.out().startsWith("branch t at version 2 ("), checkout.out());
        assertTrue(checkout.out().contains("): 6 rows in 1 fragments; root " + uri + "/tree/t"), checkout.out());

        Result parent = run("dataset", "branch", "delete", uri, "dev/one");
        assertEquals(1, parent.code());
        assertTrue(parent.err().contains("parent of branch 'child'"), parent.err());
        assertEquals(0, run("dataset", "branch", "delete", uri, "child").code());
        Result deleted = run("dataset", "branch", "delete", uri, "dev/one");
        assertEquals("deleted branch dev/one", deleted.out().strip(), deleted.err());
        assertFalse(Files.exists(dir.resolve("ds/_refs/branches/dev%2Fone.json")));
        assertEquals(
                1,
                Json.MAPPER
                        .readTree(
                                run("dataset", "branch", "list", uri, "--json").out())
                        .size());
    }

    @Test
    void readCommandsOpenABranchWithBranch() throws IOException {
        String uri = dataset();
        assertEquals(
                0,
                run("dataset", "branch", "create", uri, "b", "--from-version", "1")
                        .code());
        assertEquals(
                0,
                run(
                                "dataset",
                                "write",
                                uri + "/tree/b",
                                "--input",
                                IdFiles.write(dir.resolve("more.arrow"), 100, 103)
                                        .toString(),
                                "--mode",
                                "append")
                        .code());
        JsonNode latest = Json.MAPPER.readTree(
                run("dataset", "info", uri, "--branch", "b", "--json").out());
        assertEquals(2, latest.get("version").asLong());
        assertEquals(13, latest.get("rows").asLong());
        JsonNode first = Json.MAPPER.readTree(run("dataset", "info", uri, "--branch", "b", "--version", "1", "--json")
                .out());
        assertEquals(10, first.get("rows").asLong());
        Result cat = run("dataset", "cat", uri, "--branch", "b", "--filter", "id >= 100");
        assertEquals(0, cat.code(), cat.err());
        assertEquals(3, cat.out().lines().count(), cat.out());
        Result main = run("dataset", "cat", uri);
        assertEquals(6, main.out().lines().count(), main.out());
        Result withTag = run("dataset", "info", uri, "--branch", "b", "--tag", "x");
        assertEquals(1, withTag.code());
        assertEquals(1, withTag.err().lines().count(), withTag.err());
    }

    @Test
    void badBranchRequestsAreOneLineErrors() throws IOException {
        String uri = dataset();
        Result badName = run("dataset", "branch", "create", uri, "a//b");
        assertEquals(1, badName.code());
        assertEquals(1, badName.err().lines().count(), badName.err());
        assertTrue(badName.err().contains("invalid branch name 'a//b'"), badName.err());
        Result missing = run("dataset", "branch", "checkout", uri, "nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("branch 'nope' does not exist"), missing.err());
        Result both = run("dataset", "branch", "create", uri, "x", "--from-tag", "t", "--from-version", "1");
        assertEquals(2, both.code(), "a contradictory request is a usage error");
        assertFalse(Files.exists(dir.resolve("ds/tree")));
        assertEquals(0, run("dataset", "branch", "create", uri, "ok").code());
        Files.writeString(dir.resolve("ds/_refs/branches/ok.json"), "{\"parentVersion\": \"two\"}");
        Result corrupt = run("dataset", "branch", "list", uri);
        assertEquals(1, corrupt.code());
        assertEquals(1, corrupt.err().lines().count(), corrupt.err());
        assertTrue(corrupt.err().contains("ok.json") && corrupt.err().contains("parentVersion"), corrupt.err());
    }
}
