package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.Pin;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.graph.LoadMode;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official library reads every graph table at every version the graph published (loads in each mode, and
 * transactions mixing upserts, updates, cascading deletes and edge inserts, which commit REWRITE_ROWS updates) with
 * the same rows as plainlance.
 */
class GraphHistoryInteropTest {
    private static final String DATA = """
            {"type":"Person","data":{"name":"ann","age":31,"visits":9000000000,"rank":4000000000,"score":18446744073709551615,"weight":1.5,"height":1.75,"active":true,"born":"1990-02-03","seen":"2024-05-06T07:08:09.123456Z","photo":"AAEC","embedding":[0.5,1.5,2.5],"tags":["a","b"],"mood":"calm"}}
            {"type":"Person","data":{"name":"bob"}}
            {"type":"Person","data":{"name":"cy","tags":[],"mood":"busy"}}
            {"type":"Company","data":{"name":"acme"}}
            {"type":"Company","data":{"name":"globex"}}
            {"edge":"WorksAt","from":"ann","to":"acme","data":{"since":"2020-01-01","role":"lead"}}
            {"edge":"WorksAt","from":"bob","to":"acme"}
            {"edge":"WorksAt","from":"cy","to":"globex","data":{"role":"staff"}}
            """;

    @TempDir
    Path dir;

    @Test
    void everyPublishedVersionOfEveryGraphTableReadsTheSameInBothLibraries() throws Exception {
        try (Graph graph = Graph.init(
                new LocalStorage(dir), GraphTablesInteropTest.SCHEMA, "types.pg", RecoveryOptions.defaults(), "i")) {
            load(graph, DATA, LoadMode.OVERWRITE);
            load(graph, "{\"type\":\"Person\",\"data\":{\"name\":\"bob\",\"age\":40}}\n", LoadMode.MERGE);
            try (GraphTransaction tx = graph.begin("i")) {
                tx.upsert("Person", Map.of("name", "dee", "born", LocalDate.of(2001, 1, 1)));
                tx.update("Person", "name = 'ann'", Map.of("age", 32));
                tx.delete("Person", "name = 'cy'");
                tx.insertEdge("WorksAt", "dee", "globex", Map.of("role", "staff"));
                tx.commit();
            }
            try (GraphTransaction tx = graph.begin("i")) {
                tx.deleteEdges("WorksAt", "role = 'staff'");
                tx.delete("Company", "name = 'acme'");
                tx.commit();
            }
            assertEquals(0, graph.snapshot().count("WorksAt"), "the cascade removed the rest");
            int compared = 0;
            try (BufferAllocator allocator = new RootAllocator()) {
                for (long version : graph.catalog().catalog().stateVersions()) {
                    CatalogSnapshot state = graph.catalog().catalog().snapshotAt(version);
                    for (Map.Entry<String, Pin> pin :
                            state.pins(CatalogSnapshot.MAIN).entrySet()) {
                        String uri = dir.resolve(state.path(pin.getKey()).orElseThrow())
                                .toString();
                        long v = pin.getValue().version();
                        List<String> official = Compare.officialRows(allocator, uri, v);
                        assertEquals(Compare.plainRows(allocator, uri, v), official, pin.getKey() + "@" + v);
                        assertEquals(pin.getValue().rowCount(), official.size(), pin.getKey() + "@" + v);
                        compared++;
                    }
                }
            }
            assertTrue(compared >= 20, "compared " + compared + " table versions");
        }
    }

    private static void load(Graph graph, String ndjson, LoadMode mode) {
        graph.load(
                new BufferedReader(new StringReader(ndjson)),
                "data.jsonl",
                mode,
                Optional.empty(),
                "i",
                "load",
                Graph.DEFAULT_MAX_PROBLEMS,
                n -> {});
    }
}
