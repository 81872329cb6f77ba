package dev.plainlance.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogOptions;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.s3.S3Storage;
import dev.plainlance.lance.io.s3.S3TestServer;
import dev.plainlance.recovery.RecoveryOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 requests, counted by operation at the SDK, of a dataset append, opening a dataset at its latest version, a
 * catalog publish and a graph commit: the same after 10 earlier commits as after many. The long history is
 * {@code -Dplainlance.s3.longHistory=N} commits (default 100; the README's table was made with it).
 */
class S3RequestCostTest {
    private static final int SHORT = 10;
    private static final int LONG = Integer.getInteger("plainlance.s3.longHistory", 100);
    private static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));
    private static final String GRAPH_SCHEMA = "node Person {\n    name: String @key\n    age: I32?\n}\n";

    /** Requests by S3 operation name. */
    private static final class Counting implements ExecutionInterceptor {
        private final Map<String, Integer> counts = new TreeMap<>();

        @Override
        public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            counts.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
        }

        synchronized Map<String, Integer> take() {
            Map<String, Integer> out = new TreeMap<>(counts);
            counts.clear();
            return out;
        }
    }

    private interface Scenario {
        /** Makes {@code history} commits, then returns the requests of each measured step by name. */
        Map<String, Map<String, Integer>> run(Storage storage, Counting counting, int history) throws Exception;
    }

    private static Map<String, Map<String, Integer>> measure(String purpose, Scenario scenario, int history)
            throws Exception {
        S3TestServer server = S3TestServer.get();
        Counting counting = new Counting();
        try (S3Client client = server.client(counting)) {
            return scenario.run(new S3Storage(client, server.newBucket(purpose), "root/"), counting, history);
        }
    }

    private static void assertConstant(String purpose, Scenario scenario) throws Exception {
        Map<String, Map<String, Integer>> shortHistory = measure(purpose, scenario, SHORT);
        Map<String, Map<String, Integer>> longHistory = measure(purpose, scenario, LONG);
        System.out.println(
                "S3 requests of " + purpose + " after " + SHORT + " and " + LONG + " commits: " + shortHistory);
        assertEquals(shortHistory, longHistory, purpose + " after " + SHORT + " vs " + LONG + " commits");
    }

    private static ArrowReader oneRow(BufferAllocator allocator, long id, List<VectorSchemaRoot> keep) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        keep.add(root);
        ((BigIntVector) root.getVector(0)).setSafe(0, id);
        root.setRowCount(1);
        return ArrowReaders.of(SCHEMA, List.of(root), allocator);
    }

    private static void append(Storage storage, BufferAllocator allocator, long id, List<VectorSchemaRoot> keep)
            throws java.io.IOException {
        WriteParams params =
                new WriteParams.Builder().withMode(WriteParams.WriteMode.APPEND).build();
        try (ArrowReader row = oneRow(allocator, id, keep);
                Dataset ds = Dataset.write(storage, "s3-cost", row, params, Clock.systemUTC())) {
            assertEquals(id + 1, ds.version());
        }
    }

    @Test
    void aDatasetAppendAndOpeningTheLatestVersionCostConstantRequests() throws Exception {
        assertConstant("dataset-cost", (storage, counting, history) -> {
            List<VectorSchemaRoot> keep = new java.util.ArrayList<>();
            try (BufferAllocator allocator = new RootAllocator()) {
                for (long i = 0; i < history; i++) {
                    append(storage, allocator, i, keep);
                }
                counting.take();
                append(storage, allocator, history, keep);
                Map<String, Integer> commit = counting.take();
                try (Dataset ds = Dataset.open(storage, "s3-cost", ReadOptions.defaults())) {
                    assertEquals(history + 1, ds.version());
                }
                Map<String, Integer> open = counting.take();
                keep.forEach(VectorSchemaRoot::close);
                return Map.of("append", commit, "open latest", open);
            }
        });
    }

    private static PublishRequest pin(String key, long expected, long version) {
        return PublishRequest.of(
                List.of(
                        new CatalogChange.RegisterTable(key, "tables/" + key),
                        new CatalogChange.SetPin("main", key, new Pin(version, version))),
                Map.of(TableRef.main(key), expected),
                "a",
                "pin " + key + " at " + version);
    }

    @Test
    void aCatalogPublishCostsConstantRequests() throws Exception {
        assertConstant("catalog-cost", (storage, counting, history) -> {
            try (Catalog catalog = Catalog.create(storage, CatalogOptions.defaults(), "a")) {
                IntConsumer publish = i -> {
                    String key = "t" + (i % 3);
                    long pinned = catalog.snapshot().pinnedVersion("main", key);
                    catalog.publish(pin(key, pinned, pinned + 1));
                };
                for (int i = 0; i < history; i++) {
                    publish.accept(i);
                }
                counting.take();
                publish.accept(history);
                return Map.of("publish", counting.take());
            }
        });
    }

    @Test
    void aGraphCommitCostsConstantRequests() throws Exception {
        assertConstant("graph-cost", (storage, counting, history) -> {
            try (Graph graph = Graph.init(storage, GRAPH_SCHEMA, "cost.pg", RecoveryOptions.defaults(), "t")) {
                for (int i = 0; i <= history; i++) {
                    try (GraphTransaction tx = graph.begin("t")) {
                        tx.upsert("Person", Map.of("name", "p" + i, "age", i));
                        tx.commit();
                    }
                }
                counting.take();
                try (GraphTransaction tx = graph.begin("t")) {
                    tx.upsert("Person", Map.of("name", "measured", "age", 1));
                    tx.commit();
                }
                return Map.of("keyed upsert commit", counting.take());
            }
        });
    }

    /**
     * A full scan reads each data file in few large GETs: the suffix GET that opens it, then hinted ranges merged and
     * cut into parts of at most 4 MiB, instead of one GET per page or chunk (about 90 for this file).
     */
    @Test
    void aScanReadsEachDataFileInFewLargeRanges() throws Exception {
        S3TestServer server = S3TestServer.get();
        Counting counting = new Counting();
        Schema schema = new Schema(List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                Field.notNullable("name", ArrowType.Utf8.INSTANCE)));
        int rows = 600_000;
        try (S3Client client = server.client(counting);
                BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            Storage storage = new S3Storage(client, server.newBucket("scan-cost"), "t.lance/");
            for (int i = 0; i < rows; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
                ((org.apache.arrow.vector.VarCharVector) root.getVector(1))
                        .setSafe(
                                i,
                                Long.toHexString(i * 0x9E3779B97F4A7C15L)
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            root.setRowCount(rows);
            try (ArrowReader data = ArrowReaders.of(schema, List.of(root), allocator);
                    Dataset ignored = Dataset.write(
                            storage, "t.lance", data, new WriteParams.Builder().build(), Clock.systemUTC())) {
                assertEquals(1, ignored.getFragments().size());
            }
            long fileBytes = storage.list("data/").get(0).size();
            try (Dataset ds = Dataset.open(storage, "t.lance", ReadOptions.defaults())) {
                counting.take();
                long seen = 0;
                long idSum = 0;
                try (ArrowReader scan = ds.newScan().scanBatches()) {
                    while (scan.loadNextBatch()) {
                        BigIntVector ids =
                                (BigIntVector) scan.getVectorSchemaRoot().getVector("id");
                        for (int i = 0; i < ids.getValueCount(); i++) {
                            idSum += ids.get(i);
                        }
                        seen += ids.getValueCount();
                    }
                }
                assertEquals(rows, seen);
                assertEquals((long) rows * (rows - 1) / 2, idSum);
                int gets = counting.take().getOrDefault("GetObject", 0);
                long mostExpected = 1 + (fileBytes + (4 << 20) - 1) / (4 << 20) + 3;
                System.out.println("S3 GETs of a scan of one " + fileBytes + "-byte data file: " + gets);
                assertTrue(gets <= mostExpected, gets + " GETs for " + fileBytes + " bytes, at most " + mostExpected);
            }
        }
    }
}
