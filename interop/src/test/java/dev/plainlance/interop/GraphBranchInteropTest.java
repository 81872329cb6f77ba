package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.Pin;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.graph.LoadMode;
import dev.plainlance.graph.MergeResult;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graph branch's tables are Lance branches the official library reads: after writes on main and on a branch and a
 * merge, every version any catalog state pins, on any branch, reads the same in both libraries, the official library
 * checking Lance branches out through the table's main dataset, and lists the branch the catalog forked.
 */
class GraphBranchInteropTest {
    @TempDir
    Path dir;

    @Test
    void everyPinnedVersionOnEveryBranchReadsTheSameInBothLibraries() throws Exception {
        try (Graph graph = Graph.init(
                new LocalStorage(dir), GraphTablesInteropTest.SCHEMA, "types.pg", RecoveryOptions.defaults(), "i")) {
            graph.load(
                    new BufferedReader(new StringReader("""
                            {"type":"Person","data":{"name":"ann","age":31}}
                            {"type":"Person","data":{"name":"bob"}}
                            {"type":"Company","data":{"name":"acme"}}
                            {"edge":"WorksAt","from":"ann","to":"acme","data":{"role":"lead"}}
                            """)),
                    "data.jsonl",
                    LoadMode.OVERWRITE,
                    Optional.empty(),
                    "i",
                    "load",
                    Graph.DEFAULT_MAX_PROBLEMS,
                    n -> {});
            graph.createBranch("dev", Optional.empty(), "i");
            try (Graph dev = graph.checkout("dev")) {
                for (int i = 0; i < 2; i++) {
                    try (GraphTransaction tx = dev.begin("i")) {
                        tx.upsert("Person", Map.of("name", "dev" + i, "age", i));
                        tx.update("Person", "name = 'ann'", Map.of("age", 40 + i));
                        tx.insertEdge("WorksAt", "dev" + i, "acme", Map.of());
                        tx.commit();
                    }
                }
            }
            try (GraphTransaction tx = graph.begin("i")) {
                tx.upsert("Person", Map.of("name", "main0", "age", 7));
                tx.delete("Person", "name = 'bob'");
                tx.commit();
            }
            assertEquals(MergeResult.Outcome.MERGED, graph.merge("dev", "i").outcome());

            int branchVersions = 0;
            int compared = 0;
            try (BufferAllocator allocator = new RootAllocator()) {
                for (long version : graph.catalog().catalog().stateVersions()) {
                    CatalogSnapshot state = graph.catalog().catalog().snapshotAt(version);
                    for (String branch : state.branches()) {
                        for (Map.Entry<String, Pin> pin : state.pins(branch).entrySet()) {
                            String uri = dir.resolve(state.path(pin.getKey()).orElseThrow())
                                    .toString();
                            Pin p = pin.getValue();
                            List<String> official = officialRows(allocator, uri, p);
                            String what = branch + ":" + pin.getKey() + "@" + p;
                            assertEquals(plainRows(allocator, uri, p), official, what);
                            assertEquals(p.rowCount(), official.size(), what);
                            compared++;
                            if (p.lanceBranch().isPresent()) {
                                branchVersions++;
                                assertTrue(
                                        officialBranches(allocator, uri)
                                                .contains(p.lanceBranch().get()),
                                        what);
                            }
                        }
                    }
                }
            }
            assertTrue(branchVersions >= 6, "compared " + branchVersions + " versions on Lance branches");
            assertTrue(compared >= 30, "compared " + compared + " table versions");
        }
    }

    private static List<String> officialRows(BufferAllocator allocator, String uri, Pin pin) throws Exception {
        try (org.lance.Dataset main =
                        org.lance.Dataset.open(allocator, uri, new org.lance.ReadOptions.Builder().build());
                org.lance.Dataset at = main.checkout(pin.lanceBranch()
                        .map(b -> org.lance.Ref.ofBranch(b, pin.version()))
                        .orElse(org.lance.Ref.ofMain(pin.version())))) {
            return WriteInteropTest.lines(at.newScan().scanBatches());
        }
    }

    private static List<String> plainRows(BufferAllocator allocator, String uri, Pin pin) throws Exception {
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.Dataset at = main.checkout(pin.lanceBranch()
                        .map(b -> dev.plainlance.lance.Ref.ofBranch(b, pin.version()))
                        .orElse(dev.plainlance.lance.Ref.ofMain(pin.version())))) {
            return WriteInteropTest.lines(at.newScan().scanBatches());
        }
    }

    private static List<String> officialBranches(BufferAllocator allocator, String uri) throws Exception {
        try (org.lance.Dataset main =
                org.lance.Dataset.open(allocator, uri, new org.lance.ReadOptions.Builder().build())) {
            return main.branches().list().stream()
                    .map(org.lance.Branch::getName)
                    .toList();
        }
    }
}
