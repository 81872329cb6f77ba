package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Datasets written by plainlance, read back by the official library: same rows, versions and fragments. */
class WriteInteropTest {
    private static BufferAllocator allocator;

    @TempDir
    Path dir;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /** Every RichData column plainlance writes (dictionary-encoded input is not written yet). */
    private static Schema schema() {
        return RichData.without(RichData.richSchema(), Set.of("dict"));
    }

    static List<String> lines(ArrowReader reader) throws Exception {
        List<String> out = new ArrayList<>();
        try (reader) {
            CanonicalJsonLines json = new CanonicalJsonLines(reader);
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    StringBuilder sb = new StringBuilder();
                    json.appendRow(root, r, sb);
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    /** Equal line lists, reporting the first difference instead of both lists. */
    static void assertSameLines(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertEquals(expected.get(i), actual.get(i), what + ": first difference at row " + i);
            }
        }
        assertEquals(expected.size(), actual.size(), what + ": row count");
    }

    private static List<String> official(String uri, long version) throws Exception {
        try (org.lance.Dataset ds = org.lance.Dataset.open(
                allocator,
                uri,
                new org.lance.ReadOptions.Builder().setVersion(version).build())) {
            return lines(ds.newScan().scanBatches());
        }
    }

    /**
     * The rows the official library reads back after writing {@code rows} rows from {@code firstId} itself, with
     * the same file version: the reference for plainlance-written files (2.0 files cannot hold struct-level nulls,
     * whoever writes them).
     */
    private List<String> officialRoundTrip(Schema schema, String fileVersion, long firstId, int rows) throws Exception {
        String uri = dir.resolve("reference-" + fileVersion + "-" + firstId + "-" + rows)
                .toString();
        if (java.nio.file.Files.exists(dir.resolve("reference-" + fileVersion + "-" + firstId + "-" + rows))) {
            return official(uri, 1);
        }
        try (ArrowReader data = RichData.reader(allocator, schema, firstId, rows);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, data, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withDataStorageVersion(fileVersion)
                                    .build())
                    .close();
        }
        return official(uri, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void officialLibraryReadsWhatPlainlanceWrites(String fileVersion) throws Exception {
        String uri = dir.resolve("ds").toString();
        Schema schema = schema();
        try (ArrowReader data = RichData.reader(allocator, schema, 0, 3000)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion(fileVersion)
                                    .withMaxRowsPerFile(1000)
                                    .build())
                    .close();
        }
        try (ArrowReader data = RichData.reader(allocator, schema, 3000, 500)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withMode(WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        }
        assertSameLines(
                officialRoundTrip(schema, fileVersion, 0, 3000), official(uri, 1), "official read of version 1");
        List<String> all = officialRoundTrip(schema, fileVersion, 0, 3000);
        all.addAll(officialRoundTrip(schema, fileVersion, 3000, 500));
        assertSameLines(all, official(uri, 2), "official read of version 2");
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            assertEquals(2, ds.version());
            assertEquals(3500, ds.countRows());
            assertEquals(4, ds.getFragments().size());
            assertEquals(fileVersion, ds.getLanceFileFormatVersion());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void officialAndPlainlanceTakeTurns(String fileVersion) throws Exception {
        String uri = dir.resolve("ds").toString();
        Schema schema = schema();
        try (ArrowReader data = RichData.reader(allocator, schema, 0, 100)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion(fileVersion)
                                    .build())
                    .close();
        }
        try (ArrowReader data = RichData.reader(allocator, schema, 100, 100);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, data, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withMode(org.lance.WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        }
        try (ArrowReader data = RichData.reader(allocator, schema, 200, 100)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withMode(WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        }
        List<String> expected = officialRoundTrip(schema, fileVersion, 0, 300);
        assertSameLines(expected, official(uri, 3), "official read of version 3");
        try (Dataset ds = Dataset.open(uri, allocator)) {
            assertEquals(3, ds.version());
            assertSameLines(expected, lines(ds.newScan().scanBatches()), "plainlance read of version 3");
            if (fileVersion.equals("2.1")) {
                assertSameLines(lines(RichData.reader(allocator, schema, 0, 300)), expected, "2.1 keeps every value");
            }
            assertEquals(
                    List.of(0, 1, 2),
                    ds.getFragments().stream().map(f -> f.getId()).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void deletesAreReadTheSameWayByBoth(String fileVersion) throws Exception {
        String uri = dir.resolve("ds").toString();
        Schema schema = RichData.simpleSchema();
        try (ArrowReader data = RichData.reader(allocator, schema, 0, 12_000)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion(fileVersion)
                                    .withMaxRowsPerFile(6000)
                                    .build())
                    .close();
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id % 7 = 0");
            ds.delete("id >= 6000 AND id < 12000 AND id % 2 = 1");
        }
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.delete("id < 100");
        }
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id < 6000");
            assertEquals(5, ds.version());
            assertEquals(1, ds.getFragments().size(), "the emptied fragment is dropped");
        }
        for (long version = 1; version <= 5; version++) {
            try (Dataset ds = Dataset.open(uri, allocator).checkoutVersion(version)) {
                assertSameLines(
                        official(uri, version),
                        lines(ds.newScan().scanBatches()),
                        "version " + version + " read by both");
            }
        }
        String filter = "id % 5 = 0 AND (value > 10 OR name IS NULL)";
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                Dataset plain = Dataset.open(uri, allocator)) {
            assertSameLines(
                    lines(official.newScan(new org.lance.ipc.ScanOptions.Builder()
                                    .filter(filter)
                                    .columns(List.of("id", "name"))
                                    .build())
                            .scanBatches()),
                    lines(plain.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                    .filter(filter)
                                    .columns(List.of("id", "name"))
                                    .build())
                            .scanBatches()),
                    "filtered scan '" + filter + "'");
            assertEquals(official.countRows(filter), plain.countRows(filter));
        }
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            long left = java.util.stream.LongStream.range(6000, 12_000)
                    .filter(i -> i % 2 == 0 && i % 7 != 0)
                    .count();
            assertEquals(left, ds.countRows(), "ids 6000..11999 that are even and not multiples of 7");
        }
    }
}
