package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.GraphChain.Crash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One step of a graph action chain, applied to the graph and to the model of a {@link GraphChain}. */
sealed interface GraphAction {
    void apply(GraphChain chain);

    /**
     * A transaction of several calls, committed, maybe crashing at a failpoint (and its recovery too). Calls the model
     * refuses are refused by the transaction and leave it as it was; the transaction reads its own writes.
     */
    record Transact(List<GraphOp> ops, Optional<Crash> crash, Optional<Crash> recoveryCrash) implements GraphAction {
        @Override
        public void apply(GraphChain chain) {
            GraphModel before = chain.model;
            GraphModel after = before.begin();
            GraphTransaction tx = chain.graph.begin("chain").message(toString());
            for (GraphOp op : ops) {
                op.apply(tx, after);
            }
            for (String type : GraphModel.TYPES) {
                Map<String, Entity> seen = new TreeMap<>();
                tx.list(type, null).forEach(e -> seen.put(e.id(), e));
                assertEquals(after.entities(type), seen, "the transaction reads its own writes of " + type);
            }
            chain.commitCrashing(toString(), before, after, crash, recoveryCrash, tx::commit)
                    .result()
                    .ifPresent(commit -> {
                        if (after.writes()) {
                            assertEquals(after.counts(), commit.changes(), "the commit returned");
                        }
                    });
        }

        @Override
        public String toString() {
            return "transact" + ops + crash.map(c -> " crashing at " + c).orElse("")
                    + recoveryCrash.map(c -> ", recovery crashing at " + c).orElse("");
        }
    }

    /** A transaction of calls that are all refused, committed: nothing changes, no commit is published. */
    record Refused(int pick) implements GraphAction {
        @Override
        public void apply(GraphChain chain) {
            GraphModel before = chain.model;
            GraphModel after = before.begin();
            String head = chain.graph.snapshot().commitId();
            int logSize = chain.graph.log().size();
            try (GraphTransaction tx = chain.graph.begin("chain")) {
                List<String> people = new ArrayList<>(before.entities("Person").keySet());
                if (!people.isEmpty()) {
                    String name = people.get(Math.floorMod(pick, people.size()));
                    assertThrows(
                            ConstraintViolationException.class,
                            () -> tx.insert("Person", Map.of("name", name)),
                            "an existing key is inserted");
                    assertThrows(
                            ConstraintViolationException.class,
                            () -> tx.insertEdge("Knows", name, "Nobody", Map.of()),
                            "an edge to a missing node");
                }
                assertThrows(
                        ConstraintViolationException.class,
                        () -> tx.insertEdge("WorksAt", "Nobody", "Acme", Map.of()),
                        "an edge from a missing node");
                assertThrows(
                        ConstraintViolationException.class,
                        () -> tx.update("Person", null, Map.of("name", "X")),
                        "a key updated");
                assertThrows(
                        ConstraintViolationException.class,
                        () -> tx.upsert("Person", Map.of("name", "Ann", "age", "old")),
                        "a value of the wrong type");
                assertThrows(
                        ConstraintViolationException.class,
                        () -> tx.upsert("Person", Map.of("age", 3)),
                        "a missing key");
                GraphCommit commit = tx.commit();
                assertEquals(head, commit.id(), "a transaction that changes nothing publishes nothing");
            }
            assertEquals(head, chain.graph.snapshot().commitId());
            assertEquals(logSize, chain.graph.log().size());
            assertTrue(before.equals(after) && !after.writes());
            chain.lastOutcome = "refused";
        }

        @Override
        public String toString() {
            return "refused(" + pick + ")";
        }
    }

    /** One NDJSON line of a load: a person, a company, or an edge with an explicit id (fresh or existing). */
    record Line(String type, int a, int b, int c, int idPick) {
        @Override
        public String toString() {
            return switch (type) {
                case "Person" -> "Person(" + GraphOp.person(a) + ", age " + GraphOp.age(b) + ")";
                case "Company" -> "Company(" + GraphOp.company(a) + ")";
                case "Knows" ->
                    "Knows(" + GraphOp.person(a) + " -> " + GraphOp.person(b) + ", since " + GraphOp.since(c)
                            + (idPick < 2 ? ", existing id" : "") + ")";
                default ->
                    "WorksAt(" + GraphOp.person(a) + " -> " + GraphOp.company(b) + (idPick < 2 ? ", existing id" : "")
                            + ")";
            };
        }
    }

