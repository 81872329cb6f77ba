package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Counts storage calls: once the adjacency is warm, a 3-hop reachability over 20K people and 200K follows makes no
 * storage call at all (it reads no edge or node data, not even a manifest), and the first traversal after a commit
 * reads only the edge files the commit wrote, never the old ones.
 */
class TraversalCostTest {
    private static final int PERSONS = 20_000;
    private static final int FOLLOWS = 200_000;

    /** A generated social graph of {@link #PERSONS} and {@link #FOLLOWS}, loaded as one commit into {@code counting}. */
    private static Graph socialGraph(CountingStorage counting) throws IOException {
        Graph graph = Graph.init(counting.storage, GraphScaleRun.SCHEMA, "social.pg", RecoveryOptions.defaults(), "t");
        StringWriter data = new StringWriter();
        GraphScaleRun.generate(data, PERSONS, FOLLOWS);
        graph.load(
                new BufferedReader(new StringReader(data.toString())),
                "social.jsonl",
                LoadMode.APPEND,
                Optional.empty(),
                "t",
                "load",
                Graph.DEFAULT_MAX_PROBLEMS,
                n -> {});
        return graph;
    }

    @Test
    void aWarmThreeHopReachabilityMakesNoStorageCallAndACommitIsReadFromWhatItWrote() throws IOException {
        CountingStorage counting = new CountingStorage(new InMemoryStorage());
        try (Graph graph = socialGraph(counting)) {
            String seed = GraphScaleRun.name(8);
            List<String> cold =
                    graph.snapshot().reachable("Follows", GraphScaleRun.name(7), Direction.OUT, 1, 3, 1_000_000);
            assertTrue(cold.size() > 100, "3 hops of about 10 follows each: " + cold.size());

            GraphSnapshot warm = graph.snapshot();
            counting.take();
            List<String> reached = warm.reachable("Follows", seed, Direction.OUT, 1, 3, 1_000_000);
            List<String> limited = warm.reachable("Follows", seed, Direction.OUT, 1, 3, 100);
            List<String> both = warm.neighbors("Follows", seed, Direction.BOTH);
            assertEquals(List.of(), counting.take(), "warm traversals make no storage call at all");
            assertTrue(reached.size() > 100, "reached " + reached.size());
            assertEquals(reached.subList(0, 100), limited);
            assertTrue(both.size() > 5);
            GraphPath path = warm.shortestPath("Follows", seed, reached.get(reached.size() - 1), Direction.OUT)
                    .orElseThrow();
            assertEquals(3, path.length(), "only its 3 edge ids are read, by address");
            String edgeTable = warm.view().state().path("edge:Follows").orElseThrow();

            // a commit: 5 new follows of the seed, and every follow of person 9 deleted
            Set<String> oldFiles = new HashSet<>();
            for (DataFragment fragment : warm.view().table("edge:Follows").fragments()) {
                for (DataFile file : fragment.getFilesList()) {
                    oldFiles.add(file.getPath());
                }
            }
            AdjacencyCache cache = graph.adjacencyCache();
            long builds = cache.edgeBuilds.get();
            long derivations = cache.edgeDerivations.get();
            Set<String> added = new TreeSet<>();
            try (GraphTransaction tx = graph.begin("t")) {
                for (int i = 0; i < 5; i++) {
                    String to = GraphScaleRun.name(PERSONS - 1 - i);
                    added.add(to);
                    tx.insertEdge("Follows", seed, to, Map.of());
                }
                tx.deleteEdges("Follows", "src = '" + GraphScaleRun.name(9) + "'");
                tx.commit();
            }
            GraphSnapshot after = graph.snapshot();
            counting.take();
            Set<String> expected = new TreeSet<>(warm.neighbors("Follows", seed, Direction.OUT));
            expected.addAll(added);
            assertEquals(List.copyOf(expected), after.neighbors("Follows", seed, Direction.OUT));
            assertEquals(List.of(), after.neighbors("Follows", GraphScaleRun.name(9), Direction.OUT));
            List<String> edgeFilesRead = counting.take().stream()
                    .map(CountingStorage.Call::key)
                    .filter(k -> k != null && k.startsWith(edgeTable + "/data/"))
                    .toList();
            assertTrue(
                    edgeFilesRead.stream().noneMatch(k -> oldFiles.stream().anyMatch(k::endsWith)),
                    "only the commit's new edge file is read: " + edgeFilesRead);
            assertTrue(!edgeFilesRead.isEmpty(), "the new edges are read");
            assertEquals(builds, cache.edgeBuilds.get(), "no full build");
            assertEquals(derivations + 1, cache.edgeDerivations.get());

            assertEquals(reached, warm.reachable("Follows", seed, Direction.OUT, 1, 3, 1_000_000));
            assertEquals(reached, graph.at(warm.commitId()).reachable("Follows", seed, Direction.OUT, 1, 3, 1_000_000));
            assertNotEquals(reached, after.reachable("Follows", seed, Direction.OUT, 1, 3, 1_000_000));
        }
    }

    @Test
    void aThreeHopQueryFromOneNodeNeverReadsTheEdgeTableOnceItsAdjacencyIsBuilt() throws IOException {
        CountingStorage counting = new CountingStorage(new InMemoryStorage());
        try (Graph graph = socialGraph(counting)) {
            GraphQueries queries = GraphQueries.compile(
                    "query reach($name: String) { match { $p: Person { name: $name } $p follows{1,3} $f }"
                            + " return { $f.name } limit 100 }",
                    "reach.gq",
                    graph.schema());
            graph.snapshot().reachable("Follows", GraphScaleRun.name(7), Direction.OUT, 1, 1, 1);
            GraphSnapshot snapshot = graph.snapshot();
            String edgeTable = snapshot.view().state().path("edge:Follows").orElseThrow();
            counting.take();
            QueryResult first = queries.run(snapshot, "reach", Map.of("name", GraphScaleRun.name(8)));
            assertEquals(100, first.rows().size());
            List<String> edgeReads = counting.take().stream()
                    .map(CountingStorage.Call::key)
                    .filter(k -> k != null && k.startsWith(edgeTable + "/"))
                    .toList();
            assertEquals(List.of(), edgeReads, "the edge table is not read: its adjacency answers");
            QueryResult again = queries.run(snapshot, "reach", Map.of("name", GraphScaleRun.name(8)));
            assertEquals(List.of(), counting.take(), "warm, the query makes no storage call at all");
            assertEquals(first.rows(), again.rows());
            String personTable = snapshot.view().state().path("node:Person").orElseThrow();
            GraphSnapshot fresh = graph.snapshot();
            counting.take();
            assertEquals(
                    first.rows(),
                    queries.run(fresh, "reach", Map.of("name", GraphScaleRun.name(8)))
                            .rows());
            List<String> tableReads = counting.take().stream()
                    .map(CountingStorage.Call::key)
                    .filter(k -> k != null && (k.startsWith(edgeTable + "/") || k.startsWith(personTable + "/")))
                    .toList();
            assertEquals(List.of(), tableReads, "a new snapshot of the same versions reuses adjacency and columns");
        }
    }
}
