package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graph branch create|list|delete}, {@code graph merge} and {@code --branch} on the other graph commands. */
class GraphBranchCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = GraphBranchCommandsTest.class.getResourceAsStream(name)) {
            return Files.writeString(dir.resolve(name), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private String loaded() throws IOException {
        String root = dir.resolve("g").toString();
        ok("graph", "init", root, "--schema", resource("quickstart-graph.pg").toString(), "--actor", "tester");
        ok("graph", "load", root, "--data", resource("quickstart-graph.jsonl").toString(), "--actor", "tester");
        return root;
    }

    private Path data(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String age(String root, String branch, String name) throws IOException {
        String line = ok("graph", "get", root, "Person", name, "--branch", branch)
                .out()
                .trim();
        return JSON.readTree(line).get("data").get("age").asText();
    }

    @Test
    void aBranchIsWrittenApartFromMainAndMergedBack() throws IOException {
        String root = loaded();
        assertTrue(ok("graph", "branch", "create", root, "feature").out().startsWith("created branch feature"));
        ok(
                "graph",
                "load",
                root,
                "--branch",
                "feature",
                "--mode",
                "merge",
                "--data",
                data("f.jsonl", "{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":31}}\n")
                        .toString());
        ok(
                "graph",
                "load",
                root,
                "--data",
                data("m.jsonl", "{\"type\":\"Person\",\"data\":{\"name\":\"Eve\",\"age\":41}}\n")
                        .toString());
        assertEquals("30", age(root, "main", "Alice"), "main does not see the branch's write");
        assertEquals("31", age(root, "feature", "Alice"));
        assertEquals(
                1,
                run("graph", "get", root, "Person", "Eve", "--branch", "feature")
                        .code());

        List<String> branches =
                ok("graph", "branch", "list", root, "--json").out().lines().toList();
        assertEquals(2, branches.size());
        assertEquals("feature", JSON.readTree(branches.get(1)).get("name").asText());

        JsonNode merged =
                JSON.readTree(ok("graph", "merge", root, "feature", "--json").out());
        assertEquals("merged", merged.get("outcome").asText());
        assertEquals(1, merged.get("applied").get("Person").get("updated").asInt());
        assertEquals("31", age(root, "main", "Alice"));
        assertEquals("41", age(root, "main", "Eve"));

        JsonNode head = JSON.readTree(
                ok("graph", "log", root, "--json").out().lines().findFirst().orElseThrow());
        assertEquals(2, head.get("parents").size(), "the merge commit has both heads as parents");
        String table = ok("graph", "log", root).out();
        assertTrue(table.startsWith("COMMIT") && table.contains("MERGED"), table);

        assertTrue(ok("graph", "merge", root, "main", "--into", "feature").out().startsWith("fast-forward"));
        assertTrue(ok("graph", "merge", root, "feature").out().contains("up to date"));
        ok("graph", "branch", "delete", root, "feature");
        assertEquals(
                1, ok("graph", "branch", "list", root, "--json").out().lines().count());
        assertEquals("31", age(root, "main", "Alice"), "deleting the branch keeps main's data");
    }

    @Test
    void conflictsAreListedAndNothingIsWritten() throws IOException {
        String root = loaded();
        ok("graph", "branch", "create", root, "feature");
        ok(
                "graph",
                "load",
                root,
                "--branch",
                "feature",
                "--mode",
                "merge",
                "--data",
                data("f.jsonl", "{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":31}}\n")
                        .toString());
        ok("graph", "delete", root, "Person", "--where", "name = 'Alice'");
        String logBefore = ok("graph", "log", root, "--json").out();
        Result refused = run("graph", "merge", root, "feature");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("delete vs update Person Alice"), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        JsonNode json =
                JSON.readTree(run("graph", "merge", root, "feature", "--json").out());
        assertEquals(
                "delete_vs_update", json.get("conflicts").get(0).get("kind").asText());
        assertEquals(logBefore, ok("graph", "log", root, "--json").out(), "nothing was committed");
    }

    @Test
    void badBranchArgumentsGiveOneLineErrors() throws IOException {
        String root = loaded();
        Result bad = run("graph", "branch", "create", root, "no/slash");
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().contains("invalid branch name"), bad.err());
        Result missing = run("graph", "merge", root, "nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no branch nope"), missing.err());
        Result deleteMain = run("graph", "branch", "delete", root, "main");
        assertEquals(1, deleteMain.code());
        assertEquals(1, deleteMain.err().lines().count(), deleteMain.err());
        ok("graph", "branch", "create", root, "feature");
        Result schemaOnBranch = run(
                "graph",
                "schema",
                "apply",
                root,
                "--schema",
                resource("quickstart-graph.pg").toString(),
                "--branch",
                "feature");
        assertEquals(1, schemaOnBranch.code());
        assertTrue(schemaOnBranch.err().contains("schema changes apply to main only"), schemaOnBranch.err());
        Result getOnMissing = run("graph", "get", root, "Person", "Alice", "--branch", "nope");
        assertEquals(1, getOnMissing.code());
        assertTrue(getOnMissing.err().contains("no branch nope"), getOnMissing.err());
    }
}
