package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.LanceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official builder forms: {@code Dataset.open()}, {@code Dataset.write()} and {@code Fragment.write()}. */
class DatasetBuildersTest {
    @TempDir
    Path dir;

    private final BufferAllocator allocator = new RootAllocator();
    private final IdRows ids = new IdRows(allocator, true);
    private final Schema schema = ids.schema();

    @AfterEach
    void close() {
        ids.close();
        allocator.close();
    }

    private VectorSchemaRoot batch(long from, long to) {
        return ids.batch(from, to);
    }

    private ArrowReader rows(long from, long to) {
        return ids.reader(from, to);
    }

    @Test
    void writeCreatesAnEmptyTableFromASchemaThenAppendsRowsWithOrWithoutAnAllocator() throws Exception {
        String uri = dir.resolve("t").toString();
        try (Dataset ds =
                Dataset.write().allocator(allocator).uri(uri).schema(schema).execute()) {
            assertEquals(1, ds.version());
            assertEquals(0, ds.countRows());
            assertEquals(schema, ds.getSchema());
        }
        LanceException exists = assertThrows(LanceException.class, () -> Dataset.write()
                .allocator(allocator)
                .uri(uri)
                .schema(schema)
                .execute());
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        try (ArrowReader data = rows(0, 30);
                Dataset ds = Dataset.write()
                        .reader(data)
                        .uri(uri)
                        .mode(WriteParams.WriteMode.APPEND)
                        .maxRowsPerFile(10)
                        .execute()) {
            assertEquals(2, ds.version());
            assertEquals(3, ds.getFragments().size());
            assertEquals(1, ds.countRows("id = 29"));
        }
        try (ArrowReader data = rows(100, 105);
                Dataset ds = Dataset.write()
                        .allocator(allocator)
                        .reader(data)
                        .schema(schema)
                        .uri(uri)
                        .mode(WriteParams.WriteMode.OVERWRITE)
                        .dataStorageVersion("2.0")
                        .execute()) {
            assertEquals(3, ds.version());
            assertEquals(5, ds.countRows());
        }
    }

    @Test
    void writeRefusesMissingOrConflictingInputsBeforeWritingAnything() throws Exception {
        String uri = dir.resolve("refused").toString();
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.write().schema(schema).execute());
        assertThrows(
                IllegalArgumentException.class, () -> Dataset.write().uri(uri).execute());
        Schema other = new Schema(List.of(Field.nullable("name", ArrowType.Utf8.INSTANCE)));
        try (ArrowReader data = rows(0, 3)) {
            IllegalArgumentException conflict = assertThrows(
                    IllegalArgumentException.class,
                    () -> Dataset.write().reader(data).schema(other).uri(uri).execute());
            assertTrue(conflict.getMessage().contains("is not the rows' schema"), conflict.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("refused")));
    }

    @Test
    void maxRowsPerGroupIsKeptAndChangesNothingInTheFiles() throws Exception {
        WriteParams params = new WriteParams.Builder().withMaxRowsPerGroup(3).build();
        assertEquals(Optional.of(3), params.getMaxRowsPerGroup());
        assertEquals(Optional.empty(), new WriteParams.Builder().build().getMaxRowsPerGroup());
        assertThrows(IllegalArgumentException.class, () -> new WriteParams.Builder().withMaxRowsPerGroup(0));
        List<Long> sizes = new ArrayList<>();
        for (String name : List.of("grouped", "plain")) {
            WriteDatasetBuilder write =
                    Dataset.write().uri(dir.resolve(name).toString()).maxRowsPerFile(8);
            if (name.equals("grouped")) {
                write.maxRowsPerGroup(3);
            }
            try (ArrowReader data = rows(0, 20);
                    Dataset ds = write.reader(data).execute()) {
                assertEquals(3, ds.getFragments().size());
                assertEquals(20, ds.countRows());
            }
            try (java.util.stream.Stream<Path> files =
                    Files.list(dir.resolve(name).resolve("data"))) {
                sizes.add(files.mapToLong(f -> f.toFile().length()).sum());
            }
        }
        assertEquals(sizes.get(1), sizes.get(0), "the data files are the same size with and without row groups");
    }

    @Test
    void openBuildsFromAUriWithOrWithoutAnAllocatorAndReadOptions() throws Exception {
        String uri = dir.resolve("o").toString();
        try (ArrowReader data = rows(0, 4)) {
            Dataset.create(allocator, data, uri, new WriteParams.Builder().build())
                    .close();
        }
        try (ArrowReader data = rows(4, 6)) {
            Dataset.write()
                    .reader(data)
                    .uri(uri)
                    .mode(WriteParams.WriteMode.APPEND)
                    .execute()
                    .close();
        }
        try (Dataset latest = Dataset.open().uri(uri).build();
                Dataset first = Dataset.open()
                        .allocator(allocator)
                        .uri(uri)
                        .readOptions(new ReadOptions.Builder().setVersion(1).build())
                        .build()) {
            assertEquals(2, latest.version());
            assertEquals(6, latest.countRows());
            assertEquals(1, first.version());
            assertEquals(4, first.countRows());
            assertEquals(null, latest.getInitialStorageOptions(), "none given, as the official method says");
        }
        Map<String, String> given = Map.of("plainlance_durability", "process_crash");
        try (Dataset ds = Dataset.open()
                        .uri(uri)
                        .readOptions(new ReadOptions.Builder()
                                .setStorageOptions(given)
                                .build())
                        .build();
                Dataset first = ds.checkoutVersion(1)) {
            assertEquals(given, ds.getInitialStorageOptions());
            assertEquals(given, ds.getLatestStorageOptions());
            assertEquals(given, first.getInitialStorageOptions());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.open().allocator(allocator).build());
    }

    @Test
    void fragmentWriteReturnsFragmentsAnotherCommitAppends() throws Exception {
        String uri = dir.resolve("f").toString();
        Dataset.write().allocator(allocator).uri(uri).schema(schema).execute().close();
        List<FragmentMetadata> fromRoot = Fragment.write()
                .datasetUri(uri)
                .data(batch(0, 25))
                .writeParams(new WriteParams.Builder().withMaxRowsPerFile(1000).build())
                .maxRowsPerFile(10)
                .execute();
        List<FragmentMetadata> fromReader;
        try (ArrowReader data = rows(25, 30)) {
            fromReader = Fragment.write()
                    .allocator(allocator)
                    .datasetUri(uri)
                    .data(data)
                    .execute();
        }
        assertEquals(3, fromRoot.size(), "the setter after writeParams wins");
        assertEquals(1, fromReader.size());
        List<FragmentMetadata> all = new ArrayList<>(fromRoot);
        all.addAll(fromReader);
        try (Dataset ds = Dataset.commitAppend(uri, Optional.of(1L), all, Map.of())) {
            assertEquals(2, ds.version());
            assertEquals(30, ds.countRows());
        }
        assertThrows(
                NullPointerException.class,
                () -> Fragment.write().data(batch(0, 1)).execute());
        IllegalStateException none = assertThrows(
                IllegalStateException.class,
                () -> Fragment.write().datasetUri(uri).execute());
        assertTrue(none.getMessage().contains("neither"), none.getMessage());
        try (ArrowReader data = rows(0, 1)) {
            assertThrows(IllegalStateException.class, () -> Fragment.write()
                    .datasetUri(uri)
                    .data(batch(0, 1))
                    .data(data)
                    .execute());
        }
    }
}
