package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair of graph operations on a source branch and its target, merged: the outcome and the target's graph after
 * it. The cells are those of Omnigraph's {@code merge_truth_table.rs} (its vocabulary of insert / delete node, insert /
 * delete edge, set a property and an edge churn that nets to zero; each pair in both directions), plus the conflict
 * kinds that table does not reach (unique, cardinality and value constraints, edge conflicts).
 */
class MergeTruthTableTest {
    static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
                email: String?
                @unique(email)
            }

            node Company {
                name: String @key
            }

            edge Knows: Person -> Person

            edge WorksAt: Person -> Company @card(0..1)
            """;

    /** Alice and Dan are isolated; the only Knows edge is Bob -> Carol; Eve does not exist. */
    static final String DATA = """
            {"type":"Person","data":{"name":"Alice","age":30}}
            {"type":"Person","data":{"name":"Bob","age":25}}
            {"type":"Person","data":{"name":"Carol","age":40}}
            {"type":"Person","data":{"name":"Dan","age":50}}
            {"type":"Company","data":{"name":"Acme"}}
            {"type":"Company","data":{"name":"Globex"}}
            {"edge":"Knows","from":"Bob","to":"Carol"}
            """;

    @TempDir
    Path dir;

    /** The operation vocabulary of the table. */
    enum Op {
        NOOP,
        ADD_NODE,
        REMOVE_NODE,
        ADD_EDGE,
        REMOVE_EDGE,
        SET_PROPERTY,
        NET_ZERO_EDGE
    }

    /** What a side does: an operation and, for ADD_NODE and SET_PROPERTY, the age it writes. */
    record Action(Op op, int age) {
        void apply(Graph graph) {
            if (op == Op.NOOP) {
                return;
            }
            try (GraphTransaction tx = graph.begin("tester")) {
                switch (op) {
                    case ADD_NODE -> tx.insert("Person", Map.of("name", "Eve", "age", age));
                    case REMOVE_NODE -> tx.delete("Person", "name = 'Alice'");
                    case ADD_EDGE -> tx.insertEdge("Knows", "Alice", "Carol", Map.of());
                    case REMOVE_EDGE -> tx.deleteEdges("Knows", "src = 'Bob'");
                    case SET_PROPERTY -> tx.update("Person", "name = 'Alice'", Map.of("age", age));
                    case NET_ZERO_EDGE -> tx.insertEdge("Knows", "Alice", "Carol", Map.of());
                    default -> throw new IllegalStateException(op.name());
                }
                tx.commit();
            }
            if (op == Op.NET_ZERO_EDGE) {
                try (GraphTransaction tx = graph.begin("tester")) {
                    tx.deleteEdges("Knows", "src = 'Alice'");
                    tx.commit();
                }
            }
        }

        /** The same change on the model: persons by name to age, Knows edges as "from->to" (a multiset). */
        void apply(Map<String, Integer> persons, List<String> knows) {
            switch (op) {
                case ADD_NODE -> persons.put("Eve", age);
                case REMOVE_NODE -> {
                    persons.remove("Alice");
                    knows.removeIf(k -> k.startsWith("Alice->") || k.endsWith("->Alice"));
                }
                case ADD_EDGE -> knows.add("Alice->Carol");
                case REMOVE_EDGE -> knows.removeIf(k -> k.startsWith("Bob->"));
                case SET_PROPERTY -> persons.computeIfPresent("Alice", (k, v) -> age);
                default -> {}
            }
        }
    }

    /** An expected outcome: one of the three, or the kind of the single conflict with its type and id (null: any). */
    record Expected(MergeResult.Outcome outcome, MergeConflict.Kind conflict, String type, String id) {
        static Expected of(MergeResult.Outcome outcome) {
            return new Expected(outcome, null, null, null);
        }

        static Expected conflict(MergeConflict.Kind kind, String type, String id) {
            return new Expected(null, kind, type, id);
        }
    }

    static final Expected UP_TO_DATE = Expected.of(MergeResult.Outcome.ALREADY_UP_TO_DATE);
    static final Expected FAST_FORWARD = Expected.of(MergeResult.Outcome.FAST_FORWARD);
    static final Expected MERGED = Expected.of(MergeResult.Outcome.MERGED);

    /** The age each side writes in a cell: both sides of a (SET_PROPERTY, SET_PROPERTY) or (ADD_NODE, ADD_NODE) cell differ. */
    static Action source(Op op) {
        return new Action(op, op == Op.ADD_NODE ? 21 : 31);
    }

    static Action target(Op op) {
        return new Action(op, op == Op.ADD_NODE ? 22 : 32);
    }

    /** Omnigraph's cells: source (left) op, target (right) op. */
    static Expected expected(Op source, Op target) {
        if (source == Op.NOOP) {
            return UP_TO_DATE;
        }
        if (target == Op.NOOP) {
            return FAST_FORWARD;
        }
        Map<Op, Map<Op, Expected>> table = new EnumMap<>(Op.class);
        table.put(
                Op.ADD_NODE,
                Map.of(Op.ADD_NODE, Expected.conflict(MergeConflict.Kind.DIVERGENT_INSERT, "Person", "Eve")));
        table.put(
                Op.REMOVE_NODE,
                Map.of(
                        Op.ADD_EDGE, Expected.conflict(MergeConflict.Kind.ORPHAN_EDGE, "Knows", null),
                        Op.SET_PROPERTY, Expected.conflict(MergeConflict.Kind.DELETE_VS_UPDATE, "Person", "Alice")));
        table.put(
                Op.ADD_EDGE, Map.of(Op.REMOVE_NODE, Expected.conflict(MergeConflict.Kind.ORPHAN_EDGE, "Knows", null)));
        table.put(
                Op.SET_PROPERTY,
                Map.of(
                        Op.REMOVE_NODE, Expected.conflict(MergeConflict.Kind.DELETE_VS_UPDATE, "Person", "Alice"),
                        Op.SET_PROPERTY, Expected.conflict(MergeConflict.Kind.DIVERGENT_UPDATE, "Person", "Alice")));
        return table.getOrDefault(source, Map.of()).getOrDefault(target, MERGED);
    }

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Op source : Op.values()) {
            for (Op target : Op.values()) {
                out.add(Arguments.of(source, target));
            }
        }
        return out.stream();
    }

    private Graph base(String name) {
        Graph graph = GraphFixtures.init(dir.resolve(name), SCHEMA);
        GraphFixtures.load(graph, DATA, LoadMode.APPEND);
        return graph;
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cells")
    void mergingEveryPairOfOperationsGivesTheTablesOutcome(Op sourceOp, Op targetOp) {
        Expected expected = expected(sourceOp, targetOp);
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature")) {
                source(sourceOp).apply(feature);
            }
            target(targetOp).apply(main);
            String headBefore = main.snapshot().commitId();
            Map<String, Integer> persons = persons(main.snapshot());
            List<String> knows = knows(main.snapshot());
            if (expected.conflict() != null) {
                MergeConflictException refused =
                        assertThrows(MergeConflictException.class, () -> main.merge("feature", "tester"));
                assertEquals(1, refused.conflicts().size(), refused.getMessage());
                MergeConflict conflict = refused.conflicts().get(0);
                assertEquals(expected.conflict(), conflict.kind(), refused.getMessage());
                assertEquals(expected.type(), conflict.type());
                if (expected.id() != null) {
                    assertEquals(expected.id(), conflict.id());
                }
                assertEquals(headBefore, main.snapshot().commitId(), "a refused merge writes nothing");
                return;
            }
            MergeResult result = main.merge("feature", "tester");
            assertEquals(expected.outcome(), result.outcome());
            source(sourceOp).apply(persons, knows);
            assertEquals(new TreeMap<>(persons), new TreeMap<>(persons(main.snapshot())));
            assertEquals(sorted(knows), knows(main.snapshot()));
            if (result.outcome() != MergeResult.Outcome.ALREADY_UP_TO_DATE) {
                GraphCommit merge = main.log().get(0);
                assertEquals(result.commitId(), merge.id());
                assertEquals(2, merge.parents().size(), "a merge commit has both heads as parents");
                assertEquals(
                        MergeResult.Outcome.ALREADY_UP_TO_DATE,
                        main.merge("feature", "tester").outcome());
            }
        }
    }

    static Map<String, Integer> persons(GraphSnapshot snapshot) {
        Map<String, Integer> out = new TreeMap<>();
        snapshot.scan("Person", null, e -> out.put((String) e.get("name"), (Integer) e.get("age")));
        return out;
    }

    static List<String> knows(GraphSnapshot snapshot) {
        List<String> out = new ArrayList<>();
        snapshot.scan("Knows", null, e -> out.add(e.src() + "->" + e.dst()));
        return sorted(out);
    }

    static List<String> sorted(List<String> list) {
        List<String> out = new ArrayList<>(list);
        out.sort(null);
        return out;
    }

    @Test
    void identicalInsertsOnBothSidesMerge() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature")) {
                new Action(Op.ADD_NODE, 22).apply(feature);
            }
            new Action(Op.ADD_NODE, 22).apply(main);
            assertEquals(
                    MergeResult.Outcome.MERGED, main.merge("feature", "tester").outcome());
            assertEquals(22, persons(main.snapshot()).get("Eve"));
        }
    }

    @Test
    void changesToDifferentPropertiesOfOneEntityMerge() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature");
                    GraphTransaction tx = feature.begin("tester")) {
                tx.update("Person", "name = 'Alice'", Map.of("email", "alice@example.com"));
                tx.commit();
            }
            new Action(Op.SET_PROPERTY, 33).apply(main);
            MergeResult result = main.merge("feature", "tester");
            assertEquals(MergeResult.Outcome.MERGED, result.outcome());
            Entity alice = main.snapshot().node("Person", "Alice").orElseThrow();
            assertEquals(33, alice.get("age"));
            assertEquals("alice@example.com", alice.get("email"));
        }
    }

    @Test
    void twoNodesTakingOneUniqueValueConflict() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature");
                    GraphTransaction tx = feature.begin("tester")) {
                tx.update("Person", "name = 'Dan'", Map.of("email", "x@example.com"));
                tx.commit();
            }
            try (GraphTransaction tx = main.begin("tester")) {
                tx.update("Person", "name = 'Carol'", Map.of("email", "x@example.com"));
                tx.commit();
            }
            MergeConflictException refused =
                    assertThrows(MergeConflictException.class, () -> main.merge("feature", "tester"));
            assertEquals(List.of(MergeConflict.Kind.UNIQUE_VIOLATION), kinds(refused));
        }
    }

    @Test
    void edgesFromBothSidesBreakingACardinalityConflict() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature");
                    GraphTransaction tx = feature.begin("tester")) {
                tx.insertEdge("WorksAt", "Alice", "Acme", Map.of());
                tx.commit();
            }
            try (GraphTransaction tx = main.begin("tester")) {
                tx.insertEdge("WorksAt", "Alice", "Globex", Map.of());
                tx.commit();
            }
            MergeConflictException refused =
                    assertThrows(MergeConflictException.class, () -> main.merge("feature", "tester"));
            assertEquals(List.of(MergeConflict.Kind.CARDINALITY_VIOLATION), kinds(refused));
        }
    }

    @Test
    void aValueTheTargetsNewSchemaForbidsConflicts() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature");
                    GraphTransaction tx = feature.begin("tester")) {
                tx.update("Person", "name = 'Alice'", Map.of("age", 150));
                tx.commit();
            }
            SchemaMigration.apply(
                    main.catalog(),
                    main.schema(),
                    SCHEMA.replace("age: I32?", "age: I32? @range(0..120)"),
                    "next.pg",
                    false,
                    "tester");
            MergeConflictException refused =
                    assertThrows(MergeConflictException.class, () -> main.merge("feature", "tester"));
            assertEquals(List.of(MergeConflict.Kind.VALUE_CONSTRAINT_VIOLATION), kinds(refused));
        }
    }

    @Test
    void everyConflictIsReportedAtOnce() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature")) {
                new Action(Op.SET_PROPERTY, 31).apply(feature);
                new Action(Op.ADD_NODE, 21).apply(feature);
            }
            new Action(Op.SET_PROPERTY, 32).apply(main);
            new Action(Op.ADD_NODE, 22).apply(main);
            MergeConflictException refused =
                    assertThrows(MergeConflictException.class, () -> main.merge("feature", "tester"));
            assertEquals(
                    List.of(MergeConflict.Kind.DIVERGENT_UPDATE, MergeConflict.Kind.DIVERGENT_INSERT),
                    kinds(refused),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("Alice"), refused.getMessage());
        }
    }

    @Test
    void mergingBackAfterAMergeFastForwardsAndABranchOfABranchMerges() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature")) {
                new Action(Op.ADD_NODE, 21).apply(feature);
                feature.createBranch("sub", Optional.empty(), "tester");
                try (Graph sub = feature.checkout("sub")) {
                    new Action(Op.ADD_EDGE, 0).apply(sub);
                }
            }
            new Action(Op.SET_PROPERTY, 32).apply(main);
            assertEquals(
                    MergeResult.Outcome.MERGED, main.merge("feature", "tester").outcome());
            try (Graph feature = main.checkout("feature")) {
                assertEquals(
                        MergeResult.Outcome.FAST_FORWARD,
                        feature.merge("main", "tester").outcome());
                assertEquals(persons(main.snapshot()), persons(feature.snapshot()));
                assertEquals(
                        MergeResult.Outcome.MERGED, main.merge("sub", "tester").outcome());
            }
            assertEquals(List.of("Alice->Carol", "Bob->Carol"), knows(main.snapshot()));
            assertEquals(Map.of("Alice", 32, "Bob", 25, "Carol", 40, "Dan", 50, "Eve", 21), persons(main.snapshot()));
        }
    }

    /** Omnigraph #282: a full reload of a branch (overwrite with the same rows and one change) is no conflict. */
    @Test
    void aFullReloadOnABranchMergesWithoutFalseConflicts() {
        try (Graph main = base("g")) {
            main.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = main.checkout("feature")) {
                GraphFixtures.load(
                        feature,
                        DATA.replace("\"name\":\"Dan\",\"age\":50", "\"name\":\"Dan\",\"age\":51"),
                        LoadMode.OVERWRITE);
            }
            new Action(Op.SET_PROPERTY, 33).apply(main);
            MergeResult result = main.merge("feature", "tester");
            assertEquals(MergeResult.Outcome.MERGED, result.outcome());
            assertEquals(Map.of("Alice", 33, "Bob", 25, "Carol", 40, "Dan", 51), persons(main.snapshot()));
            assertEquals(List.of("Bob->Carol"), knows(main.snapshot()));
        }
    }

    private static List<MergeConflict.Kind> kinds(MergeConflictException e) {
        return e.conflicts().stream().map(MergeConflict::kind).toList();
    }
}
