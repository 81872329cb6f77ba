package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.query.QueryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of Omnigraph's {@code test.gq} fixture, and the mutation queries of its test helpers, on
 * {@code test.pg} + {@code test.jsonl}, answering what Omnigraph's {@code end_to_end.rs}, {@code aggregation.rs} and
 * {@code ordering.rs} expect.
 */
class GraphQueryFixtureTest {
    static final String MUTATIONS = """
            query insert_person($name: String, $age: I32) {
                insert Person { name: $name, age: $age }
            }
            query add_friend($from: String, $to: String) {
                insert Knows { from: $from, to: $to }
            }
            query set_age($name: String, $age: I32) {
                update Person set { age: $age } where name = $name
            }
            query remove_person($name: String) {
                delete Person where name = $name
            }
            query remove_friendship($from: String) {
                delete Knows where from = $from
            }
            query insert_person_and_friend($name: String, $age: I32, $friend: String) {
                insert Person { name: $name, age: $age }
                insert Knows { from: $name, to: $friend }
            }
            """;

    @TempDir
    Path dir;

    private Graph fixture() {
        Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"));
        GraphFixtures.load(graph, GraphFixtures.resource("test.jsonl"), LoadMode.OVERWRITE);
        return graph;
    }

    private static GraphQueries queries(Graph graph, String source) {
        return GraphQueries.compile(source, "q.gq", graph.schema());
    }

