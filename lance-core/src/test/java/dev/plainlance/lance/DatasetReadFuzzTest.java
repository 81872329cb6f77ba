package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.lance.io.ByteMutations;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.WriteRecordingStorage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 item 6: reading a dataset one of whose files is damaged (seeded byte flips, truncations, inserted bytes;
 * {@link ByteMutations}) gives the original rows, or other well-formed rows when the damage hit bytes no check can
 * tell from valid ones (neither manifests nor data files have checksums), or a one-line typed {@link LanceException}: never another exception, never a null in a
 * NOT NULL column, never a write.
 */
class DatasetReadFuzzTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** Object kinds, by key prefix, each fuzzed {@link ByteMutations#COUNT} times. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"_versions/", "data/", "_deletions/"})
    void aDamagedFileReadsTheSameOrFailsTyped(String prefix) throws IOException {
        for (String version : List.of("2.0", "2.1")) {
            InMemoryStorage original = dataset(version);
            List<String> expected = read(original);
            List<String> keys =
                    original.list(prefix).stream().map(ObjectInfo::key).sorted().toList();
            assertTrue(!keys.isEmpty(), "no object under " + prefix);
            Map<String, Integer> outcomes = new TreeMap<>();
            for (int i = 0; i < ByteMutations.COUNT; i++) {
                String key = keys.get(i % keys.size());
                ByteMutations.Mutation m = ByteMutations.mutate(original.read(key), prefix.hashCode(), i);
                InMemoryStorage damaged = copy(original);
                damaged.replace(key, m.bytes());
                WriteRecordingStorage recording = new WriteRecordingStorage(damaged);
                String label = "file version " + version + ", " + key + ", " + m.description();
                String outcome;
                try {
                    List<String> rows = read(recording);
                    // a manifest has no checksum: a damaged field that still parses (a deletion file's tag, a
                    // name) can change the rows; they must still be well-formed (read() checks NOT NULL)
                    outcome = rows.equals(expected) ? "original rows" : "other well-formed rows";
                } catch (LanceException e) {
                    outcome = e.getClass().getSimpleName();
                    String message = e.getMessage();
                    assertTrue(
                            message != null
                                    && !message.isBlank()
                                    && message.equals(Printable.escape(message))
                                    && !message.contains("\n"),
                            label + ": message " + message);
                } catch (AssertionError e) {
                    throw e;
                } catch (Throwable e) {
                    throw new AssertionError(label + ": untyped " + e, e);
                }
                assertEquals(List.of(), recording.writes(), label + ": writes during a read");
                outcomes.merge(outcome, 1, Integer::sum);
            }
            System.out.println("fuzz " + prefix + " " + version + ": " + outcomes);
            assertTrue(outcomes.size() > 1, "every mutation had the same outcome: " + outcomes);
        }
    }

    /** 2 fragments of 10 rows, then a delete: a manifest per version, 2 data files, deletion files. */
    private static InMemoryStorage dataset(String fileVersion) {
        InMemoryStorage storage = new InMemoryStorage("fuzz");
        try (BufferAllocator allocator = new RootAllocator()) {
            for (int f = 0; f < 2; f++) {
                WriteParams params = new WriteParams.Builder()
                        .withMode(f == 0 ? WriteParams.WriteMode.CREATE : WriteParams.WriteMode.APPEND)
                        .withDataStorageVersion(fileVersion)
                        .build();
                try (VectorSchemaRoot batch = batch(allocator, f * 10L);
                        ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(batch), allocator);
                        Dataset ds = Dataset.write(storage, "fuzz", reader, params, CLOCK)) {
                    if (f == 1) {
                        ds.delete("id % 3 = 0");
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return storage;
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator, long first) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        for (int i = 0; i < 10; i++) {
            id.setSafe(i, first + i);
            if (i % 4 == 1) {
                name.setNull(i);
            } else {
                name.setSafe(i, ("n" + (first + i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        root.setRowCount(10);
        return root;
    }

    /** Row count, schema and every row of the latest version; fails on a null in a non-nullable column. */
    private static List<String> read(dev.plainlance.lance.io.Storage storage) throws IOException {
        List<String> out = new ArrayList<>();
        try (Dataset ds = Dataset.open(storage, "fuzz", ReadOptions.defaults())) {
            out.add("count " + ds.countRows() + ", format " + ds.getLanceFileFormatVersion());
            // the whole scan, then a filtered one, which reads name only for the rows that pass
            for (ScanOptions options : List.of(
                    new ScanOptions.Builder().build(),
                    new ScanOptions.Builder().filter("id % 2 = 1").build())) {
                out.add("scan " + options.getFilter().orElse("all"));
                try (LanceScanner scanner = ds.newScan(options);
                        ArrowReader reader = scanner.scanBatches()) {
                    while (reader.loadNextBatch()) {
                        addRows(reader.getVectorSchemaRoot(), out);
                    }
                }
            }
        }
        return out;
    }

    private static void addRows(VectorSchemaRoot root, List<String> out) {
        for (int r = 0; r < root.getRowCount(); r++) {
            StringBuilder row = new StringBuilder();
            for (FieldVector v : root.getFieldVectors()) {
                if (!v.getField().isNullable() && v.isNull(r)) {
                    fail("null in the non-nullable column " + v.getField().getName() + ", row " + r);
                }
                row.append(v.getField().getName())
                        .append('=')
                        .append(v.getObject(r))
                        .append(' ');
            }
            out.add(row.toString());
        }
    }

    private static InMemoryStorage copy(InMemoryStorage from) throws IOException {
        InMemoryStorage to = new InMemoryStorage("fuzz");
        for (ObjectInfo info : from.list("")) {
            to.putIfAbsent(info.key(), from.read(info.key()));
        }
        return to;
    }
}
