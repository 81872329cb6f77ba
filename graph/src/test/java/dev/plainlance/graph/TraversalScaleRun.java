package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A traversal scale run, off by default: {@code -Dplainlance.graph.traversalScale=PERSONS:FOLLOWS} loads
 * {@link GraphScaleRun}'s social graph, then prints the adjacency's build time and size, warm traversal times, and
 * what a small commit costs derived and rebuilt. Times are reported, never asserted.
 */
@EnabledIfSystemProperty(named = "plainlance.graph.traversalScale", matches = "\\d+:\\d+")
class TraversalScaleRun {
    @TempDir
    Path dir;

    @Test
    void buildTraverseAndDerive() throws IOException {
        String[] scale = System.getProperty("plainlance.graph.traversalScale").split(":");
        int persons = Integer.parseInt(scale[0]);
        int follows = Integer.parseInt(scale[1]);
        Path data = dir.resolve("social.jsonl");
        GraphScaleRun.generate(data, persons, follows);
        Path root = dir.resolve("graph");
        try (Graph graph = GraphFixtures.init(root, GraphScaleRun.SCHEMA)) {
            long t = System.nanoTime();
            try (BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
                graph.load(in, "social.jsonl", LoadMode.APPEND, Optional.empty(), "bench", "load", 20, n -> {});
            }
            System.out.printf("load: %d persons + %d follows in %.2f s%n", persons, follows, seconds(t));

            GraphSnapshot g = graph.snapshot();
            long heapBefore = usedHeap();
            t = System.nanoTime();
            NodeOrdinals people = g.ordinals("Person");
            double nodeSeconds = seconds(t);
            t = System.nanoTime();
            EdgeAdjacency edges = g.adjacency("Follows");
            double edgeSeconds = seconds(t);
            long heapAfter = usedHeap();
            assertEquals(follows, edges.edges());
            System.out.printf(
                    "cold build: node ordinals %.2f s (%d nodes, %.1f bytes/node), follows adjacency %.2f s"
                            + " (%d edges, %.1f bytes/edge counting its 8 bytes/node offsets); heap grew %d MiB"
                            + " (max heap %d MiB)%n",
                    nodeSeconds,
                    people.live(),
                    people.baseBytes() / (double) people.live(),
                    edgeSeconds,
                    edges.edges(),
                    edges.baseBytes() / (double) edges.edges(),
                    (heapAfter - heapBefore) >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);

            t = System.nanoTime();
            long[] scanned = {0};
            try (RootAllocator allocator = new RootAllocator()) {
                FragmentRows.scan(
                        g.view().table("edge:Follows"),
                        null,
                        List.of("src", "dst"),
                        Env.defaults(allocator),
                        (columns, row, address) -> scanned[0]++);
            }
            System.out.printf("of which reading src, dst and addresses alone: %.2f s%n", seconds(t));

            SplittableRandom random = new SplittableRandom(11);
            long[] reach = new long[2000];
            int reachedTotal = 0;
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < reach.length / 2; i++) {
                    String seed = GraphScaleRun.name(random.nextInt(persons));
                    long s = System.nanoTime();
                    reachedTotal += g.reachable("Follows", seed, Direction.OUT, 1, 3, 100)
                            .size();
                    reach[round * reach.length / 2 + i] = System.nanoTime() - s;
                }
            }
            long[] warmReach = Arrays.copyOfRange(reach, reach.length / 2, reach.length);
            System.out.printf(
                    "warm 3-hop reachable, limit 100: p50 %.3f ms, p99 %.3f ms (%d results on average)%n",
                    pct(warmReach, 50), pct(warmReach, 99), reachedTotal / reach.length);
            long[] full = new long[50];
            long fullTotal = 0;
            for (int i = 0; i < full.length; i++) {
                String seed = GraphScaleRun.name(random.nextInt(persons));
                long s = System.nanoTime();
                fullTotal += g.reachable("Follows", seed, Direction.OUT, 1, 3, Integer.MAX_VALUE)
                        .size();
                full[i] = System.nanoTime() - s;
            }
            System.out.printf(
                    "warm 3-hop reachable, no limit: p50 %.2f ms, p99 %.2f ms (%d nodes on average)%n",
                    pct(full, 50), pct(full, 99), fullTotal / full.length);
            long[] paths = new long[1000];
            long pathHops = 0;
            for (int i = 0; i < paths.length; i++) {
                String from = GraphScaleRun.name(random.nextInt(persons));
                String to = GraphScaleRun.name(random.nextInt(persons));
                long s = System.nanoTime();
                pathHops += g.shortestPath("Follows", from, to, Direction.OUT)
                        .map(GraphPath::length)
                        .orElse(0);
                paths[i] = System.nanoTime() - s;
            }
            System.out.printf(
                    "warm shortest path between random people: p50 %.2f ms, p99 %.2f ms (%.2f hops on average)%n",
                    pct(paths, 50), pct(paths, 99), pathHops / (double) paths.length);

