package dev.plainlance.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publishing and reading the current state cost the same number of storage calls after a short and a long
 * history: the cost is O(tables), not O(publishes).
 */
class CatalogCostTest {

    /** Storage calls by method name. */
    private static final class Counting {
        final Map<String, AtomicInteger> calls = new TreeMap<>();
        final Storage storage;

        Counting(Storage inner) {
            storage = (Storage) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                        calls.computeIfAbsent(method.getName(), k -> new AtomicInteger())
                                .incrementAndGet();
                        try {
                            return method.invoke(inner, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        Map<String, Integer> snapshotAndReset() {
            Map<String, Integer> out = new TreeMap<>();
            calls.forEach((k, v) -> out.put(k, v.get()));
            calls.clear();
            return out;
        }
    }

    private static Map<String, Integer> costAfter(int earlierPublishes) {
        Counting counting = new Counting(new InMemoryStorage());
        try (Catalog catalog = Catalog.create(counting.storage, CatalogTest.options(earlierPublishes), "a")) {
            for (int i = 1; i <= earlierPublishes; i++) {
                String key = "t" + (i % 3);
                long pinned = catalog.snapshot().pinnedVersion("main", key);
                catalog.publish(PublishRequest.of(
                        List.of(
                                new CatalogChange.RegisterTable(key, "tables/" + key),
                                new CatalogChange.SetPin("main", key, new Pin(pinned + 1, i))),
                        Map.of(TableRef.main(key), pinned),
                        "a",
                        "publish " + i));
            }
            counting.snapshotAndReset();
            long pinned = catalog.snapshot().pinnedVersion("main", "t1");
            Map<String, Integer> read = counting.snapshotAndReset();
            catalog.publish(PublishRequest.of(
                    List.of(new CatalogChange.SetPin("main", "t1", new Pin(pinned + 1, 1))),
                    Map.of(TableRef.main("t1"), pinned),
                    "a",
                    "measured"));
            Map<String, Integer> cost = new TreeMap<>();
            read.forEach((k, v) -> cost.put("snapshot." + k, v));
            counting.snapshotAndReset().forEach((k, v) -> cost.put("publish." + k, v));
            return cost;
        }
    }

    @Test
    void storageCallsDoNotGrowWithHistory() {
        Map<String, Integer> shortHistory = costAfter(5);
        Map<String, Integer> longHistory = costAfter(60);
        assertEquals(shortHistory, longHistory);
        assertEquals(null, shortHistory.get("snapshot.list"), "the current state is found without listing");
    }
}
