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
import java.util.concurrent.ExecutionException;
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
    void aLoadThatLosesToAnotherWriterIsARetryableConflictAndLeavesNothing() {
        try (Graph one = session();
                Graph two = session()) {
            GraphModel before = stored();
            try (Failpoints.Scope race = interleave(RecoveryFailpoints.STAGED, () -> commit(two, "Person", "Z"))) {
                GraphConflictException e = assertThrows(
                        GraphConflictException.class,
                        () -> GraphFixtures.load(
                                one, "{\"type\":\"Person\",\"data\":{\"name\":\"Y\"}}\n", LoadMode.MERGE));
                assertTrue(e.getMessage().startsWith("load lost to another writer"), e.getMessage());
            }
            GraphModel expected = before.begin();
            expected.put(GraphOp.personEntity("Z", null));
            assertEquals(expected, stored(), "only the other commit landed");
            GraphFixtures.load(one, "{\"type\":\"Person\",\"data\":{\"name\":\"Y\"}}\n", LoadMode.MERGE);
            assertTrue(one.snapshot().nodeById("Person", "Y").isPresent(), "running it again lands");
        }
    }

    @Test
    void ifCommitFailsWhenACommitOfAnotherTypeLandsWhileItCommits() {
        try (Graph one = session();
                Graph two = session()) {
            GraphModel before = stored();
            GraphTransaction tx = one.begin("one").ifCommit(one.snapshot().commitId());
            tx.upsert("Person", Map.of("name", "E"));
            try (Failpoints.Scope race =
                    interleave(RecoveryFailpoints.STAGED, () -> commit(two, "Company", "Globex"))) {
                assertThrows(PreconditionFailedException.class, tx::commit, "the graph moved after its commit");
            }
            GraphModel expected = before.begin();
            expected.put(GraphOp.companyEntity("Globex"));
            assertEquals(expected, stored(), "only the other commit landed");
        }
    }

    /**
     * The crash variant of {@link #anEdgeWhoseEndpointIsDeletedBeforeItPublishesNeverDangles}: the edge's writer dies
     * after its only table committed, another writer deletes the endpoint (the edge is not published, so the delete
     * finds no edge to cascade); the intent sidecar records the pins the edge's commit read, so recovery sees the
     * endpoint's table moved and rolls the edge back instead of forward.
     */
    @Test
    void aCrashedEdgeWhoseEndpointIsDeletedBeforeRecoveryNeverDangles() {
        try (Graph two = session()) {
            try (Graph one = session();
                    Failpoints.Scope crash =
                            GraphChain.crashAt(new GraphChain.Crash(RecoveryFailpoints.TABLE_COMMITTED, 1))) {
                GraphTransaction dies = one.begin("one");
                dies.insertEdge("Knows", "A", "D", Map.of());
                assertThrows(GraphChain.SimulatedCrash.class, dies::commit);
            }
            try (GraphTransaction delete = two.begin("two")) {
                delete.delete("Person", "name = 'D'");
                delete.commit();
            }
        }
        Graph.open(root, OpenMode.READ_WRITE, OPTIONS.withLease(java.time.Duration.ZERO))
                .close();
        stored(); // fails: Knows A -> D rolled forward, D deleted
    }

    @Test
    void ifCommitStillLandsAfterCommitsThatChangedNoNodeOrEdge() {
        try (Graph one = session()) {
            GraphModel before = stored();
            String c0 = one.snapshot().commitId();
            GraphTransaction tx = one.begin("one").ifCommit(c0);
            tx.upsert("Person", Map.of("name", "E"));
            try (Graph two = session();
                    Failpoints.Scope crash =
                            GraphChain.crashAt(new GraphChain.Crash(RecoveryFailpoints.TABLE_COMMITTED, 1))) {
                GraphTransaction dies = two.begin("two");
                dies.delete("Person", "name = 'C'"); // C's edges too: three tables
                assertThrows(GraphChain.SimulatedCrash.class, dies::commit);
            }
            Graph.open(root, OpenMode.READ_WRITE, OPTIONS.withLease(java.time.Duration.ZERO))
                    .close();
            assertTrue(!one.snapshot().commitId().equals(c0), "recovery published the roll back as a commit");
            tx.commit();
            GraphModel expected = before.begin();
            expected.put(GraphOp.personEntity("E", null));
            assertEquals(expected, stored(), "no node or edge changed since " + c0);
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

    @Test
    void aReplayThatFindsACallNoLongerValidLandsNothing() {
        try (Graph one = session();
                Graph two = session()) {
            GraphModel before = stored();
            GraphTransaction tx = two.begin("two");
            tx.insertEdge("Knows", "A", "C", Map.of());
            try (Failpoints.Scope race = interleave(RecoveryFailpoints.STAGED, () -> {
                try (GraphTransaction delete = one.begin("one")) {
                    delete.delete("Person", "name = 'C'");
                    delete.commit();
                }
            })) {
                ConstraintViolationException e = assertThrows(ConstraintViolationException.class, tx::commit);
                assertEquals("endpoint", e.constraint());
            }
            GraphModel expected = before.begin();
            expected.deleteNodes("Person", p -> p.id().equals("C"));
            assertEquals(expected, stored(), "only the delete landed, with C's edges");
            assertEquals(List.of(), two.catalog().pendingSidecars());
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

    // ---- races on threads

    /** Commits {@code a} and {@code b} at once on two threads; each result is a commit or what it threw. */
    private List<Object> race(GraphTransaction a, GraphTransaction b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Object>> futures = new ArrayList<>();
        for (GraphTransaction tx : List.of(a, b)) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return tx.commit();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            try {
                out.add(f.get(120, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        return out;
    }

    @Test
    void conflictingChangesUnderIfCommitOfOneCommitLandExactlyOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            create(dir.resolve("round-" + round));
            GraphModel base = stored();
            GraphModel deleted = base.begin();
            deleted.deleteNodes("Person", p -> (Integer) p.get("age") > 15);
            GraphModel upserted = base.begin();
            upserted.put(GraphOp.personEntity("B", 99));
            upserted.put(GraphOp.personEntity("C", 99));
            try (Graph one = session();
                    Graph two = session()) {
                String c0 = one.snapshot().commitId();
                GraphTransaction delete = one.begin("one").ifCommit(c0);
                delete.delete("Person", "age > 15");
                GraphTransaction upsert = two.begin("two").ifCommit(c0);
                upsert.upsert("Person", Map.of("name", "B", "age", 99));
                upsert.upsert("Person", Map.of("name", "C", "age", 99));
                List<Object> results = race(delete, upsert);
                long landed =
                        results.stream().filter(r -> r instanceof GraphCommit).count();
                assertEquals(1, landed, "exactly one lands: " + results);
                Object lost = results.stream()
                        .filter(r -> !(r instanceof GraphCommit))
                        .findFirst()
                        .orElseThrow();
                assertInstanceOf(PreconditionFailedException.class, lost, "the loser's precondition fails");
                assertEquals(results.get(0) instanceof GraphCommit ? deleted : upserted, stored(), "round " + round);
            }
        }
    }

    @Test
    void conflictingChangesWithoutIfCommitBothLandInSomeOrder() throws Exception {
        for (int round = 0; round < 3; round++) {
            create(dir.resolve("round-" + round));
            GraphModel base = stored();
            try (Graph one = session();
                    Graph two = session()) {
                GraphTransaction delete = one.begin("one").message("delete");
                delete.delete("Person", "age > 15");
                GraphTransaction upsert = two.begin("two").message("upsert");
                upsert.upsert("Person", Map.of("name", "B", "age", 99));
                String edge = upsert.insertEdge("Knows", "B", "A", Map.of());
                List<Object> results = race(delete, upsert);
                assertTrue(results.stream().allMatch(r -> r instanceof GraphCommit), "both land: " + results);
                GraphModel deleteFirst = base.begin();
                deleteFirst.deleteNodes("Person", p -> (Integer) p.get("age") > 15);
                deleteFirst.put(GraphOp.personEntity("B", 99));
                deleteFirst.put(GraphOp.knows(edge, "B", "A", null));
                GraphModel upsertFirst = base.begin();
                upsertFirst.put(GraphOp.personEntity("B", 99));
                upsertFirst.put(GraphOp.knows(edge, "B", "A", null));
                upsertFirst.deleteNodes("Person", p -> (Integer) p.get("age") > 15);
                GraphModel after = stored();
                assertTrue(
                        after.equals(deleteFirst) || after.equals(upsertFirst),
                        "round " + round + ": " + after + " is neither order");
                List<String> messages =
                        one.log().stream().map(GraphCommit::message).toList();
                assertEquals(1, messages.stream().filter("delete"::equals).count(), "one commit each: " + messages);
                assertEquals(1, messages.stream().filter("upsert"::equals).count(), "one commit each: " + messages);
            }
        }
    }
}
