package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Counts the bytes a cold point lookup reads from storage on 50,000 people and 100,000 follows: through the BTREE
 * indices {@link Graph#createIndices} builds, a freshly opened graph reads a page of the index and the row, never
 * the table's whole {@code id} column as it does without them; a node deletion's cascade reads through the
 * {@code src}/{@code dst} indices the same way.
 */
class GraphIndexCostTest {
    private static final int PERSONS = 50_000;
    private static final int FOLLOWS = 100_000;

    /** A storage that counts the bytes read through it (random-access reads too). */
    private static final class ByteCounting {
        final AtomicLong bytes = new AtomicLong();
        final Storage storage;

        ByteCounting(Storage inner) {
            storage = (Storage) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                        if (method.getName().equals("openRandomAccess")
                                || method.getName().equals("readAll")) {
                            // the interface's own versions, so that their reads come back through this proxy
                            return InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        Object out;
                        try {
                            out = method.invoke(inner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (out instanceof byte[] b) {
                            bytes.addAndGet(b.length);
                        } else if (out instanceof ByteBuffer b) {
                            bytes.addAndGet(b.remaining());
                        } else if (out instanceof Optional<?> o && o.orElse(null) instanceof byte[] b) {
                            bytes.addAndGet(b.length);
                        }
                        return out;
                    });
        }
    }

    private static Storage socialGraph(boolean indexed) throws IOException {
        Storage storage = new InMemoryStorage();
        StringWriter data = new StringWriter();
        GraphScaleRun.generate(data, PERSONS, FOLLOWS);
        try (Graph graph = Graph.init(storage, GraphScaleRun.SCHEMA, "social.pg", RecoveryOptions.defaults(), "t")) {
            graph.load(
                    new BufferedReader(new StringReader(data.toString())),
                    "social.jsonl",
                    LoadMode.APPEND,
                    Optional.empty(),
                    "t",
                    "load",
                    Graph.DEFAULT_MAX_PROBLEMS,
                    n -> {});
            if (indexed) {
                assertEquals(4, graph.createIndices("t"), "Person.id, Follows.id, Follows.src, Follows.dst");
            }
        }
        return storage;
    }

    /** The bytes a cold lookup of one person reads, after opening (which is not counted). */
    private static long coldLookup(Storage stored, boolean indexed) {
        ByteCounting counting = new ByteCounting(stored);
        try (Graph graph = Graph.open(counting.storage, OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
            GraphSnapshot snapshot = graph.snapshot();
            snapshot.count("Person");
            counting.bytes.set(0);
            Entity found =
                    snapshot.nodeById("Person", GraphScaleRun.name(31_337)).orElseThrow();
            assertEquals(GraphScaleRun.name(31_337), found.get("name"));
            assertTrue(snapshot.nodeById("Person", "nobody").isEmpty());
            assertEquals(indexed ? 0 : 1, snapshot.idLookup().indexedFiles(), "key columns read whole");
            assertEquals(indexed ? 2 : 0, snapshot.idLookup().scalarIndexLookups());
            return counting.bytes.get();
        }
    }

    @Test
    void aColdPointLookupReadsAPageOfTheIndexInsteadOfTheKeyColumn() throws IOException {
        long withIndex = coldLookup(socialGraph(true), true);
        long without = coldLookup(socialGraph(false), false);
        // the id column alone is 50,000 8-byte names with offsets; one index page holds 4,096 of them with row ids
        assertTrue(without > 400_000, "without the index: " + without + " bytes");
        assertTrue(withIndex * 3 < without, "with the index " + withIndex + " bytes, without " + without);
    }

    @Test
    void aNodeDeletionCascadesThroughTheEndpointIndices() throws IOException {
        long[] read = new long[2];
        List<String> left = new java.util.ArrayList<>();
        for (boolean indexed : new boolean[] {true, false}) {
            ByteCounting counting = new ByteCounting(socialGraph(indexed));
            try (Graph graph = Graph.open(counting.storage, OpenMode.READ_WRITE, RecoveryOptions.defaults());
                    GraphTransaction tx = graph.begin("t")) {
                counting.bytes.set(0);
                tx.delete("Person", "id = '" + GraphScaleRun.name(4_242) + "'");
                read[indexed ? 0 : 1] = counting.bytes.get();
                tx.commit();
                left.add(String.valueOf(graph.snapshot().count("Follows")));
            }
        }
        assertEquals(left.get(1), left.get(0), "the same edges are left");
        // without the indices both endpoint columns of the edge table are read whole (FSST-compressed strings; the
        // scan reads its other columns only for the matching edges): about 2.46 MB. The index path read 1.53 MB in
        // some runs and 1.82-1.83 MB in others (timing-dependent; the cause was not tracked down), so the bound is
        // 80 %
        assertTrue(read[0] * 5 < read[1] * 4, "with the indices " + read[0] + " bytes, without " + read[1]);
    }
    /**
     * A one-property {@code @index} gets a BTREE index from {@code createIndices}, beside id, src and dst (empty
     * tables get none), and filters on it answer as before.
     */
    @Test
    void anIndexAnnotationOnOnePropertyGetsABTreeIndex(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String schema = MergeTruthTableTest.SCHEMA.replace("@unique(email)", "@unique(email)\n    @index(age)");
        try (Graph graph = GraphFixtures.init(dir, schema)) {
            GraphFixtures.load(graph, MergeTruthTableTest.DATA, LoadMode.OVERWRITE);
            List<String> before = graph.snapshot().list("Person", "age >= 40").stream()
                    .map(Entity::id)
                    .sorted()
                    .toList();
            // Person.id, Company.id, Knows.id/src/dst, Person.age; WorksAt is empty
            assertEquals(6, graph.createIndices("t"));
            assertEquals(
                    before,
                    graph.snapshot().list("Person", "age >= 40").stream()
                            .map(Entity::id)
                            .sorted()
                            .toList());
            assertEquals(2, before.size());
        }
    }
}
