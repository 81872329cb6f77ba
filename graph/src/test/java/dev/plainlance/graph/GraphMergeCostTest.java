package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of a merge follows the changes, not the graph: 100 entities changed on a branch of a generated social graph
 * (and 10 on main meanwhile) are merged by a freshly opened graph that reads only the changed rows, builds no key index
 * of the big tables and opens no data file that neither branch wrote. The build runs 20,000 persons and 100,000 edges;
 * {@code -Dplainlance.graph.mergeScale=1000000:5000000} runs the size and prints the merge's time.
 */
class GraphMergeCostTest {
    @TempDir
    Path dir;

    @Test
    void mergingAHundredChangesReadsOnlyThem() throws IOException {
        String[] scale = System.getProperty("plainlance.graph.mergeScale", "20000:100000")
                .split(":");
        int persons = Integer.parseInt(scale[0]);
        int follows = Integer.parseInt(scale[1]);
        Path data = dir.resolve("social.jsonl");
        GraphScaleRun.generate(data, persons, follows);
        Path root = dir.resolve("graph");
        try (Graph graph = GraphFixtures.init(root, GraphScaleRun.SCHEMA);
                BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            graph.load(in, "social.jsonl", LoadMode.APPEND, Optional.empty(), "bench", "load", 20, n -> {});
            graph.createBranch("feature", Optional.empty(), "tester");
            try (Graph feature = graph.checkout("feature");
                    GraphTransaction tx = feature.begin("tester")) {
                for (int i = 0; i < 40; i++) {
                    tx.upsert("Person", Map.of("name", GraphScaleRun.name(i * 997 % persons), "age", 99));
                }
                for (int i = 0; i < 30; i++) {
                    tx.insert("Person", Map.of("name", "new" + i, "age", 20));
                }
                for (int i = 0; i < 30; i++) {
                    tx.insertEdge("Follows", "new" + i, GraphScaleRun.name(i), Map.of());
                }
                tx.commit();
            }
            try (GraphTransaction tx = graph.begin("tester")) {
                for (int i = 0; i < 10; i++) {
                    tx.upsert("Person", Map.of("name", GraphScaleRun.name(persons - 1 - i), "age", 7));
                }
                tx.commit();
            }
        }
        try (Graph fresh = Graph.open(new LocalStorage(root), OpenMode.READ_WRITE, RecoveryOptions.defaults())) {
            long start = System.nanoTime();
            MergeResult result = fresh.merge("feature", "tester");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "merge of 100 changes into %d persons + %d follows (10 changed on main): %s, %d rows read,"
                            + " %.3f s%n",
                    persons, follows, result.outcome(), result.rowsRead(), seconds);
            assertEquals(MergeResult.Outcome.MERGED, result.outcome());
            assertEquals(new ChangeCounts(30, 40, 0), result.applied().get("Person"));
            assertEquals(new ChangeCounts(30, 0, 0), result.applied().get("Follows"));
            // 40 updated rows read as removed and added, 30 + 30 inserts, 10 main-side updates read twice
            assertTrue(result.rowsRead() <= 2 * 40 + 60 + 2 * 10, "rows read: " + result.rowsRead());
            assertEquals(0, fresh.snapshot().idLookup().indexedFiles(), "no key index was built to apply the merge");
            assertEquals(
                    99,
                    fresh.snapshot()
                            .node("Person", GraphScaleRun.name(997))
                            .orElseThrow()
                            .get("age"));
            assertEquals(
                    7,
                    fresh.snapshot()
                            .node("Person", GraphScaleRun.name(persons - 1))
                            .orElseThrow()
                            .get("age"));
            assertEquals(persons + 30, fresh.snapshot().count("Person"));
            assertEquals(follows + 30, fresh.snapshot().count("Follows"));
        }
    }
}
