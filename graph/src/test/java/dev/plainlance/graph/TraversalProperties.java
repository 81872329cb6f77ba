package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Traversals agree with a naive in-memory search over the edges {@code snapshot.list} returns, on random graphs
 * changed by several transactions (edge inserts and deletes, node deletes that cascade, node upserts and
 * re-inserts), at every commit, from old snapshots too, with the adjacency derived version to version (folding
 * often or never) and with it built from scratch by a second {@link Graph}.
 */
class TraversalProperties {
    private static final List<String> PERSON_EDGES = List.of("Knows", "Likes");
    private static final List<List<String>> PATH_EDGE_SETS =
            List.of(List.of("Knows"), List.of("Knows", "Likes"), List.of("Knows", "WorksAt"), List.of("WorksAt"));

    @Property(tries = 12)
    void traversalsMatchANaiveSearchAtEveryCommit(
            @ForAll @IntRange(min = 1, max = 20) int persons,
            @ForAll @IntRange(min = 0, max = 60) int edges,
            @ForAll @IntRange(min = 1, max = 4) int commits,
            @ForAll boolean foldOften,
            @ForAll long seed)
            throws IOException {
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("traversal-properties");
        List<String> commitIds = new ArrayList<>();
        try (Graph graph = GraphFixtures.init(dir, GraphTraversalTest.SCHEMA)) {
            graph.adjacencyCache().foldMinimum = foldOften ? 0 : 1 << 20;
            List<String> live = new ArrayList<>();
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < persons; i++) {
                live.add("p" + i);
                data.append("{\"type\":\"Person\",\"data\":{\"name\":\"p")
                        .append(i)
                        .append("\"}}\n");
            }
            for (int c = 0; c < 3; c++) {
                data.append("{\"type\":\"Company\",\"data\":{\"name\":\"c")
                        .append(c)
                        .append("\"}}\n");
            }
            GraphFixtures.load(graph, data.toString(), LoadMode.OVERWRITE);
            List<GraphSnapshot> snapshots = new ArrayList<>();
            for (int round = 0; round < commits; round++) {
                GraphSnapshot before = graph.snapshot();
                try (GraphTransaction tx = graph.begin("t")) {
                    for (int i = 0; i < edges / commits + 1 && !live.isEmpty(); i++) {
                        String from = live.get(random.nextInt(live.size()));
                        int kind = random.nextInt(5);
                        if (kind == 0) {
                            tx.insertEdge("WorksAt", from, "c" + random.nextInt(3), Map.of());
                        } else {
                            String to = live.get(random.nextInt(live.size()));
                            Map<String, Object> props = new HashMap<>();
                            if (random.nextInt(5) > 0) {
                                props.put("weight", random.nextInt(6));
                            }
                            tx.insertEdge(kind == 1 ? "Likes" : "Knows", from, to, kind == 1 ? Map.of() : props);
                        }
                    }
                    List<Entity> knows = before.list("Knows", null);
                    for (int i = 0; i < knows.size() / 6; i++) {
                        tx.deleteEdges(
                                "Knows",
                                "id = '"
                                        + knows.get(random.nextInt(knows.size()))
                                                .id() + "'");
                    }
                    if (round > 0 && live.size() > 1 && random.nextBoolean()) {
                        String gone = live.remove(random.nextInt(live.size()));
                        tx.delete("Person", "name = '" + gone + "'");
                    }
                    if (random.nextBoolean()) {
                        String name = "p" + random.nextInt(persons + 3);
                        tx.upsert("Person", Map.of("name", name));
                        if (!live.contains(name)) {
                            live.add(name);
                        }
                    }
                    commitIds.add(tx.message("round " + round).commit().id());
                }
                GraphSnapshot now = graph.snapshot();
                snapshots.add(now);
                check(now, Optional.empty(), random);
            }
            for (GraphSnapshot old : snapshots) {
                check(old, Optional.empty(), random);
            }
            AdjacencyCache cache = graph.adjacencyCache();
            assertTrue(commits == 1 || cache.edgeDerivations.get() > 0, "later versions are derived");
            if (Boolean.getBoolean("plainlance.graph.traversalStats")) {
                System.out.printf(
                        "persons %d edges %d commits %d fold %s: node builds %d derivations %d, edge builds %d"
                                + " derivations %d, folds %d%n",
                        persons,
                        edges,
                        commits,
                        foldOften,
                        cache.nodeBuilds.get(),
                        cache.nodeDerivations.get(),
                        cache.edgeBuilds.get(),
                        cache.edgeDerivations.get(),
                        cache.folds.get());
            }
            try (Graph fresh = Graph.open(new LocalStorage(dir), OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
                fresh.adjacencyCache().derive = false;
                for (int i = 0; i < commitIds.size(); i++) {
                    check(graph.at(commitIds.get(i)), Optional.of(fresh.at(commitIds.get(i))), random);
                }
            }
        }
    }

