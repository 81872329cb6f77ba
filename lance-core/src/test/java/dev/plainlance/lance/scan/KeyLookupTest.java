package dev.plainlance.lance.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** {@link KeyLookup} finds exactly the live rows a scan finds, across fragments, deletions and later versions. */
class KeyLookupTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.nullable("k", ArrowType.Utf8.INSTANCE)));

    private static ArrowReader keys(BufferAllocator allocator, List<String> values) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        VarCharVector k = (VarCharVector) root.getVector("k");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                k.setNull(i);
            } else {
                k.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        root.setRowCount(values.size());
        return ArrowReaders.owning(SCHEMA, List.of(root), allocator);
    }

    /** Key to row address by a full scan. */
    private static Map<String, Long> scanned(Dataset ds, Env env) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (ArrowReader rows = new TableScan(
                        ds.snapshot(),
                        new TableScan.Request(
                                java.util.Optional.of(List.of("k")),
                                java.util.Optional.empty(),
                                TableScan.DEFAULT_BATCH_SIZE,
                                java.util.Optional.empty(),
                                false,
                                true),
                        env)
                .batches()) {
            while (rows.loadNextBatch()) {
                VectorSchemaRoot batch = rows.getVectorSchemaRoot();
                VarCharVector k = (VarCharVector) batch.getVector(0);
                org.apache.arrow.vector.UInt8Vector a = (org.apache.arrow.vector.UInt8Vector) batch.getVector(1);
                for (int i = 0; i < batch.getRowCount(); i++) {
                    if (!k.isNull(i)) {
                        out.putIfAbsent(new String(k.get(i), StandardCharsets.UTF_8), a.get(i));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void findsWhatAScanFindsAcrossFragmentsDeletionsAndVersions() throws Exception {
        Storage storage = new InMemoryStorage();
        Random random = new Random(5);
        KeyLookup lookup = new KeyLookup("k");
        try (BufferAllocator allocator = new RootAllocator()) {
            Env env = Env.defaults(allocator);
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                first.add(i % 97 == 0 ? null : "key-" + random.nextInt(2000));
            }
            List<String> probe = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                probe.add("key-" + i);
            }
            try (ArrowReader input = keys(allocator, first);
                    Dataset ds = Dataset.write(env, storage, "memory:k", input, new WriteParams.Builder().build())) {
                assertEquals(scanned(ds, env), lookup.addresses(ds.snapshot(), probe, env));
                ds.delete("k < 'key-5'");
            }
            probe.add("new");
            try (ArrowReader more = keys(allocator, List.of("key-1", "key-2400", "new"));
                    Dataset latest = Dataset.write(
                            env,
                            storage,
                            "memory:k",
                            more,
                            new WriteParams.Builder()
                                    .withMode(WriteParams.WriteMode.APPEND)
                                    .build())) {
                Map<String, Long> expected = scanned(latest, env);
                Map<String, Long> found = lookup.addresses(latest.snapshot(), probe, env);
                assertEquals(expected.keySet(), found.keySet());
                for (Map.Entry<String, Long> e : found.entrySet()) {
                    assertTrue(
                            lookup.candidates(latest.snapshot(), Set.of(e.getKey()), env)
                                    .contains(e.getValue()),
                            e.getKey());
                }
                assertTrue(found.containsKey("key-1") && found.containsKey("new"));
                assertTrue(lookup.addresses(latest.snapshot(), List.of("absent"), env)
                        .isEmpty());
            }
        }
    }
}
