package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob v2 columns written by plainlance (format 2.2; the official library's view is in the interop module's
 * {@code BlobV2WriteInteropTest}): values land where official 7.0.0 puts them (in the data file up to 64 KiB, in
 * pack files up to 4 MiB, in files of their own above), URIs are kept or refused, the descriptions and the bytes read
 * back, and cleanup keeps the sidecar files of live data files and removes those of removed ones.
 */
class BlobV2WriteTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            dev.plainlance.lance.schema.BlobFields.valueV2Field("blob")));

    /** A row's value: bytes, a URI, a null row, or a row with neither. */
    record Value(byte[] data, String uri, boolean isNull) {
        static Value bytes(int size, long seed) {
            byte[] bytes = new byte[size];
            new Random(seed).nextBytes(bytes);
            return new Value(bytes, null, false);
        }

        static Value uri(String uri) {
            return new Value(null, uri, false);
        }

        static final Value NULL = new Value(null, null, true);
        static final Value NEITHER = new Value(null, null, false);
    }

    @TempDir
    Path dir;

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    static VectorSchemaRoot rows(BufferAllocator allocator, List<Value> values, long firstId) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        StructVector blob = (StructVector) root.getVector(1);
        LargeVarBinaryVector data = (LargeVarBinaryVector) blob.getChild("data");
        VarCharVector uri = (VarCharVector) blob.getChild("uri");
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            id.setSafe(i, firstId + i);
            if (v.isNull()) {
                blob.setNull(i);
            } else {
                blob.setIndexDefined(i);
            }
            if (v.data() != null) {
                data.setSafe(i, v.data());
            } else {
                data.setNull(i);
            }
            if (v.uri() != null) {
                uri.setSafe(i, v.uri().getBytes(StandardCharsets.UTF_8));
            } else {
                uri.setNull(i);
            }
        }
        id.setValueCount(values.size());
        data.setValueCount(values.size());
        uri.setValueCount(values.size());
        blob.setValueCount(values.size());
        root.setRowCount(values.size());
        return root;
    }

    private Dataset write(String uri, List<Value> values, WriteParams params) throws Exception {
        try (VectorSchemaRoot root = rows(allocator, values, 0);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            return Dataset.create(allocator, reader, uri, params);
        }
    }

    private static WriteParams.Builder v22() {
        return new WriteParams.Builder().withDataStorageVersion("2.2");
    }

    /** {@code kind/position/size/blob_id/uri} per row, from a plainlance scan. */
    private List<String> descriptions(Dataset dataset) throws Exception {
        List<String> out = new ArrayList<>();
        try (LanceScanner scan = dataset.newScan(
                        new ScanOptions.Builder().columns(List.of("blob")).build());
                ArrowReader reader = scan.scanBatches()) {
            while (reader.loadNextBatch()) {
                StructVector blob = (StructVector) reader.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < blob.getValueCount(); i++) {
                    out.add(((UInt1Vector) blob.getChild("kind")).get(i) + "/"
                            + ((UInt8Vector) blob.getChild("position")).get(i) + "/"
                            + ((UInt8Vector) blob.getChild("size")).get(i) + "/"
                            + ((UInt4Vector) blob.getChild("blob_id")).get(i) + "/"
                            + new String(((VarCharVector) blob.getChild("blob_uri")).get(i), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> p.startsWith("data"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void valuesLandWhereTheOfficialWriterPutsThem() throws Exception {
        Path external = dir.resolve("outside.bin");
        Files.write(external, new byte[] {9, 8, 7});
        List<Value> values = List.of(
                Value.NULL,
                Value.bytes(0, 1),
                Value.bytes(1, 2),
                Value.bytes(100, 3),
                Value.bytes(65_536, 4),
                Value.bytes(65_537, 5),
                Value.bytes(200_000, 6),
                Value.bytes(4 << 20, 7),
                Value.bytes((4 << 20) + 1, 8),
                Value.uri(external.toUri().toString()),
                Value.NEITHER,
                Value.bytes(7, 9),
                Value.bytes(0, 10));
        String uri = dir.resolve("ds").toString();
        try (Dataset dataset =
                write(uri, values, v22().withAllowExternalBlobOutsideBases(true).build())) {
            List<String> got = descriptions(dataset);
            assertEquals("0/0/0/0/", got.get(0), "a null row");
            assertEquals("0/0/0/0/", got.get(1), "an empty value");
            assertTrue(got.get(2).matches("0/\\d+/1/0/"), got.get(2));
            assertTrue(got.get(4).matches("0/\\d+/65536/0/"), "64 KiB stays inline: " + got.get(4));
            assertEquals("1/0/65537/1/", got.get(5), "the first pack file is blob 1");
            assertEquals("1/65537/200000/1/", got.get(6));
            assertEquals("1/265537/4194304/1/", got.get(7), "4 MiB still goes into the pack");
            assertEquals("2/0/4194305/2/", got.get(8), "more than 4 MiB gets a file of its own");
            assertEquals("3/0/0/0/" + external.toUri(), got.get(9));
            assertEquals("0/0/0/0/", got.get(10), "neither data nor uri");
            long seventh = Long.parseLong(got.get(11).split("/")[1]);
            assertEquals(
                    "0/" + (seventh + 64) + "/0/0/",
                    got.get(12),
                    "an empty value after inline ones lies at the aligned end of the last, as official 7.0.0 puts it");
            String stem = files(dir.resolve("ds")).get(0).replace(".lance", "");
            assertEquals(
                    List.of(
                            stem + ".lance",
                            stem + "/01000000000000000000000000000000.blob",
                            stem + "/10000000000000000000000000000000.blob"),
                    files(dir.resolve("ds")));
            assertEquals(
                    65_537 + 200_000 + (4 << 20),
                    Files.size(dir.resolve("ds").resolve(stem + "/10000000000000000000000000000000.blob")));
            List<Long> all = new ArrayList<>();
            for (long i = 0; i < values.size(); i++) {
                all.add(i);
            }
            List<BlobFile> blobs = dataset.takeBlobsByIndices(all, "blob");
            List<byte[]> expected = new ArrayList<>();
            for (Value v : values.subList(0, values.size() - 1)) {
                if (v.uri() != null) {
                    expected.add(new byte[] {9, 8, 7});
                } else if (v.data() != null && v.data().length > 0) {
                    expected.add(v.data());
                }
            }
            expected.add(new byte[0]);
            assertEquals(
                    expected.size(),
                    blobs.size(),
                    "nulls, rows with neither and an empty value before any inline one are left out, as official"
                            + " 7.0.0 leaves them out");
            for (int k = 0; k < blobs.size(); k++) {
                assertArrayEquals(expected.get(k), blobs.get(k).read(), "blob " + k);
            }
        }
    }

    @Test
    void packFilesRollOverAtTheThreshold() throws Exception {
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(Value.bytes(300_000, i));
        }
        try (Dataset dataset = write(
                dir.resolve("ds").toString(),
                values,
                v22().withBlobPackFileSizeThreshold(700_000).build())) {
            List<String> got = descriptions(dataset);
            for (int i = 0; i < 10; i++) {
                assertEquals("1/" + (i % 2) * 300_000 + "/300000/" + (i / 2 + 1) + "/", got.get(i));
            }
            assertEquals(6, files(dir.resolve("ds")).size(), "five pack files of two values each");
        }
    }

    @Test
    void aUriIsRefusedWithoutTheOptionAndNothingIsLeftBehind() throws Exception {
        List<Value> values = new ArrayList<>();
        values.add(Value.bytes(5 << 20, 1));
        values.add(Value.bytes(100_000, 2));
        for (int i = 0; i < 100; i++) {
            values.add(Value.bytes(10, i));
        }
        values.add(Value.uri("file:///tmp/x.bin"));
        String uri = dir.resolve("ds").toString();
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> write(uri, values, v22().build()));
        assertTrue(
                refused.getMessage().contains("column 'blob'")
                        && refused.getMessage().contains("'file:///tmp/x.bin'")
                        && refused.getMessage().contains("withAllowExternalBlobOutsideBases(true)"),
                refused.getMessage());
        assertEquals(List.of(), files(dir.resolve("ds")), "the sidecars written before the bad row are deleted");
        for (String bad : List.of("x.bin", "/tmp/x.bin", "", "file:///tmp/dir/")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> write(
                            dir.resolve("other").toString(),
                            List.of(Value.uri(bad)),
                            v22().withAllowExternalBlobOutsideBases(true).build()));
            assertTrue(e.getMessage().contains("not an absolute URI"), e.getMessage());
        }
    }

    @Test
    void blobV2ColumnsNeedFormat22AndTheOfficialShape() throws Exception {
        UnsupportedFeatureException e = assertThrows(
                UnsupportedFeatureException.class,
                () -> write(dir.resolve("a").toString(), List.of(Value.NEITHER), new WriteParams.Builder().build()));
        assertEquals(
                "column 'blob' is a blob v2 column (lance.blob.v2), which needs file format 2.2, not 2.1; write with"
                        + " data storage version 2.2",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WriteParams.Builder().withBlobPackFileSizeThreshold(0));
    }

    @Test
    void cleanupKeepsTheSidecarsOfLiveFilesAndRemovesTheOthers() throws Exception {
        String uri = dir.resolve("ds").toString();
        try (Dataset first = write(uri, List.of(Value.bytes(100_000, 1), Value.bytes(5 << 20, 2)), v22().build())) {
            assertEquals(3, files(dir.resolve("ds")).size());
        }
        Files.createDirectories(dir.resolve("ds/data/orphan"));
        Files.write(dir.resolve("ds/data/orphan/10000000000000000000000000000000.blob"), new byte[3]);
        try (VectorSchemaRoot root = rows(allocator, List.of(Value.bytes(70_000, 3)), 10);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                Dataset second = Dataset.create(
                        allocator,
                        reader,
                        uri,
                        v22().withMode(WriteParams.WriteMode.OVERWRITE).build())) {
            second.cleanupWithPolicy(CleanupPolicy.builder()
                    .withBeforeVersion(second.version())
                    .withDeleteUnverified(true)
                    .build());
            List<String> left = files(dir.resolve("ds"));
            assertEquals(2, left.size(), "the overwritten file and its two sidecars are gone: " + left);
            assertTrue(Files.notExists(dir.resolve("ds/data/orphan")), "an orphan sidecar directory is removed");
            assertArrayEquals(
                    Value.bytes(70_000, 3).data(),
                    second.takeBlobsByIndices(List.of(0L), "blob").get(0).read());
        }
    }

    /** Random values of every placement, seeded: nulls, neither, empty, inline, packed, dedicated (rarely), URIs. */
    private static List<Value> randomValues(Random random, int count, String external) {
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(20);
            values.add(
                    pick == 0
                            ? Value.NULL
                            : pick == 1
                                    ? Value.NEITHER
                                    : pick == 2
                                            ? Value.bytes(0, 0)
                                            : pick == 3
                                                    ? Value.uri(external)
                                                    : pick < 7
                                                            ? Value.bytes(65_537 + random.nextInt(200_000), i)
                                                            : pick == 7 && random.nextInt(4) == 0
                                                                    ? Value.bytes((4 << 20) + 1 + random.nextInt(9), i)
                                                                    : Value.bytes(1 + random.nextInt(2000), i));
        }
        return values;
    }

    /** Live rows by id, with the bytes a take of each gives (rows a take leaves out, and empty values, absent). */
    private Map<Long, java.nio.ByteBuffer> taken(Dataset dataset) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (LanceScanner scan = dataset.newScan(
                        new ScanOptions.Builder().columns(List.of("id")).build());
                ArrowReader reader = scan.scanBatches()) {
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) reader.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < id.getValueCount(); i++) {
                    ids.add(id.get(i));
                }
            }
        }
        Map<Long, java.nio.ByteBuffer> out = new java.util.TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            List<BlobFile> blobs = dataset.takeBlobsByIndices(List.of((long) i), "blob");
            if (!blobs.isEmpty() && blobs.get(0).size() > 0) {
                out.put(ids.get(i), java.nio.ByteBuffer.wrap(blobs.get(0).read()));
            }
        }
        return out;
    }

    private static void model(Map<Long, java.nio.ByteBuffer> model, List<Value> values, long firstId, byte[] external) {
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            model.remove(firstId + i);
            if (v.uri() != null) {
                model.put(firstId + i, java.nio.ByteBuffer.wrap(external));
            } else if (v.data() != null && v.data().length > 0) {
                model.put(firstId + i, java.nio.ByteBuffer.wrap(v.data()));
            }
        }
    }

    /**
     * Compaction (with deleted rows), update of another column, merge insert and cleanup rewrite blob v2 rows with
     * their values: bytes read back from the data files and their sidecars, URIs kept; takes give the model's bytes
     * after each.
     */
    @Test
    void compactionUpdateAndMergeInsertCarryTheValues() throws Exception {
        Path outside = dir.resolve("outside.bin");
        byte[] external = new byte[] {4, 5, 6, 7};
        Files.write(outside, external);
        Random random = new Random(11);
        String uri = dir.resolve("ds").toString();
        Map<Long, java.nio.ByteBuffer> model = new java.util.TreeMap<>();
        for (int f = 0; f < 3; f++) {
            List<Value> values = randomValues(random, 40, outside.toUri().toString());
            model(model, values, 100L * f, external);
            try (VectorSchemaRoot root = rows(allocator, values, 100L * f);
                    ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                reader,
                                uri,
                                v22().withMode(WriteParams.WriteMode.APPEND)
                                        .withAllowExternalBlobOutsideBases(true)
                                        .build())
                        .close();
            }
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals(model, taken(ds), "as written");
            ds.delete("id % 5 = 1");
            model.keySet().removeIf(id -> id % 5 == 1);
            assertEquals(3, ds.compact().getFragmentsRemoved());
            assertEquals(1, ds.getFragments().size());
            assertEquals(model, taken(ds), "after compaction");

            ds.update("id % 7 = 2", Map.of("id", "id + 100000"));
            for (long id : List.copyOf(model.keySet())) {
                if (id % 7 == 2) {
                    model.put(id + 100000, model.remove(id));
                }
            }
            assertEquals(model, taken(ds), "after updating the ids");

            List<Value> source = randomValues(random, 30, outside.toUri().toString());
            try (VectorSchemaRoot root = rows(allocator, source, 290);
                    ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                    MergeInsertResult result = ds.mergeInsert(
                            new dev.plainlance.lance.merge.MergeInsertParams(List.of("id"))
                                    .withMatchedUpdateAll()
                                    .withNotMatched(
                                            dev.plainlance.lance.merge.MergeInsertParams.WhenNotMatched.InsertAll),
                            reader)) {
                model(model, source, 290, external);
                assertEquals(model, taken(result.dataset()), "after merge insert");
                result.dataset()
                        .cleanupWithPolicy(CleanupPolicy.builder()
                                .withBeforeVersion(result.dataset().version())
                                .withDeleteUnverified(true)
                                .build());
                assertEquals(model, taken(result.dataset()), "after cleanup");
            }
        }
    }

    /**
     * A write staged again on a base in another storage (a retried commit that moved) copies its data files there,
     * and the blob sidecar files beside them.
     */
    @Test
    void aWriteStagedAgainElsewhereCopiesItsSidecars() throws Exception {
        dev.plainlance.lance.io.Storage first = new dev.plainlance.lance.io.InMemoryStorage("first");
        dev.plainlance.lance.io.Storage second = new dev.plainlance.lance.io.InMemoryStorage("second");
        dev.plainlance.lance.env.Env env = dev.plainlance.lance.env.Env.defaults(allocator);
        try (VectorSchemaRoot root = rows(allocator, List.of(Value.bytes(100_000, 1), Value.bytes(10, 2)), 0);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            dev.plainlance.lance.operation.Write write = new dev.plainlance.lance.operation.Write(
                    reader, v22().build().toWriteSpec());
            write.stage(dev.plainlance.lance.table.TableSnapshot.absent(first, "memory:first"), env);
            write.stage(dev.plainlance.lance.table.TableSnapshot.absent(second, "memory:second"), env);
        }
        Map<String, Long> written = new java.util.TreeMap<>();
        first.list("data/").forEach(o -> written.put(o.key(), o.size()));
        Map<String, Long> copied = new java.util.TreeMap<>();
        second.list("data/").forEach(o -> copied.put(o.key(), o.size()));
        assertEquals(2, written.size(), "a data file and its pack file: " + written);
        assertEquals(written, copied);
    }

    /** The builder form takes the two blob v2 options as the official {@code WriteDatasetBuilder} does. */
    @Test
    void theWriteBuilderTakesTheBlobOptions() throws Exception {
        List<Value> values = List.of(
                Value.bytes(300_000, 1),
                Value.bytes(300_000, 2),
                Value.bytes(300_000, 3),
                Value.uri(dir.resolve("x.bin").toUri().toString()));
        try (VectorSchemaRoot root = rows(allocator, values, 0);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                Dataset dataset = Dataset.write()
                        .allocator(allocator)
                        .reader(reader)
                        .uri(dir.resolve("ds").toString())
                        .dataStorageVersion("2.2")
                        .blobPackFileSizeThreshold(700_000)
                        .allowExternalBlobOutsideBases(true)
                        .execute()) {
            assertEquals(
                    List.of(
                            "1/0/300000/1/",
                            "1/300000/300000/1/",
                            "1/0/300000/2/",
                            "3/0/0/0/" + values.get(3).uri()),
                    descriptions(dataset));
        }
    }
}
