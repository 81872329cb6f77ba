package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blob columns inside structs ({@code struct<k: int64, b: large_binary{lance-encoding:blob}>}), which official
 * 7.0.0 writes in 2.0 (the blob's own column of packed descriptions) and 2.1 (a {@code BlobLayout} page whose
 * definition levels say whether the blob or the struct around it is null), and plainlance writes the same way:
 * whichever library wrote or appended, both scan the same descriptions and {@code takeBlobs} /
 * {@code takeBlobsByIndices} of {@code "s.b"} give the written bytes, over four fragments with a null struct, null
 * and empty blobs, values up to 100 KB and deleted rows. Rewriting such rows is refused by name.
 */
class NestedBlobInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "s",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                            new Field("k", FieldType.nullable(new ArrowType.Int(64, true)), null),
                            new Field(
                                    "b",
                                    new FieldType(
                                            true,
                                            ArrowType.LargeBinary.INSTANCE,
                                            null,
                                            Map.of("lance-encoding:blob", "true")),
                                    null)))));

    static Stream<Arguments> writers() {
        return Stream.of(
                Arguments.of("2.0", "official"),
                Arguments.of("2.1", "official"),
                Arguments.of("2.0", "plainlance"),
                Arguments.of("2.1", "plainlance"));
    }

    /**
     * One library writes 60 rows in files of 32, the other appends 60 more, the official library deletes some:
     * both libraries scan the same descriptions and take the written bytes (null and empty values as empty blobs).
     * Then plainlance rewrites rows (an update of the id of every fourth row, moving it with its blob; a merge insert
     * of new values for some ids; a compaction), and both libraries still take what the rows hold.
     */
    @ParameterizedTest(name = "{0} written by {1}")
    @MethodSource("writers")
    void bothLibrariesScanAndTakeWhatEitherWrote(String version, String writer, @TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        int rows = 60;
        try (BufferAllocator allocator = new RootAllocator()) {
            Map<Long, byte[]> written = new java.util.HashMap<>();
            write(dir, allocator, version, 0, rows, writer.equals("official"), written);
            write(dir, allocator, version, rows, rows, !writer.equals("official"), written);
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                official.delete("id % 9 = 4");
            }
            checkBoth(uri, allocator, written, true);
            try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                ours.update("id % 4 = 0", Map.of("id", "id + 1000"));
            }
            for (long id = 0; id < 2 * rows; id += 4) {
                byte[] value = written.remove(id);
                if (value != null) {
                    written.put(id + 1000, value);
                }
            }
            Map<Long, byte[]> upserts = new java.util.HashMap<>();
            try (VectorSchemaRoot source = rows(allocator, 90, 40, upserts);
                    ArrowReader values = ArrowReaders.of(SCHEMA, List.of(source), allocator);
                    dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                ours.mergeInsert(
                                new dev.plainlance.lance.merge.MergeInsertParams(List.of("id"))
                                        .withMatchedUpdateAll()
                                        .withNotMatched(
                                                dev.plainlance.lance.merge.MergeInsertParams.WhenNotMatched.InsertAll),
                                values)
                        .close();
            }
            for (long id = 90; id < 130; id++) {
                written.remove(id);
            }
            written.putAll(upserts);
            try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                ours.compact();
            }
            checkBoth(uri, allocator, written, false);
        }
    }

    /**
     * Both libraries scan the same rows of {@code uri}, and take for each live row (in a random order) the bytes
     * {@code written} holds for its id (none: an empty blob); with {@code byRowId}, also by row id.
     */
    private static void checkBoth(String uri, BufferAllocator allocator, Map<Long, byte[]> written, boolean byRowId)
            throws Exception {
        try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            List<String> expected;
            try (org.lance.ipc.LanceScanner s = official.newScan(new org.lance.ipc.ScanOptions.Builder().build())) {
                expected = RowDump.lines(s.scanBatches());
            }
            try (dev.plainlance.lance.ipc.LanceScanner s =
                    ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder().build())) {
                assertEquals(expected, RowDump.lines(s.scanBatches()));
            }
            List<Long> ids = new ArrayList<>();
            try (dev.plainlance.lance.ipc.LanceScanner s =
                            ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                    .columns(List.of("id"))
                                    .build());
                    ArrowReader r = s.scanBatches()) {
                while (r.loadNextBatch()) {
                    BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector(0);
                    for (int i = 0; i < id.getValueCount(); i++) {
                        ids.add(id.get(i));
                    }
                }
            }
            List<Long> indices = new ArrayList<>();
            for (long i = 0; i < ids.size(); i++) {
                indices.add(i);
            }
            Collections.shuffle(indices, new Random(5));
            List<org.lance.BlobFile> theirs = official.takeBlobsByIndices(indices, "s.b");
            List<dev.plainlance.lance.BlobFile> mine = ours.takeBlobsByIndices(indices, "s.b");
            assertEquals(indices.size(), theirs.size());
            assertEquals(indices.size(), mine.size());
            int nonEmpty = 0;
            for (int k = 0; k < indices.size(); k++) {
                byte[] value = written.getOrDefault(ids.get(indices.get(k).intValue()), new byte[0]);
                nonEmpty += value.length > 0 ? 1 : 0;
                assertArrayEquals(value, theirs.get(k).read(), "official, row " + indices.get(k));
                assertArrayEquals(value, mine.get(k).read(), "plainlance, row " + indices.get(k));
                assertEquals(theirs.get(k).size(), mine.get(k).size());
                theirs.get(k).close();
                mine.get(k).close();
            }
            assertTrue(nonEmpty > ids.size() / 2, nonEmpty + " of " + ids.size());
            if (byRowId) {
                List<Long> rowIds = List.of(5L, 0L, 1L, 2L, 3L, (1L << 32) + 27, (3L << 32) + 1);
                List<org.lance.BlobFile> theirsById = official.takeBlobs(rowIds, "s.b");
                List<dev.plainlance.lance.BlobFile> mineById = ours.takeBlobs(rowIds, "s.b");
                assertEquals(theirsById.size(), mineById.size());
                for (int k = 0; k < theirsById.size(); k++) {
                    assertArrayEquals(theirsById.get(k).read(), mineById.get(k).read(), "row id " + rowIds.get(k));
                }
            }
            assertThrows(IllegalArgumentException.class, () -> ours.takeBlobs(List.of(0L), "s.k"));
            assertThrows(IllegalArgumentException.class, () -> ours.takeBlobs(List.of(0L), "s.none"));
        }
    }

    /**
     * A blob two structs deep ({@code s.t.b}), written by plainlance, with a value, a null blob, a null inner struct, a
     * null outer struct and an empty value: the official library scans the same rows and takes the same bytes.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2.0", "2.1"})
    void aBlobTwoStructsDeepReadsTheSameInBothLibraries(String version, @TempDir Path dir) throws Exception {
        Field blob = new Field(
                "b",
                new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, Map.of("lance-encoding:blob", "true")),
                null);
        Field inner = new Field("t", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(blob));
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(inner))));
        String uri = dir.resolve("ds").toString();
        byte[] value = new byte[5000];
        new Random(3).nextBytes(value);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            StructVector s = (StructVector) root.getVector(1);
            StructVector t = (StructVector) s.getChild("t");
            LargeVarBinaryVector b = (LargeVarBinaryVector) t.getChild("b");
            for (int i = 0; i < 5; i++) {
                id.setSafe(i, i);
                if (i == 3) {
                    s.setNull(i);
                    t.setNull(i);
                    b.setNull(i);
                    continue;
                }
                s.setIndexDefined(i);
                if (i == 2) {
                    t.setNull(i);
                    b.setNull(i);
                    continue;
                }
                t.setIndexDefined(i);
                if (i == 1) {
                    b.setNull(i);
                } else {
                    b.setSafe(i, i == 0 ? value : new byte[0]);
                }
            }
            id.setValueCount(5);
            b.setValueCount(5);
            t.setValueCount(5);
            s.setValueCount(5);
            root.setRowCount(5);
            try (ArrowReader reader = ArrowReaders.of(schema, List.of(root), allocator)) {
                dev.plainlance.lance.Dataset.create(
                                allocator,
                                reader,
                                uri,
                                new dev.plainlance.lance.WriteParams.Builder()
                                        .withDataStorageVersion(version)
                                        .build())
                        .close();
            }
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                    dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                List<String> expected;
                try (org.lance.ipc.LanceScanner sc =
                        official.newScan(new org.lance.ipc.ScanOptions.Builder().build())) {
                    expected = RowDump.lines(sc.scanBatches());
                }
                try (dev.plainlance.lance.ipc.LanceScanner sc =
                        ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder().build())) {
                    assertEquals(expected, RowDump.lines(sc.scanBatches()));
                }
                List<Long> indices = List.of(4L, 3L, 2L, 1L, 0L);
                List<org.lance.BlobFile> theirs = official.takeBlobsByIndices(indices, "s.t.b");
                List<dev.plainlance.lance.BlobFile> mine = ours.takeBlobsByIndices(indices, "s.t.b");
                assertEquals(5, theirs.size());
                assertEquals(5, mine.size());
                for (int k = 0; k < 5; k++) {
                    byte[] want = indices.get(k) == 0 ? value : new byte[0];
                    assertArrayEquals(want, theirs.get(k).read(), "official, row " + indices.get(k));
                    assertArrayEquals(want, mine.get(k).read(), "plainlance, row " + indices.get(k));
                }
            }
        }
    }

    /**
     * Rows {@code first..first+count-1}: row 2 has a null struct, rows 1 mod 7 a null blob, rows 3 mod 7 an empty one,
     * the others random values of up to 100 KB (a few) or 3 KB, which {@code written} records by id.
     */
    private static VectorSchemaRoot rows(BufferAllocator allocator, int first, int count, Map<Long, byte[]> written) {
        Random random = new Random(11 + first);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        StructVector s = (StructVector) root.getVector(1);
        BigIntVector k = (BigIntVector) s.getChild("k");
        LargeVarBinaryVector b = (LargeVarBinaryVector) s.getChild("b");
        for (int i = 0; i < count; i++) {
            int row = first + i;
            id.setSafe(i, row);
            if (row == 2) {
                s.setNull(i);
                k.setNull(i);
                b.setNull(i);
                continue;
            }
            s.setIndexDefined(i);
            k.setSafe(i, 10L * row);
            if (row % 7 == 1) {
                b.setNull(i);
                continue;
            }
            byte[] value = new byte[row % 7 == 3 ? 0 : random.nextInt(row % 5 == 0 ? 100_000 : 3_000) + 1];
            random.nextBytes(value);
            b.setSafe(i, value);
            written.put((long) row, value);
        }
        id.setValueCount(count);
        k.setValueCount(count);
        b.setValueCount(count);
        s.setValueCount(count);
        root.setRowCount(count);
        return root;
    }

    /**
     * A list of blobs: official 7.0.0 writes one in 2.0, and plainlance scans the same lists of descriptions; in 2.1
     * it writes a file its own scan cannot read (a panic: "Expected repetition level but data didn't contain
     * repetition"), which plainlance refuses with a typed error naming the file and the column.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2.0", "2.1"})
    void listsOfBlobsWrittenByTheOfficialLibrary(String version, @TempDir Path dir) throws Exception {
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field(
                        "l",
                        FieldType.nullable(ArrowType.List.INSTANCE),
                        List.of(new Field(
                                "item",
                                new FieldType(
                                        true,
                                        ArrowType.LargeBinary.INSTANCE,
                                        null,
                                        Map.of("lance-encoding:blob", "true")),
                                null)))));
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            org.apache.arrow.vector.complex.ListVector list =
                    (org.apache.arrow.vector.complex.ListVector) root.getVector(1);
            LargeVarBinaryVector items = (LargeVarBinaryVector) list.getDataVector();
            list.startNewValue(0);
            items.setSafe(0, new byte[] {1, 2});
            items.setSafe(1, new byte[] {3});
            list.endValue(0, 2);
            list.startNewValue(1);
            items.setSafe(2, new byte[] {4});
            list.endValue(1, 1);
            list.setNull(2);
            for (int i = 0; i < 3; i++) {
                id.setSafe(i, i);
            }
            id.setValueCount(3);
            items.setValueCount(3);
            list.setValueCount(3);
            root.setRowCount(3);
            new OfficialWriter(allocator, dir, OfficialWriter.Options.defaults().withDataStorageVersion(version))
                    .write(org.lance.WriteParams.WriteMode.CREATE, ArrowReaders.of(schema, List.of(root), allocator));
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator);
                    dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator);
                    org.lance.ipc.LanceScanner theirs =
                            official.newScan(new org.lance.ipc.ScanOptions.Builder().build());
                    dev.plainlance.lance.ipc.LanceScanner mine =
                            ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder().build())) {
                if (version.equals("2.0")) {
                    List<String> expected = RowDump.lines(theirs.scanBatches());
                    assertTrue(expected.get(1).contains("{\"position\":64,\"size\":1}"), expected.toString());
                    assertEquals(expected, RowDump.lines(mine.scanBatches()));
                } else {
                    assertThrows(Exception.class, () -> RowDump.lines(theirs.scanBatches()));
                    dev.plainlance.lance.file.format.LanceFileFormatException e = assertThrows(
                            dev.plainlance.lance.file.format.LanceFileFormatException.class,
                            () -> RowDump.lines(mine.scanBatches()));
                    assertTrue(
                            e.getMessage().contains("column 'l'")
                                    && e.getMessage().contains(".lance"),
                            e.getMessage());
                }
            }
        }
    }

    /** {@link #rows} written to {@code dir/ds} in files of 32 rows by the official library or plainlance. */
    private static void write(
            Path dir,
            BufferAllocator allocator,
            String version,
            int first,
            int rows,
            boolean official,
            Map<Long, byte[]> written)
            throws Exception {
        boolean create = first == 0;
        try (VectorSchemaRoot root = rows(allocator, first, rows, written)) {
            if (official) {
                new OfficialWriter(
                                allocator,
                                dir,
                                OfficialWriter.Options.defaults()
                                        .withDataStorageVersion(version)
                                        .withMaxRowsPerFile(32))
                        .write(
                                create
                                        ? org.lance.WriteParams.WriteMode.CREATE
                                        : org.lance.WriteParams.WriteMode.APPEND,
                                ArrowReaders.of(SCHEMA, List.of(root), allocator));
                return;
            }
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                dev.plainlance.lance.Dataset.create(
                                allocator,
                                reader,
                                dir.resolve("ds").toString(),
                                new dev.plainlance.lance.WriteParams.Builder()
                                        .withMode(
                                                create
                                                        ? dev.plainlance.lance.WriteParams.WriteMode.CREATE
                                                        : dev.plainlance.lance.WriteParams.WriteMode.APPEND)
                                        .withDataStorageVersion(version)
                                        .withMaxRowsPerFile(32)
                                        .build())
                        .close();
            }
        }
    }
}
