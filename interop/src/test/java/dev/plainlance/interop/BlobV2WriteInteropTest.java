package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
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

/**
 * Blob v2 columns (format 2.2) written by plainlance, on random values of every placement: nulls, rows with neither
 * data nor URI, empty and inline values (up to 64 KiB), packed ones (up to 4 MiB, with a random pack file size
 * threshold), values in files of their own, and URIs of objects elsewhere. The same rows written by each library give
 * the same descriptions (kind, size, blob id, pack position, URI; the offsets of inline values in the data file
 * differ, as the two lay out their pages differently) and the same sidecar files, and the same values are taken
 * (with official 7.0.0's rule for empty values, see {@link #expectedBlobs}); the official library scans what
 * plainlance wrote as plainlance does and takes the written bytes from it; then each library appends to the other's
 * dataset, and both take every value of both datasets; then plainlance compacts both (reading the values back from
 * the data files and sidecars, and writing them again), and both libraries take every non-empty value again.
 * Official 7.0.0 cannot compact a blob v2 dataset, its own included ({@link #officialCompactionOfBlobV2Fails}).
 */
class BlobV2WriteInteropTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            dev.plainlance.lance.schema.BlobFields.valueV2Field("blob")));

    private static BufferAllocator allocator;

    /** Run by jqwik before the property and by JUnit before the other tests. */
    @BeforeContainer
    @org.junit.jupiter.api.BeforeAll
    static void open() {
        allocator = new RootAllocator();
    }

    @AfterContainer
    @org.junit.jupiter.api.AfterAll
    static void close() {
        allocator.close();
    }

    /** A row: {@code size} bytes seeded by {@code seed}; -1 a null row, -2 the external object, -3 neither. */
    record Row(int size, long seed) {
        byte[] bytes() {
            byte[] out = new byte[size];
            new Random(seed).nextBytes(out);
            return out;
        }
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.just(-2)),
                Tuple.of(1, Arbitraries.just(-3)),
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(6, Arbitraries.integers().between(1, 400)),
                Tuple.of(1, Arbitraries.integers().between(65_000, 65_536)),
                Tuple.of(3, Arbitraries.integers().between(65_537, 400_000)),
                Tuple.of(1, Arbitraries.of(4 << 20, (4 << 20) + 1, (4 << 20) + 50_000)));
        return Combinators.combine(size, Arbitraries.longs())
                .as(Row::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(40)
                .filter(rows -> rows.stream().filter(r -> r.size() >= 4 << 20).count() <= 2);
    }

    @Provide
    Arbitrary<Long> thresholds() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(1, 1_500_000)));
    }

    @Property(tries = 30, seed = "20261205")
    void bothLibrariesPlaceTheValuesAlikeAndTakeThemBack(
            @ForAll("rows") List<Row> rows, @ForAll("rows") List<Row> more, @ForAll("thresholds") long threshold)
            throws Exception {
        Path dir = Files.createTempDirectory("blob-v2-write");
        try {
            Path external = dir.resolve("outside.bin");
            Files.write(external, new Row(1000, 99).bytes());
            String theirs = dir.resolve("official").toString();
            String ours = dir.resolve("plainlance").toString();
            writeOfficial(theirs, rows, 0, threshold, external, org.lance.WriteParams.WriteMode.CREATE);
            writePlainlance(ours, rows, 0, threshold, external, dev.plainlance.lance.WriteParams.WriteMode.CREATE);

            List<String> official = scanOfficial(theirs);
            List<String> plainlanceReadByOfficial = scanOfficial(ours);
            assertEquals(
                    withoutInlineOffsets(official),
                    withoutInlineOffsets(plainlanceReadByOfficial),
                    "same placement, blob ids and pack offsets");
            assertEquals(
                    plainlanceReadByOfficial, scanPlainlance(ours), "both libraries scan plainlance's files alike");
            assertEquals(sidecars(dir.resolve("official")), sidecars(dir.resolve("plainlance")), "same sidecar files");

            writeOfficial(ours, more, 1000, threshold, external, org.lance.WriteParams.WriteMode.APPEND);
            writePlainlance(theirs, more, 1000, threshold, external, dev.plainlance.lance.WriteParams.WriteMode.APPEND);
            List<Row> all = new ArrayList<>(rows);
            all.addAll(more);
            List<byte[]> expected = new ArrayList<>(expectedBlobs(rows, Files.readAllBytes(external)));
            expected.addAll(expectedBlobs(more, Files.readAllBytes(external)));
            for (String uri : List.of(theirs, ours)) {
                List<Long> indices = new ArrayList<>();
                for (long i = 0; i < all.size(); i++) {
                    indices.add(i);
                }
                List<byte[]> byOfficial = takeOfficial(uri, indices);
                List<byte[]> byPlainlance = takePlainlance(uri, indices);
                assertEquals(expected.size(), byOfficial.size(), uri);
                assertEquals(expected.size(), byPlainlance.size(), uri);
                for (int k = 0; k < expected.size(); k++) {
                    assertArrayEquals(expected.get(k), byOfficial.get(k), "official take " + k + " of " + uri);
                    assertArrayEquals(expected.get(k), byPlainlance.get(k), "plainlance take " + k + " of " + uri);
                }
                assertEquals(scanOfficial(uri), scanPlainlance(uri), "both scan " + uri + " alike");
            }

            for (String uri : List.of(theirs, ours)) {
                try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                    dataset.compact();
                }
            }
            List<byte[]> nonEmpty = expected.stream().filter(b -> b.length > 0).toList();
            for (String uri : List.of(theirs, ours)) {
                List<Long> indices = new ArrayList<>();
                for (long i = 0; i < all.size(); i++) {
                    indices.add(i);
                }
                List<byte[]> byOfficial = nonEmpty(takeOfficial(uri, indices));
                List<byte[]> byPlainlance = nonEmpty(takePlainlance(uri, indices));
                assertEquals(nonEmpty.size(), byOfficial.size(), "after compaction: " + uri);
                assertEquals(nonEmpty.size(), byPlainlance.size(), "after compaction: " + uri);
                for (int k = 0; k < nonEmpty.size(); k++) {
                    assertArrayEquals(nonEmpty.get(k), byOfficial.get(k), "compacted, official take " + k);
                    assertArrayEquals(nonEmpty.get(k), byPlainlance.get(k), "compacted, plainlance take " + k);
                }
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * Pins official 7.0.0's compaction of blob v2 datasets, which fails on a dataset it wrote itself, so that the
     * README's claim is checked again when the oracle changes.
     */
    @org.junit.jupiter.api.Test
    void officialCompactionOfBlobV2Fails(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        {
            String uri = dir.resolve("ds").toString();
            Path external = dir.resolve("unused.bin");
            writeOfficial(uri, List.of(new Row(5, 1)), 0, 0, external, org.lance.WriteParams.WriteMode.CREATE);
            writeOfficial(uri, List.of(new Row(3, 2)), 1, 0, external, org.lance.WriteParams.WriteMode.APPEND);
            try (org.lance.Dataset dataset = org.lance.Dataset.open(uri, allocator)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, dataset::compact);
                assertTrue(
                        e.getMessage().contains("more fields in the schema than provided column indices"),
                        e.getMessage());
            }
            try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                assertEquals(2, dataset.compact().getFragmentsRemoved());
            }
            assertEquals(
                    2, takeOfficial(uri, List.of(0L, 1L)).size(), "the official library reads plainlance's compaction");
        }
    }

    /**
     * The bytes a take of every row of one data file returns, as official 7.0.0 takes them: nulls and rows with
     * neither data nor URI are left out, and so is an empty value before the file's first inline value (its
     * description is all zeros); one after is taken as 0 bytes.
     */
    static List<byte[]> expectedBlobs(List<Row> rows, byte[] external) {
        List<byte[]> out = new ArrayList<>();
        boolean inlineBefore = false;
        for (Row row : rows) {
            if (row.size() == -2) {
                out.add(external);
            } else if (row.size() > 0) {
                out.add(row.bytes());
                inlineBefore |= row.size() <= 64 << 10;
            } else if (row.size() == 0 && inlineBefore) {
                out.add(new byte[0]);
            }
        }
        return out;
    }

    private static List<byte[]> nonEmpty(List<byte[]> blobs) {
        return blobs.stream().filter(b -> b.length > 0).toList();
    }

    private static List<String> withoutInlineOffsets(List<String> lines) {
        return lines.stream()
                .map(line -> line.replaceAll("\"kind\":0,\"position\":\\d+", "\"kind\":0,\"position\":_"))
                .toList();
    }

    /** Sidecar files by name inside their data file's directory (the data files' names differ), with sizes. */
    private static Map<String, Long> sidecars(Path dataset) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataset.resolve("data"))) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".blob")).toList()) {
                out.put(file.getFileName().toString(), Files.size(file));
            }
        }
        return out;
    }

    private static VectorSchemaRoot root(List<Row> rows, long firstId, Path external) {
        return root(rows, firstId, external.toUri().toString(), allocator);
    }

    /** The rows as a batch; a row of size -2 holds {@code externalUri}. */
    static VectorSchemaRoot root(List<Row> rows, long firstId, String externalUri, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        StructVector blob = (StructVector) root.getVector(1);
        LargeVarBinaryVector data = (LargeVarBinaryVector) blob.getChild("data");
        VarCharVector uri = (VarCharVector) blob.getChild("uri");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            id.setSafe(i, firstId + i);
            data.setNull(i);
            uri.setNull(i);
            if (row.size() == -1) {
                blob.setNull(i);
                continue;
            }
            blob.setIndexDefined(i);
            if (row.size() == -2) {
                uri.setSafe(i, externalUri.getBytes(StandardCharsets.UTF_8));
            } else if (row.size() >= 0) {
                data.setSafe(i, row.bytes());
            }
        }
        id.setValueCount(rows.size());
        data.setValueCount(rows.size());
        uri.setValueCount(rows.size());
        blob.setValueCount(rows.size());
        root.setRowCount(rows.size());
        return root;
    }

    private static void writeOfficial(
            String uri,
            List<Row> rows,
            long firstId,
            long threshold,
            Path external,
            org.lance.WriteParams.WriteMode mode)
            throws Exception {
        try (VectorSchemaRoot root = root(rows, firstId, external);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.WriteParams.Builder params = new org.lance.WriteParams.Builder()
                    .withMode(mode)
                    .withDataStorageVersion("2.2")
                    .withAllowExternalBlobOutsideBases(true);
            if (threshold > 0) {
                params.withBlobPackFileSizeThreshold(threshold);
            }
            org.lance.Dataset.create(allocator, stream, uri, params.build()).close();
        }
    }

    private static void writePlainlance(
            String uri,
            List<Row> rows,
            long firstId,
            long threshold,
            Path external,
            dev.plainlance.lance.WriteParams.WriteMode mode)
            throws Exception {
        try (VectorSchemaRoot root = root(rows, firstId, external);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            dev.plainlance.lance.WriteParams.Builder params = new dev.plainlance.lance.WriteParams.Builder()
                    .withMode(mode)
                    .withDataStorageVersion("2.2")
                    .withAllowExternalBlobOutsideBases(true);
            if (threshold > 0) {
                params.withBlobPackFileSizeThreshold(threshold);
            }
            dev.plainlance.lance.Dataset.create(allocator, reader, uri, params.build())
                    .close();
        }
    }

    private static List<String> scanOfficial(String uri) throws Exception {
        try (org.lance.Dataset dataset = org.lance.Dataset.open(uri, allocator);
                org.lance.ipc.LanceScanner scan = dataset.newScan(new org.lance.ipc.ScanOptions.Builder().build())) {
            return lines(scan.scanBatches());
        }
    }

    private static List<String> scanPlainlance(String uri) throws Exception {
        try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.ipc.LanceScanner scan =
                        dataset.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder().build())) {
            return lines(scan.scanBatches());
        }
    }

    private static List<String> lines(ArrowReader reader) throws Exception {
        RowDump.Rows rows = RowDump.read(reader);
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            out.add(rows.line(r));
        }
        return out;
    }

    private static List<byte[]> takeOfficial(String uri, List<Long> indices) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (org.lance.Dataset dataset = org.lance.Dataset.open(uri, allocator)) {
            for (org.lance.BlobFile blob : dataset.takeBlobsByIndices(indices, "blob")) {
                out.add(blob.read());
                blob.close();
            }
        }
        return out;
    }

    private static List<byte[]> takePlainlance(String uri, List<Long> indices) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (dev.plainlance.lance.Dataset dataset = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            for (dev.plainlance.lance.BlobFile blob : dataset.takeBlobsByIndices(indices, "blob")) {
                out.add(blob.read());
                blob.close();
            }
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
