package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Fragment;
import dev.plainlance.lance.FragmentMergeResult;
import dev.plainlance.lance.FragmentMetadata;
import dev.plainlance.lance.FragmentUpdateResult;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.operation.Delete;
import dev.plainlance.lance.operation.Merge;
import dev.plainlance.lance.operation.Update;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-fragment changes committed later ({@code Fragment.deleteRows}, {@code updateColumns}, {@code mergeColumns}
 * with the {@code Delete}, {@code Update} and {@code Merge} operations) and columns added from a stream
 * ({@code Dataset.addColumns(stream)}): plainlance and the official library do the same change on twin datasets
 * the official library wrote, and the official library reads the same rows from both.
 */
class FragmentChangesInteropTest {
    private static final Schema UPDATE_STREAM = new Schema(List.of(
            new Field("_rowid", FieldType.notNullable(new ArrowType.Int(64, false)), null),
            new Field("value", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));
    private static final Schema MERGE_STREAM = new Schema(List.of(
            new Field("key", FieldType.notNullable(new ArrowType.Int(32, true)), null),
            new Field("extra", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("score", FieldType.nullable(new ArrowType.Int(32, true)), null)));

    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /** Two fragments (ids 0..39 and 40..69) with every fifth row deleted, written by the official library. */
    private static OfficialWriter twin(Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 40);
        w.append(RichData.simpleSchema(), 40, 30);
        w.delete("id % 5 = 2");
        return w;
    }

    private static Dataset plain(String uri) {
        return Dataset.open(allocator, uri, ReadOptions.defaults());
    }

    private static List<String> officialRows(String uri) throws Exception {
        try (org.lance.Dataset official =
                        org.lance.Dataset.open(allocator, uri, new org.lance.ReadOptions.Builder().build());
                org.lance.ipc.LanceScanner scan = official.newScan(new org.lance.ipc.ScanOptions.Builder()
                        .withRowAddress(true)
                        .build())) {
            return RowDump.lines(scan.scanBatches());
        }
    }

    /** Live row offsets of fragment {@code id}, shuffled by {@code seed}. */
    private static List<Integer> liveOffsets(Dataset ds, int id, long seed) throws Exception {
        List<Integer> offsets = new ArrayList<>();
        try (ArrowReader reader = new Fragment(ds, id)
                .newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                        .columns(List.of("id"))
                        .withRowAddress(true)
                        .build())
                .scanBatches()) {
            while (reader.loadNextBatch()) {
                UInt8Vector addresses =
                        (UInt8Vector) reader.getVectorSchemaRoot().getVector("_rowaddr");
                for (int r = 0; r < addresses.getValueCount(); r++) {
                    offsets.add((int) addresses.get(r));
                }
            }
        }
        Collections.shuffle(offsets, new Random(seed));
        return offsets;
    }

    @Test
    void deletedRowsCommittedLaterAreTheRowsTheOfficialDeleteRowsDeletes(@TempDir Path dir) throws Exception {
        OfficialWriter theirs = twin(dir.resolve("official"));
        OfficialWriter ours = twin(dir.resolve("plain"));
        for (long seed = 1; seed <= 3; seed++) {
            List<Integer> some;
            try (Dataset ds = plain(ours.uri())) {
                List<Integer> live = liveOffsets(ds, 0, seed);
                some = live.subList(0, live.size() / 3);
                FragmentMetadata updated = new Fragment(ds, 0).deleteRows(some);
                assertNotNull(updated);
                try (Dataset next = ds.newTransactionBuilder()
                        .operation(Update.builder()
                                .updatedFragments(List.of(updated))
                                .build())
                        .build()
                        .commit()) {
                    assertEquals(ds.countRows() - some.size(), next.countRows());
                }
            }
            try (org.lance.Dataset official = theirs.open()) {
                org.lance.FragmentMetadata updated = new org.lance.Fragment(official, 0).deleteRows(some);
                official.newTransactionBuilder()
                        .operation(org.lance.operation.Update.builder()
                                .updatedFragments(List.of(updated))
                                .build())
                        .build()
                        .commit()
                        .close();
            }
            assertEquals(officialRows(theirs.uri()), officialRows(ours.uri()), "seed " + seed);
        }
    }

