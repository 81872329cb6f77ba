package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import dev.plainlance.recovery.RecoveryOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphTraversalTest {
    static final String SCHEMA = """
            node Person { name: String @key }
            node Company { name: String @key }
            edge Knows: Person -> Person { weight: I32? }
            edge Likes: Person -> Person
            edge WorksAt: Person -> Company
            """;

    @TempDir
    Path dir;

    /**
     * a -> b -> c -> d, a -> c (k5, weight 10), b -> b (self-loop), c -> a (cycle), d -> e twice (parallel), Likes
     * e -> a and a -> f, WorksAt a, b -> acme.
     */
    private Graph fixture() {
        return fixture(RecoveryOptions.defaults());
    }

    private Graph fixture(RecoveryOptions options) {
        Graph graph = Graph.init(new LocalStorage(dir), SCHEMA, "test.pg", options, "tester");
        StringBuilder data = new StringBuilder();
        for (String name : List.of("a", "b", "c", "d", "e", "f", "lonely")) {
            data.append("{\"type\":\"Person\",\"data\":{\"name\":\"")
                    .append(name)
                    .append("\"}}\n");
        }
        data.append("{\"type\":\"Company\",\"data\":{\"name\":\"acme\"}}\n");
        String[][] knows = {
            {"k1", "a", "b", "1"}, {"k2", "b", "c", "1"}, {"k3", "c", "d", "1"}, {"k5", "a", "c", "10"},
            {"k6", "b", "b", "1"}, {"k7", "c", "a", "1"}, {"k8", "d", "e", "3"}, {"k9", "d", "e", "2"}
        };
        for (String[] k : knows) {
            data.append("{\"edge\":\"Knows\",\"id\":\"")
                    .append(k[0])
                    .append("\",\"from\":\"")
                    .append(k[1])
                    .append("\",\"to\":\"")
                    .append(k[2])
                    .append("\",\"data\":{\"weight\":")
                    .append(k[3])
                    .append("}}\n");
        }
        data.append("{\"edge\":\"Likes\",\"id\":\"l1\",\"from\":\"e\",\"to\":\"a\",\"data\":{}}\n");
        data.append("{\"edge\":\"Likes\",\"id\":\"l2\",\"from\":\"a\",\"to\":\"f\",\"data\":{}}\n");
        data.append("{\"edge\":\"WorksAt\",\"id\":\"w1\",\"from\":\"a\",\"to\":\"acme\",\"data\":{}}\n");
        data.append("{\"edge\":\"WorksAt\",\"id\":\"w2\",\"from\":\"b\",\"to\":\"acme\",\"data\":{}}\n");
        GraphFixtures.load(graph, data.toString(), LoadMode.OVERWRITE);
        return graph;
    }

    @Test
    void neighborsFollowTheDirectionAndComeOutDistinctByIdOrder() {
        try (Graph graph = fixture()) {
            GraphSnapshot g = graph.snapshot();
            assertEquals(List.of("b", "c"), g.neighbors("Knows", "a", Direction.OUT));
            assertEquals(List.of("c"), g.neighbors("Knows", "a", Direction.IN));
            assertEquals(List.of("b", "c"), g.neighbors("Knows", "a", Direction.BOTH));
            assertEquals(List.of("b", "c"), g.neighbors("Knows", "b", Direction.OUT), "self-loop included");
            assertEquals(List.of("e"), g.neighbors("Knows", "d", Direction.OUT), "parallel edges once");
            assertEquals(List.of(), g.neighbors("Knows", "lonely", Direction.BOTH));
            assertEquals(List.of(), g.neighbors("Knows", "nobody", Direction.OUT));
            assertEquals(List.of("acme"), g.neighbors("WorksAt", "a", Direction.OUT));
            assertEquals(List.of("a", "b"), g.neighbors("WorksAt", "acme", Direction.IN));
            assertEquals(List.of("a", "b", "c", "d"), g.expand("Knows", List.of("a", "c", "nobody"), Direction.OUT));
            assertThrows(
                    IllegalArgumentException.class, () -> g.neighbors("WorksAt", "a", Direction.BOTH), "two types");
        }
    }

    @Test
    void reachableHasOmnigraphsSemantics() {
        try (Graph graph = fixture()) {
            GraphSnapshot g = graph.snapshot();
            // hop 1: b, c; hop 2: d (a is the seed: visited, never reported); hop 3: e
            assertEquals(List.of("b", "c", "d", "e"), g.reachable("Knows", "a", Direction.OUT, 1, 5, 100));
            // b and c are met at hop 1 (not reported); at hop 2, d, and b again through its self-loop
            assertEquals(List.of("b", "d"), g.reachable("Knows", "a", Direction.OUT, 2, 2, 100));
            assertEquals(List.of("a", "b", "c"), g.reachable("Knows", "a", Direction.OUT, 0, 1, 100));
            // from b: hop 1 b (self-loop, reported, not expanded again) and c; hop 2 a, d; hop 3 e
            assertEquals(List.of("b", "c", "a", "d", "e"), g.reachable("Knows", "b", Direction.OUT, 1, 3, 100));
            assertEquals(List.of("b", "c", "a"), g.reachable("Knows", "b", Direction.OUT, 1, 3, 3), "limit");
            assertEquals(List.of("c", "a", "b"), g.reachable("Knows", "d", Direction.IN, 1, 3, 100));
            assertEquals(List.of(), g.reachable("Knows", "nobody", Direction.OUT, 1, 3, 100));
            assertThrows(IllegalArgumentException.class, () -> g.reachable("Knows", "a", Direction.OUT, 2, 1, 100));
        }
    }

    @Test
    void shortestPathsAreBreadthFirstWithEdgeIdsAndDeterministicTies() {
        try (Graph graph = fixture()) {
            GraphSnapshot g = graph.snapshot();
            GraphPath path = g.shortestPath("Knows", "a", "e", Direction.OUT).orElseThrow();
            assertEquals(List.of("a", "c", "d", "e"), path.nodes());
            assertEquals(3, path.length());
            assertEquals(3.0, path.cost());
            assertEquals("k5", path.edges().get(0));
            assertEquals("k3", path.edges().get(1));
            assertTrue(List.of("k8", "k9").contains(path.edges().get(2)));
            assertEquals(path, g.shortestPath("Knows", "a", "e", Direction.OUT).orElseThrow(), "same path every time");
            assertEquals(
                    List.of("e", "d", "c", "a"),
                    g.shortestPath("Knows", "e", "a", Direction.IN)
                            .orElseThrow()
                            .nodes());
            assertEquals(Optional.empty(), g.shortestPath("Knows", "e", "a", Direction.OUT));
            assertEquals(
                    List.of("e", "a"),
                    g.shortestPath(List.of("Knows", "Likes"), "e", "a", Direction.OUT)
                            .orElseThrow()
                            .nodes());
            GraphPath undirected =
                    g.shortestPath("Knows", "e", "a", Direction.BOTH).orElseThrow();
            assertEquals(List.of("e", "d", "c", "a"), undirected.nodes());
            GraphPath zero = g.shortestPath("Knows", "a", "a", Direction.OUT).orElseThrow();
            assertEquals(0, zero.length());
            GraphPath toCompany = g.shortestPath(List.of("Knows", "WorksAt"), "c", "acme", Direction.OUT)
                    .orElseThrow();
            assertEquals(List.of("c", "a", "acme"), toCompany.nodes());
            assertEquals(List.of("Person", "Person", "Company"), toCompany.nodeTypes());
            assertEquals(List.of("Knows", "WorksAt"), toCompany.edgeTypes());
            assertEquals(List.of("k7", "w1"), toCompany.edges());
            GraphPath viaCompany =
                    g.shortestPath(List.of("WorksAt"), "a", "b", Direction.BOTH).orElseThrow();
            assertEquals(List.of("a", "acme", "b"), viaCompany.nodes());
        }
    }

    @Test
    void cheapestPathsAddWeightsAndRefuseNegativeOnes() {
        try (Graph graph = fixture()) {
            GraphSnapshot g = graph.snapshot();
            GraphPath cheap = g.cheapestPath(List.of("Knows"), "weight", "a", "e", Direction.OUT)
                    .orElseThrow();
            assertEquals(List.of("a", "b", "c", "d", "e"), cheap.nodes(), "a->c costs 10");
            assertEquals(List.of("k1", "k2", "k3", "k9"), cheap.edges(), "the cheaper parallel edge");
            assertEquals(5.0, cheap.cost());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> g.cheapestPath(List.of("Likes"), "weight", "a", "f", Direction.OUT));
            try (GraphTransaction tx = graph.begin("t")) {
                tx.insertEdge("Knows", "e", "f", Map.of("weight", -2));
                tx.commit();
            }
            NegativeWeightException negative = assertThrows(NegativeWeightException.class, () -> graph.snapshot()
                    .cheapestPath(List.of("Knows"), "weight", "a", "b", Direction.OUT));
            assertEquals("Knows", negative.edgeType());
            assertEquals(-2.0, negative.weight());
            assertEquals(
                    5.0,
                    g.cheapestPath(List.of("Knows"), "weight", "a", "e", Direction.OUT)
                            .orElseThrow()
                            .cost(),
                    "the older snapshot has no negative edge");
        }
    }

    @Test
    void aCommitIsSeenByTheNewSnapshotAndNotByTheOldOneAndIsDerivedNotRebuilt() {
        try (Graph graph = fixture()) {
            GraphSnapshot before = graph.snapshot();
            assertEquals(List.of("b", "c", "d", "e"), before.reachable("Knows", "a", Direction.OUT, 1, 5, 100));
            AdjacencyCache cache = graph.adjacencyCache();
            long builds = cache.edgeBuilds.get();
            try (GraphTransaction tx = graph.begin("t")) {
                tx.insertEdge("Knows", "e", "lonely", Map.of());
                tx.deleteEdges("Knows", "id = 'k5'");
                tx.commit();
            }
            GraphSnapshot after = graph.snapshot();
            assertEquals(
                    List.of("b", "c", "d", "e", "lonely"), after.reachable("Knows", "a", Direction.OUT, 1, 5, 100));
            assertEquals(
                    List.of("a", "b", "c", "d", "e", "lonely"),
                    after.shortestPath("Knows", "a", "lonely", Direction.OUT)
                            .orElseThrow()
                            .nodes());
            assertEquals(builds, cache.edgeBuilds.get(), "derived from the previous version");
            assertTrue(cache.edgeDerivations.get() > 0);
            assertEquals(List.of("b", "c", "d", "e"), before.reachable("Knows", "a", Direction.OUT, 1, 5, 100));
            assertEquals(
                    List.of("b", "c", "d", "e"),
                    graph.at(before.commitId()).reachable("Knows", "a", Direction.OUT, 1, 5, 100));

            try (GraphTransaction tx = graph.begin("t")) {
                tx.delete("Person", "name = 'c'");
                tx.commit();
            }
            GraphSnapshot cut = graph.snapshot();
            assertEquals(List.of("b"), cut.reachable("Knows", "a", Direction.OUT, 1, 5, 100), "c and its edges gone");
            assertEquals(List.of(), cut.neighbors("Knows", "c", Direction.BOTH));
            assertEquals(Optional.empty(), cut.shortestPath("Knows", "a", "e", Direction.BOTH));
            try (GraphTransaction tx = graph.begin("t")) {
                tx.insert("Person", Map.of("name", "c"));
                tx.insertEdge("Knows", "b", "c", Map.of());
                tx.commit();
            }
            assertEquals(List.of("b", "c"), graph.snapshot().reachable("Knows", "a", Direction.OUT, 1, 5, 100));
            assertEquals(
                    List.of("b", "c", "d", "e", "lonely"), after.reachable("Knows", "a", Direction.OUT, 1, 5, 100));
        }
    }

    @Test
    void anOlderSnapshotReadAfterNewerOnesGetsItsOwnOrdinals() {
        try (Graph graph = fixture()) {
            List<String> commits = new java.util.ArrayList<>();
            commits.add(graph.snapshot().commitId());
            for (String name : List.of("x", "y")) {
                try (GraphTransaction tx = graph.begin("t")) {
                    tx.insert("Person", Map.of("name", name));
                    tx.insertEdge("Knows", "e", name, Map.of());
                    commits.add(tx.commit().id());
                }
            }
            AdjacencyCache cache = graph.adjacencyCache();
            assertEquals(List.of("e"), graph.at(commits.get(0)).neighbors("Knows", "d", Direction.OUT));
            assertEquals(List.of("x", "y"), graph.at(commits.get(2)).neighbors("Knows", "e", Direction.OUT));
            long edgeBuilds = cache.edgeBuilds.get();
            // derived from the first commit's ordinals, which the third's already extended with x and y: y's
            // ordinal must not be taken for x, so this version starts a numbering of its own
            GraphSnapshot middle = graph.at(commits.get(1));
            assertEquals(List.of("x"), middle.neighbors("Knows", "e", Direction.OUT));
            assertEquals(List.of("e"), middle.neighbors("Knows", "x", Direction.IN));
            assertEquals(List.of(), middle.neighbors("Knows", "y", Direction.IN));
            assertTrue(middle.ordinals("Person").space()
                    != graph.at(commits.get(2)).ordinals("Person").space());
            assertEquals(edgeBuilds + 1, cache.edgeBuilds.get(), "other ordinals: the edges are read again");
            assertEquals(List.of("x", "y"), graph.snapshot().neighbors("Knows", "e", Direction.OUT));
        }
    }

    @Test
    void crashedCommitsAreSeenOnlyAsRecoveryPublishesThem() {
        try (Graph graph = fixture(RecoveryOptions.defaults().withLease(java.time.Duration.ZERO))) {
            GraphSnapshot warm = graph.snapshot();
            assertEquals(List.of(), warm.neighbors("Knows", "e", Direction.OUT));
            // writes Person then Knows; crashes after the first table commit: rolled back
            crash(graph, 1, tx -> {
                tx.insert("Person", Map.of("name", "g"));
                tx.insertEdge("Knows", "e", "g", Map.of());
            });
            assertEquals(List.of(), graph.snapshot().neighbors("Knows", "e", Direction.OUT), "nothing published");
            assertEquals(List.of(RecoveryOutcome.Kind.ROLLED_BACK), recover(graph));
            assertEquals(List.of(), graph.snapshot().neighbors("Knows", "e", Direction.OUT));
            // writes Knows only; crashes after it: rolled forward
            crash(graph, 1, tx -> tx.insertEdge("Knows", "e", "a", Map.of()));
            assertEquals(List.of(), graph.snapshot().neighbors("Knows", "e", Direction.OUT), "not yet published");
            assertEquals(List.of(RecoveryOutcome.Kind.ROLLED_FORWARD), recover(graph));
            assertEquals(List.of("a"), graph.snapshot().neighbors("Knows", "e", Direction.OUT));
            try (GraphTransaction tx = graph.begin("t")) {
                tx.insertEdge("Knows", "e", "f", Map.of());
                tx.commit();
            }
            assertEquals(List.of("a", "f"), graph.snapshot().neighbors("Knows", "e", Direction.OUT));
            assertEquals(List.of(), warm.neighbors("Knows", "e", Direction.OUT));
            assertEquals(List.of(), graph.at(warm.commitId()).neighbors("Knows", "e", Direction.OUT));
        }
    }

    private static void crash(Graph graph, int atTableCommit, java.util.function.Consumer<GraphTransaction> calls) {
        int[] seen = {0};
        try (Failpoints.Scope crash = Failpoints.install(point -> {
                    if (point == RecoveryFailpoints.TABLE_COMMITTED && ++seen[0] == atTableCommit) {
                        throw new IllegalStateException("simulated crash after a table commit");
                    }
                });
                GraphTransaction tx = graph.begin("t")) {
            calls.accept(tx);
            assertThrows(IllegalStateException.class, tx::commit);
        }
    }

    private static List<RecoveryOutcome.Kind> recover(Graph graph) {
        return graph.catalog().recover().stream().map(RecoveryOutcome::kind).toList();
    }
}
