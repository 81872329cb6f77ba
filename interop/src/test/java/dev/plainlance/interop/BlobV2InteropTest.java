package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob v2 (official 7.0.0, data storage version 2.2, a {@code struct<data, uri>} column with the extension name
 * {@code lance.blob.v2}): plainlance scans return the descriptions the official scans return ({@code kind,
 * position, size, blob_id, blob_uri}), for inline values, values in files of their own and nulls, across fragments
 * with deletions; {@code takeBlobsByIndices} gives the official library's bytes, nulls and empty values left out.
 */
class BlobV2InteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            dev.plainlance.lance.schema.BlobFields.valueV2Field("blob")));

    private static List<String> lines(ArrowReader reader) throws Exception {
        RowDump.Rows rows = RowDump.read(reader);
        List<String> out = new java.util.ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            out.add(rows.line(r));
        }
        return out;
    }

    @Test
    void scansReturnTheOfficialDescriptions(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator()) {
            writeOfficial(uri, allocator);
            java.util.Random random = new java.util.Random(7);
            for (int append = 0; append < 2; append++) {
                int[] sizes = new int[40];
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = random.nextInt(8) == 0
                            ? -1
                            : random.nextInt(5) == 0 ? 70_000 + random.nextInt(90_000) : random.nextInt(300);
                }
                write(uri, allocator, 100 * (append + 1), sizes, org.lance.WriteParams.WriteMode.APPEND);
            }
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                official.delete("id % 7 = 3");
            }
            List<String> expected;
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                    org.lance.ipc.LanceScanner s = official.newScan(new org.lance.ipc.ScanOptions.Builder()
                            .withRowId(true)
                            .build())) {
                expected = lines(s.scanBatches());
            }
            assertTrue(expected.stream().anyMatch(l -> l.contains("\"kind\":1")), "some blobs are in pack files");
            assertTrue(expected.stream().anyMatch(l -> l.contains("\"kind\":2")), "one blob has a file of its own");
            assertTrue(expected.stream().anyMatch(l -> l.contains("\"kind\":0") && !l.contains("\"size\":0")));
            try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                assertEquals(
                        SCHEMA.getFields().get(1).getType(),
                        ours.getSchema().findField("blob").getType());
                try (dev.plainlance.lance.ipc.LanceScanner s =
                        ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                .withRowId(true)
                                .build())) {
                    assertEquals(expected, lines(s.scanBatches()));
                }
                // official 7.0.0 aborts the JVM (a Rust panic in Field::apply_projection) on a filtered scan of a
                // blob v2 column, so the filtered scan is checked against the rows of its full scan
                List<String> matching = expected.stream()
                        .filter(line -> {
                            long id = Long.parseLong(line.replaceAll("^\\{\"id\":(\\d+),.*$", "$1"));
                            return id >= 100 && id % 2 == 0;
                        })
                        .toList();
                assertTrue(matching.size() > 10, "the filter keeps " + matching.size() + " rows");
                try (dev.plainlance.lance.ipc.LanceScanner s =
                        ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                .withRowId(true)
                                .filter("id >= 100 AND id % 2 = 0")
                                .build())) {
                    assertEquals(matching, lines(s.scanBatches()), "a filtered scan");
                }
                long live = ours.countRows();
                List<Long> indices = new java.util.ArrayList<>();
                for (long i = 0; i < live; i++) {
                    indices.add(i);
                }
                java.util.Collections.shuffle(indices, random);
                List<dev.plainlance.lance.BlobFile> mine = ours.takeBlobsByIndices(indices, "blob");
                try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                    List<org.lance.BlobFile> theirs = official.takeBlobsByIndices(indices, "blob");
                    assertEquals(theirs.size(), mine.size(), "null and empty values are left out by both");
                    assertTrue(theirs.size() > 20 && theirs.size() < live, theirs.size() + " of " + live);
                    for (int k = 0; k < theirs.size(); k++) {
                        assertArrayEquals(theirs.get(k).read(), mine.get(k).read(), "blob " + k);
                        theirs.get(k).close();
                        mine.get(k).close();
                    }
                }
            }
        }
    }

    /**
     * A value at another URI (kind 3) scans as the official description, and is taken as the official library takes
     * it: the whole object at the URI (its description's size is 0), by index and by row id, in any order, next to
     * an inline value. An external object that is gone is a typed error naming it.
     */
    @Test
    void blobsAtOtherUrisAreTakenWhole(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        Path external = dir.resolve("outside dir").resolve("outside.bin");
        java.nio.file.Files.createDirectories(external.getParent());
        byte[] outside = new byte[3000];
        new java.util.Random(7).nextBytes(outside);
        java.nio.file.Files.write(external, outside);
        try (BufferAllocator allocator = new RootAllocator()) {
            write(
                    uri,
                    allocator,
                    0,
                    new int[] {12, -2, 5},
                    org.lance.WriteParams.WriteMode.CREATE,
                    external.toUri().toString());
            List<String> expected;
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                    org.lance.ipc.LanceScanner s = official.newScan(new org.lance.ipc.ScanOptions.Builder().build())) {
                expected = lines(s.scanBatches());
            }
            assertTrue(expected.get(1).contains("\"kind\":3"), expected.toString());
            try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator);
                    org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                try (dev.plainlance.lance.ipc.LanceScanner s =
                        ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder().build())) {
                    assertEquals(expected, lines(s.scanBatches()));
                }
                for (List<Long> indices : List.of(List.of(0L, 1L, 2L), List.of(1L), List.of(2L, 1L, 0L))) {
                    List<org.lance.BlobFile> theirs = official.takeBlobsByIndices(indices, "blob");
                    List<dev.plainlance.lance.BlobFile> mine = ours.takeBlobsByIndices(indices, "blob");
                    assertEquals(theirs.size(), mine.size(), indices.toString());
                    for (int k = 0; k < theirs.size(); k++) {
                        assertEquals(theirs.get(k).size(), mine.get(k).size(), indices + " blob " + k);
                        assertArrayEquals(theirs.get(k).read(), mine.get(k).read(), indices + " blob " + k);
                        theirs.get(k).close();
                        mine.get(k).close();
                    }
                }
                dev.plainlance.lance.BlobFile byId =
                        ours.takeBlobs(List.of(1L), "blob").get(0);
                assertArrayEquals(outside, byId.read());
                byId.seek(2990);
                assertArrayEquals(Arrays.copyOfRange(outside, 2990, 3000), byId.readUpTo(64));
                byId.close();
                java.nio.file.Files.delete(external);
                dev.plainlance.lance.error.LanceException gone = assertThrows(
                        dev.plainlance.lance.error.LanceException.class,
                        () -> ours.takeBlobsByIndices(List.of(1L), "blob"));
                assertTrue(gone.getMessage().contains("outside.bin"), gone.getMessage());
            }
        }
    }

    /** Rows {@code firstId...} with values of {@code sizes[i]} bytes ({@code -1}: null). */
    private static void write(
            String uri, BufferAllocator allocator, long firstId, int[] sizes, org.lance.WriteParams.WriteMode mode)
            throws Exception {
        write(uri, allocator, firstId, sizes, mode, null);
    }

    /** {@link #write}, where a size of {@code -2} is a value at {@code external} (a URI) instead. */
    private static void write(
            String uri,
            BufferAllocator allocator,
            long firstId,
            int[] sizes,
            org.lance.WriteParams.WriteMode mode,
            String external)
            throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            StructVector blob = (StructVector) root.getVector(1);
            LargeVarBinaryVector data = (LargeVarBinaryVector) blob.getChild("data");
            VarCharVector blobUri = (VarCharVector) blob.getChild("uri");
            int n = sizes.length;
            for (int i = 0; i < n; i++) {
                id.setSafe(i, firstId + i);
                blobUri.setNull(i);
                if (sizes[i] == -2) {
                    blob.setIndexDefined(i);
                    data.setNull(i);
                    blobUri.setSafe(i, external.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    continue;
                }
                if (sizes[i] < 0) {
                    blob.setNull(i);
                    data.setNull(i);
                    continue;
                }
                blob.setIndexDefined(i);
                byte[] value = new byte[sizes[i]];
                Arrays.fill(value, (byte) ('a' + i % 26));
                data.setSafe(i, value);
            }
            id.setValueCount(n);
            data.setValueCount(n);
            blobUri.setValueCount(n);
            blob.setValueCount(n);
            root.setRowCount(n);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                Data.exportArrayStream(allocator, reader, stream);
                org.lance.Dataset.create(
                                allocator,
                                stream,
                                uri,
                                new org.lance.WriteParams.Builder()
                                        .withMode(mode)
                                        .withDataStorageVersion("2.2")
                                        .withAllowExternalBlobOutsideBases(external != null)
                                        .build())
                        .close();
            }
        }
    }

    /**
     * Seven rows: values of 0 to 40 bytes (inline), a null, one of 200,000 bytes (in a pack file) and one of
     * 5,000,000 bytes (in a file of its own).
     */
    private static void writeOfficial(String uri, BufferAllocator allocator) throws Exception {
        write(
                uri,
                allocator,
                0,
                new int[] {0, 10, 20, -1, 40, 200_000, 5_000_000},
                org.lance.WriteParams.WriteMode.CREATE);
    }
}
