package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphQueryCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERIES = """
            query friends_of($name: String) {
                match { $p: Person { name: $name } $p knows $f }
                return { $f.name as friend, $f.age }
                order { $f.name }
            }
            query older($age: I32) {
                match { $p: Person $p.age > $age }
                return { $p.name }
                order { $p.name }
            }
            query add_person($name: String, $age: I32?) {
                insert Person { name: $name, age: $age }
            }
            query set_age($name: String, $age: I32) {
                update Person set { age: $age } where name = $name
            }
            """;

    @TempDir
    Path dir;

    private static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    private String loaded() throws IOException {
        String root = dir.resolve("g").toString();
        Path pg = Files.writeString(dir.resolve("test.pg"), GraphCommandsTest.resource("quickstart-graph.pg"));
        Path data = Files.writeString(dir.resolve("test.jsonl"), GraphCommandsTest.resource("quickstart-graph.jsonl"));
        ok("graph", "init", root, "--schema", pg.toString());
        ok("graph", "load", root, "--data", data.toString());
        return root;
    }

    private String queries() throws IOException {
        return Files.writeString(dir.resolve("q.gq"), QUERIES).toString();
    }

    @Test
    void queryPrintsJsonLinesKeyedByReturnNamesInOrder() throws IOException {
        String root = loaded();
        Result r = ok("graph", "query", root, "--file", queries(), "--name", "friends_of", "--param", "name=Alice");
        assertEquals(
                "{\"friend\":\"Bob\",\"age\":25}\n{\"friend\":\"Charlie\",\"age\":35}\n",
                r.out(),
                "keys in return order");
        Result table = ok(
                "graph",
                "query",
                root,
                "--file",
                queries(),
                "--name",
                "older",
                "--param",
                "age=28",
                "--format",
                "table");
        List<String> lines = table.out().lines().toList();
        assertEquals("name", lines.get(0).trim());
        assertEquals(
                List.of("Alice", "Charlie"),
                lines.subList(2, 4).stream().map(String::trim).toList());
        assertTrue(lines.get(4).startsWith("2 rows at commit "), table.out());
    }

    @Test
    void mutateCommitsOnceAndQueriesSeeThePastWithAt() throws IOException {
        String root = loaded();
        String before = JSON.readTree(ok("graph", "status", root, "--json").out())
                .get("head")
                .get("id")
                .asText();
        Result added = ok("graph", "mutate", root, "--file", queries(), "--name", "add_person", "--param", "name=Eve");
        assertTrue(added.out().startsWith("nodes 1, edges 0: Person +1\n"), added.out());
        ok(
                "graph",
                "mutate",
                root,
                "--file",
                queries(),
                "--name",
                "set_age",
                "--param",
                "name=Eve",
                "--param",
                "age=40");
        assertEquals(
                "{\"name\":\"Alice\"}\n{\"name\":\"Charlie\"}\n{\"name\":\"Eve\"}\n",
                ok("graph", "query", root, "--file", queries(), "--name", "older", "--param", "age=28")
                        .out());
        assertEquals(
                "{\"name\":\"Alice\"}\n{\"name\":\"Charlie\"}\n",
                ok("graph", "query", root, "--file", queries(), "--name", "older", "--param", "age=28", "--at", before)
                        .out(),
                "--at reads the graph as that commit left it");
        Result stale = run(
                "graph",
                "mutate",
                root,
                "--file",
                queries(),
                "--name",
                "set_age",
                "--param",
                "name=Eve",
                "--param",
                "age=41",
                "--if-commit",
                before);
        assertEquals(1, stale.code(), stale.err());
        assertEquals(1, stale.err().lines().count(), stale.err());
    }

    @Test
    void badQueriesAndArgumentsAreOneLineErrors() throws IOException {
        String root = loaded();
        Path bad = Files.writeString(
                dir.resolve("bad.gq"), "query q() {\n  match { $p: Persn }\n  return { $p.name }\n}\n");
        String[][] failing = {
            {"graph", "query", root, "--file", bad.toString(), "--name", "q"},
            {"graph", "query", root, "--file", queries(), "--name", "nope"},
            {"graph", "query", root, "--file", queries(), "--name", "older"},
            {"graph", "query", root, "--file", queries(), "--name", "older", "--param", "age=old"},
            {"graph", "query", root, "--file", queries(), "--name", "older", "--param", "size=3", "--param", "age=1"},
            {"graph", "query", root, "--file", queries(), "--name", "add_person", "--param", "name=X"},
            {"graph", "mutate", root, "--file", queries(), "--name", "older", "--param", "age=1"},
            {"graph", "query", root, "--file", dir.resolve("missing.gq").toString(), "--name", "q"},
        };
        for (String[] args : failing) {
            Result r = run(args);
            assertEquals(1, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("plainlance: "), r.err());
        }
        Result typo = run("graph", "query", root, "--file", bad.toString(), "--name", "q");
        assertTrue(typo.err().contains("bad.gq:2:15: [Q010]"), typo.err());
    }

    @Test
    void lintReportsPerQueryStatusOperationsAndWarnings() throws IOException {
        String root = loaded();
        Path file = Files.writeString(dir.resolve("mixed.gq"), QUERIES + """
                query broken() {
                    match { $p: Person $p.height > 3 }
                    return { $p.name }
                }
                query wipe() {
                    delete Person where age > 100
                }
                """);
        Result text = run("graph", "lint", root, "--file", file.toString());
        assertEquals(1, text.code(), "an error exits 1");
        assertTrue(text.out().contains("ok       friends_of (read)\n"), text.out());
        assertTrue(text.out().contains("error    broken (read)\n"), text.out());
        assertTrue(text.out().contains("L202 mutation wipe declares no parameters"), text.out());
        JsonNode json = JSON.readTree(
                run("graph", "lint", root, "--file", file.toString(), "--json").out());
        assertEquals("error", json.get("status").asText());
        JsonNode friends = json.get("queries").get(0);
        assertEquals("friends_of", friends.get("name").asText());
        assertEquals(
                "friend",
                friends.get("operation").get("result").get(0).get("name").asText());
        assertEquals(
                "string",
                friends.get("operation").get("result").get(0).get("kind").asText());
        assertEquals(
                "int", friends.get("operation").get("result").get(1).get("kind").asText());
        assertTrue(friends.get("operation").get("result").get(1).get("nullable").asBoolean());
        assertEquals(
                "[{\"kind\":\"edge\",\"type_name\":\"Knows\"},{\"kind\":\"node\",\"type_name\":\"Person\"}]",
                friends.get("operation").get("reads").toString());
        JsonNode broken = json.get("queries").get(4);
        assertEquals("Q012", broken.get("errors").get(0).get("code").asText());
        assertEquals(18, broken.get("errors").get(0).get("line").asInt(), "lines count from the top of the file");
        JsonNode wipe = json.get("queries").get(5);
        assertEquals(
                "[{\"kind\":\"edge\",\"type_name\":\"Knows\"},{\"kind\":\"edge\",\"type_name\":\"WorksAt\"},"
                        + "{\"kind\":\"node\",\"type_name\":\"Person\"}]",
                wipe.get("operation").get("writes").toString(),
                "deleting nodes may cascade to every incident edge type");

        Result clean = ok("graph", "lint", root, "--file", queries());
        assertTrue(clean.out().endsWith("status: ok (4 queries, 0 errors, 0 warnings)\n"), clean.out());
    }
}