    /**
     * A load of NDJSON lines in merge or append mode, maybe crashing. The model decides whether it is refused (a key
     * twice in the input, an existing key or edge id in append mode, an endpoint neither in the input nor in the
     * graph); a refused load changes nothing and publishes nothing.
     */
    record Load(LoadMode mode, List<Line> lines, Optional<Crash> crash, Optional<Crash> recoveryCrash)
            implements GraphAction {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public void apply(GraphChain chain) {
            GraphModel before = chain.model;
            GraphModel after = before.begin();
            Map<String, Set<String>> inputIds = new HashMap<>();
            List<String> problems = new ArrayList<>();
            List<Entity> edges = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (Line line : lines) {
                Entity e = entity(line, before, chain);
                if (!inputIds.computeIfAbsent(e.type(), t -> new HashSet<>()).add(e.id())) {
                    problems.add(e.type() + " " + e.id() + " twice in the input");
                }
                if (mode == LoadMode.APPEND && before.exists(e.type(), e.id())) {
                    problems.add(e.type() + " " + e.id() + " exists");
                }
                if (e.isEdge()) {
                    edges.add(e);
                }
                after.put(e);
                text.append(json(e)).append('\n');
            }
            for (Entity e : edges) {
                List<String> ends = GraphModel.ENDPOINTS.get(e.type());
                for (int i = 0; i < 2; i++) {
                    String node = i == 0 ? e.src() : e.dst();
                    if (!inputIds.getOrDefault(ends.get(i), Set.of()).contains(node)
                            && !before.exists(ends.get(i), node)) {
                        problems.add(e.type() + " " + e.id() + " has no " + ends.get(i) + " " + node);
                    }
                }
            }
            String what = this + " as\n" + text;
            if (!problems.isEmpty()) {
                String head = chain.graph.snapshot().commitId();
                GraphLoadException refused = assertThrows(
                        GraphLoadException.class,
                        () -> GraphFixtures.load(chain.graph, text.toString(), mode),
                        what + " must be refused: " + problems);
                assertTrue(!refused.problems().isEmpty());
                assertEquals(head, chain.graph.snapshot().commitId(), "a refused load publishes nothing");
                chain.lastOutcome = "refused";
                return;
            }
            chain.commitCrashing(
                            what,
                            before,
                            after,
                            crash,
                            recoveryCrash,
                            () -> GraphFixtures.load(chain.graph, text.toString(), mode))
                    .result()
                    .ifPresent(result -> assertEquals(after.counts(), result.changes(), what));
        }

        private static Entity entity(Line line, GraphModel before, GraphChain chain) {
            return switch (line.type()) {
                case "Person" -> GraphOp.personEntity(GraphOp.person(line.a()), GraphOp.age(line.b()));
                case "Company" -> GraphOp.companyEntity(GraphOp.company(line.a()));
                case "Knows" ->
                    GraphOp.knows(
                            edgeId(line, before, chain),
                            GraphOp.person(line.a()),
                            GraphOp.person(line.b()),
                            GraphOp.since(line.c()));
                default ->
                    GraphOp.worksAt(edgeId(line, before, chain), GraphOp.person(line.a()), GraphOp.company(line.b()));
            };
        }

        /** An existing edge id of the type (when asked and there is one), else a fresh one. */
        private static String edgeId(Line line, GraphModel before, GraphChain chain) {
            List<String> ids = new ArrayList<>(before.entities(line.type()).keySet());
            if (line.idPick() < 2 && !ids.isEmpty()) {
                return ids.get(Math.floorMod(line.c() + line.idPick(), ids.size()));
            }
            return chain.freshEdgeId();
        }

        private static String json(Entity e) {
            ObjectNode line = JSON.createObjectNode();
            if (e.isEdge()) {
                line.put("edge", e.type())
                        .put("id", e.id())
                        .put("from", e.src())
                        .put("to", e.dst());
            } else {
                line.put("type", e.type());
            }
            ObjectNode data = line.putObject("data");
            e.properties().forEach((k, v) -> {
                if (v != null) {
                    if (v instanceof Integer i) {
                        data.put(k, i);
                    } else {
                        data.put(k, v.toString());
                    }
                }
            });
            return line.toString();
        }

        @Override
        public String toString() {
            return "load " + mode.name().toLowerCase(Locale.ROOT) + " "
                    + lines.stream().map(Line::toString).collect(Collectors.joining(", ", "[", "]"))
                    + crash.map(c -> " crashing at " + c).orElse("")
                    + recoveryCrash.map(c -> ", recovery crashing at " + c).orElse("");
        }
    }
}
