package dev.plainlance.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.s3.S3TestServer;
import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.lance.maintenance.RemovalStats;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/** The Dataset API on an {@code s3://} URI of the test server, configured by storage options only. */
class S3DatasetTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    private final S3TestServer server = S3TestServer.get();
    private final BufferAllocator allocator = new RootAllocator();
    private final List<VectorSchemaRoot> sources = new ArrayList<>();

    @AfterEach
    void close() {
        sources.forEach(VectorSchemaRoot::close);
        allocator.close();
    }

    /** Rows {@code first .. first+count-1} named {@code prefix + id}. */
    ArrowReader rows(long first, int count, String prefix) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        sources.add(root);
        for (int i = 0; i < count; i++) {
            ((BigIntVector) root.getVector("id")).setSafe(i, first + i);
            ((VarCharVector) root.getVector("name"))
                    .setSafe(i, (prefix + (first + i)).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(count);
        return ArrowReaders.of(SCHEMA, List.of(root), allocator);
    }

    static Map<Long, String> visible(ArrowReader reader) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        try (reader) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    Object name = root.getVector("name").getObject(i);
                    out.put(((BigIntVector) root.getVector("id")).get(i), name == null ? null : name.toString());
                }
            }
        }
        return out;
    }

    static Map<Long, String> named(long from, long to, String prefix) {
        Map<Long, String> out = new TreeMap<>();
        for (long id = from; id < to; id++) {
            out.put(id, prefix + id);
        }
        return out;
    }

    private WriteParams params(WriteParams.WriteMode mode) {
        return new WriteParams.Builder()
                .withMode(mode)
                .withMaxRowsPerFile(10)
                .withStorageOptions(server.storageOptions())
                .build();
    }

    private ReadOptions.Builder read() {
        return new ReadOptions.Builder().setStorageOptions(server.storageOptions());
    }

    @Test
    void everyDatasetOperationWorksOnS3() throws IOException {
        String uri = server.newUri("dataset-ops", "warehouse/people.lance");
        try (ArrowReader data = rows(0, 20, "n")) {
            Dataset.create(allocator, data, uri, params(WriteParams.WriteMode.CREATE))
                    .close();
        }
        try (ArrowReader data = rows(20, 10, "n")) {
            Dataset.create(allocator, data, uri, params(WriteParams.WriteMode.APPEND))
                    .close();
        }
        try (Dataset ds = Dataset.open(allocator, uri, read().build())) {
            assertEquals(2, ds.version());
            assertEquals(3, ds.getFragments().size());
            assertEquals(named(0, 30, "n"), visible(ds.newScan().scanBatches()));
            assertEquals(
                    Map.of(0L, "n0", 15L, "n15", 29L, "n29"),
                    visible(ds.take(List.of(0L, 15L, 29L), List.of("id", "name"))));

            ds.delete("id < 5");
            assertEquals(1, ds.update("id = 10", Map.of("name", "'ten'")));
            Map<Long, String> expected = named(5, 30, "n");
            expected.put(10L, "ten");
            assertEquals(expected, visible(ds.newScan().scanBatches()));
            assertEquals(4, ds.version());

            try (ArrowReader source = rows(25, 10, "m");
                    MergeInsertResult merged = ds.mergeInsert(
                            new MergeInsertParams(List.of("id"))
                                    .withMatchedUpdateAll()
                                    .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll),
                            source)) {
                assertEquals(5, merged.stats().numInsertedRows());
                assertEquals(5, merged.stats().numUpdatedRows());
                expected.putAll(named(25, 35, "m"));
                assertEquals(expected, visible(merged.dataset().newScan().scanBatches()));
            }
        }
        try (Dataset ds = Dataset.open(allocator, uri, read().build())) {
            assertEquals(5, ds.version());
            ds.tags().create("before-compaction", 5);
            CompactionMetrics metrics = ds.compact();
            assertTrue(metrics.fragmentsRemoved() > metrics.fragmentsAdded(), metrics.toString());
            Map<Long, String> expected = named(5, 25, "n");
            expected.put(10L, "ten");
            expected.putAll(named(25, 35, "m"));
            assertEquals(
                    expected,
                    visible(ds.checkoutVersion(ds.latestVersion()).newScan().scanBatches()));

            RemovalStats removed = ds.checkoutVersion(ds.latestVersion()).cleanupOldVersions(Duration.ZERO, 1);
            assertTrue(removed.getOldVersions() >= 3, removed.toString());
            assertEquals(0, removed.getDataFilesRemoved(), "the tagged version keeps the files compaction replaced");
            try (Dataset latest = Dataset.open(allocator, uri, read().build());
                    Dataset tagged = Dataset.open(
                            allocator, uri, read().setTag("before-compaction").build())) {
                assertEquals(expected, visible(latest.newScan().scanBatches()));
                assertEquals(expected, visible(tagged.newScan().scanBatches()));
                assertEquals(
                        List.of("before-compaction"),
                        latest.tags().list().stream().map(t -> t.name()).toList());
                List<Long> versions =
                        latest.listVersions().stream().map(v -> v.getId()).toList();
                assertTrue(versions.contains(5L) && !versions.contains(1L), versions.toString());
                latest.tags().delete("before-compaction");
                RemovalStats untagged = latest.cleanupOldVersions(Duration.ZERO, 1);
                assertTrue(untagged.getDataFilesRemoved() > 0, untagged.toString());
                assertEquals(
                        expected,
                        visible(latest.checkoutVersion(latest.latestVersion())
                                .newScan()
                                .scanBatches()));
            }
        }
        List<String> keys =
                server.open(uri).list("").stream().map(ObjectInfo::key).toList();
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("_versions/")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("data/") && k.endsWith(".lance")), keys.toString());
    }

    @Test
    void aDataFileLargerThanOnePartIsUploadedInPartsAndReadsBack() throws IOException {
        String uri = server.newUri("dataset-large-file", "big.lance");
        int rows = 1_200_000;
        Schema schema = new Schema(List.of(new Field("v", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        sources.add(root);
        BigIntVector v = (BigIntVector) root.getVector("v");
        java.util.Random random = new java.util.Random(17);
        long expectedSum = 0;
        for (int i = 0; i < rows; i++) {
            long value = random.nextLong();
            v.setSafe(i, value);
            expectedSum += value;
        }
        root.setRowCount(rows);
        try (ArrowReader data = ArrowReaders.of(schema, List.of(root), allocator);
                Dataset ds = Dataset.create(
                        allocator,
                        data,
                        uri,
                        new WriteParams.Builder()
                                .withMaxRowsPerFile(rows)
                                .withStorageOptions(server.storageOptions())
                                .build())) {
            long dataBytes = server.open(uri).list("data/").stream()
                    .mapToLong(ObjectInfo::size)
                    .sum();
            assertTrue(dataBytes > (8 << 20), "one data file of " + dataBytes + " bytes, more than one 8 MiB part");
            long sum = 0;
            long count = 0;
            try (ArrowReader scan = ds.newScan().scanBatches()) {
                while (scan.loadNextBatch()) {
                    BigIntVector read =
                            (BigIntVector) scan.getVectorSchemaRoot().getVector("v");
                    for (int i = 0; i < read.getValueCount(); i++) {
                        sum += read.get(i);
                        count++;
                    }
                }
            }
            assertEquals(rows, count);
            assertEquals(expectedSum, sum);
        }
        String bucket = uri.substring("s3://".length(), uri.indexOf('/', "s3://".length()));
        assertEquals(
                0,
                server.client()
                        .listMultipartUploads(b -> b.bucket(bucket))
                        .uploads()
                        .size());
    }

    /**
     * Blob columns in a bucket: written by plainlance (one value larger than a page among small, empty and null
     * ones), their bytes taken back through {@code takeBlobsByIndices}, read lazily from the data file by ranges.
     */
    @Test
    void blobColumnsAreWrittenAndTakenBackOnS3() throws IOException {
        String uri = server.newUri("dataset-blobs", "blobs.lance");
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field(
                        "blob",
                        new FieldType(
                                true, ArrowType.LargeBinary.INSTANCE, null, Map.of("lance-encoding:blob", "true")),
                        null)));
        java.util.Random random = new java.util.Random(11);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] value = i % 10 == 3 ? null : new byte[i % 10 == 4 ? 0 : random.nextInt(500)];
            if (value != null) {
                random.nextBytes(value);
            }
            blobs.add(value);
        }
        byte[] large = new byte[9 << 20];
        random.nextBytes(large);
        blobs.set(100, large);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        sources.add(root);
        for (int i = 0; i < blobs.size(); i++) {
            ((BigIntVector) root.getVector("id")).setSafe(i, i);
            org.apache.arrow.vector.LargeVarBinaryVector blob =
                    (org.apache.arrow.vector.LargeVarBinaryVector) root.getVector("blob");
            if (blobs.get(i) == null) {
                blob.setNull(i);
            } else {
                blob.setSafe(i, blobs.get(i));
            }
        }
        root.setRowCount(blobs.size());
        try (ArrowReader data = ArrowReaders.of(schema, List.of(root), allocator)) {
            Dataset.create(allocator, data, uri, params(WriteParams.WriteMode.CREATE))
                    .close();
        }
        List<Long> indices = List.of(100L, 0L, 3L, 4L, 199L, 57L);
        try (Dataset ds = Dataset.open(allocator, uri, read().build())) {
            List<dev.plainlance.lance.BlobFile> taken = ds.takeBlobsByIndices(indices, "blob");
            assertEquals(indices.size(), taken.size());
            for (int i = 0; i < indices.size(); i++) {
                byte[] expected = blobs.get(indices.get(i).intValue());
                try (dev.plainlance.lance.BlobFile file = taken.get(i)) {
                    assertEquals(expected == null ? 0 : expected.length, file.size(), "blob " + indices.get(i));
                    assertTrue(
                            java.util.Arrays.equals(expected == null ? new byte[0] : expected, file.read()),
                            "bytes of blob " + indices.get(i));
                }
            }
        }
    }
}