    /** Compares {@code g}'s traversals with a naive search, and its paths with {@code rebuilt}'s when given. */
    private static void check(GraphSnapshot g, Optional<GraphSnapshot> rebuilt, Random random) {
        Naive naive = new Naive(g);
        List<String> people = new ArrayList<>(new TreeSet<>(g.ids("Person")));
        List<String> probes = new ArrayList<>(people);
        probes.add("nobody");
        for (String edgeType : PERSON_EDGES) {
            for (Direction direction : Direction.values()) {
                for (String seed : probes) {
                    assertEquals(
                            naive.neighbors(List.of(edgeType), seed, direction),
                            g.neighbors(edgeType, seed, direction),
                            edgeType + " " + direction + " neighbors of " + seed);
                    int min = random.nextInt(3);
                    int max = min + random.nextInt(4);
                    int limit = List.of(1, 3, 1000).get(random.nextInt(3));
                    assertEquals(
                            naive.reachable(edgeType, seed, direction, min, max, limit),
                            g.reachable(edgeType, seed, direction, min, max, limit),
                            edgeType + " " + direction + " reachable from " + seed + " " + min + ".." + max + " limit "
                                    + limit);
                }
                if (!people.isEmpty()) {
                    List<String> some = List.of(people.get(random.nextInt(people.size())), "nobody");
                    Set<String> union = new TreeSet<>();
                    some.forEach(s -> union.addAll(naive.neighbors(List.of(edgeType), s, direction)));
                    assertEquals(List.copyOf(union), g.expand(edgeType, some, direction));
                }
            }
        }
        List<String> targets = new ArrayList<>(people);
        targets.addAll(List.of("c0", "c1", "c2"));
        for (int q = 0; q < 12 && !people.isEmpty(); q++) {
            List<String> edgeTypes = PATH_EDGE_SETS.get(random.nextInt(PATH_EDGE_SETS.size()));
            Direction direction = Direction.values()[random.nextInt(3)];
            String from = people.get(random.nextInt(people.size()));
            String to = targets.get(random.nextInt(targets.size()));
            Optional<GraphPath> path = g.shortestPath(edgeTypes, from, to, direction);
            Optional<List<String>> expected = naive.shortestNodes(edgeTypes, from, to, direction);
            assertEquals(expected, path.map(GraphPath::nodes), edgeTypes + " " + direction + " " + from + "->" + to);
            path.ifPresent(p -> naive.checkEdges(p, direction, null));
            rebuilt.ifPresent(r -> assertEquals(path, r.shortestPath(edgeTypes, from, to, direction)));
            if (!edgeTypes.contains("Knows") || edgeTypes.size() > 1) {
                continue;
            }
            Optional<GraphPath> cheap = g.cheapestPath(edgeTypes, "weight", from, to, direction);
            Optional<Double> cost = naive.cheapestCost(from, to, direction);
            assertEquals(cost, cheap.map(GraphPath::cost), "cheapest " + direction + " " + from + "->" + to);
            cheap.ifPresent(p -> naive.checkEdges(p, direction, "weight"));
            rebuilt.ifPresent(r -> assertEquals(cheap, r.cheapestPath(edgeTypes, "weight", from, to, direction)));
        }
    }

    /** Searches over the entities {@code list} returns. */
    private static final class Naive {
        private final Map<String, List<Entity>> edgesByType = new HashMap<>();
        private final Map<String, Entity> edgesById = new HashMap<>();
        private final Set<String> persons;
        private final Set<String> companies;

