package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.cli.DatasetCommandsTest.Result;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code graph} commands, run in-process through {@link Main} on Omnigraph's Person/Company fixture. */
class GraphCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Omnigraph's fixture (test.pg, test.jsonl), kept as the quickstart's graph. */
    static String resource(String name) throws IOException {
        try (var in = GraphCommandsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path schema() throws IOException {
        return file("test.pg", resource("quickstart-graph.pg"));
    }

    private Path fixture() throws IOException {
        return file("test.jsonl", resource("quickstart-graph.jsonl"));
    }

    private static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    /** A graph with the fixture loaded; returns its root. */
    private String loaded() throws IOException {
        String root = dir.resolve("g").toString();
        ok("graph", "init", root, "--schema", schema().toString(), "--actor", "tester");
        ok("graph", "load", root, "--data", fixture().toString(), "--actor", "tester");
        return root;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static String commitOf(Result r) {
        String last = lastLine(r.out());
        assertTrue(last.startsWith("commit "), r.out());
        return last.substring("commit ".length());
    }

    @Test
    void initLoadExportRoundTrip() throws IOException {
        String root = dir.resolve("g").toString();
        Result init = ok("graph", "init", root, "--schema", schema().toString());
        assertTrue(
                init.out().startsWith("created graph " + root + ": 2 node types, 2 edge types, schema "), init.out());
        Result load = ok("graph", "load", root, "--data", fixture().toString(), "--message", "fixture");
        assertTrue(load.out().contains("Person   4         0        0"), load.out());
        assertTrue(load.out().contains("Knows    3         0        0"), load.out());
        String export = ok("graph", "export", root).out();
        assertEquals(11, export.lines().count(), export);
        assertTrue(export.startsWith("{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":30}}\n"), export);
        assertTrue(
                export.contains("{\"type\":\"Company\",\"data\":{\"name\":\"Acme\"}}\n"),
                "nodes then edges: " + export);

        String copy = dir.resolve("copy").toString();
        ok("graph", "init", copy, "--schema", schema().toString());
        Path exported = file("export.ndjson", export);
        ok("graph", "load", copy, "--data", exported.toString(), "--mode", "overwrite");
        assertEquals(export, ok("graph", "export", copy).out(), "the export loads back to the same bytes");

        List<String> log = ok("graph", "log", root, "--json").out().lines().toList();
        assertEquals(2, log.size(), "graph init, the load (not the catalog's creation): " + log);
        JsonNode initCommit = JSON.readTree(log.get(1));
        assertTrue(initCommit.get("message").asText().startsWith("graph init: schema "), log.get(1));
        String initId = initCommit.get("id").asText();
        assertEquals("", ok("graph", "export", root, "--at", initId).out(), "the first commit has no rows");
    }

    @Test
    void indexBuildsBTreeIndicesAndAnswersStayTheSame() throws IOException {
        String root = loaded();
        String before = ok("graph", "export", root).out();
        assertEquals(
                "built 8 BTREE indices over every stored row\n",
                ok("graph", "index", root).out());
        assertEquals(before, ok("graph", "export", root).out());
        assertEquals(
                "{\"type\":\"Person\",\"data\":{\"name\":\"Bob\",\"age\":25}}\n",
                ok("graph", "get", root, "Person", "Bob").out());
        Result deleted = ok("graph", "delete", root, "Person", "--where", "name = 'Bob'");
        assertTrue(deleted.out().contains("Knows    0         0        2"), deleted.out());
        assertTrue(ok("graph", "log", root).out().contains("index dst"), "each column is one commit");
    }

    @Test
    void tableInputNeedsATypeAndLoadsOneType() throws IOException {
        String root = loaded();
        Path people = dir.resolve("people.arrow");
        Schema schema = new Schema(List.of(
                Field.notNullable("name", ArrowType.Utf8.INSTANCE),
                Field.nullable("age", new ArrowType.Int(32, true))));
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel =
                        FileChannel.open(people, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(batch, null, channel)) {
            ((VarCharVector) batch.getVector("name")).setSafe(0, "Alice".getBytes(StandardCharsets.UTF_8));
            ((IntVector) batch.getVector("age")).setSafe(0, 31);
            ((VarCharVector) batch.getVector("name")).setSafe(1, "Zoe".getBytes(StandardCharsets.UTF_8));
            batch.getVector("age").setNull(1);
            batch.setRowCount(2);
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        Result noType = run("graph", "load", root, "--data", people.toString());
        assertEquals(2, noType.code());
        assertEquals(1, noType.err().lines().count(), noType.err());
        assertTrue(noType.err().startsWith("plainlance: --type T is required to load "), noType.err());

        Result merged = ok("graph", "load", root, "--data", people.toString(), "--type", "Person", "--mode", "merge");
        assertTrue(merged.out().contains("Person  1         1        0"), merged.out());
        assertEquals(
                "{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":31}}\n",
                ok("graph", "get", root, "Person", "Alice").out());
        assertEquals(
                "{\"type\":\"Person\",\"data\":{\"name\":\"Zoe\"}}\n",
                ok("graph", "get", root, "Person", "Zoe").out());
    }

    @Test
    void aRefusedLoadPrintsEveryProblemNamingItsLineAndChangesNothing() throws IOException {
        String root = loaded();
        String logBefore = ok("graph", "log", root, "--json").out();
        String exportBefore = ok("graph", "export", root).out();
        Path bad = file("bad.jsonl", """
                {"type":"Person","data":{"name":"Eve","age":"old"}}
                {"type":"Person","data":{"name":"Frank"}}
                {"type":"Person","data":{"name":"Frank"}}
                {"edge":"Knows","from":"Frank","to":"Nobody"}
                """);
        Result refused = run("graph", "load", root, "--data", bad.toString());
        assertEquals(1, refused.code());
        assertEquals("", refused.out());
        List<String> lines = refused.err().lines().toList();
        assertEquals(
                List.of(
                        bad + ":1: Person.age: expected an integer, got \"old\"",
                        bad + ":3: Person: duplicate key Frank in the input",
                        bad + ":4: Knows.to: target node Person Nobody exists neither in the input nor in the graph",
                        "plainlance: load refused, nothing changed: " + bad
                                + ":1: Person.age: expected an integer, got \"old\" (and 2 more problems)"),
                lines);
        assertEquals(logBefore, ok("graph", "log", root, "--json").out(), "no commit");
        assertEquals(exportBefore, ok("graph", "export", root).out());

        Result limited = run("graph", "load", root, "--data", bad.toString(), "--max-errors", "1");
        assertEquals(1, limited.code());
        assertEquals(2, limited.err().lines().count(), limited.err());
        assertTrue(limited.err().startsWith(bad + ":1: "), limited.err());
        assertTrue(lastLine(limited.err()).startsWith("plainlance: load refused, nothing changed: "), limited.err());

        Path existing = file("again.jsonl", "{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":99}}\n");
        Result append = run("graph", "load", root, "--data", existing.toString());
        assertEquals(1, append.code());
        assertEquals(
                existing + ":1: Person: key Alice exists in the graph already (append never replaces)",
                append.err().lines().findFirst().orElseThrow());
        assertEquals(logBefore, ok("graph", "log", root, "--json").out());
    }

    @Test
    void getDeleteLogDiffAndStatus() throws IOException {
        String root = loaded();
        String loadCommit = JSON.readTree(ok("graph", "log", root, "--json")
                        .out()
                        .lines()
                        .findFirst()
                        .orElseThrow())
                .get("id")
                .asText();
        assertEquals(
                "{\"type\":\"Person\",\"data\":{\"name\":\"Bob\",\"age\":25}}\n",
                ok("graph", "get", root, "Person", "Bob").out());

        Path dated = file(
                "dated.jsonl",
                "{\"edge\":\"Knows\",\"from\":\"Diana\",\"to\":\"Alice\",\"data\":{\"since\":" + "\"2024-01-15\"}}\n");
        Result datedLoad = ok("graph", "load", root, "--data", dated.toString());
        String datedCommit = commitOf(datedLoad);
        String edgeLine = ok("graph", "export", root)
                .out()
                .lines()
                .filter(l -> l.contains("2024-01-15"))
                .findFirst()
                .orElseThrow();
        String edgeId = JSON.readTree(edgeLine).get("id").asText();
        assertEquals(edgeLine + "\n", ok("graph", "get", root, "Knows", edgeId).out(), "dates in ISO form");

        Result deleted = ok("graph", "delete", root, "Person", "--where", "name = 'Bob'", "--actor", "eraser");
        assertTrue(deleted.out().startsWith("deleted 1 Person node:"), deleted.out());
        assertTrue(deleted.out().contains("Knows    0         0        2"), deleted.out());
        assertTrue(deleted.out().contains("WorksAt  0         0        1"), deleted.out());
        String deleteCommit = commitOf(deleted);

        Result gone = run("graph", "get", root, "Person", "Bob");
        assertEquals(1, gone.code());
        assertEquals(1, gone.err().lines().count(), gone.err());
        assertTrue(gone.err().startsWith("plainlance: not found: no Person with id Bob at commit "), gone.err());
        assertEquals(
                "{\"type\":\"Person\",\"data\":{\"name\":\"Bob\",\"age\":25}}\n",
                ok("graph", "get", root, "Person", "Bob", "--at", loadCommit).out(),
                "--at reads an older commit");

        Result noMatch = ok("graph", "delete", root, "Person", "--where", "name = 'Nobody'");
        assertEquals(
                "no Person matches: nothing deleted, the graph stays at commit " + deleteCommit + "\n", noMatch.out());
        Result edges = ok("graph", "delete", root, "Knows", "--where", "src = 'Alice'");
        assertTrue(edges.out().startsWith("deleted 1 Knows edge:"), edges.out());
        String edgeCommit = commitOf(edges);

        List<String> log = ok("graph", "log", root, "--json").out().lines().toList();
        assertEquals(5, log.size(), "init, load, dated load, two deletes");
        JsonNode newest = JSON.readTree(log.get(0));
        assertEquals(edgeCommit, newest.get("id").asText());
        JsonNode del = JSON.readTree(log.get(1));
        assertEquals(deleteCommit, del.get("id").asText());
        assertEquals("eraser", del.get("actor").asText());
        assertEquals(
                "graph delete Person where name = 'Bob'", del.get("message").asText());
        assertEquals(1, del.get("changes").get("Person").get("deleted").asLong());
        assertEquals(2, del.get("changes").get("Knows").get("deleted").asLong());
        assertEquals(List.of(datedCommit), List.of(del.get("parents").get(0).asText()));
        String table = ok("graph", "log", root).out();
        assertTrue(table.startsWith("COMMIT"), table);
        assertTrue(table.contains("Knows -2, Person -1, WorksAt -1"), table);
        assertTrue(table.contains("Company +2, Knows +3, Person +4, WorksAt +2"), table);

        Result diff = ok("graph", "diff", root, datedCommit, deleteCommit);
        assertTrue(diff.out().contains("  deleted Person Bob\n"), diff.out());
        assertTrue(
                diff.out().lines().anyMatch(l -> l.startsWith("  deleted Knows ") && l.endsWith(" (Bob -> Diana)")),
                diff.out());
        assertEquals(
                4, diff.out().lines().filter(l -> l.startsWith("  deleted ")).count(), diff.out());
        assertTrue(diff.out().contains("Person   0         0        1"), diff.out());
        JsonNode diffJson = JSON.readTree(
                ok("graph", "diff", root, datedCommit, deleteCommit, "--json").out());
        assertEquals(datedCommit, diffJson.get("from").asText());
        assertEquals(1, diffJson.get("counts").get("Person").get("deleted").asLong());
        JsonNode bob = diffJson.get("changes").findParent("before");
        assertTrue(bob != null, diffJson.toString());
        assertEquals(4, diffJson.get("changes").size());
        assertEquals(
                "no changes from " + deleteCommit + " to " + deleteCommit + "\n",
                ok("graph", "diff", root, deleteCommit, deleteCommit).out());

        Result status = ok("graph", "status", root);
        assertTrue(status.out().startsWith("graph " + root + " at commit " + edgeCommit), status.out());
        assertTrue(status.out().contains("Person   node  3     node:Person"), status.out());
        assertTrue(status.out().contains("Knows    edge  1     edge:Knows"), status.out());
        assertTrue(status.out().endsWith("no pending operations\n"), status.out());
        JsonNode statusJson =
                JSON.readTree(ok("graph", "status", root, "--json").out());
        assertEquals(edgeCommit, statusJson.get("head").get("id").asText());
        assertEquals(64, statusJson.get("schema_hash").asText().length());
        assertEquals("Person", statusJson.get("types").get(0).get("type").asText());
        assertEquals(3, statusJson.get("types").get(0).get("rows").asLong());
        assertEquals(0, statusJson.get("pending_sidecars").size());
    }

    @Test
    void schemaShowPlanAndApply() throws IOException {
        String root = loaded();
        String shown = ok("graph", "schema", "show", root).out();
        assertTrue(shown.startsWith("node Person {"), shown);
        Path same = file("same.pg", shown);
        assertTrue(ok("graph", "schema", "plan", root, "--schema", same.toString())
                .out()
                .startsWith("no changes: "));
        Path next = file(
                "next.pg",
                shown.replace("node Company {", "node Company {\n    founded: Date?")
                        .replace("edge WorksAt: Person -> Company", "edge Employs: Company -> Person"));
        Result plan = ok("graph", "schema", "plan", root, "--schema", next.toString());
        assertTrue(
                plan.out().contains("safe         add nullable property Company.founded")
                        || plan.out().contains("Company.founded"),
                plan.out());
        assertTrue(plan.out().contains("data-losing"), plan.out());
        assertTrue(plan.out().contains("apply would refuse it without --allow-data-loss"), plan.out());

        Path broken = file("broken.pg", "node Person {\n    name: Strin @key\n}\n");
        Result bad = run("graph", "schema", "plan", root, "--schema", broken.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("plainlance: " + broken + ":2:"), bad.err());

        String before = ok("graph", "log", root, "--json").out();
        Result refused = run("graph", "schema", "apply", root, "--schema", next.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().startsWith("plainlance: "), refused.err());
        assertEquals(before, ok("graph", "log", root, "--json").out(), "a refused apply writes nothing");

        Path additive = file("additive.pg", shown.replace("node Company {", "node Company {\n    founded: Date?"));
        Result applied = ok("graph", "schema", "apply", root, "--schema", additive.toString(), "--actor", "dba");
        assertTrue(applied.out().contains("applied: add nullable property Company.founded"), applied.out());
        assertTrue(ok("graph", "schema", "show", root).out().contains("founded: Date?"));
        assertTrue(ok("graph", "log", root).out().contains("dba"));
        assertEquals(
                2,
                ok("graph", "export", root)
                        .out()
                        .lines()
                        .filter(l -> l.contains("Company"))
                        .count());
    }

    private Map<String, byte[]> files(String root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(Path.of(root))) {
            for (Path p : all.toList()) {
                out.put(
                        Path.of(root).relativize(p).toString(),
                        Files.isDirectory(p) ? new byte[0] : Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void readOnlyCommandsWriteNothingEvenWithAPendingOperation() throws IOException {
        String root = loaded();
        String head = JSON.readTree(ok("graph", "status", root, "--json").out())
                .get("head")
                .get("id")
                .asText();
        Result crashed;
        try (Failpoints.Scope crash = Failpoints.install(p -> {
            if (p == RecoveryFailpoints.SIDECAR_WRITTEN) {
                throw new IllegalStateException("injected crash after the sidecar");
            }
        })) {
            crashed = run("graph", "delete", root, "Person", "--where", "name = 'Bob'");
        }
        assertEquals(1, crashed.code());
        assertEquals("plainlance: injected crash after the sidecar\n", crashed.err());

        Map<String, byte[]> before = files(root);
        assertTrue(
                before.keySet().stream().anyMatch(k -> k.startsWith("__recovery")),
                before.keySet().toString());
        Path next = file("next.pg", resource("quickstart-graph.pg") + "\nnode City {\n    name: String @key\n}\n");
        Result status = ok("graph", "status", root, "--json");
        JsonNode statusJson = JSON.readTree(status.out());
        assertEquals(1, statusJson.get("pending_sidecars").size(), status.out());
        assertEquals(head, statusJson.get("head").get("id").asText(), "the crashed delete is not visible");
        assertTrue(ok("graph", "status", root).out().contains("1 pending operation(s): "));
        ok("graph", "log", root);
        ok("graph", "log", root, "--json");
        ok("graph", "get", root, "Person", "Bob");
        ok("graph", "export", root);
        ok("graph", "export", root, "--at", head);
        ok("graph", "diff", root, head, head, "--json");
        ok("graph", "schema", "show", root);
        ok("graph", "schema", "plan", root, "--schema", next.toString());
        Path gq = file("q.gq", "query q() { match { $p: Person $p knows $f } return { $p.name, count($f) as n } }");
        ok("graph", "query", root, "--file", gq.toString(), "--name", "q");
        ok("graph", "query", root, "--file", gq.toString(), "--name", "q", "--at", head, "--format", "table");
        ok("graph", "lint", root, "--file", gq.toString(), "--json");
        Map<String, byte[]> after = files(root);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        for (String key : before.keySet()) {
            assertArrayEquals(before.get(key), after.get(key), key);
        }
    }

    @Test
    void badArgumentsGiveOneLineErrors() throws IOException {
        String root = loaded();
        String[][] usage = {
            {"graph", "init", dir.resolve("x").toString()},
            {"graph", "load", root},
            {"graph", "load", root, "--data", "f.jsonl", "--mode", "upsert"},
            {"graph", "load", root, "--data", "f.csv"},
            {"graph", "load", root, "--data", "f.jsonl", "--max-errors", "0"},
            {"graph", "get", root, "Person"},
            {"graph", "delete", root, "Person"},
            {"graph", "lod", root},
            {"graph"},
            {"graph", "schema", "plan", root},
        };
        for (String[] args : usage) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("plainlance: ") && r.err().contains("--help')"), r.err());
        }
        Result typo = run("graph", "lod", root);
        assertTrue(typo.err().contains("did you mean log or load?"), typo.err());
        String[][] failing = {
            {"graph", "status", dir.resolve("none").toString()},
            {"graph", "load", root, "--data", dir.resolve("missing.jsonl").toString()},
            {"graph", "get", root, "Nope", "x"},
            {"graph", "delete", root, "Person", "--where", "name = "},
            {"graph", "diff", root, "01ARZ3NDEKTSV4RRFFQ69G5FAV", "01ARZ3NDEKTSV4RRFFQ69G5FAV"},
            {"graph", "init", root, "--schema", schema().toString()},
            {
                "graph",
                "init",
                dir.resolve("y").toString(),
                "--schema",
                dir.resolve("none.pg").toString()
            },
        };
        for (String[] args : failing) {
            Result r = run(args);
            assertEquals(1, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("plainlance: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("y")), "a missing schema writes nothing");
    }

    @Test
    void quickstartBuildsTheGraphNextToTheDataset() throws IOException {
        Path dataset = dir.resolve("demo.lance");
        Result r = ok("quickstart", "--dir", dataset.toString());
        String graph = dir.resolve("demo.graph").toAbsolutePath().toString();
        assertTrue(r.out().contains("Graph at " + graph + ":"), r.out());
        assertTrue(r.out().contains("Knows +1 -2, Person +1 ~1 -1, WorksAt +1 -1"), r.out());
        assertTrue(r.out().contains("  updated Person Alice\n"), r.out());
        assertTrue(r.out().contains("  {\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":31}}\n"), r.out());
        assertTrue(r.out().contains("bin/plainlance graph status " + graph), r.out());
        List<String> export = ok("graph", "export", graph).out().lines().toList();
        assertEquals(10, export.size(), export.toString());
        assertTrue(export.stream().anyMatch(l -> l.contains("\"since\":\"2024-01-15\"")), export.toString());
        assertEquals(3, ok("graph", "log", graph, "--json").out().lines().count(), "init, load, transaction");
        Result gone = run("graph", "get", graph, "Person", "Bob");
        assertEquals(1, gone.code(), "Bob was deleted");

        Result again = run("quickstart", "--dir", dir.resolve("other.lance").toString(), "--graph-dir", graph);
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists; remove it or pass --graph-dir"), again.err());
        assertFalse(Files.exists(dir.resolve("other.lance")), "nothing written when the graph folder exists");
    }
}
