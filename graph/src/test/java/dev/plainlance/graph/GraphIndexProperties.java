package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * On random graphs, a graph whose tables carry BTREE indices on {@code id}, {@code src} and {@code dst}
 * ({@link Graph#createIndices}, made between two loads, so later rows are not covered) answers exactly as the same
 * graph without them: key lookups of nodes and edges (present and absent), upserts by key, node deletions and the
 * edges they cascade to, traversals and the whole export.
 */
class GraphIndexProperties {
    private static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
            }

            edge Knows: Person -> Person {
                since: I32?
            }
            """;

    @Property(tries = 25)
    void indexedGraphsAnswerAsUnindexedOnes(
            @ForAll @IntRange(min = 1, max = 80) int persons,
            @ForAll @IntRange(min = 0, max = 200) int edges,
            @ForAll @IntRange(min = 0, max = 100) int indexedPercent,
            @ForAll @IntRange(min = 0, max = 10) int deletes,
            @ForAll long seed) {
        Storage indexed = new InMemoryStorage();
        Storage plain = new InMemoryStorage();
        List<String> firstLoad = new ArrayList<>();
        List<String> secondLoad = new ArrayList<>();
        Random random = new Random(seed);
        int split = persons * indexedPercent / 100;
        for (int i = 0; i < persons; i++) {
            (i < split ? firstLoad : secondLoad)
                    .add("{\"type\":\"Person\",\"data\":{\"name\":\"p" + i + "\",\"age\":" + random.nextInt(90) + "}}");
        }
        for (int e = 0; e < edges; e++) {
            int from = random.nextInt(persons);
            int to = random.nextInt(persons);
            String line = "{\"edge\":\"Knows\",\"id\":\"e" + e + "\",\"from\":\"p" + from + "\",\"to\":\"p" + to
                    + "\",\"data\":{\"since\":" + random.nextInt(30) + "}}";
            (Math.max(from, to) < split ? firstLoad : secondLoad).add(line);
        }
        List<String> upserts = new ArrayList<>();
        java.util.Set<Integer> upserted = new java.util.TreeSet<>();
        for (int i = 0; i < 1 + persons / 5; i++) {
            upserted.add(random.nextInt(persons + 3));
        }
        for (int i : upserted) {
            upserts.add("{\"type\":\"Person\",\"data\":{\"name\":\"p" + i + "\",\"age\":" + (100 + i) + "}}");
        }
        List<String> doomed = new ArrayList<>();
        for (int d = 0; d < deletes; d++) {
            doomed.add("'p" + random.nextInt(persons) + "'");
        }
        for (Storage storage : List.of(indexed, plain)) {
            try (Graph graph = Graph.init(storage, SCHEMA, "test.pg", RecoveryOptions.defaults(), "t")) {
                load(graph, firstLoad, LoadMode.APPEND);
                if (storage == indexed) {
                    graph.createIndices("t");
                }
                load(graph, secondLoad, LoadMode.APPEND);
            }
            if (storage == indexed && split > 0) {
                try (Graph graph = Graph.open(storage, OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
                    GraphSnapshot snapshot = graph.snapshot();
                    assertTrue(snapshot.nodeById("Person", "p0").isPresent());
                    assertEquals(1, snapshot.idLookup().scalarIndexLookups(), "the index answered");
                    assertEquals(
                            persons > split ? 1 : 0,
                            snapshot.idLookup().indexedFiles(),
                            "only the uncovered fragment's key column is read whole");
                }
            }
            try (Graph graph = Graph.open(storage, OpenMode.READ_WRITE, RecoveryOptions.defaults())) {
                load(graph, upserts, LoadMode.MERGE);
            }
            if (!doomed.isEmpty()) {
                try (Graph graph = Graph.open(storage, OpenMode.READ_WRITE, RecoveryOptions.defaults());
                        GraphTransaction tx = graph.begin("t")) {
                    tx.delete("Person", "name IN (" + String.join(", ", doomed) + ")");
                    tx.commit();
                }
            }
        }
        try (Graph a = Graph.open(indexed, OpenMode.READ_ONLY, RecoveryOptions.defaults());
                Graph b = Graph.open(plain, OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
            GraphSnapshot sa = a.snapshot();
            GraphSnapshot sb = b.snapshot();
            for (int i = -1; i <= persons + 3; i++) {
                String id = "p" + i;
                assertEquals(sb.nodeById("Person", id), sa.nodeById("Person", id), id);
                assertEquals(
                        sb.neighbors("Knows", id, Direction.BOTH),
                        sa.neighbors("Knows", id, Direction.BOTH),
                        "neighbors of " + id);
            }
            for (int e = -1; e <= edges; e++) {
                assertEquals(sb.entity("Knows", "e" + e), sa.entity("Knows", "e" + e), "e" + e);
            }
            assertEquals(GraphFixtures.export(b, sb), GraphFixtures.export(a, sa));
            assertEquals(0, sb.idLookup().scalarIndexLookups());
        }
    }

    private static void load(Graph graph, List<String> lines, LoadMode mode) {
        if (lines.isEmpty()) {
            return;
        }
        graph.load(
                new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
                "data.jsonl",
                mode,
                Optional.empty(),
                "t",
                "load",
                Graph.DEFAULT_MAX_PROBLEMS,
                n -> {});
    }
}