    private static List<List<Object>> run(Graph graph, String source, String name, Object... arguments) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < arguments.length; i += 2) {
            args.put((String) arguments[i], arguments[i + 1]);
        }
        return queries(graph, source).run(graph.snapshot(), name, args).rows();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static <T> List<T> sorted(List<T> rows) {
        return rows.stream()
                .sorted(java.util.Comparator.comparing(Object::toString))
                .toList();
    }

    @Test
    void fixtureReadQueries() {
        String gq = GraphFixtures.resource("test.gq");
        try (Graph graph = fixture()) {
            assertEquals(List.of(row("Alice", 30)), run(graph, gq, "get_person", "name", "Alice"));
            assertEquals(List.of(), run(graph, gq, "get_person", "name", "Zed"));
            assertEquals(List.of(row("Charlie", 35)), run(graph, gq, "adults"));
            assertEquals(List.of(row("Charlie", 35), row("Alice", 30)), run(graph, gq, "top_by_age"));
            assertEquals(
                    List.of(row("Bob", 25), row("Charlie", 35)), sorted(run(graph, gq, "friends_of", "name", "Alice")));
            assertEquals(List.of(row("Alice")), run(graph, gq, "employees_of", "company", "Acme"));
            assertEquals(List.of(row("Diana")), run(graph, gq, "friends_of_friends", "name", "Alice"));
            assertEquals(List.of(row("Charlie"), row("Diana")), sorted(run(graph, gq, "unemployed")));
            assertEquals(List.of(row("Alice", 2L), row("Bob", 1L)), run(graph, gq, "friend_counts"));
            assertEquals(List.of(row(4L)), run(graph, gq, "total_people"));
            assertEquals(
                    List.of(row("Acme", 30.0, 30.0, 30, 30, 1L), row("Globex", 25.0, 25.0, 25, 25, 1L)),
                    sorted(run(graph, gq, "age_stats")));
            assertEquals(List.of(row("Alice", 2L)), run(graph, gq, "top_connected"));
        }
    }

    @Test
    void columnsAreNamedByAliasOrProperty() {
        try (Graph graph = fixture()) {
            QueryResult result =
                    queries(graph, GraphFixtures.resource("test.gq")).run(graph.snapshot(), "age_stats", Map.of());
            assertEquals(List.of("name", "total_age", "avg_age", "youngest", "oldest", "headcount"), result.columns());
            assertEquals(graph.snapshot().commitId(), result.commitId());
        }
    }

    @Test
    void inlineAggregates() {
        try (Graph graph = fixture()) {
            String q = """
                    query fc() {
                        match { $p: Person $p knows $f }
                        return { $p.name, count($f) as friends }
                        order { friends desc }
                    }
                    query name_range() {
                        match { $p: Person }
                        return { min($p.name) as first_name, max($p.name) as last_name }
                    }
                    query fof_counts($name: String) {
                        match { $p: Person { name: $name } $p knows $mid $mid knows $fof }
                        return { $p.name, count($fof) as fof_count }
                    }
                    query nobody() {
                        match { $p: Person $p.age > 100 }
                        return { count($p) as total, sum($p.age) as s, min($p.name) as m }
                    }
                    """;
            assertEquals(List.of(row("Alice", 2L), row("Bob", 1L)), run(graph, q, "fc"));
            assertEquals(List.of(row("Alice", "Diana")), run(graph, q, "name_range"));
            assertEquals(List.of(row("Alice", 1L)), run(graph, q, "fof_counts", "name", "Alice"));
            assertEquals(List.of(row(0L, null, null)), run(graph, q, "nobody"), "no rows: one group of nothing");
        }
    }

    @Test
    void globalCountOnAGraphWithoutEdges() {
        try (Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"))) {
            GraphFixtures.load(graph, """
                    {"type": "Person", "data": {"name": "Alice", "age": 30}}
                    {"type": "Company", "data": {"name": "Acme"}}
                    """, LoadMode.OVERWRITE);
            assertEquals(
                    List.of(row(1L)),
                    run(graph, "query tc() { match { $p: Person } return { count($p) as total } }", "tc"));
            assertEquals(
                    List.of(row("Alice")),
                    run(graph, GraphFixtures.resource("test.gq"), "unemployed"),
                    "not { } over an empty edge table keeps every row");
        }
    }

    private Graph people(String data) {
        Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"));
        GraphFixtures.load(graph, data, LoadMode.OVERWRITE);
        return graph;
    }

    @Test
    void orderIsTotalWithTiesByIdAndNullsFirstAscending() {
        String tied = """
                {"type":"Person","data":{"name":"Bob","age":30}}
                {"type":"Person","data":{"name":"Alice","age":30}}
                {"type":"Person","data":{"name":"Charlie","age":25}}
                """;
        try (Graph graph = people(tied)) {
            String q = """
                    query two() { match { $p: Person } return { $p.name } order { $p.age desc, $p.name asc } }
                    query one() { match { $p: Person } return { $p.name } order { $p.age asc } }
                    """;
            assertEquals(List.of(row("Alice"), row("Bob"), row("Charlie")), run(graph, q, "two"));
            assertEquals(List.of(row("Charlie"), row("Alice"), row("Bob")), run(graph, q, "one"));
        }
    }

    @Test
    void nullsSortFirstAscendingAndLastDescending() {
        String data = """
                {"type":"Person","data":{"name":"Alice","age":30}}
                {"type":"Person","data":{"name":"Bob","age":null}}
                {"type":"Person","data":{"name":"Charlie","age":25}}
                """;
        try (Graph graph = people(data)) {
            String q = """
                    query asc() { match { $p: Person } return { $p.name } order { $p.age asc } }
                    query desc() { match { $p: Person } return { $p.name } order { $p.age desc } }
                    """;
            assertEquals(List.of(row("Bob"), row("Charlie"), row("Alice")), run(graph, q, "asc"));
            assertEquals(List.of(row("Alice"), row("Charlie"), row("Bob")), run(graph, q, "desc"));
        }
    }

    @Test
    void descendingOrderOfTheFixture() {
        try (Graph graph = fixture()) {
            String q = "query q() { match { $p: Person } return { $p.name } order { $p.age desc } }";
            assertEquals(List.of(row("Charlie"), row("Alice"), row("Diana"), row("Bob")), run(graph, q, "q"));
        }
    }

    @Test
    void mutationsInsertUpdateDeleteAsOneCommitEach() {
        String gq = GraphFixtures.resource("test.gq");
        try (Graph graph = fixture()) {
            GraphQueries m = queries(graph, MUTATIONS);
            MutationResult inserted = m.mutate(graph, "insert_person", Map.of("name", "Eve", "age", 22), "t");
            assertEquals(1, inserted.affectedNodes());
            assertEquals(0, inserted.affectedEdges());
            assertEquals(List.of(row("Eve", 22)), run(graph, gq, "get_person", "name", "Eve"));

            MutationResult friend = m.mutate(graph, "add_friend", Map.of("from", "Diana", "to", "Alice"), "t");
            assertEquals(0, friend.affectedNodes());
            assertEquals(1, friend.affectedEdges());
            assertEquals(List.of(row("Alice", 30)), run(graph, gq, "friends_of", "name", "Diana"));

            MutationResult both = m.mutate(
                    graph, "insert_person_and_friend", Map.of("name", "Frank", "age", 40, "friend", "Alice"), "t");
            assertEquals(1, both.affectedNodes());
            assertEquals(1, both.affectedEdges());
            assertEquals(List.of(row("Alice", 30)), run(graph, gq, "friends_of", "name", "Frank"));

            MutationResult aged = m.mutate(graph, "set_age", Map.of("name", "Bob", "age", 31), "t");
            assertEquals(1, aged.affectedNodes());
            assertEquals(List.of(row("Bob", 31)), run(graph, gq, "get_person", "name", "Bob"));

            MutationResult upsert = m.mutate(graph, "insert_person", Map.of("name", "Bob", "age", 99), "t");
            assertEquals(1, upsert.affectedNodes(), "a keyed insert is an upsert");
            assertEquals(List.of(row("Bob", 99)), run(graph, gq, "get_person", "name", "Bob"));

            MutationResult unfriended = m.mutate(graph, "remove_friendship", Map.of("from", "Alice"), "t");
            assertEquals(0, unfriended.affectedNodes());
            assertEquals(2, unfriended.affectedEdges());
            assertEquals(List.of(), run(graph, gq, "friends_of", "name", "Alice"));
            assertEquals(List.of(row("Alice", 30)), run(graph, gq, "get_person", "name", "Alice"));

            MutationResult removed = m.mutate(graph, "remove_person", Map.of("name", "Alice"), "t");
            assertEquals(1, removed.affectedNodes());
            assertTrue(removed.affectedEdges() >= 3, "WorksAt, Diana->Alice and Frank->Alice went with her");
            assertEquals(List.of(), run(graph, gq, "get_person", "name", "Alice"));
            assertEquals(List.of(), run(graph, gq, "friends_of", "name", "Diana"));
            assertEquals(removed.commit().id(), graph.snapshot().commitId());
        }
    }

    @Test
    void updatingAKeyIsATypeError() {
        try (Graph graph = fixture()) {
            QueryException e = assertThrows(
                    QueryException.class,
                    () -> queries(
                            graph,
                            "query rename($old: String, $new: String) {"
                                    + " update Person set { name: $new } where name = $old }"));
            assertTrue(e.getMessage().contains("@key"), e.getMessage());
        }
    }
}
