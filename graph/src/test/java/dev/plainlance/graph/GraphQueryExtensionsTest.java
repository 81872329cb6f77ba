package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.query.QueryArgumentException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor on a small graph built to tell semantics apart: reachability against walks, set against edge
 * semantics, undirected traversals, optional matches, shortest and cheapest paths, mutations that mix inserts and
 * deletes, reads of the past, and Arrow results.
 */
class GraphQueryExtensionsTest {
    static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
                tags: [String]?
            }
            node City {
                name: String @key
            }
            edge Knows: Person -> Person {
                since: Date?
                weight: F64?
            }
            edge LivesIn: Person -> City
            """;
    // a->b twice (parallel), a->c, b->c, c->d, d->a (a cycle back to a); e knows nobody
    static final String DATA = """
            {"type":"Person","data":{"name":"a","age":30,"tags":["x","y"]}}
            {"type":"Person","data":{"name":"b","age":40}}
            {"type":"Person","data":{"name":"c","age":25,"tags":["y"]}}
            {"type":"Person","data":{"name":"d"}}
            {"type":"Person","data":{"name":"e","age":50}}
            {"type":"City","data":{"name":"Oslo"}}
            {"edge":"Knows","from":"a","to":"b","data":{"weight":1.0,"since":"2020-01-01"}}
            {"edge":"Knows","from":"a","to":"b","data":{"weight":2.0}}
            {"edge":"Knows","from":"a","to":"c","data":{"weight":5.0}}
            {"edge":"Knows","from":"b","to":"c","data":{"weight":1.0}}
            {"edge":"Knows","from":"c","to":"d","data":{"weight":1.0}}
            {"edge":"Knows","from":"d","to":"a","data":{"weight":1.0}}
            {"edge":"LivesIn","from":"a","to":"Oslo"}
            {"edge":"LivesIn","from":"c","to":"Oslo"}
            """;

    @TempDir
    Path dir;

    private Graph graph() {
        Graph graph = GraphFixtures.init(dir, SCHEMA);
        GraphFixtures.load(graph, DATA, LoadMode.OVERWRITE);
        return graph;
    }

    private static QueryResult result(Graph graph, String source, String name, Object... arguments) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < arguments.length; i += 2) {
            args.put((String) arguments[i], arguments[i + 1]);
        }
        return GraphQueries.compile(source, "q.gq", graph.schema()).run(graph.snapshot(), name, args);
    }

    private static List<List<Object>> rows(Graph graph, String source, String name, Object... arguments) {
        return result(graph, source, name, arguments).rows();
    }

    private static List<Object> names(Graph graph, String source) {
        return rows(graph, source, "q").stream().map(r -> r.get(0)).toList();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void variableLengthTraversalsReportEachNodeOnceAtItsFirstHop() {
        try (Graph graph = graph()) {
            assertEquals(
                    List.of("b", "c", "d"),
                    names(
                            graph,
                            "query q() { match { $s: Person { name: \"a\" } $s knows{1,3} $f }"
                                    + " return { $f.name } order { $f.name } }"),
                    "a itself is reached again only through d->a, which does not count");
            assertEquals(
                    List.of("d"),
                    names(
                            graph,
                            "query q() { match { $s: Person { name: \"a\" } $s knows{2,3} $f }"
                                    + " return { $f.name } order { $f.name } }"),
                    "c is first reached at hop 1, so a walk a->b->c of two hops does not report it");
            assertEquals(
                    List.of("a", "b", "c"),
                    names(
                            graph,
                            "query q() { match { $s: Person { name: \"d\" } $s knows{1,2} $f }"
                                    + " return { $f.name } order { $f.name } }"),
                    "a at hop 1; b and c at hop 2");
            assertEquals(
                    List.of("a", "b", "c"),
                    names(
                            graph,
                            "query q() { match { $t: Person { name: \"d\" } $f knows{1,2} $t }"
                                    + " return { $f.name } order { $f.name } }"),
                    "operands the other way round follow edges backwards");
        }
    }

    @Test
    void aMatchThatRunsOutOfRowsEarlyAnswersNothing() {
        try (Graph graph = graph()) {
            assertEquals(
                    List.of(),
                    rows(
                            graph,
                            "query q() { match { $a knows $b $b.age > 100 $b knows $c }"
                                    + " return { $c.name, $a } order { $c.name } }",
                            "q"));
            assertEquals(
                    List.of(),
                    rows(
                            graph,
                            "query q() { match { $a livesIn $c $b livesIn $c $b.age > 100 $b knows $d }"
                                    + " return { $d.name } }",
                            "q"));
            assertEquals(
                    List.of(row(null, 0L)),
                    rows(
                            graph,
                            "query q() { match { $a: Person $a.age > 100 $a knows $b }"
                                    + " return { max($b.name) as m, count($b) as n } }",
                            "q"));
        }
    }

    @Test
    void countingFromAVariableOnlyAFilterUsesStillBindsIt() {
        try (Graph graph = graph()) {
            assertEquals(
                    List.of(row(40, 1L)),
                    rows(
                            graph,
                            "query q() { match { $s knows $f $f.age > 35 $s livesIn $c }"
                                    + " return { $f.age, count($s) as n } }",
                            "q"),
                    "a knows b (40) and lives in Oslo; $s and $c are only counted, $f is bound by its own clauses");
        }
    }

    @Test
    void aBoundTargetDoesNotTurnTheSearchAround() {
        try (Graph graph = GraphFixtures.init(dir, SCHEMA)) {
            GraphFixtures.load(graph, """
                    {"type":"Person","data":{"name":"x"}}
                    {"type":"Person","data":{"name":"y"}}
                    {"edge":"Knows","from":"x","to":"y"}
                    {"edge":"Knows","from":"y","to":"y"}
                    """, LoadMode.OVERWRITE);
            assertEquals(
                    List.of("x"),
                    names(
                            graph,
                            "query q() { match { $t: Person { name: \"y\" } $s knows{2,2} $t }"
                                    + " return { $s.name } order { $s.name } }"),
                    "from x, y is first reached at hop 1 and reported at hop 2 through its self-loop; searching"
                            + " back from y would miss it (x has no self-loop)");
            assertEquals(
                    List.of(row(1L)),
                    rows(
                            graph,
                            "query q() { match { $t: Person { name: \"y\" } $s knows{2,2} $t }"
                                    + " return { count($s) as n } }",
                            "q"),
                    "the same when counting");
        }
    }

    @Test
    void setSemanticsWithoutAnEdgeBindingAndOneRowPerEdgeWithOne() {
        try (Graph graph = graph()) {
            assertEquals(
                    List.of(row("b"), row("c")),
                    rows(
                            graph,
                            "query q() { match { $s: Person { name: \"a\" } $s knows $f }"
                                    + " return { $f.name } order { $f.name } }",
                            "q"));
            assertEquals(
                    List.of(row("b", 1.0, LocalDate.of(2020, 1, 1)), row("b", 2.0, null), row("c", 5.0, null)),
                    rows(
                            graph,
                            "query q() { match { $s: Person { name: \"a\" } $s $w:knows $f }"
                                    + " return { $f.name, $w.weight, $w.since } order { $f.name, $w.weight } }",
                            "q"));
            assertEquals(
                    List.of(row(2L)),
                    rows(
                            graph,
                            "query q() { match { $s: Person { name: \"a\" } $s $w:knows $f $w.weight < 3.0 }"
                                    + " return { count($f) as n } }",
                            "q"),
                    "an edge filter sees each parallel edge");
        }
    }

    @Test
    void undirectedTraversalsSeeEachNeighbourOnce() {
        try (Graph graph = graph()) {
            assertEquals(
                    List.of("a", "b", "d"),
                    names(
                            graph,
                            "query q() { match { $s: Person { name: \"c\" } $s <knows> $f }"
                                    + " return { $f.name } order { $f.name } }"));
            assertEquals(
                    List.of("b", "c", "d"),
                    names(
                            graph,
                            "query q() { match { $s: Person { name: \"a\" } $s <knows> $f }"
                                    + " return { $f.name } order { $f.name } }"),
                    "a->b twice and d->a: each neighbour once");
        }
    }

    @Test
    void filtersNegationAndStringAndListPredicates() {
        try (Graph graph = graph()) {
            assertEquals(
                    List.of("b", "c", "d", "e"),
                    names(
                            graph,
                            "query q() { match { $p: Person not { $p knows $f $f.age > 35 } }"
                                    + " return { $p.name } order { $p.name } }"),
                    "only a knows someone older than 35 (b, 40)");
            assertEquals(
                    List.of("a", "c"),
                    names(
                            graph,
                            "query q() { match { $p: Person $p.tags contains \"y\" }"
                                    + " return { $p.name } order { $p.name } }"));
            assertEquals(
                    List.of("Oslo"),
                    names(
                            graph,
                            "query q() { match { $c: City $c.name starts_with \"Os\" $c.name contains \"sl\" }"
                                    + " return { $c.name } }"));
            assertEquals(
                    List.of("b", "e"),
                    names(
                            graph,
                            "query q() { match { $p: Person $p.age >= 40 } return { $p.name } order { $p.name } }"),
                    "d has no age: a null never matches");
            assertEquals(
                    List.of("a", "c", "e"),
                    names(
                            graph,
                            "query q() { match { $p: Person $p.age != 40 } return { $p.name } order { $p.name } }"),
                    "not even !=");
        }
    }

    @Test
    void optionalMatchesKeepRowsWithoutMatchesAsNulls() {
        try (Graph graph = graph()) {
            String q = """
                    query q() {
                        match {
                            $p: Person
                            optional { $p livesIn $c }
                        }
                        return { $p.name, $c.name as city }
                        order { $p.name }
                    }
                    query counted() {
                        match { $p: Person optional { $p knows $f $f.age > 35 } }
                        return { $p.name, count($f) as older }
                        order { $p.name }
                    }
                    """;
            assertEquals(
                    List.of(row("a", "Oslo"), row("b", null), row("c", "Oslo"), row("d", null), row("e", null)),
                    rows(graph, q, "q"));
            assertEquals(
                    List.of(row("a", 1L), row("b", 0L), row("c", 0L), row("d", 0L), row("e", 0L)),
                    rows(graph, q, "counted"),
                    "count of an unmatched optional variable is 0");
        }
    }

    @Test
    void shortestAndCheapestPaths() {
        try (Graph graph = graph()) {
            String q = """
                    query hops($from: String, $to: String) {
                        match {
                            $x: Person { name: $from }
                            $y: Person { name: $to }
                            $p = shortest($x knows{1,6} $y)
                        }
                        return { length($p) as hops, nodes($p) as via }
                    }
                    query cheap($from: String, $to: String) {
                        match {
                            $x: Person { name: $from }
                            $y: Person { name: $to }
                            $p = shortest($x knows{1,6} $y, weight: weight)
                        }
                        return { cost($p) as cost, nodes($p) as via }
                    }
                    """;
            assertEquals(List.of(row(2L, List.of("a", "c", "d"))), rows(graph, q, "hops", "from", "a", "to", "d"));
            assertEquals(
                    List.of(row(3.0, List.of("a", "b", "c", "d"))), rows(graph, q, "cheap", "from", "a", "to", "d"));
            assertEquals(List.of(), rows(graph, q, "hops", "from", "a", "to", "e"), "no path, no row");
        }
    }

    @Test
    void aMutationMixesInsertsAndDeletesAsOneCommit() {
        try (Graph graph = graph()) {
            String before = graph.snapshot().commitId();
            GraphQueries m = GraphQueries.compile("""
                    query swap($old: String, $new: String) {
                        delete Person where name = $old
                        insert Person { name: $new, age: 7 }
                        insert Knows { from: $new, to: "e", since: date("2024-02-29") }
                    }
                    """, "m.gq", graph.schema());
            MutationResult done = m.mutate(graph, "swap", Map.of("old", "d", "new", "f"), "t");
            assertEquals(2, done.affectedNodes());
            assertEquals(3, done.affectedEdges(), "c->d and d->a went with d, f->e came");
            assertEquals(List.of(done.commit().id()), List.of(graph.snapshot().commitId()));
            assertEquals(before, done.commit().parents().get(0), "one commit");
            String q = "query q() { match { $p: Person } return { $p.name } order { $p.name } }";
            assertEquals(List.of("a", "b", "c", "e", "f"), names(graph, q));
            GraphSnapshot past = graph.at(before);
            assertEquals(
                    List.of(row("a"), row("b"), row("c"), row("d"), row("e")),
                    GraphQueries.compile(q, "q.gq", graph.schema())
                            .run(past, "q", Map.of())
                            .rows(),
                    "the past answers as it was");

            ConstraintViolationException dangling = assertThrows(
                    ConstraintViolationException.class,
                    () -> m.mutate(graph, "swap", Map.of("old", "e", "new", "g"), "t"),
                    "the edge to e, deleted by the same query, is refused");
            assertTrue(dangling.getMessage().contains("e"), dangling.getMessage());
            assertEquals(done.commit().id(), graph.snapshot().commitId(), "and nothing was written");
        }
    }

    @Test
    void argumentsAreCheckedBeforeAnythingRuns() {
        try (Graph graph = graph()) {
            GraphQueries q = GraphQueries.compile(
                    "query older($age: I32, $tag: String?) { match { $p: Person $p.age > $age } return { $p.name } }",
                    "q.gq",
                    graph.schema());
            GraphSnapshot now = graph.snapshot();
            assertEquals(2, q.run(now, "older", Map.of("age", "35")).rows().size(), "text is read as JSON");
            assertThrows(QueryArgumentException.class, () -> q.run(now, "older", Map.of()));
            assertThrows(QueryArgumentException.class, () -> q.run(now, "older", Map.of("age", "old")));
            assertThrows(QueryArgumentException.class, () -> q.run(now, "older", Map.of("age", 1L << 40)));
            assertThrows(QueryArgumentException.class, () -> q.run(now, "older", Map.of("age", 1, "x", 1)));
            assertThrows(QueryArgumentException.class, () -> q.run(now, "younger", Map.of("age", 1)));
        }
    }

    @Test
    void resultsAreArrowBatchesWithNodesAsStructs() throws Exception {
        try (Graph graph = graph();
                BufferAllocator allocator = new RootAllocator()) {
            QueryResult result = result(
                    graph,
                    "query q() { match { $p: Person $p knows $f } return { $p, $f.name as friend, count($f) as n }"
                            + " order { friend } }",
                    "q");
            assertEquals(List.of("p", "friend", "n"), result.columns());
            List<List<Object>> fromArrow = new ArrayList<>();
            try (ArrowReader reader = result.reader(allocator)) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                    StructVector p = (StructVector) batch.getVector("p");
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        fromArrow.add(row(
                                p.getChild("name").getObject(r).toString(),
                                batch.getVector("friend").getObject(r).toString(),
                                batch.getVector("n").getObject(r)));
                    }
                }
            }
            List<List<Object>> fromRows = result.rows().stream()
                    .map(r -> row(((Map<?, ?>) r.get(0)).get("name"), r.get(1), r.get(2)))
                    .toList();
            assertEquals(fromRows, fromArrow);
            assertEquals(row("d", "a", 1L), fromRows.get(0), "d knows a");
            assertTrue(
                    result.toJsonl().startsWith("{\"p\":{\"name\":\"d\",\"age\":null,\"tags\":null},\"friend\":\"a\""),
                    result.toJsonl());
        }
    }
}
