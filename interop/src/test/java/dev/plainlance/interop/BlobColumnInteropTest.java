package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Blob columns ({@code lance-encoding:blob}) both ways on random data: what official 7.0.0 writes, plainlance scans
 * (the same {@code struct<position, size>} descriptions) and takes ({@code takeBlobs}, {@code takeBlobsByIndices},
 * the same bytes); what plainlance writes, the official library scans and takes the same way. Each sample has nulls,
 * empty values and several fragments; {@link #largeBlobsAndManyRows} adds a value larger than a page and thousands
 * of rows; {@link #blobFileCursorAsOfficial} compares the {@code BlobFile} cursor methods.
 */
class BlobColumnInteropTest {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "blob",
                    new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, Map.of("lance-encoding:blob", "true")),
                    null)));

    private static BufferAllocator allocator;

    /** Run by jqwik before the properties and by JUnit before the other tests. */
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

    @Provide
    Arbitrary<List<byte[]>> blobs() {
        Arbitrary<byte[]> value = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.<byte[]>just(null)),
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(7, Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)));
        return value.list().ofMinSize(1).ofMaxSize(600);
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.of("2.0", "2.1");
    }

    @Property(tries = 6, seed = "20261204")
    void officialWritesPlainlanceReadsAndTakes(@ForAll("blobs") List<byte[]> blobs, @ForAll("versions") String version)
            throws Exception {
        Path dir = Files.createTempDirectory("blobs-official");
        String uri = dir.resolve("ds").toString();
        writeOfficial(uri, blobs, version, 1 + blobs.size() / 3);
        checkBoth(uri, blobs);
    }

    @Property(tries = 6, seed = "20261204")
    void plainlanceWritesOfficialReadsAndTakes(@ForAll("blobs") List<byte[]> blobs, @ForAll("versions") String version)
            throws Exception {
        Path dir = Files.createTempDirectory("blobs-plainlance");
        String uri = dir.resolve("ds").toString();
        writePlainlance(uri, blobs, version, 1 + blobs.size() / 3);
        checkBoth(uri, blobs);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2.0,official", "2.1,official", "2.0,plainlance", "2.1,plainlance"})
    void largeBlobsAndManyRows(String version, String writer, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Random random = new Random(7);
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int kind = random.nextInt(10);
            byte[] value = kind == 0 ? null : new byte[kind == 1 ? 0 : random.nextInt(200)];
            if (value != null) {
                random.nextBytes(value);
            }
            blobs.add(value);
        }
        byte[] large = new byte[9 << 20];
        random.nextBytes(large);
        blobs.set(1234, large);
        String uri = dir.resolve("ds").toString();
        if (writer.equals("official")) {
            writeOfficial(uri, blobs, version, 2500);
        } else {
            writePlainlance(uri, blobs, version, 2500);
        }
        checkBoth(uri, blobs);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2.0", "2.1"})
    void blobFileCursorAsOfficial(String version, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        writePlainlance(uri, List.of("0123456789abcdefghij".getBytes()), version, 10);
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            org.lance.BlobFile theirs = official.takeBlobs(List.of(0L), "blob").get(0);
            dev.plainlance.lance.BlobFile mine =
                    ours.takeBlobs(List.of(0L), "blob").get(0);
            assertEquals(theirs.size(), mine.size());
            theirs.seek(3);
            mine.seek(3);
            assertArrayEquals(theirs.readUpTo(4), mine.readUpTo(4));
            assertEquals(theirs.tell(), mine.tell());
            assertArrayEquals(theirs.readRange(2, 5), mine.readRange(2, 5));
            assertEquals(theirs.tell(), mine.tell());
            assertArrayEquals(theirs.read(), mine.read());
            assertEquals(theirs.tell(), mine.tell());
            assertArrayEquals(theirs.read(), mine.read());
            theirs.seek(100);
            mine.seek(100);
            assertArrayEquals(theirs.readUpTo(5), mine.readUpTo(5));
            assertEquals(theirs.tell(), mine.tell());
            assertThrows(IllegalArgumentException.class, () -> theirs.readRange(15, 10));
            assertThrows(IllegalArgumentException.class, () -> mine.readRange(15, 10));
            theirs.close();
            mine.close();
            assertThrows(IllegalArgumentException.class, () -> official.takeBlobs(List.of(0L), "id"));
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> ours.takeBlobs(List.of(0L), "id"));
            assertEquals("the column 'id' is not a blob column", refused.getMessage());
        }
    }

    /**
     * The official blob v2 write options (format 2.2) do not change where a 2.0 or 2.1 blob column goes: still one
     * data file per fragment, nothing beside it (why plainlance's WriteParams leaves them out).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2.0", "2.1"})
    void blobV2OptionsDoNotApplyToBlobColumns(String version, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String uri = dir.resolve("ds").toString();
        List<byte[]> blobs = List.of(new byte[5000], new byte[10], new byte[70_000]);
        try (VectorSchemaRoot root = rows(blobs);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withDataStorageVersion(version)
                                    .withBlobPackFileSizeThreshold(16)
                                    .withAllowExternalBlobOutsideBases(true)
                                    .build())
                    .close();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("ds/data"))) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "data files");
        }
        checkBoth(uri, blobs);
    }

    /**
     * Both libraries scan the same descriptions and take the expected bytes, by row id (shuffled, from a scan with
     * row ids) and by index (shuffled).
     */
    private static void checkBoth(String uri, List<byte[]> blobs) throws Exception {
        List<Long> rowIds = new ArrayList<>();
        List<String> officialDescriptions;
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                org.lance.ipc.LanceScanner scan = official.newScan(
                        new org.lance.ipc.ScanOptions.Builder().withRowId(true).build());
                ArrowReader reader = scan.scanBatches()) {
            officialDescriptions = descriptions(reader, rowIds);
        }
        List<String> ourDescriptions;
        try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.ipc.LanceScanner scan = ours.newScan();
                ArrowReader reader = scan.scanBatches()) {
            ourDescriptions = descriptions(reader, new ArrayList<>());
        }
        assertEquals(officialDescriptions, ourDescriptions, "scanned blob descriptions");
        assertEquals(blobs.size(), rowIds.size());

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(blobs.size()));
        List<Long> shuffledIds = order.stream().map(rowIds::get).toList();
        List<Long> shuffledIndices = order.stream().map(Integer::longValue).toList();
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            List<org.lance.BlobFile> theirs = official.takeBlobs(shuffledIds, "blob");
            List<dev.plainlance.lance.BlobFile> mine = ours.takeBlobs(shuffledIds, "blob");
            List<org.lance.BlobFile> theirsByIndex = official.takeBlobsByIndices(shuffledIndices, "blob");
            List<dev.plainlance.lance.BlobFile> mineByIndex = ours.takeBlobsByIndices(shuffledIndices, "blob");
            for (int k = 0; k < order.size(); k++) {
                byte[] expected = blobs.get(order.get(k)) == null ? new byte[0] : blobs.get(order.get(k));
                String what = "row " + order.get(k);
                assertArrayEquals(expected, theirs.get(k).read(), "official takeBlobs, " + what);
                assertArrayEquals(expected, mine.get(k).read(), "plainlance takeBlobs, " + what);
                assertArrayEquals(expected, theirsByIndex.get(k).read(), "official takeBlobsByIndices, " + what);
                assertArrayEquals(expected, mineByIndex.get(k).read(), "plainlance takeBlobsByIndices, " + what);
                assertEquals(expected.length, mine.get(k).size(), what);
                theirs.get(k).close();
                theirsByIndex.get(k).close();
                mine.get(k).close();
                mineByIndex.get(k).close();
            }
        }
    }

    /** Each row's blob description as {@code position/size} or {@code null}, in scan order; row ids into {@code ids}. */
    private static List<String> descriptions(ArrowReader reader, List<Long> ids) throws IOException {
        List<String> out = new ArrayList<>();
        while (reader.loadNextBatch()) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            StructVector blob = (StructVector) root.getVector("blob");
            assertEquals(
                    List.of("position: Int(64, false)", "size: Int(64, false)"),
                    blob.getField().getChildren().stream().map(Field::toString).toList());
            UInt8Vector position = blob.getChild("position", UInt8Vector.class);
            UInt8Vector size = blob.getChild("size", UInt8Vector.class);
            for (int i = 0; i < root.getRowCount(); i++) {
                out.add(blob.isNull(i) ? null : position.get(i) + "/" + size.get(i));
            }
            if (root.getVector("_rowid") != null) {
                UInt8Vector rowId = (UInt8Vector) root.getVector("_rowid");
                for (int i = 0; i < root.getRowCount(); i++) {
                    ids.add(rowId.get(i));
                }
            }
        }
        return out;
    }

    private static VectorSchemaRoot rows(List<byte[]> blobs) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        LargeVarBinaryVector blob = (LargeVarBinaryVector) root.getVector(1);
        for (int i = 0; i < blobs.size(); i++) {
            id.setSafe(i, i);
            if (blobs.get(i) == null) {
                blob.setNull(i);
            } else {
                blob.setSafe(i, blobs.get(i));
            }
        }
        root.setRowCount(blobs.size());
        return root;
    }

    private static void writeOfficial(String uri, List<byte[]> blobs, String version, int rowsPerFile)
            throws Exception {
        try (VectorSchemaRoot root = rows(blobs);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withDataStorageVersion(version)
                                    .withMaxRowsPerFile(rowsPerFile)
                                    .build())
                    .close();
        }
    }

    private static void writePlainlance(String uri, List<byte[]> blobs, String version, int rowsPerFile)
            throws Exception {
        try (VectorSchemaRoot root = rows(blobs);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            reader,
                            uri,
                            new dev.plainlance.lance.WriteParams.Builder()
                                    .withDataStorageVersion(version)
                                    .withMaxRowsPerFile(rowsPerFile)
                                    .build())
                    .close();
        }
    }
}