        Naive(GraphSnapshot g) {
            for (String type : List.of("Knows", "Likes", "WorksAt")) {
                List<Entity> list = g.list(type, null);
                edgesByType.put(type, list);
                list.forEach(e -> edgesById.put(type + "/" + e.id(), e));
            }
            persons = new HashSet<>(g.ids("Person"));
            companies = new HashSet<>(g.ids("Company"));
        }

        private static String from(String edgeType) {
            return "Person";
        }

        private static String to(String edgeType) {
            return edgeType.equals("WorksAt") ? "Company" : "Person";
        }

        private boolean exists(String type, String id) {
            return (type.equals("Person") ? persons : companies).contains(id);
        }

        /** Typed steps from node {@code type:id}: "type:id" of the other end, with the edge. */
        private List<Map.Entry<String, Entity>> steps(
                List<String> edgeTypes, String type, String id, Direction direction) {
            List<Map.Entry<String, Entity>> out = new ArrayList<>();
            for (String edgeType : edgeTypes) {
                for (Entity e : edgesByType.get(edgeType)) {
                    if (direction != Direction.IN
                            && from(edgeType).equals(type)
                            && e.src().equals(id)) {
                        out.add(Map.entry(to(edgeType) + ":" + e.dst(), e));
                    }
                    if (direction != Direction.OUT
                            && to(edgeType).equals(type)
                            && e.dst().equals(id)) {
                        out.add(Map.entry(from(edgeType) + ":" + e.src(), e));
                    }
                }
            }
            return out;
        }

        List<String> neighbors(List<String> edgeTypes, String id, Direction direction) {
            if (!persons.contains(id)) {
                return List.of();
            }
            Set<String> out = new TreeSet<>();
            for (Map.Entry<String, Entity> step : steps(edgeTypes, "Person", id, direction)) {
                out.add(idOf(step.getKey()));
            }
            return List.copyOf(out);
        }

        List<String> reachable(String edgeType, String seed, Direction direction, int min, int max, int limit) {
            List<String> out = new ArrayList<>();
            if (!persons.contains(seed)) {
                return out;
            }
            Set<String> emitted = new HashSet<>();
            if (min == 0) {
                out.add(seed);
                emitted.add(seed);
            }
            Set<String> visited = new HashSet<>(Set.of(seed));
            List<String> frontier = List.of(seed);
            for (int hop = 1; hop <= max && !frontier.isEmpty() && out.size() < limit; hop++) {
                Set<String> level = new TreeSet<>();
                List<String> next = new ArrayList<>();
                for (String node : frontier) {
                    for (String other : neighbors(List.of(edgeType), node, direction)) {
                        if (other.equals(node)) {
                            if (hop >= min && emitted.add(other)) {
                                level.add(other);
                            }
                        } else if (visited.add(other)) {
                            next.add(other);
                            if (hop >= min && emitted.add(other)) {
                                level.add(other);
                            }
                        }
                    }
                }
                for (String id : level) {
                    if (out.size() < limit) {
                        out.add(id);
                    }
                }
                frontier = next;
            }
            return out;
        }

        /** The node ids of the canonical shortest path: each node after its smallest (id, type) predecessor. */
        Optional<List<String>> shortestNodes(List<String> edgeTypes, String from, String to, Direction direction) {
            String start = node(edgeTypes, from, direction, true);
            String end = node(edgeTypes, to, direction, false);
            if (start == null || end == null) {
                return Optional.empty();
            }
            Map<String, Integer> distance = new HashMap<>(Map.of(start, 0));
            List<String> frontier = List.of(start);
            while (!frontier.isEmpty() && !distance.containsKey(end)) {
                List<String> next = new ArrayList<>();
                for (String node : frontier) {
                    for (Map.Entry<String, Entity> step : steps(edgeTypes, typeOf(node), idOf(node), direction)) {
                        if (!distance.containsKey(step.getKey())) {
                            distance.put(step.getKey(), distance.get(node) + 1);
                            next.add(step.getKey());
                        }
                    }
                }
                frontier = next;
            }
            if (!distance.containsKey(end)) {
                return Optional.empty();
            }
            // predecessor of Y: the smallest (id, type) X one hop nearer with an edge X -> Y
            Map<String, String> pred = new HashMap<>();
            Comparator<String> byIdThenType = Comparator.comparing(Naive::idOf).thenComparing(Naive::typeOf);
            for (Map.Entry<String, Integer> x : distance.entrySet()) {
                for (Map.Entry<String, Entity> step :
                        steps(edgeTypes, typeOf(x.getKey()), idOf(x.getKey()), direction)) {
                    String y = step.getKey();
                    if (distance.getOrDefault(y, -1) == x.getValue() + 1
                            && (!pred.containsKey(y) || byIdThenType.compare(x.getKey(), pred.get(y)) < 0)) {
                        pred.put(y, x.getKey());
                    }
                }
            }
            List<String> nodes = new ArrayList<>();
            for (String node = end; node != null; node = pred.get(node)) {
                nodes.add(0, idOf(node));
            }
            return Optional.of(nodes);
        }

