package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.expr.ExpressionParseException;
import dev.plainlance.lance.fragment.DeletionFileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
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

class DeleteTest {
    private static final Schema SCHEMA =
            new Schema(List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path dir;

    private String uri;

    /** 20,000 ids in two fragments of 10,000. */
    @BeforeEach
    void create() throws IOException {
        uri = dir.resolve("ds").toString();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            root.allocateNew();
            for (int i = 0; i < 20_000; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i);
            }
            root.setRowCount(20_000);
            try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                data,
                                uri,
                                new WriteParams.Builder()
                                        .withMaxRowsPerFile(10_000)
                                        .build())
                        .close();
            }
        }
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private List<Long> ids(Dataset ds) throws IOException {
        return DatasetWriteTest.rows(ds).stream()
                .map(r -> Long.parseLong(r.replaceAll("\\D", "")))
                .toList();
    }

    @Test
    void deletesMatchingRowsWithArrowAndBitmapFiles() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id % 3 = 0 AND id < 9000");
            assertEquals(2, ds.version());
            assertEquals("Delete", ds.readTransaction().orElseThrow().operationName());
            assertEquals(
                    DeletionFileType.ARRAY,
                    ds.getFragments()
                            .get(0)
                            .metadata()
                            .getDeletionFile()
                            .orElseThrow()
                            .fileType());
            assertEquals(3000, ds.getFragments().get(0).metadata().getNumDeletions());
            ds.delete("id BETWEEN 1 AND 6000");
            FragmentCheck.bitmap(ds);
            List<Long> expected = LongStream.range(0, 20_000)
                    .filter(i -> !(i % 3 == 0 && i < 9000) && !(i >= 1 && i <= 6000))
                    .boxed()
                    .toList();
            assertEquals(expected, ids(ds));
            assertEquals(expected.size(), ds.countRows());
            assertEquals(expected.stream().filter(i -> i >= 15_000).count(), ds.countRows("id >= 15000"));
            assertEquals(20_000, ids(ds.checkoutVersion(1)).size());
        }
    }

    @Test
    void wholeFragmentsAreDropped() throws IOException {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ds.delete("id < 10000 OR id = 12345");
            assertEquals(
                    List.of(1), ds.getFragments().stream().map(f -> f.getId()).toList());
            assertEquals(9_999, ds.countRows());
        }
    }

    @Test
    void badPredicatesFailBeforeWritingAnything() {
        try (Dataset ds = Dataset.open(uri, allocator)) {
            ExpressionParseException parse = assertThrows(ExpressionParseException.class, () -> ds.delete("id >"));
            assertTrue(parse.getMessage().contains("position"), parse.getMessage());
            ExpressionParseException unknown =
                    assertThrows(ExpressionParseException.class, () -> ds.delete("nope = 1"));
            assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
            assertEquals(1, ds.latestVersion());
        }
    }

    @Test
    void concurrentDeletesRebaseRowByRowAndConflictOnlyOnTheSameRows() throws IOException {
        try (Dataset a = Dataset.open(uri, allocator);
                Dataset b = Dataset.open(uri, allocator);
                Dataset c = Dataset.open(uri, allocator);
                Dataset d = Dataset.open(uri, allocator)) {
            a.delete("id = 5");
            b.delete("id = 6");
            assertEquals(3, b.version(), "other rows of the same fragment: rebased onto a's deletion file");
            c.delete("id = 15000");
            assertEquals(4, c.version());
            assertEquals(19_997, c.countRows());
            assertEquals(2, c.getFragments().get(0).metadata().getNumDeletions());
            assertThrows(
                    CommitConflictException.class,
                    () -> d.delete("id >= 6 AND id < 9"),
                    "row 6 was deleted concurrently");
            assertEquals(4, d.latestVersion());
            d.delete("id = 9999");
            List<Long> expected = LongStream.range(0, 20_000)
                    .filter(i -> i != 5 && i != 6 && i != 15000 && i != 9999)
                    .boxed()
                    .toList();
            assertEquals(expected, ids(d));
        }
    }

    /** Assertions on the deletion files of the first fragment. */
    private static final class FragmentCheck {
        static void bitmap(Dataset ds) {
            var deletion = ds.getFragments().get(0).metadata().getDeletionFile().orElseThrow();
            assertEquals(DeletionFileType.BITMAP, deletion.fileType(), "over 5000 deleted rows use a bitmap");
            assertEquals(ds.version() - 1, deletion.readVersion());
        }
    }
}