            for (int round = 0; round < 2; round++) {
                t = System.nanoTime();
                long walks = 0;
                for (int u = 0; u < people.size(); u++) {
                    if (people.isLive(u)) {
                        long[] count = {0};
                        edges.forEachOut(u, (v, slot) -> count[0] += edges.outDegree(v));
                        walks += count[0];
                    }
                }
                double walkSeconds = seconds(t);
                t = System.nanoTime();
                long distinct = 0;
                for (int u = 0; u < people.size(); u++) {
                    if (people.isLive(u)) {
                        int[] one = g.expandOrdinals("Follows", new int[] {u}, Direction.OUT);
                        distinct += g.expandOrdinals("Follows", one, Direction.OUT).length;
                    }
                }
                System.out.printf(
                        "2-hop paths from every person: %d walks counted in %.2f s; %d distinct 2-hop"
                                + " neighbourhood members in %.2f s%n",
                        walks, walkSeconds, distinct, seconds(t));
            }

            // a small commit: derived from the previous version versus built from scratch
            try (GraphTransaction tx = graph.begin("bench")) {
                for (int i = 0; i < 100; i++) {
                    tx.insertEdge(
                            "Follows",
                            GraphScaleRun.name(random.nextInt(persons)),
                            GraphScaleRun.name(random.nextInt(persons)),
                            Map.of());
                }
                for (int i = 0; i < 10; i++) {
                    tx.deleteEdges("Follows", "src = '" + GraphScaleRun.name(random.nextInt(persons)) + "'");
                    tx.upsert("Person", Map.of("name", GraphScaleRun.name(random.nextInt(persons)), "age", 30));
                }
                tx.insert("Person", Map.of("name", "newcomer"));
                tx.commit();
            }
            GraphSnapshot next = graph.snapshot();
            t = System.nanoTime();
            next.ordinals("Person");
            double deriveNodes = seconds(t);
            t = System.nanoTime();
            EdgeAdjacency derived = next.adjacency("Follows");
            double deriveEdges = seconds(t);
            System.out.printf(
                    "after a commit of 100 new follows, 10 people's follows deleted, 10 upserts, 1 insert:"
                            + " derived node ordinals in %.1f ms, adjacency in %.1f ms (overlay %d entries)%n",
                    deriveNodes * 1e3, deriveEdges * 1e3, derived.overlay());
            t = System.nanoTime();
            EdgeAdjacency folded = derived.fold();
            System.out.printf("folding that overlay into a new base (in memory, no I/O): %.1f ms%n", seconds(t) * 1e3);
            assertEquals(derived.edges(), folded.edges());
            try (Graph fresh = Graph.open(new LocalStorage(root), OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
                fresh.adjacencyCache().derive = false;
                GraphSnapshot same = fresh.at(next.commitId());
                t = System.nanoTime();
                same.ordinals("Person");
                double rebuildNodes = seconds(t);
                t = System.nanoTime();
                EdgeAdjacency rebuilt = same.adjacency("Follows");
                System.out.printf(
                        "the same version rebuilt by scans: node ordinals %.2f s, adjacency %.2f s%n",
                        rebuildNodes, seconds(t));
                assertEquals(derived.edges(), rebuilt.edges());
                for (int i = 0; i < 200; i++) {
                    String seed = GraphScaleRun.name(random.nextInt(persons));
                    assertEquals(
                            next.reachable("Follows", seed, Direction.BOTH, 1, 2, 300),
                            same.reachable("Follows", seed, Direction.BOTH, 1, 2, 300));
                }
            }
            List<String> sample = next.neighbors("Follows", "newcomer", Direction.BOTH);
            assertEquals(List.of(), sample);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
