package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphTransactionTest {
    @TempDir
    Path dir;

    private Graph fixture() {
        Graph graph = GraphFixtures.init(dir, GraphFixtures.resource("test.pg"));
        GraphFixtures.load(graph, GraphFixtures.resource("test.jsonl"), LoadMode.OVERWRITE);
        return graph;
    }

    @Test
    void oneTransactionMixesInsertsUpdatesDeletesAndEdgesAcrossTypes() {
        try (Graph graph = fixture()) {
            String before = graph.snapshot().commitId();
            GraphCommit commit;
            try (GraphTransaction tx = graph.begin("bob")) {
                tx.insert("Person", Map.of("name", "Eve", "age", 22));
                tx.upsert("Person", Map.of("name", "Bob", "age", 26));
                assertEquals(1, tx.update("Person", "name = 'Charlie'", Map.of("age", 36)));
                tx.insertEdge("Knows", "Eve", "Alice", Map.of("since", LocalDate.of(2020, 1, 2)));
                assertEquals(1, tx.delete("Person", "name = 'Diana'"));
                assertEquals(1, tx.deleteEdges("WorksAt", "dst = 'Globex'"));
                assertEquals(26, tx.node("Person", "Bob").orElseThrow().get("age"), "reads see own writes");
                assertTrue(tx.node("Person", "Diana").isEmpty());
                assertEquals(1, tx.list("Knows", "src = 'Eve'").size());
                commit = tx.message("mixed").commit();
            }
            assertEquals(List.of(before), commit.parents());
            List<GraphCommit> log = graph.log();
            GraphCommit first = log.get(log.size() - 1);
            assertTrue(first.message().startsWith("graph init"), first.message());
            assertEquals(List.of(), first.parents(), "the graph starts at its init commit");
            assertEquals(3, log.size(), "init, load, this transaction");
            assertEquals("bob", commit.actor());
            assertEquals(new ChangeCounts(1, 2, 1), commit.changes().get("Person"));
            assertEquals(new ChangeCounts(1, 0, 1), commit.changes().get("Knows"), "Bob->Diana cascaded");
            assertEquals(new ChangeCounts(0, 0, 1), commit.changes().get("WorksAt"));
            GraphSnapshot now = graph.snapshot();
            assertEquals(commit.id(), now.commitId());
            assertEquals(4, now.count("Person"));
            assertTrue(now.list("Knows", "dst = 'Diana'").isEmpty());
            assertEquals(36, now.node("Person", "Charlie").orElseThrow().get("age"));
            GraphSnapshot old = graph.at(before);
            assertEquals(25, old.node("Person", "Bob").orElseThrow().get("age"), "the past stays readable");
            assertTrue(old.node("Person", "Eve").isEmpty());

            GraphDiff diff = graph.diff(before, commit.id());
            assertEquals(commit.changes(), diff.counts());
            assertTrue(diff.changes().stream()
                    .anyMatch(c -> c.kind() == EntityChange.Kind.UPDATED
                            && c.id().equals("Bob")
                            && c.before().get("age").equals(25)
                            && c.after().get("age").equals(26)));
        }
    }

    /**
     * {@code @card(0..1)} on WorksAt, checked on commit with and without a BTREE index on {@code src}: a second edge
     * from one person is refused, replacing the stored one in the same transaction is not, and other persons' edges
     * never count.
     */
    @Test
    void cardinalityIsCheckedOnCommitWithAndWithoutIndices() {
        for (boolean indexed : new boolean[] {false, true}) {
            try (Graph graph = GraphFixtures.init(dir.resolve("card-" + indexed), MergeTruthTableTest.SCHEMA)) {
                StringBuilder data = new StringBuilder(MergeTruthTableTest.DATA);
                for (int i = 0; i < 200; i++) {
                    data.append("{\"type\":\"Person\",\"data\":{\"name\":\"P")
                            .append(i)
                            .append("\"}}\n");
                    data.append("{\"edge\":\"WorksAt\",\"from\":\"P").append(i).append("\",\"to\":\"Acme\"}\n");
                }
                data.append("{\"edge\":\"WorksAt\",\"from\":\"Alice\",\"to\":\"Acme\"}\n");
                GraphFixtures.load(graph, data.toString(), LoadMode.OVERWRITE);
                if (indexed) {
                    graph.createIndices("test");
                }
                try (GraphTransaction tx = graph.begin("t")) {
                    tx.insertEdge("WorksAt", "Alice", "Globex", Map.of());
                    ConstraintViolationException card =
                            assertThrows(ConstraintViolationException.class, tx::commit, "indexed " + indexed);
                    assertEquals("Alice", card.entity());
                }
                try (GraphTransaction tx = graph.begin("t")) {
                    assertEquals(1, tx.deleteEdges("WorksAt", "src = 'Alice'"));
                    tx.insertEdge("WorksAt", "Alice", "Globex", Map.of());
                    tx.insertEdge("WorksAt", "Bob", "Globex", Map.of());
                    tx.commit();
                }
                assertEquals(
                        List.of("Globex"),
                        graph.snapshot().list("WorksAt", "src = 'Alice'").stream()
                                .map(Entity::dst)
                                .toList());
                assertEquals(202, graph.snapshot().count("WorksAt"));
            }
        }
    }

    @Test
    void constraintViolationsAreTypedAndLeaveTheTransactionUsable() {
        try (Graph graph = fixture()) {
            String head = graph.snapshot().commitId();
            try (GraphTransaction tx = graph.begin("bob")) {
                ConstraintViolationException key = assertThrows(
                        ConstraintViolationException.class, () -> tx.insert("Person", Map.of("name", "Alice")));
                assertEquals("key", key.constraint());
                assertEquals("Alice", key.entity());
                ConstraintViolationException endpoint = assertThrows(
                        ConstraintViolationException.class, () -> tx.insertEdge("Knows", "Alice", "Nobody", Map.of()));
                assertEquals("endpoint", endpoint.constraint());
                assertThrows(
                        ConstraintViolationException.class,
                        () -> tx.insert("Person", Map.of("name", "Zoe", "age", "old")));
                assertThrows(
                        ConstraintViolationException.class,
                        () -> tx.update("Person", "name = 'Bob'", Map.of("name", "Robert")));
                tx.insert("Person", Map.of("name", "Zoe"));
                tx.commit();
            }
            assertEquals(5, graph.snapshot().count("Person"));
            assertTrue(graph.snapshot().node("Person", "Zoe").isPresent());
            assertEquals(head, graph.log().get(1).id());
        }
    }

    @Test
    void ifCommitIsACompareAndSwapAndPlainCommitsReplayOnTheNewerGraph() {
        try (Graph graph = fixture()) {
            String seen = graph.snapshot().commitId();
            try (GraphTransaction first = graph.begin("a");
                    GraphTransaction second = graph.begin("b")) {
                first.upsert("Person", Map.of("name", "Alice", "age", 40));
                second.upsert("Person", Map.of("name", "Bob", "age", 50));
                first.ifCommit(seen).commit();
                second.commit();
            }
            assertEquals(
                    40, graph.snapshot().node("Person", "Alice").orElseThrow().get("age"));
            assertEquals(
                    50, graph.snapshot().node("Person", "Bob").orElseThrow().get("age"), "replayed, landed");
            try (GraphTransaction late = graph.begin("c")) {
                late.upsert("Person", Map.of("name", "Alice", "age", 1));
                PreconditionFailedException e =
                        assertThrows(PreconditionFailedException.class, () -> late.ifCommit(seen)
                                .commit());
                assertEquals(seen, e.expected());
                assertEquals(graph.snapshot().commitId(), e.actual());
            }
            assertEquals(
                    40, graph.snapshot().node("Person", "Alice").orElseThrow().get("age"));
        }
    }
}
