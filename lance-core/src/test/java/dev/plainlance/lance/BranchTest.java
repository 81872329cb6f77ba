package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.BranchFailpoints;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import dev.plainlance.lance.table.Branch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Branches in memory and on the local file system: names, create, list, write, checkout, delete, crashes. */
class BranchTest {
    private static final Schema SCHEMA =
            new Schema(List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

    private final BufferAllocator allocator = new RootAllocator();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        allocator.close();
    }

    private void write(Storage storage, String uri, WriteParams.WriteMode mode, long from, int rows) {
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) batch.getVector("id");
            batch.allocateNew();
            for (int i = 0; i < rows; i++) {
                id.set(i, from + i);
            }
            batch.setRowCount(rows);
            try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(batch), allocator)) {
                Dataset.write(
                                storage,
                                uri,
                                data,
                                new WriteParams.Builder().withMode(mode).build(),
                                Clock.systemUTC())
                        .close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static List<Long> ids(Dataset ds) throws IOException {
        List<Long> out = new ArrayList<>();
        try (ArrowReader r = ds.newScan().scanBatches()) {
            while (r.loadNextBatch()) {
                BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < id.getValueCount(); i++) {
                    out.add(id.get(i));
                }
            }
        }
        return out;
    }

    private static List<String> keys(Storage storage, String prefix) throws IOException {
        return storage.list(prefix).stream().map(ObjectInfo::key).sorted().toList();
    }

    private InMemoryStorage mainWithTwoVersions() {
        InMemoryStorage storage = new InMemoryStorage();
        write(storage, "mem://ds", WriteParams.WriteMode.CREATE, 0, 10);
        write(storage, "mem://ds", WriteParams.WriteMode.APPEND, 10, 5);
        return storage;
    }

    private Dataset open(Storage storage) {
        return Dataset.open(Env.defaults(allocator), storage, "mem://ds", ReadOptions.defaults());
    }

    static Stream<String> invalidNames() {
        return Stream.of("", "/a", "a/", "a//b", "a/../b", "a\\b", "x.lock", "main", "bad name", "a/b$c");
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void anInvalidBranchNameIsRefusedByNameBeforeAnythingIsWritten(String name) throws IOException {
        InMemoryStorage storage = mainWithTwoVersions();
        List<String> before = keys(storage, "");
        try (Dataset ds = open(storage)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ds.createBranch(name, Ref.ofMain(1)));
            assertTrue(e.getMessage().startsWith("invalid branch name '" + name + "': "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertEquals(before, keys(storage, ""));
    }

    @Test
    void aBranchInMemoryIsCreatedWrittenCheckedOutAndDeletedWithoutTouchingMain() throws IOException {
        InMemoryStorage storage = mainWithTwoVersions();
        try (Dataset main = open(storage)) {
            try (Dataset branch = main.createBranch("feat/x", Ref.ofMain(1), Map.of("owner", "me"))) {
                assertEquals(Optional.of("feat/x"), branch.branch());
                assertEquals(1, branch.version());
                assertEquals("mem://ds/tree/feat/x", branch.uri());
                branch.delete("id < 3");
                assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), ids(branch));
            }
            try (Dataset branch = main.checkout(Ref.ofBranch("feat/x"))) {
                write(branch.storage(), branch.uri(), WriteParams.WriteMode.APPEND, 100, 2);
            }
            List<Branch> branches = main.branches().list();
            assertEquals(1, branches.size());
            Branch b = branches.get(0);
            assertEquals("feat/x", b.getName());
            assertEquals(Optional.empty(), b.getParentBranch());
            assertEquals(1, b.getParentVersion());
            assertEquals(Map.of("owner", "me"), b.getMetadata());
            assertEquals(1, b.getBranchIdentifier().size());
            assertTrue(storage.readIfExists("_refs/branches/feat%2Fx.json").isPresent());

            try (Dataset latest = main.checkout(Ref.ofBranch("feat/x"));
                    Dataset first = main.checkout(Ref.ofBranch("feat/x", 1))) {
                assertEquals(3, latest.version());
                assertEquals(9, latest.countRows());
                assertEquals(10, first.countRows());
                assertEquals(
                        List.of(1L, 2L, 3L),
                        latest.listVersions().stream().map(Version::getId).toList());
            }
            assertEquals(2, main.latestVersion());
            assertEquals(15, main.checkoutVersion(main.latestVersion()).countRows());

            main.branches().delete("feat/x");
            assertTrue(main.branches().list().isEmpty());
            assertEquals(List.of(), keys(storage, "tree/"));
            assertEquals(List.of(), keys(storage, "_refs/branches/"));
            assertThrows(NotFoundException.class, () -> main.checkout(Ref.ofBranch("feat/x")));
            try (Dataset again = Dataset.open(Env.defaults(allocator), storage, "mem://ds", ReadOptions.defaults())) {
                assertEquals(15, ids(again).size());
            }
        }
    }

    @Test
    void onTheLocalFileSystemBranchesOfBranchesAndTagsIntoBranchesResolve() throws IOException {
        String uri = dir.resolve("ds").toString();
        Storage storage = dev.plainlance.lance.io.Storages.forUri(uri);
        write(storage, uri, WriteParams.WriteMode.CREATE, 0, 10);
        try (Dataset main = Dataset.open(uri, allocator)) {
            try (Dataset a = main.createBranch("a", Ref.ofMain(1))) {
                a.delete("id >= 8");
            }
            main.tags().create("a2", Ref.ofBranch("a", 2));
            try (Dataset b = main.createBranch("b", Ref.ofTag("a2"))) {
                assertEquals(Optional.of("b"), b.branch());
                assertEquals(2, b.version());
                assertEquals(8, ids(b).size());
                b.delete("id = 0");
                assertEquals(7, ids(b).size());
            }
            Branch b = main.branches().list().get(1);
            assertEquals(Optional.of("a"), b.getParentBranch());
            assertEquals(2, b.getBranchIdentifier().size(), "the parent's lineage, then its own step");
            try (Dataset tagged =
                    Dataset.open(uri, new ReadOptions.Builder().setTag("a2").build())) {
                assertEquals(Optional.of("a"), tagged.branch());
                assertEquals(8, ids(tagged).size());
            }
            try (Dataset tagged = Dataset.open(
                    uri + "/tree/b", new ReadOptions.Builder().setTag("a2").build())) {
                assertEquals(Optional.of("a"), tagged.branch(), "a tag opened from a branch root resolves from main");
            }
            try (Dataset direct = Dataset.open(uri + "/tree/a", allocator)) {
                assertEquals(Optional.of("a"), direct.branch());
                assertEquals(
                        List.of("a", "b"),
                        direct.branches().list().stream().map(Branch::getName).toList());
                assertEquals(
                        List.of("a2"),
                        direct.tags().list().stream().map(t -> t.name()).toList());
                direct.tags().create("bare", 1);
                assertEquals(Optional.empty(), direct.tags().list().get(1).branch(), "a bare version names main");
                try (Dataset fromBranchInstance = direct.createBranch("c", 1)) {
                    assertEquals(10, ids(fromBranchInstance).size());
                }
            }
            assertEquals(Optional.empty(), main.branches().list().get(2).getParentBranch());
            main.branches().delete("c");
            LanceException parent =
                    assertThrows(LanceException.class, () -> main.branches().delete("a"));
            assertTrue(parent.getMessage().contains("parent of branch 'b'"), parent.getMessage());
            main.branches().delete("b");
            main.branches().delete("a");
        }
        assertTrue(Files.exists(dir.resolve("ds/_refs/tags/a2.json")));
        assertFalse(Files.exists(dir.resolve("ds/tree/a/_versions/latest_version_hint.json")));
    }

    /** Main at versions 1-4 (create, append, delete, overwrite) and branch "keep" from version 3. */
    private InMemoryStorage mainWithABranchFromVersion3() {
        InMemoryStorage storage = mainWithTwoVersions();
        try (Dataset main = open(storage)) {
            main.delete("id < 2");
            main.createBranch("keep", Ref.ofMain(3)).close();
        }
        write(storage, "mem://ds", WriteParams.WriteMode.OVERWRITE, 50, 3);
        return storage;
    }

    @Test
    void cleanupOfMainKeepsTheVersionsBranchesWereCreatedFrom() throws IOException {
        InMemoryStorage storage = mainWithABranchFromVersion3();
        try (Dataset main = open(storage)) {
            main.cleanupWithPolicy(CleanupPolicy.builder().withBeforeVersion(4).build());
            assertEquals(
                    List.of(3L, 4L),
                    main.listVersions().stream().map(Version::getId).toList());
            try (Dataset branch = main.checkout(Ref.ofBranch("keep"))) {
                assertEquals(13, ids(branch).size());
            }
        }
    }

    @Test
    void cleanupOfMainKeepsTheFilesABranchReadsEvenFromVersionsItDoesNotName() throws IOException {
        InMemoryStorage storage = mainWithABranchFromVersion3();
        // as official 7.0.0 writes a branch created from a branch: its file names a version its files do not
        // come from
        String file = "_refs/branches/keep.json";
        String json = new String(storage.read(file), StandardCharsets.UTF_8);
        storage.replace(
                file,
                json.replace("\"parentVersion\": 3", "\"parentVersion\": 1").getBytes(StandardCharsets.UTF_8));
        try (Dataset main = open(storage)) {
            assertEquals(1, main.branches().list().get(0).getParentVersion());
            main.cleanupWithPolicy(CleanupPolicy.builder().withBeforeVersion(4).build());
            assertEquals(
                    List.of(1L, 4L),
                    main.listVersions().stream().map(Version::getId).toList());
            try (Dataset branch = main.checkout(Ref.ofBranch("keep"))) {
                assertEquals(13, ids(branch).size());
            }
        }
    }

    @Test
    void aCorruptBranchFileIsATypedOneLineErrorNamingIt() throws IOException {
        InMemoryStorage storage = mainWithTwoVersions();
        try (Dataset main = open(storage)) {
            main.createBranch("x", Ref.ofMain(1)).close();
            for (String bad : List.of(
                    "{not json",
                    "[]",
                    "{\"parentBranch\": 3, \"parentVersion\": 1}",
                    "{}",
                    "{\"parentVersion\": -1}",
                    "{\"parentVersion\": 1, \"identifier\": {\"version_mapping\": [[1]]}}")) {
                storage.replace("_refs/branches/x.json", bad.getBytes(StandardCharsets.UTF_8));
                CorruptFileException e = assertThrows(
                        CorruptFileException.class, () -> main.branches().list(), bad);
                assertTrue(e.getMessage().contains("_refs/branches/x.json"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertThrows(CorruptFileException.class, () -> main.checkout(Ref.ofBranch("x")));
            }
        }
    }

    private static final class Crash extends RuntimeException {
        Crash(Failpoint point) {
            super("crash at " + point.name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aCrashWhileCreatingABranchLeavesNoBranchAndDeleteClearsWhatItLeft(int point) throws IOException {
        Failpoint crashAt = List.of(
                        DatasetFailpoints.TRANSACTION_WRITTEN,
                        DatasetFailpoints.MANIFEST_WRITTEN,
                        BranchFailpoints.BRANCH_CLONED)
                .get(point);
        InMemoryStorage storage = mainWithTwoVersions();
        Env crashing = Env.defaults(allocator).withFailpoints(p -> {
            if (p.equals(crashAt)) {
                throw new Crash(p);
            }
        });
        try (Dataset main = Dataset.open(crashing, storage, "mem://ds", ReadOptions.defaults())) {
            assertThrows(Crash.class, () -> main.createBranch("x", Ref.ofMain(2)));
        }
        try (Dataset main = open(storage)) {
            assertTrue(main.branches().list().isEmpty(), "a branch without its file is not listed");
            assertThrows(NotFoundException.class, () -> main.checkout(Ref.ofBranch("x")));
            boolean manifestLeft = point > 0;
            if (manifestLeft) {
                LanceException refused =
                        assertThrows(LanceException.class, () -> main.createBranch("x", Ref.ofMain(1)));
                assertTrue(refused.getMessage().contains("branches().delete(\"x\")"), refused.getMessage());
                assertFalse(refused.getMessage().contains("\n"));
            }
            main.branches().delete("x");
            assertEquals(List.of(), keys(storage, "tree/"));
            assertThrows(NotFoundException.class, () -> main.branches().delete("x"));
            try (Dataset x = main.createBranch("x", Ref.ofMain(1))) {
                assertEquals(1, x.version());
                assertEquals(10, ids(x).size());
            }
            for (Branch listed : main.branches().list()) {
                try (Dataset each = main.checkout(Ref.ofBranch(listed.getName()))) {
                    assertEquals(
                            List.of(1L),
                            each.listVersions().stream().map(Version::getId).toList());
                }
            }
        }
    }

    @Test
    void creatingAnExistingBranchFailsAndKeepsIt() throws IOException {
        InMemoryStorage storage = mainWithTwoVersions();
        try (Dataset main = open(storage)) {
            main.createBranch("x", Ref.ofMain(1)).close();
            LanceException e = assertThrows(LanceException.class, () -> main.createBranch("x", Ref.ofMain(2)));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            try (Dataset x = main.checkout(Ref.ofBranch("x"))) {
                assertEquals(10, ids(x).size());
            }
            assertThrows(NotFoundException.class, () -> main.createBranch("y", Ref.ofBranch("nope")));
            assertThrows(NotFoundException.class, () -> main.createBranch("y", Ref.ofMain(9)));
            assertEquals(
                    List.of("x"),
                    main.branches().list().stream().map(Branch::getName).toList());
        }
    }
}
