package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.ipc.LanceScanner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.UInt8Vector;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blob columns written and read by plainlance (the official library's view is in the interop module's
 * {@code BlobColumnInteropTest}): scans return {@code struct<position, size>}, takes return the bytes, in request
 * order, across pages and fragments; a description pointing outside its data file is a typed error naming it.
 */
class BlobColumnTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "blob",
                    new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, Map.of("lance-encoding:blob", "true")),
                    null)));

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

    /** 1500 rows: nulls, empty values, small ones and one of 9 MiB (larger than a page), in 2 fragments. */
    private static List<byte[]> sample() {
        Random random = new Random(3);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            int kind = random.nextInt(8);
            byte[] value = kind == 0 ? null : new byte[kind == 1 ? 0 : random.nextInt(300)];
            if (value != null) {
                random.nextBytes(value);
            }
            blobs.add(value);
        }
        byte[] large = new byte[9 << 20];
        random.nextBytes(large);
        blobs.set(700, large);
        return blobs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1"})
    void scansDescribeAndTakesReadTheValues(String version) throws Exception {
        List<byte[]> blobs = sample();
        String uri = write(blobs, version, 1000);
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals(
                    ArrowType.LargeBinary.INSTANCE,
                    ds.getSchema().findField("blob").getType());
            List<long[]> descriptions = scan(ds);
            assertEquals(blobs.size(), descriptions.size());
            for (int i = 0; i < blobs.size(); i++) {
                long[] d = descriptions.get(i);
                if (blobs.get(i) == null) {
                    assertTrue(version.equals("2.1") ? d == null : d[0] == 1 && d[1] == 0, "null row " + i);
                } else {
                    assertEquals(blobs.get(i).length, d[1], "size of row " + i);
                    assertEquals(0, d[1] == 0 ? d[0] : d[0] % 64, "position of row " + i);
                }
            }
            List<Long> indices = List.of(1499L, 700L, 0L, 1000L, 999L, 3L);
            List<Long> rowIds = indices.stream()
                    .map(i -> i < 1000 ? i : (1L << 32) + i - 1000)
                    .toList();
            List<BlobFile> byId = ds.takeBlobs(rowIds, "blob");
            List<BlobFile> byIndex = ds.takeBlobsByIndices(indices, "blob");
            for (int k = 0; k < indices.size(); k++) {
                byte[] value = blobs.get(indices.get(k).intValue());
                byte[] expected = value == null ? new byte[0] : value;
                assertEquals(expected.length, byId.get(k).size());
                assertArrayEquals(expected, byId.get(k).read(), "row " + indices.get(k));
                assertArrayEquals(expected, byIndex.get(k).read(), "index " + indices.get(k));
                byId.get(k).close();
                byIndex.get(k).close();
            }
        }
    }

    @Test
    void blobFileIsACursorOverTheValue() throws Exception {
        String uri = write(List.of("0123456789".getBytes()), "2.1", 10);
        try (Dataset ds = Dataset.open(uri, allocator)) {
            BlobFile blob = ds.takeBlobs(List.of(0L), "blob").get(0);
            assertEquals(0, blob.tell());
            assertArrayEquals("012".getBytes(), blob.readUpTo(3));
            assertEquals(3, blob.tell());
            assertArrayEquals("56".getBytes(), blob.readRange(5, 2));
            assertEquals(3, blob.tell());
            assertArrayEquals("3456789".getBytes(), blob.read());
            assertEquals(10, blob.tell());
            assertArrayEquals(new byte[0], blob.read());
            blob.seek(50);
            assertArrayEquals(new byte[0], blob.readUpTo(4));
            assertEquals(10, blob.tell());
            assertThrows(IllegalArgumentException.class, () -> blob.readRange(8, 3));
            assertThrows(IllegalArgumentException.class, () -> blob.seek(-1));
            blob.close();
            assertThrows(IOException.class, blob::read);
        }
    }

    @Test
    void requestsThatCannotBeServedAreRefused() throws Exception {
        String uri = write(List.of(new byte[3]), "2.0", 10);
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals(
                    "the column 'id' is not a blob column",
                    assertThrows(IllegalArgumentException.class, () -> ds.takeBlobs(List.of(0L), "id"))
                            .getMessage());
            assertThrows(IllegalArgumentException.class, () -> ds.takeBlobs(List.of(), "blob"));
            assertThrows(IllegalArgumentException.class, () -> ds.takeBlobsByIndices(List.of(0L), "nope"));
        }
    }

    /**
     * Compaction (with deleted rows), cleanup of the versions before it, update (of another column, then of the blob
     * column) and merge insert each rewrite blob rows with their bytes: takes give the model's bytes after each.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1"})
    void compactionUpdateAndMergeInsertCarryTheBytes(String version) throws Exception {
        List<byte[]> blobs = sample();
        String uri = write(blobs, version, 500);
        Map<Long, ByteBuffer> model = new java.util.TreeMap<>();
        for (int i = 0; i < blobs.size(); i++) {
            model.put((long) i, ByteBuffer.wrap(blobs.get(i) == null ? new byte[0] : blobs.get(i)));
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id % 5 = 1");
            model.keySet().removeIf(id -> id % 5 == 1);
            assertEquals(3, ds.compact().getFragmentsRemoved());
            assertEquals(1, ds.getFragments().size());
            assertSame(model, values(ds), "after compaction");
            ds.cleanupWithPolicy(dev.plainlance.lance.maintenance.CleanupPolicy.builder()
                    .withBeforeVersion(ds.version())
                    .withDeleteUnverified(true)
                    .build());
            try (java.util.stream.Stream<Path> files = Files.list(Path.of(uri, "data"))) {
                assertEquals(1, files.count(), "data files left by cleanup");
            }
            assertSame(model, values(ds), "after cleanup");

            assertEquals(171, ds.update("id % 7 = 2", Map.of("id", "id + 100000")));
            for (long id : List.copyOf(model.keySet())) {
                if (id % 7 == 2) {
                    model.put(id + 100000, model.remove(id));
                }
            }
            assertSame(model, values(ds), "after updating the ids");
            ds.update("id = 700 OR id = 4", Map.of("blob", "NULL"));
            model.put(700L, ByteBuffer.allocate(0));
            model.put(4L, ByteBuffer.allocate(0));
            assertSame(model, values(ds), "after updating blobs");

            List<byte[]> source = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                source.add(("merged " + i).getBytes());
            }
            source.set(5, null);
            source.set(6, new byte[0]);
            for (int i = 0; i < source.size(); i++) {
                model.put(1480L + i, ByteBuffer.wrap(source.get(i) == null ? new byte[0] : source.get(i)));
            }
            try (VectorSchemaRoot root = rows(source, 1480);
                    ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                    MergeInsertResult result = ds.mergeInsert(
                            new dev.plainlance.lance.merge.MergeInsertParams(List.of("id"))
                                    .withMatchedUpdateAll()
                                    .withNotMatched(
                                            dev.plainlance.lance.merge.MergeInsertParams.WhenNotMatched.InsertAll),
                            reader)) {
                Dataset merged = result.dataset();
                assertEquals(15, result.stats().numUpdatedRows());
                assertSame(model, values(merged), "after merge insert");
                merged.compact();
                assertSame(model, values(merged), "after compacting again");
            }
        }
    }

    /**
     * A blob v2 column (official's {@code lance.blob.v2} struct) is refused by name before format 2.2, not written as
     * a struct.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1"})
    void blobV2ColumnsAreRefusedByName(String version) throws Exception {
        Schema schema = new Schema(List.of(new Field(
                "blob",
                new FieldType(true, ArrowType.Struct.INSTANCE, null, Map.of("ARROW:extension:name", "lance.blob.v2")),
                List.of(
                        new Field("data", FieldType.nullable(ArrowType.LargeBinary.INSTANCE), null),
                        new Field("uri", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            StructVector blob = (StructVector) root.getVector(0);
            blob.setIndexDefined(0);
            ((LargeVarBinaryVector) blob.getChild("data")).setSafe(0, new byte[] {1, 2});
            ((org.apache.arrow.vector.VarCharVector) blob.getChild("uri")).setNull(0);
            blob.getChild("data").setValueCount(1);
            blob.getChild("uri").setValueCount(1);
            blob.setValueCount(1);
            root.setRowCount(1);
            try (ArrowReader reader = ArrowReaders.of(schema, List.of(root), allocator)) {
                RuntimeException refused =
                        assertThrows(dev.plainlance.lance.error.UnsupportedFeatureException.class, () -> Dataset.create(
                                        allocator,
                                        reader,
                                        dir.resolve("v2").toString(),
                                        new WriteParams.Builder()
                                                .withDataStorageVersion(version)
                                                .build())
                                .close());
                assertEquals(
                        "column 'blob' is a blob v2 column (lance.blob.v2), which needs file format 2.2, not " + version
                                + "; write with data storage version 2.2",
                        refused.getMessage());
            }
        }
    }

    /** With stable row ids, compaction carries the blobs too, and takes by the (kept) row ids still find them. */
    @Test
    void compactionWithStableRowIdsCarriesTheBytes() throws Exception {
        List<byte[]> blobs = List.of("a".getBytes(), new byte[0], "ccc".getBytes(), new byte[70_000], "e".getBytes());
        String uri = dir.resolve("stable").toString();
        try (VectorSchemaRoot root = rows(blobs, 0);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            Dataset.create(
                            allocator,
                            reader,
                            uri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion("2.1")
                                    .withMaxRowsPerFile(2)
                                    .withEnableStableRowIds(true)
                                    .build())
                    .close();
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id = 2");
            assertEquals(3, ds.compact().getFragmentsRemoved());
            List<BlobFile> taken = ds.takeBlobs(List.of(4L, 3L, 0L, 1L), "blob");
            assertArrayEquals("e".getBytes(), taken.get(0).read());
            assertArrayEquals(new byte[70_000], taken.get(1).read());
            assertArrayEquals("a".getBytes(), taken.get(2).read());
            assertArrayEquals(new byte[0], taken.get(3).read());
            for (BlobFile blob : taken) {
                blob.close();
            }
        }
    }

    /** The same ids with the same bytes; a failure names the first id that differs. */
    private static void assertSame(Map<Long, ByteBuffer> expected, Map<Long, ByteBuffer> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": ids");
        for (Map.Entry<Long, ByteBuffer> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), what + ": bytes of id " + e.getKey());
        }
    }

    /** Each live row's id and its blob's bytes (empty for null), by take. */
    private static Map<Long, ByteBuffer> values(Dataset ds) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (LanceScanner scan = ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                        .columns(List.of("id"))
                        .build());
                ArrowReader reader = scan.scanBatches()) {
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) reader.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < id.getValueCount(); i++) {
                    ids.add(id.get(i));
                }
            }
        }
        List<Long> indices = new ArrayList<>();
        for (long i = 0; i < ids.size(); i++) {
            indices.add(i);
        }
        List<BlobFile> taken = ds.takeBlobsByIndices(indices, "blob");
        Map<Long, ByteBuffer> out = new java.util.TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), ByteBuffer.wrap(taken.get(i).read()));
            taken.get(i).close();
        }
        return out;
    }

    /** A description whose position lies past the end of its data file (2.0 and 2.1 keep them as raw u64 pairs). */
    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1"})
    void aDescriptionOutsideTheFileIsATypedErrorNamingIt(String version) throws Exception {
        byte[] value = "a value that gets a description".getBytes();
        String uri = write(List.of(value, value), version, 10);
        long[] description;
        try (Dataset ds = Dataset.open(uri, allocator)) {
            description = scan(ds).get(1);
        }
        Path file;
        try (var files = Files.walk(Path.of(uri, "data"))) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer pattern = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        pattern.putLong(description[0]).putLong(description[1]);
        int at = indexOf(bytes, pattern.array());
        assertTrue(at >= 0, "description bytes found");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, bytes.length - 4);
        Files.write(file, bytes);
        try (Dataset ds = Dataset.open(uri, allocator)) {
            CorruptFileException error =
                    assertThrows(CorruptFileException.class, () -> ds.takeBlobs(List.of(1L), "blob"));
            assertTrue(error.getMessage().contains(file.getFileName().toString()), error.getMessage());
            assertTrue(error.getMessage().contains("outside the file"), error.getMessage());
            assertEquals(1, error.getMessage().lines().count());
            assertArrayEquals(value, ds.takeBlobs(List.of(0L), "blob").get(0).read());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Each row's {@code {position, size}}, or null for a null description. */
    private static List<long[]> scan(Dataset ds) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (LanceScanner scan = ds.newScan();
                ArrowReader reader = scan.scanBatches()) {
            while (reader.loadNextBatch()) {
                StructVector blob = (StructVector) reader.getVectorSchemaRoot().getVector("blob");
                UInt8Vector position = blob.getChild("position", UInt8Vector.class);
                UInt8Vector size = blob.getChild("size", UInt8Vector.class);
                for (int i = 0; i < blob.getValueCount(); i++) {
                    out.add(blob.isNull(i) ? null : new long[] {position.get(i), size.get(i)});
                }
            }
        }
        return out;
    }

    private String write(List<byte[]> blobs, String version, int rowsPerFile) throws Exception {
        String uri = dir.resolve("ds-" + version).toString();
        try (VectorSchemaRoot root = rows(blobs, 0)) {
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                reader,
                                uri,
                                new WriteParams.Builder()
                                        .withDataStorageVersion(version)
                                        .withMaxRowsPerFile(rowsPerFile)
                                        .build())
                        .close();
            }
        }
        return uri;
    }

    /** Rows {@code firstId..} with these blobs. */
    private VectorSchemaRoot rows(List<byte[]> blobs, long firstId) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        LargeVarBinaryVector blob = (LargeVarBinaryVector) root.getVector(1);
        for (int i = 0; i < blobs.size(); i++) {
            id.setSafe(i, firstId + i);
            if (blobs.get(i) == null) {
                blob.setNull(i);
            } else {
                blob.setSafe(i, blobs.get(i));
            }
        }
        root.setRowCount(blobs.size());
        return root;
    }
}
