package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.RecoveryOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A single keyed upsert costs the same storage calls after a short and a long history: no write lists or scans
 * history. {@code -Dplainlance.graph.longHistory=10000} runs the long side with that many commits.
 */
class GraphCommitCostTest {

    /** Storage calls by method name. */
    private static final class Counting {
        final Map<String, AtomicInteger> calls = new TreeMap<>();
        final Storage storage;

        Counting(Storage inner) {
            storage = (Storage) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                        synchronized (calls) {
                            calls.computeIfAbsent(method.getName(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        try {
                            return method.invoke(inner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        Map<String, Integer> takeCounts() {
            synchronized (calls) {
                Map<String, Integer> out = new TreeMap<>();
                calls.forEach((k, v) -> out.put(k, v.get()));
                calls.clear();
                return out;
            }
        }
    }

    private static Map<String, Integer> upsertCostAfter(int commits) {
        Counting counting = new Counting(new InMemoryStorage());
        try (Graph graph = Graph.init(
                counting.storage, GraphFixtures.resource("test.pg"), "test.pg", RecoveryOptions.defaults(), "t")) {
            for (int i = 0; i < commits; i++) {
                try (GraphTransaction tx = graph.begin("t")) {
                    tx.upsert("Person", Map.of("name", "p" + i, "age", i));
                    tx.commit();
                }
            }
            upsert(graph, "warm", 1);
            counting.takeCounts();
            upsert(graph, "measured", 2);
            Map<String, Integer> calls = counting.takeCounts();
            calls.remove("describe"); // names a key for messages and caches; no I/O
            return calls;
        }
    }

    private static void upsert(Graph graph, String name, int age) {
        try (GraphTransaction tx = graph.begin("t")) {
            tx.upsert("Person", Map.of("name", name, "age", age));
            tx.commit();
        }
    }

    @Test
    void aKeyedUpsertCostsTheSameStorageCallsAfterTenAndAfterManyCommits() {
        int longHistory = Integer.getInteger("plainlance.graph.longHistory", 150);
        Map<String, Integer> shortHistory = upsertCostAfter(10);
        assertEquals(shortHistory, upsertCostAfter(longHistory));
        assertEquals(1, shortHistory.get("list"), "one listing, of pending recovery sidecars: " + shortHistory);
    }
}