    @Test
    void aFragmentLeftWithoutRowsIsRemovedByADelete(@TempDir Path dir) throws Exception {
        OfficialWriter theirs = twin(dir.resolve("official"));
        OfficialWriter ours = twin(dir.resolve("plain"));
        List<Integer> all;
        try (Dataset ds = plain(ours.uri())) {
            all = liveOffsets(ds, 1, 7);
            assertNull(new Fragment(ds, 1).deleteRows(all), "no row is left");
            try (Dataset next = ds.newTransactionBuilder()
                    .operation(Delete.builder()
                            .deletedFragmentIds(List.of(1L))
                            .predicate("id >= 40")
                            .build())
                    .build()
                    .commit()) {
                assertEquals(
                        List.of(0),
                        next.getFragments().stream().map(Fragment::getId).toList());
            }
        }
        try (org.lance.Dataset official = theirs.open()) {
            assertNull(new org.lance.Fragment(official, 1).deleteRows(all));
            official.newTransactionBuilder()
                    .operation(org.lance.operation.Delete.builder()
                            .deletedFragmentIds(List.of(1L))
                            .predicate("id >= 40")
                            .build())
                    .build()
                    .commit()
                    .close();
        }
        assertEquals(officialRows(theirs.uri()), officialRows(ours.uri()));
        try (org.lance.Dataset official = theirs.open()) {
            assertEquals(
                    "Delete",
                    official.readTransaction().orElseThrow().operation().name());
        }
        try (Dataset ds = plain(ours.uri())) {
            assertThrows(IllegalArgumentException.class, () -> new Fragment(ds, 0).deleteRows(List.of(40)));
            assertThrows(IllegalArgumentException.class, () -> new Fragment(ds, 0).deleteRows(List.of(-1)));
        }
    }

