package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.table.ManifestNaming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriteTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null)));

    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        allocator.close();
    }

    private VectorSchemaRoot batch(long from, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        root.allocateNew();
        for (int i = 0; i < rows; i++) {
            id.set(i, from + i);
            if ((from + i) % 5 == 0) {
                name.setNull(i);
            } else {
                name.setSafe(i, ("n" + (from + i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        root.setRowCount(rows);
        return root;
    }

    private ArrowReader reader(long from, int... sizes) {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        long next = from;
        for (int size : sizes) {
            batches.add(batch(next, size));
            next += size;
        }
        ArrowReader reader = ArrowReaders.of(SCHEMA, batches, allocator);
        return new ClosingReader(reader, batches);
    }

    static List<String> rows(Dataset ds) throws IOException {
        List<String> out = new ArrayList<>();
        try (ArrowReader r =
                ds.newScan(new ScanOptions.Builder().batchSize(1000).build()).scanBatches()) {
            CanonicalJsonLines json = new CanonicalJsonLines();
            while (r.loadNextBatch()) {
                for (int i = 0; i < r.getVectorSchemaRoot().getRowCount(); i++) {
                    StringBuilder sb = new StringBuilder();
                    json.appendRow(r.getVectorSchemaRoot(), i, sb);
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    private static String row(long id) {
        return "{\"id\":" + id + ",\"name\":" + (id % 5 == 0 ? "null" : "\"n" + id + "\"") + "}";
    }

    private static List<String> expected(long from, long to) {
        List<String> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(row(i));
        }
        return out;
    }

    /**
     * A 2.2 dataset's data files say 2.2 in their footers and manifest entries; appends keep the version. Blob
     * columns (lance-encoding:blob) are refused in 2.2 before anything is written, as official 7.0.0 refuses them
     * there, and 2.3 is refused by name.
     */
    @Test
    void version22FilesAreWrittenAndBlobColumnsAreRefusedInThem() throws IOException {
        String uri = dir.resolve("ds").toString();
        try (ArrowReader data = reader(0, 100)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion("2.2")
                                    .build())
                    .close();
        }
        try (ArrowReader data = reader(100, 20)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withMode(WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals("2.2", ds.getLanceFileFormatVersion());
            assertEquals(expected(0, 120), rows(ds));
            for (var fragment : ds.snapshot().fragments()) {
                assertEquals(2, fragment.getFiles(0).getFileMajorVersion());
                assertEquals(2, fragment.getFiles(0).getFileMinorVersion());
                Path file = dir.resolve("ds/data").resolve(fragment.getFiles(0).getPath());
                byte[] bytes = Files.readAllBytes(file);
                java.nio.ByteBuffer footer =
                        java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                assertEquals(2, footer.getShort(), "footer major");
                assertEquals(2, footer.getShort(), "footer minor");
            }
        }
        Schema blobs = new Schema(List.of(new Field(
                "b",
                new FieldType(
                        true, ArrowType.LargeBinary.INSTANCE, null, java.util.Map.of("lance-encoding:blob", "true")),
                null)));
        String blobUri = dir.resolve("blobs").toString();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(blobs, allocator);
                ArrowReader data = ArrowReaders.of(blobs, List.of(root), allocator)) {
            root.setRowCount(0);
            LanceException e = assertThrows(
                    LanceException.class,
                    () -> Dataset.create(
                            allocator,
                            data,
                            blobUri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion("2.2")
                                    .build()));
            assertEquals(
                    "column 'b': blob columns (lance-encoding:blob) cannot be written in file format 2.2, whose blobs"
                            + " are blob v2 columns (struct<data: large_binary, uri: utf8> with the extension name"
                            + " lance.blob.v2); write them as such, or in format 2.1 or 2.0",
                    e.getMessage());
        }
        assertTrue(!Files.exists(dir.resolve("blobs/_versions")), "nothing was committed");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new WriteParams.Builder().withDataStorageVersion("2.3"));
        assertEquals(
                "unsupported data storage version '2.3': plainlance writes 2.1 (default, also 'stable'), 2.2 and 2.0"
                        + " (also '0.3')",
                e.getMessage());
    }

    @Test
    void createAppendOverwriteReadBack() throws IOException {
        String uri = dir.resolve("ds").toString();
        try (ArrowReader data = reader(0, 100, 50)) {
            Dataset ds = Dataset.create(allocator, data, uri, new WriteParams.Builder().build());
            assertEquals(1, ds.version());
            assertEquals(expected(0, 150), rows(ds));
            assertEquals("2.1", ds.getLanceFileFormatVersion());
            assertEquals(ManifestNaming.V2, ds.manifestNaming());
        }
        try (ArrowReader data = reader(150, 30)) {
            Dataset ds = Dataset.create(
                    allocator,
                    data,
                    uri,
                    new WriteParams.Builder()
                            .withMode(WriteParams.WriteMode.APPEND)
                            .build());
            assertEquals(2, ds.version());
            assertEquals(expected(0, 180), rows(ds));
            assertEquals(
                    List.of(0, 1),
                    ds.getFragments().stream().map(f -> f.getId()).toList());
        }
        try (ArrowReader data = reader(1000, 7)) {
            Dataset ds = Dataset.create(
                    allocator,
                    data,
                    uri,
                    new WriteParams.Builder()
                            .withMode(WriteParams.WriteMode.OVERWRITE)
                            .build());
            assertEquals(3, ds.version());
            assertEquals(expected(1000, 1007), rows(ds));
            assertEquals(expected(0, 180), rows(ds.checkoutVersion(2)));
            assertEquals("Overwrite", ds.readTransaction().orElseThrow().operationName());
        }
    }

    @Test
    void createRefusesAnExistingDatasetAndWritesNothing() throws IOException {
        String uri = dir.resolve("ds").toString();
        try (ArrowReader data = reader(0, 10)) {
            Dataset.create(allocator, data, uri, new WriteParams.Builder().build());
        }
        long files = Files.list(dir.resolve("ds/data")).count();
        try (ArrowReader data = reader(0, 10)) {
            LanceException e = assertThrows(
                    LanceException.class,
                    () -> Dataset.create(allocator, data, uri, new WriteParams.Builder().build()));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        }
        assertEquals(files, Files.list(dir.resolve("ds/data")).count());
    }

    @Test
    void maxRowsPerFileSplitsFragments() throws IOException {
        String uri = dir.resolve("ds").toString();
        try (ArrowReader data = reader(0, 7, 7, 11)) {
            Dataset ds = Dataset.create(
                    allocator,
                    data,
                    uri,
                    new WriteParams.Builder()
                            .withMaxRowsPerFile(10)
                            .withEnableV2ManifestPaths(false)
                            .build());
            assertEquals(
                    List.of(10L, 10L, 5L),
                    ds.getFragments().stream()
                            .map(f -> f.metadata().getPhysicalRows())
                            .toList());
            assertEquals(expected(0, 25), rows(ds));
            assertEquals(ManifestNaming.V1, ds.manifestNaming());
            assertTrue(Files.exists(dir.resolve("ds/_versions/1.manifest")));
        }
    }

    @Test
    void maxBytesPerFileStartsANewFileOnceAFileIsThatLarge() throws IOException {
        String uri = dir.resolve("ds").toString();
        int[] sizes = new int[60];
        java.util.Arrays.fill(sizes, 1000);
        long limit = 64 << 10;
        try (ArrowReader data = reader(0, sizes)) {
            Dataset ds = Dataset.create(
                    allocator,
                    data,
                    uri,
                    new WriteParams.Builder().withMaxBytesPerFile(limit).build());
            List<Long> fileSizes = ds.getFragments().stream()
                    .map(f -> f.metadata().getFiles().get(0).getFileSizeBytes())
                    .toList();
            assertTrue(fileSizes.size() >= 4, "files: " + fileSizes);
            // a file is finished after the batch that took its estimate past the limit: at most a batch more
            fileSizes.forEach(size -> assertTrue(size < limit + (32 << 10), "files: " + fileSizes));
            assertEquals(expected(0, 60_000), rows(ds));
            assertEquals(
                    java.util.Optional.of(limit),
                    new WriteParams.Builder().withMaxBytesPerFile(limit).build().getMaxBytesPerFile());
        }
        assertThrows(IllegalArgumentException.class, () -> new WriteParams.Builder().withMaxBytesPerFile(0));
    }

    @Test
    void version20FilesAndEmptyDatasets() throws IOException {
        String uri = dir.resolve("ds20").toString();
        try (ArrowReader data = reader(0, 40)) {
            Dataset ds = Dataset.create(
                    allocator,
                    data,
                    uri,
                    new WriteParams.Builder().withDataStorageVersion("2.0").build());
            assertEquals("2.0", ds.getLanceFileFormatVersion());
            assertEquals(
                    0, ds.getFragments().get(0).metadata().getFiles().get(0).getFileMinorVersion());
            assertEquals(expected(0, 40), rows(ds));
        }
        Dataset empty =
                Dataset.create(allocator, dir.resolve("empty").toString(), SCHEMA, new WriteParams.Builder().build());
        assertEquals(0, empty.countRows());
        assertTrue(rows(empty).isEmpty());
        assertEquals(
                SCHEMA.getFields().get(0).getName(),
                empty.getSchema().getFields().get(0).getName());
    }

    @Test
    void appendWithAnotherSchemaIsRefused() throws IOException {
        String uri = dir.resolve("ds").toString();
        try (ArrowReader data = reader(0, 5)) {
            Dataset.create(allocator, data, uri, new WriteParams.Builder().build());
        }
        Schema other = new Schema(List.of(new Field("x", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        try (ArrowReader data = ArrowReaders.empty(other, allocator)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withMode(WriteParams.WriteMode.APPEND)
                                    .build()));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        }
    }

    @Test
    void inMemoryStorageWorksToo() throws IOException {
        InMemoryStorage storage = new InMemoryStorage();
        try (ArrowReader data = reader(0, 12);
                Dataset ds =
                        Dataset.write(storage, "mem", data, new WriteParams.Builder().build(), Clock.systemUTC())) {
            assertEquals(expected(0, 12), rows(ds));
        }
    }

    /** Closes the in-memory batches with the reader. */
    private static final class ClosingReader extends ArrowReader {
        private final ArrowReader inner;
        private final List<VectorSchemaRoot> batches;

        ClosingReader(ArrowReader inner, List<VectorSchemaRoot> batches) {
            super(new RootAllocator());
            this.inner = inner;
            this.batches = batches;
        }

        @Override
        public VectorSchemaRoot getVectorSchemaRoot() throws IOException {
            return inner.getVectorSchemaRoot();
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            return inner.loadNextBatch();
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() throws IOException {
            inner.close();
            batches.forEach(VectorSchemaRoot::close);
        }

        @Override
        protected Schema readSchema() {
            return SCHEMA;
        }
    }
}
