package dev.plainlance.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.Entity;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.graph.MergeResult;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.s3.S3Storage;
import dev.plainlance.lance.io.s3.S3TestServer;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Graph branches on an S3-compatible server: a branch forks its tables as Lance branches inside the bucket, main and
 * the branch write apart, another process reads both, and the merge lands on main.
 */
class S3GraphBranchTest {
    private static final String SCHEMA = "node Person {\n    name: String @key\n    age: I32?\n}\n";

    private static Map<String, Object> ages(Graph graph) {
        Map<String, Object> out = new TreeMap<>();
        for (Entity e : graph.snapshot().list("Person", null)) {
            out.put((String) e.get("name"), e.get("age"));
        }
        return out;
    }

    @Test
    void aBranchOnS3IsWrittenApartAndMerged() throws Exception {
        S3TestServer server = S3TestServer.get();
        try (S3Client client = server.client()) {
            Storage storage = new S3Storage(client, server.newBucket("graph-branch"), "root/");
            try (Graph graph = Graph.init(storage, SCHEMA, "s3.pg", RecoveryOptions.defaults(), "t")) {
                try (GraphTransaction tx = graph.begin("t")) {
                    tx.upsert("Person", Map.of("name", "ann", "age", 30));
                    tx.upsert("Person", Map.of("name", "bob", "age", 40));
                    tx.commit();
                }
                graph.createBranch("dev", Optional.empty(), "t");
                try (Graph dev = graph.checkout("dev");
                        GraphTransaction tx = dev.begin("t")) {
                    tx.update("Person", "name = 'ann'", Map.of("age", 31));
                    tx.upsert("Person", Map.of("name", "cy", "age", 20));
                    tx.commit();
                }
                try (GraphTransaction tx = graph.begin("t")) {
                    tx.update("Person", "name = 'bob'", Map.of("age", 41));
                    tx.commit();
                }
            }
            try (Graph reader = Graph.open(storage, OpenMode.READ_ONLY, RecoveryOptions.defaults());
                    Graph dev = Graph.open(storage, OpenMode.READ_ONLY, RecoveryOptions.defaults(), "dev")) {
                assertEquals(Map.of("ann", 30, "bob", 41), ages(reader), "main does not see the branch");
                assertEquals(Map.of("ann", 31, "bob", 40, "cy", 20), ages(dev), "another process reads the branch");
            }
            try (Graph graph = Graph.open(storage, OpenMode.READ_WRITE, RecoveryOptions.defaults())) {
                MergeResult result = graph.merge("dev", "t");
                assertEquals(MergeResult.Outcome.MERGED, result.outcome());
                assertEquals(Map.of("ann", 31, "bob", 41, "cy", 20), ages(graph));
                assertTrue(
                        storage.list("tables/").stream().anyMatch(o -> o.key().contains("/tree/")),
                        "the branch's tables are Lance branches in the bucket");
            }
        }
    }
}