        /** "type:id" of {@code id} among the types a path starts at ({@code start}) or ends at; null if none. */
        private String node(List<String> edgeTypes, String id, Direction direction, boolean start) {
            Set<String> candidates = new TreeSet<>();
            for (String edgeType : edgeTypes) {
                if (direction != Direction.IN) {
                    candidates.add(start ? from(edgeType) : to(edgeType));
                }
                if (direction != Direction.OUT) {
                    candidates.add(start ? to(edgeType) : from(edgeType));
                }
            }
            for (String type : candidates) {
                if (exists(type, id)) {
                    return type + ":" + id;
                }
            }
            return null;
        }

        /** Dijkstra over Knows by weight (null weights not followed). */
        Optional<Double> cheapestCost(String from, String to, Direction direction) {
            if (!persons.contains(from) || !persons.contains(to)) {
                return Optional.empty();
            }
            Map<String, Double> best = new LinkedHashMap<>(Map.of(from, 0.0));
            PriorityQueue<Map.Entry<String, Double>> queue = new PriorityQueue<>(Map.Entry.comparingByValue());
            queue.add(Map.entry(from, 0.0));
            Set<String> done = new HashSet<>();
            while (!queue.isEmpty()) {
                Map.Entry<String, Double> q = queue.poll();
                if (!done.add(q.getKey())) {
                    continue;
                }
                if (q.getKey().equals(to)) {
                    return Optional.of(q.getValue());
                }
                for (Map.Entry<String, Entity> step : steps(List.of("Knows"), "Person", q.getKey(), direction)) {
                    Object w = step.getValue().get("weight");
                    if (w == null) {
                        continue;
                    }
                    String other = idOf(step.getKey());
                    double cost = q.getValue() + ((Number) w).doubleValue();
                    if (cost < best.getOrDefault(other, Double.MAX_VALUE)) {
                        best.put(other, cost);
                        queue.add(Map.entry(other, cost));
                    }
                }
            }
            return Optional.empty();
        }

        /** Every edge of {@code path} exists, joins its two nodes the right way, and (weighted) adds up. */
        void checkEdges(GraphPath path, Direction direction, String weight) {
            double total = 0;
            for (int i = 0; i < path.length(); i++) {
                Entity edge = edgesById.get(
                        path.edgeTypes().get(i) + "/" + path.edges().get(i));
                assertTrue(edge != null, "edge " + path.edges().get(i) + " exists");
                String a = path.nodes().get(i);
                String b = path.nodes().get(i + 1);
                boolean forward = edge.src().equals(a) && edge.dst().equals(b);
                boolean backward = edge.src().equals(b) && edge.dst().equals(a);
                assertTrue(
                        direction == Direction.OUT
                                ? forward
                                : direction == Direction.IN ? backward : forward || backward,
                        "edge " + edge + " joins " + a + " and " + b + " " + direction);
                if (weight != null) {
                    total += ((Number) edge.get(weight)).doubleValue();
                }
            }
            if (weight != null) {
                assertEquals(total, path.cost());
            } else {
                assertEquals(path.length(), path.cost());
            }
        }

        private static String typeOf(String node) {
            return node.substring(0, node.indexOf(':'));
        }

        private static String idOf(String node) {
            return node.substring(node.indexOf(':') + 1);
        }
    }
}
