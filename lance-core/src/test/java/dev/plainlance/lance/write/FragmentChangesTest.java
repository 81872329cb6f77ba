package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Fragment;
import dev.plainlance.lance.FragmentMetadata;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.operation.Delete;
import dev.plainlance.lance.operation.Merge;
import dev.plainlance.lance.operation.Update;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
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
 * Bad arguments to the per-fragment changes and to the transactions committing them are refused before anything is
 * written or committed.
 */
class FragmentChangesTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path dir;

    private String uri;

    /** Ids 0..99 in two fragments of 50. */
    @BeforeEach
    void create() throws IOException {
        uri = dir.resolve("ds").toString();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            root.allocateNew();
            for (int i = 0; i < 100; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
                ((BigIntVector) root.getVector(1)).setSafe(i, i * 2);
            }
            root.setRowCount(100);
            try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                data,
                                uri,
                                new WriteParams.Builder().withMaxRowsPerFile(50).build())
                        .close();
            }
        }
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private ArrowReader stream(Schema schema, Consumer<VectorSchemaRoot> fill) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        fill.accept(root);
        return ArrowReaders.owning(schema, List.of(root), allocator);
    }

    private long dataFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("ds").resolve("data"))) {
            return files.count();
        }
    }

    @Test
    void updateColumnsRefusesColumnsTheTableLacksOrTypesItDoesNotHave() throws IOException {
        Schema unknown = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("nope", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        Schema narrower = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("n", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        long files = dataFiles();
        try (Dataset ds = Dataset.open(uri, allocator)) {
            Fragment fragment = ds.getFragments().get(0);
            try (ArrowReader s = stream(unknown, r -> r.setRowCount(0))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> fragment.updateColumns(s, "id", "id"));
                assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
            }
            try (ArrowReader s = stream(narrower, r -> r.setRowCount(0))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> fragment.updateColumns(s, "id", "id"));
                assertTrue(e.getMessage().contains("'n'"), e.getMessage());
            }
            try (ArrowReader s = stream(narrower, r -> r.setRowCount(0))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> fragment.updateColumns(s, "id", "key"));
                assertTrue(e.getMessage().contains("'key'"), e.getMessage());
            }
        }
        assertEquals(files, dataFiles(), "nothing was written");
    }

    @Test
    void updateColumnsKeepsUnmatchedRowsAndReportsMatchedOffsets() throws IOException {
        Schema update = new Schema(List.of(
                new Field("key", FieldType.notNullable(new ArrowType.Int(32, true)), null),
                new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id = 52");
            Fragment fragment = ds.getFragments().get(1);
            try (ArrowReader s = stream(update, r -> {
                        int[] keys = {51, 52, 99, 7};
                        for (int i = 0; i < keys.length; i++) {
                            ((IntVector) r.getVector(0)).setSafe(i, keys[i]);
                            ((BigIntVector) r.getVector(1)).setSafe(i, -keys[i]);
                        }
                        r.setRowCount(keys.length);
                    });
                    Dataset next = ds.newTransactionBuilder()
                            .operation(updateOf(fragment.updateColumns(s, "id", "key")))
                            .build()
                            .commit()) {
                List<String> rows = DatasetWriteTest.rows(next);
                assertTrue(rows.contains("{\"id\":51,\"n\":-51}"), rows.toString());
                assertTrue(rows.contains("{\"id\":99,\"n\":-99}"), rows.toString());
                assertTrue(rows.contains("{\"id\":50,\"n\":100}"), rows.toString());
                assertTrue(rows.contains("{\"id\":7,\"n\":14}"), "another fragment's key matches nothing here");
                assertEquals(99, rows.size());
            }
        }
    }

    private static Update updateOf(dev.plainlance.lance.FragmentUpdateResult result) {
        assertEquals(
                List.of(1L, 49L),
                java.util.Arrays.stream(result.getUpdatedRowOffsets()).boxed().toList(),
                "live matched rows only: offset 2 (id 52) is deleted");
        return Update.builder()
                .updatedFragments(List.of(result.getUpdatedFragment()))
                .fieldsModified(result.getFieldsModified())
                .updateMode(Optional.of(Update.UpdateMode.RewriteColumns))
                .build();
    }

    @Test
    void mergeColumnsRefusesExistingNamesAndUnmatchedRowsOfANonNullableColumn() throws IOException {
        Schema existing = new Schema(List.of(
                new Field("key", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        Schema required = new Schema(List.of(
                new Field("key", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("m", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        try (Dataset ds = Dataset.open(uri, allocator)) {
            Fragment fragment = ds.getFragments().get(0);
            try (ArrowReader s = stream(existing, r -> r.setRowCount(0))) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> fragment.mergeColumns(s, "id", "key"));
                assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            }
            try (ArrowReader s = stream(required, r -> {
                ((BigIntVector) r.getVector(0)).setSafe(0, 3);
                ((BigIntVector) r.getVector(1)).setSafe(0, 3);
                r.setRowCount(1);
            })) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> fragment.mergeColumns(s, "id", "key"));
                assertTrue(e.getMessage().contains("49 rows of fragment 0"), e.getMessage());
            }
        }
    }

    @Test
    void transactionsNamingFragmentsTheVersionLacksCommitNothing() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            FragmentMetadata first = ds.getFragments().get(0).deleteRows(List.of(1, 2));
            ds.newTransactionBuilder()
                    .operation(Delete.builder().deletedFragmentIds(List.of(1L)).build())
                    .build()
                    .commit()
                    .close();
            try (Dataset v2 = Dataset.open(uri, allocator)) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> v2.newTransactionBuilder()
                                .operation(Delete.builder()
                                        .updatedFragments(List.of(first))
                                        .deletedFragmentIds(List.of(1L))
                                        .build())
                                .build()
                                .commit());
                assertTrue(e.getMessage().contains("fragment 1 is not in version 2"), e.getMessage());
                IllegalArgumentException m =
                        assertThrows(IllegalArgumentException.class, () -> v2.newTransactionBuilder()
                                .operation(Merge.builder()
                                        .fragments(List.of(first))
                                        .schema(new Schema(
                                                List.of(SCHEMA.getFields().get(0))))
                                        .build())
                                .build()
                                .commit());
                assertTrue(m.getMessage().contains("lacks its column 'n'"), m.getMessage());
                assertEquals(2, v2.latestVersion());
                assertEquals(50, v2.countRows());
            }
        }
    }
}
