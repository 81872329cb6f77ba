package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in their own {@link Graph} sessions on one root, as separate processes would be: disjoint changes all land;
 * conflicting changes under {@code ifCommit} of one commit land exactly once, the other failing its precondition;
 * without {@code ifCommit} the loser replays on the winner's graph, so both land in some order (or the replay finds a
 * call no longer valid and nothing of it lands). Some races are forced at a failpoint of one writer's commit, so they
 * happen every run; others run on real threads.
 */
class GraphConcurrencyTest {
    static final RecoveryOptions OPTIONS = RecoveryOptions.defaults();

    @TempDir
    Path dir;

    private Storage root;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        pool = Executors.newCachedThreadPool();
        create(dir.resolve("graph"));
    }

    /** A graph at {@code path}, made the root of this test: A(10) -> B(20) -> C(30) know each other, C works
     * at Acme, D(40) has no edge. */
    private void create(Path path) {
        root = new LocalStorage(path);
        try (Graph graph = Graph.init(root, GraphFixtures.resource("test.pg"), "test.pg", OPTIONS, "setup")) {
            GraphFixtures.load(graph, """
                    {"type":"Person","data":{"name":"A","age":10}}
                    {"type":"Person","data":{"name":"B","age":20}}
                    {"type":"Person","data":{"name":"C","age":30}}
                    {"type":"Person","data":{"name":"D","age":40}}
                    {"type":"Company","data":{"name":"Acme"}}
                    {"edge":"Knows","id":"ab","from":"A","to":"B"}
                    {"edge":"Knows","id":"bc","from":"B","to":"C"}
                    {"edge":"WorksAt","id":"ca","from":"C","to":"Acme"}
                    """, LoadMode.APPEND);
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    private Graph session() {
        return Graph.open(root, OpenMode.READ_WRITE, OPTIONS);
    }

    private GraphModel stored() {
        try (Graph graph = Graph.open(root, OpenMode.READ_ONLY, OPTIONS)) {
            GraphModel model = GraphModel.read(graph.snapshot());
            assertEquals(List.of(), model.dangling(), "no edge without its nodes");
            return model;
        }
    }

    // ---- disjoint writers

    @Test
    void disjointWritersInTheirOwnSessionsAllLand() throws Exception {
        int writers = 4;
        int transactions = 4;
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit((Callable<Void>) () -> {
                try (Graph graph = session()) {
                    start.await();
                    for (int k = 0; k < transactions; k++) {
                        // four writers on two cores: a writer between its table commits and its publish may hold
                        // a table for longer than the default retries wait
                        try (GraphTransaction tx =
                                graph.begin("writer-" + writer).withConflictRetries(40)) {
                            tx.message("writer " + writer + " #" + k);
                            switch (writer) {
                                case 0, 1 -> {
                                    // the same table as the other: a conflict replayed on the newer graph
                                    String name = "p" + writer + "-" + k;
                                    tx.upsert("Person", Map.of("name", name, "age", k));
                                    if (k > 0) {
                                        tx.insertEdge("Knows", name, "p" + writer + "-" + (k - 1), Map.of());
                                    }
                                }
                                case 2 -> tx.upsert("Company", Map.of("name", "c" + k));
                                default -> {
                                    // reads the Company table writer 2 writes (the edge's endpoint)
                                    tx.insert("Person", Map.of("name", "q" + k));
                                    tx.insertEdge("WorksAt", "q" + k, "Acme", Map.of());
                                }
                            }
                            tx.commit();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        GraphModel after = stored();
        assertEquals(4 + 3 * transactions, after.entities("Person").size());
        assertEquals(1 + transactions, after.entities("Company").size());
        assertEquals(2 + 2 * (transactions - 1), after.entities("Knows").size());
        assertEquals(1 + transactions, after.entities("WorksAt").size());
        for (int k = 0; k < transactions; k++) {
            assertTrue(after.exists("Person", "p0-" + k) && after.exists("Person", "p1-" + k));
            assertTrue(after.exists("Company", "c" + k));
            String q = "q" + k;
            assertEquals(1, after.matching("WorksAt", e -> e.src().equals(q)).size(), q + " works at Acme");
        }
        try (Graph graph = session()) {
            List<String> messages = graph.log().stream()
                    .map(GraphCommit::message)
                    .filter(m -> m.startsWith("writer "))
                    .toList();
            for (int w = 0; w < writers; w++) {
                for (int k = 0; k < transactions; k++) {
                    assertTrue(messages.contains("writer " + w + " #" + k), "commit of writer " + w + " #" + k);
                }
            }
            assertEquals(writers * transactions, messages.size(), "one commit per transaction: " + messages);
        }
    }

    // ---- races forced at a failpoint of one writer's commit

    /** Runs {@code other} the first time any commit reaches {@code point}, before that commit goes on. */
    private static Failpoints.Scope interleave(Failpoint point, Runnable other) {
        AtomicBoolean ran = new AtomicBoolean();
        return Failpoints.install(p -> {
            if (p == point && ran.compareAndSet(false, true)) {
                other.run();
            }
        });
    }

    private static void commit(Graph graph, String type, String name) {
        try (GraphTransaction tx = graph.begin("other")) {
            tx.upsert(type, Map.of("name", name));
            tx.commit();
        }
    }

    @Test
    void aWriterRacingAnotherWritersUnpublishedTableCommitGetsARetryableConflict() {
        try (Graph one = session();
                Graph two = session()) {
            GraphModel before = stored();
            Throwable[] raced = {null};
            try (Failpoints.Scope race = interleave(RecoveryFailpoints.TABLE_COMMITTED, () -> {
                try (GraphTransaction tx = two.begin("two").withConflictRetries(0)) {
                    tx.upsert("Person", Map.of("name", "F"));
                    raced[0] = assertThrows(Throwable.class, tx::commit);
                }
            })) {
                commit(one, "Person", "E");
            }
            assertInstanceOf(
                    GraphConflictException.class,
                    raced[0],
                    "the Person table is at a version not yet published: a conflict to retry");
            GraphModel expected = before.begin();
            expected.put(GraphOp.personEntity("E", null));
            assertEquals(expected, stored());
            commit(two, "Person", "F");
            expected.put(GraphOp.personEntity("F", null));
            assertEquals(expected, stored(), "the retry lands");
        }
    }

    /**
     * An edge to D commits its table; before it publishes, another writer deletes D (D has no edge yet, so the delete
     * writes only the Person table). The edge's commit read the Person table (D existed): it must not land as it was
     * planned, or the edge dangles; replayed, it finds D gone.
     */
    @Test
    void anEdgeWhoseEndpointIsDeletedBeforeItPublishesNeverDangles() {
        try (Graph one = session();
                Graph two = session()) {
            GraphModel before = stored();
            GraphTransaction tx = one.begin("one");
            tx.insertEdge("Knows", "A", "D", Map.of());
            try (Failpoints.Scope race = interleave(RecoveryFailpoints.TABLE_COMMITTED, () -> {
                try (GraphTransaction delete = two.begin("two")) {
                    delete.delete("Person", "name = 'D'");
                    delete.commit();
                }
            })) {
                ConstraintViolationException e = assertThrows(ConstraintViolationException.class, tx::commit);
                assertEquals("endpoint", e.constraint());
            }
            GraphModel expected = before.begin();
            expected.deleteNodes("Person", p -> p.id().equals("D"));
            assertEquals(expected, stored(), "only the delete landed, and no edge dangles");
        }
    }
}
