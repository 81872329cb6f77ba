package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.IdRows;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.io.ForwardingStorage;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Dataset#migrateManifestPathsV2()}: V1 manifest names become V2 names, also across crashes. */
class ManifestMigrationTest {
    private static final int VERSIONS = 4;

    @TempDir
    Path dir;

    private final BufferAllocator allocator = new RootAllocator();
    private final IdRows rows = new IdRows(allocator, false);

    @AfterEach
    void close() {
        rows.close();
        allocator.close();
    }

    @Test
    void everyManifestGetsItsV2NameAndEveryVersionReadsAsBefore() throws Exception {
        Path table = v1Dataset("t");
        List<List<Long>> before = everyVersion(table);
        try (Dataset ds = open(table)) {
            assertEquals(ManifestNaming.V1, ds.manifestNaming());
            ds.migrateManifestPathsV2();
            assertEquals(ManifestNaming.V2, ds.manifestNaming());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 7L, 8L), ids(ds));
        }
        assertEquals(List.of(ManifestNaming.V2), namings(table));
        assertEquals(VERSIONS, manifestFiles(table).size());
        assertEquals(before, everyVersion(table));
        append(table, 100);
        assertEquals(List.of(ManifestNaming.V2), namings(table), "the next commit takes a V2 name");
        assertEquals(0, new ManifestStore(new LocalStorage(table)).migrateToV2(), "nothing is left to rename");
    }

    /**
     * A migration stopped before each of its writes (a V2 name created, a V1 name deleted, newest version first)
     * leaves every version readable as before; a cleanup then removes both names of a version with two, and a
     * second migration finishes the rest.
     */
    @Test
    void aMigrationStoppedAtAnyStepReadsAsBeforeAndFinishesWhenRunAgain() throws Exception {
        for (int stopAt = 0; stopAt < 2 * VERSIONS; stopAt++) {
            Path table = v1Dataset("stop-" + stopAt);
            List<List<Long>> before = everyVersion(table);
            StoppingStorage stopping = new StoppingStorage(new LocalStorage(table), stopAt);
            assertThrows(LanceIOException.class, () -> new ManifestStore(stopping).migrateToV2(), "stop " + stopAt);
            assertEquals(before, everyVersion(table), "stop " + stopAt);
            // after an odd number of writes one version has both names
            assertEquals(VERSIONS + stopAt % 2, manifestFiles(table).size(), "stop " + stopAt);

            try (Dataset ds = open(table)) {
                ds.cleanupWithPolicy(
                        CleanupPolicy.builder().withBeforeVersion(3).build());
            }
            assertEquals(List.of(3L, 4L), versions(table), "stop " + stopAt);
            assertEquals(before.subList(2, VERSIONS), everyVersion(table).subList(0, 2));
            try (Dataset ds = open(table)) {
                ds.migrateManifestPathsV2();
            }
            assertEquals(List.of(ManifestNaming.V2), namings(table), "stop " + stopAt);
            assertEquals(2, manifestFiles(table).size(), "stop " + stopAt);
            assertEquals(before.subList(2, VERSIONS), everyVersion(table).subList(0, 2));
        }
    }

    @Test
    void aVersionWithTwoDifferentManifestsIsRefusedByName() throws Exception {
        Path table = v1Dataset("clash");
        Files.copy(
                table.resolve("_versions/2.manifest"),
                table.resolve("_versions/" + ManifestNaming.V2.key(1).substring("_versions/".length())));
        CorruptFileException listed =
                assertThrows(CorruptFileException.class, () -> new ManifestStore(new LocalStorage(table)).list());
        assertEquals(true, listed.getMessage().contains("version 1 has two manifests"), listed.getMessage());
        CorruptFileException migrated = assertThrows(
                CorruptFileException.class, () -> new ManifestStore(new LocalStorage(table)).migrateToV2());
        assertEquals(true, migrated.getMessage().contains("different bytes"), migrated.getMessage());
    }

    /** Forwards calls, but fails every write from the {@code stopAt}-th on, as a process stopped there. */
    private static final class StoppingStorage extends ForwardingStorage {
        private int writesLeft;

        StoppingStorage(Storage inner, int stopAt) {
            super(inner);
            this.writesLeft = stopAt;
        }

        private void write() throws IOException {
            if (writesLeft-- <= 0) {
                throw new IOException("stopped");
            }
        }

        @Override
        public void putIfAbsent(String key, byte[] data) throws IOException {
            write();
            super.putIfAbsent(key, data);
        }

        @Override
        public boolean delete(String key) throws IOException {
            write();
            return super.delete(key);
        }
    }

    /** A dataset with V1 manifest names and {@link #VERSIONS} versions: a create, two appends and a delete. */
    private Path v1Dataset(String name) throws Exception {
        Path table = dir.resolve(name);
        try (ArrowReader data = ids(1, 5);
                Dataset ds = Dataset.create(
                        allocator,
                        data,
                        table.toString(),
                        new WriteParams.Builder()
                                .withEnableV2ManifestPaths(false)
                                .build())) {
            assertEquals(1, ds.version());
        }
        append(table, 5);
        append(table, 7);
        try (Dataset ds = open(table)) {
            ds.delete("id = 6");
        }
        assertEquals(List.of(ManifestNaming.V1), namings(table));
        return table;
    }

    private void append(Path table, long from) throws Exception {
        try (ArrowReader data = ids(from, from + 2);
                Dataset ds = Dataset.create(
                        allocator,
                        data,
                        table.toString(),
                        new WriteParams.Builder()
                                .withMode(WriteParams.WriteMode.APPEND)
                                .build())) {
            assertEquals(true, ds.version() > 1);
        }
    }

    private ArrowReader ids(long from, long to) {
        return rows.reader(from, to);
    }

    private Dataset open(Path table) {
        return Dataset.open(allocator, table.toString(), new ReadOptions.Builder().build());
    }

    private Dataset open(Path table, long version) {
        return Dataset.open(
                allocator,
                table.toString(),
                new ReadOptions.Builder().setVersion(version).build());
    }

    private List<Long> versions(Path table) {
        return new ManifestStore(new LocalStorage(table))
                .list().stream().map(ManifestStore.Location::version).toList();
    }

    /** The ids of each listed version, oldest first. */
    private List<List<Long>> everyVersion(Path table) throws Exception {
        List<List<Long>> out = new ArrayList<>();
        for (long version : versions(table)) {
            try (Dataset ds = open(table, version)) {
                out.add(ids(ds));
            }
        }
        return out;
    }

    private static List<Long> ids(Dataset ds) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (ArrowReader reader = ds.newScan().scanBatches()) {
            while (reader.loadNextBatch()) {
                BigIntVector id = (BigIntVector) reader.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < id.getValueCount(); i++) {
                    ids.add(id.get(i));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    private static List<String> manifestFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.list(table.resolve("_versions"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> ManifestNaming.parse(n).isPresent())
                    .sorted()
                    .toList();
        }
    }

    private static List<ManifestNaming> namings(Path table) throws IOException {
        return manifestFiles(table).stream()
                .map(n -> ManifestNaming.parse(n).orElseThrow().naming())
                .distinct()
                .toList();
    }
}