    @Test
    void updatedColumnsAreTheOfficialUpdateColumnsResult(@TempDir Path dir) throws Exception {
        OfficialWriter theirs = twin(dir.resolve("official"));
        OfficialWriter ours = twin(dir.resolve("plain"));
        // row ids of fragment 1 are (1 << 32) | offset; offset 2 (id 42) is deleted, 31 is past the end
        long[] offsets = {0, 2, 5, 6, 29, 31, 5};
        Consumer<VectorSchemaRoot> fill = root -> {
            UInt8Vector ids = (UInt8Vector) root.getVector("_rowid");
            Float8Vector values = (Float8Vector) root.getVector("value");
            for (int i = 0; i < offsets.length; i++) {
                ids.setSafe(i, (1L << 32) | offsets[i]);
                if (i == 3) {
                    values.setNull(i);
                } else {
                    values.setSafe(i, 1000.5 + i);
                }
            }
            root.setRowCount(offsets.length);
        };
        FragmentUpdateResult result;
        try (Dataset ds = plain(ours.uri());
                ArrowReader stream = OneBatchReader.of(allocator, UPDATE_STREAM, fill)) {
            result = new Fragment(ds, 1).updateColumns(stream);
            ds.newTransactionBuilder()
                    .operation(Update.builder()
                            .updatedFragments(List.of(result.getUpdatedFragment()))
                            .fieldsModified(result.getFieldsModified())
                            .updateMode(Optional.of(Update.UpdateMode.RewriteColumns))
                            .build())
                    .build()
                    .commit()
                    .close();
        }
        org.lance.fragment.FragmentUpdateResult official;
        try (org.lance.Dataset ds = theirs.open();
                ArrowReader source = OneBatchReader.of(allocator, UPDATE_STREAM, fill);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, source, stream);
            official = new org.lance.Fragment(ds, 1).updateColumns(stream);
            ds.newTransactionBuilder()
                    .operation(org.lance.operation.Update.builder()
                            .updatedFragments(List.of(official.getUpdatedFragment()))
                            .fieldsModified(official.getFieldsModified())
                            .updateMode(Optional.of(org.lance.operation.Update.UpdateMode.RewriteColumns))
                            .build())
                    .build()
                    .commit()
                    .close();
        }
        assertArrayEquals(official.getFieldsModified(), result.getFieldsModified());
        List<String> expected = officialRows(theirs.uri());
        assertEquals(expected, officialRows(ours.uri()));
        assertTrue(String.join("\n", expected).contains("1000.5"), "the update changed values");
        try (Dataset ds = plain(ours.uri())) {
            assertEquals(
                    List.of(-2, 0, 1),
                    java.util.Arrays.stream(ds.getFragments()
                                    .get(1)
                                    .metadata()
                                    .getFiles()
                                    .get(0)
                                    .getFields())
                            .sorted()
                            .boxed()
                            .toList(),
                    "the old file's value column is tombstoned");
        }
    }

    @Test
    void mergedColumnsAreTheOfficialMergeColumnsResult(@TempDir Path dir) throws Exception {
        OfficialWriter theirs = twin(dir.resolve("official"));
        OfficialWriter ours = twin(dir.resolve("plain"));
        int[] keys = {3, 4, 12, 41, 44, 68, 500, 4};
        Consumer<VectorSchemaRoot> fill = root -> {
            IntVector key = (IntVector) root.getVector("key");
            VarCharVector extra = (VarCharVector) root.getVector("extra");
            IntVector score = (IntVector) root.getVector("score");
            for (int i = 0; i < keys.length; i++) {
                key.setSafe(i, keys[i]);
                if (i == 2) {
                    extra.setNull(i);
                } else {
                    extra.setSafe(i, ("x" + keys[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                score.setSafe(i, keys[i] * 10);
            }
            root.setRowCount(keys.length);
        };
        try (Dataset ds = plain(ours.uri())) {
            List<FragmentMetadata> merged = new ArrayList<>();
            Schema schema = null;
            for (Fragment fragment : ds.getFragments()) {
                try (ArrowReader stream = OneBatchReader.of(allocator, MERGE_STREAM, fill)) {
                    FragmentMergeResult result = fragment.mergeColumns(stream, "id", "key");
                    merged.add(result.getFragmentMetadata());
                    schema = result.getSchema().asArrowSchema();
                }
            }
            ds.newTransactionBuilder()
                    .operation(Merge.builder().fragments(merged).schema(schema).build())
                    .build()
                    .commit()
                    .close();
        }
        try (org.lance.Dataset ds = theirs.open()) {
            List<org.lance.FragmentMetadata> merged = new ArrayList<>();
            Schema schema = null;
            for (org.lance.Fragment fragment : ds.getFragments()) {
                try (ArrowReader source = OneBatchReader.of(allocator, MERGE_STREAM, fill);
                        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                    Data.exportArrayStream(allocator, source, stream);
                    org.lance.fragment.FragmentMergeResult result = fragment.mergeColumns(stream, "id", "key");
                    merged.add(result.getFragmentMetadata());
                    schema = result.getSchema().asArrowSchema();
                }
            }
            try (var transaction = ds.newTransactionBuilder()
                    .operation(org.lance.operation.Merge.builder()
                            .fragments(merged)
                            .schema(schema)
                            .build())
                    .build()) {
                transaction.commit().close();
            }
        }
        List<String> expected = officialRows(theirs.uri());
        assertEquals(expected, officialRows(ours.uri()));
        assertTrue(expected.get(0).contains("extra") && expected.get(0).contains("score"), expected.get(0));
    }

    @Test
    void columnsAddedFromAStreamAreTheOfficialAddColumnsResult(@TempDir Path dir) throws Exception {
        OfficialWriter theirs = twin(dir.resolve("official"));
        OfficialWriter ours = twin(dir.resolve("plain"));
        Schema added = new Schema(List.of(
                new Field("extra", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
                new Field("score", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
        int live = 56; // 70 rows, every fifth deleted
        java.util.function.IntFunction<Consumer<VectorSchemaRoot>> rows = count -> root -> {
            VarCharVector extra = (VarCharVector) root.getVector("extra");
            IntVector score = (IntVector) root.getVector("score");
            for (int i = 0; i < count; i++) {
                if (i % 7 == 3) {
                    extra.setNull(i);
                } else {
                    extra.setSafe(i, ("e" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                score.setSafe(i, i * 3);
            }
            root.setRowCount(count);
        };
        try (Dataset ds = plain(ours.uri())) {
            long before = ds.version();
            try (ArrowReader stream = OneBatchReader.of(allocator, added, rows.apply(live - 1))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> ds.addColumns(stream, Optional.empty()));
                assertTrue(e.getMessage().contains("ended before"), e.getMessage());
            }
            try (ArrowReader stream = OneBatchReader.of(allocator, added, rows.apply(live + 1))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> ds.addColumns(stream, Optional.empty()));
                assertTrue(e.getMessage().contains("more rows"), e.getMessage());
            }
            assertEquals(before, ds.latestVersion(), "a refused stream commits nothing");
            try (ArrowReader stream = OneBatchReader.of(allocator, added, rows.apply(live))) {
                ds.addColumns(stream, Optional.empty());
            }
        }
        try (org.lance.Dataset ds = theirs.open();
                ArrowReader source = OneBatchReader.of(allocator, added, rows.apply(live));
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, source, stream);
            ds.addColumns(stream, Optional.empty());
        }
        List<String> expected = officialRows(theirs.uri());
        assertEquals(expected, officialRows(ours.uri()));
        assertTrue(expected.get(0).contains("extra") && expected.get(0).contains("score"), expected.get(0));
    }
}
