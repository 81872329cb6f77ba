package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphLoadTest {
    @TempDir
    Path dir;

    @Test
    void omnigraphFixtureLoadsAndExportsTheSameEntities() {
        try (Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"))) {
            LoadResult result = GraphFixtures.load(graph, GraphFixtures.resource("test.jsonl"), LoadMode.OVERWRITE);
            assertEquals(new ChangeCounts(4, 0, 0), result.changes().get("Person"));
            assertEquals(new ChangeCounts(3, 0, 0), result.changes().get("Knows"));
            GraphSnapshot now = graph.snapshot();
            assertEquals(4, now.count("Person"));
            assertEquals(2, now.count("Company"));
            assertEquals(30, now.node("Person", "Alice").orElseThrow().get("age"));
            List<Entity> knows = now.list("Knows", "src = 'Alice'");
            assertEquals(2, knows.size());
            String exported = GraphFixtures.export(graph, now);
            assertEquals(11, exported.lines().count());
            assertTrue(
                    exported.startsWith("{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":30}}\n"), exported);
            assertEquals(result.commit().changes(), graph.log().get(0).changes());
        }
        try (Graph copy = GraphFixtures.init(dir.resolve("copy"), GraphFixtures.resource("test.pg"))) {
            try (Graph graph = Graph.open(
                    new dev.plainlance.lance.io.LocalStorage(dir),
                    dev.plainlance.recovery.OpenMode.READ_ONLY,
                    dev.plainlance.recovery.RecoveryOptions.defaults())) {
                String exported = GraphFixtures.export(graph, graph.snapshot());
                GraphFixtures.load(copy, exported, LoadMode.OVERWRITE);
                assertEquals(exported, GraphFixtures.export(copy, copy.snapshot()));
            }
        }
    }

    @Test
    void danglingEdgeDuplicateKeyAndWrongTypeAreRefusedNamingTheLineAndNothingChanges() {
        try (Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"))) {
            GraphFixtures.load(graph, GraphFixtures.resource("test.jsonl"), LoadMode.OVERWRITE);
            String head = graph.snapshot().commitId();
            String bad = """
                    {"type":"Person","data":{"name":"Eve","age":"old"}}
                    {"type":"Person","data":{"name":"Frank"}}
                    {"type":"Person","data":{"name":"Frank"}}
                    {"edge":"Knows","from":"Frank","to":"Nobody"}
                    """;
            GraphLoadException e =
                    assertThrows(GraphLoadException.class, () -> GraphFixtures.load(graph, bad, LoadMode.APPEND));
            List<String> lines = e.problems().stream().map(LoadProblem::oneLine).toList();
            assertEquals("data.jsonl:1: Person.age: expected an integer, got \"old\"", lines.get(0));
            assertEquals("data.jsonl:3: Person: duplicate key Frank in the input", lines.get(1));
            assertEquals(
                    "data.jsonl:4: Knows.to: target node Person Nobody exists neither in the input nor in the graph",
                    lines.get(2));
            assertEquals(3, lines.size());
            assertEquals(head, graph.snapshot().commitId());
            assertEquals(4, graph.snapshot().count("Person"));
        }
    }

    @Test
    void appendRefusesExistingKeysAndMergeUpdatesThem() {
        try (Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"))) {
            GraphFixtures.load(graph, GraphFixtures.resource("test.jsonl"), LoadMode.OVERWRITE);
            String again = "{\"type\":\"Person\",\"data\":{\"name\":\"Alice\",\"age\":31}}\n"
                    + "{\"type\":\"Person\",\"data\":{\"name\":\"Zed\"}}\n";
            GraphLoadException e =
                    assertThrows(GraphLoadException.class, () -> GraphFixtures.load(graph, again, LoadMode.APPEND));
            assertEquals(
                    "data.jsonl:1: Person: key Alice exists in the graph already (append never replaces)",
                    e.problems().get(0).oneLine());
            LoadResult merged = GraphFixtures.load(graph, again, LoadMode.MERGE);
            assertEquals(new ChangeCounts(1, 1, 0), merged.changes().get("Person"));
            assertEquals(
                    31, graph.snapshot().node("Person", "Alice").orElseThrow().get("age"));
            assertEquals(5, graph.snapshot().count("Person"));
            assertEquals(2, graph.snapshot().list("Knows", "src = 'Alice'").size(), "edges keep their endpoint");
        }
    }
}
