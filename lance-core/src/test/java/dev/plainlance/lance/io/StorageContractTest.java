package dev.plainlance.lance.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StorageContractTest {
    @TempDir
    static Path tmp;

    static Stream<Storage> storages() throws Exception {
        InMemoryStorage outer = new InMemoryStorage();
        outer.putIfAbsent("tables/t/outside-the-view", new byte[] {1});
        outer.putIfAbsent("tables/t2/a/b/c.bin", new byte[] {2});
        return Stream.of(
                new InMemoryStorage(),
                new LocalStorage(Files.createTempDirectory(tmp, "local")),
                new LocalStorage(Files.createTempDirectory(tmp, "local-unsynced"), Durability.PROCESS_CRASH),
                new PrefixedStorage(outer, "tables/t/view"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("storages")
    void putIfAbsentThenReadBack(Storage storage) throws Exception {
        storage.putIfAbsent("a/b/c.bin", bytes("hello"));
        assertArrayEquals(bytes("hello"), storage.read("a/b/c.bin"));
        assertEquals(5, storage.size("a/b/c.bin"));
        assertEquals(
                "ell",
                StandardCharsets.UTF_8
                        .decode(storage.readRange("a/b/c.bin", 1, 3))
                        .toString());
    }

    @ParameterizedTest
    @MethodSource("storages")
    void randomAccessReadsTheSameBytesAsReadRange(Storage storage) throws Exception {
        storage.putIfAbsent("data/f.lance", bytes("0123456789"));
        try (RandomAccessSource source = storage.openRandomAccess("data/f.lance")) {
            assertEquals(10, source.size());
            assertEquals("345", StandardCharsets.UTF_8.decode(source.read(3, 3)).toString());
            byte[] into = new byte[4];
            source.readFully(6, into, 1, 3);
            assertArrayEquals(new byte[] {0, '6', '7', '8'}, into);
            assertThrows(java.io.EOFException.class, () -> source.read(8, 5));
            assertEquals(storage.describe("data/f.lance"), source.name());
        }
        assertThrows(ObjectNotFoundException.class, () -> storage.openRandomAccess("data/missing.lance"));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void readAllReturnsObjectsInKeyOrderAndTypesAMissingOne(Storage storage) throws Exception {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            storage.putIfAbsent("many/" + i, bytes("object " + i));
            keys.add("many/" + (39 - i));
        }
        java.util.List<byte[]> read = storage.readAll(keys);
        assertEquals(40, read.size());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(bytes("object " + (39 - i)), read.get(i));
        }
        assertEquals(0, storage.readAll(java.util.List.of()).size());
        assertThrows(ObjectNotFoundException.class, () -> storage.readAll(java.util.List.of("many/1", "many/none")));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void putIfAbsentRefusesExistingAndKeepsOriginal(Storage storage) throws Exception {
        storage.putIfAbsent("x", bytes("first"));
        assertThrows(ObjectAlreadyExistsException.class, () -> storage.putIfAbsent("x", bytes("second")));
        assertArrayEquals(bytes("first"), storage.read("x"));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void putAllIfAbsentCreatesEveryObjectOrRefusesAnExistingKey(Storage storage) throws Exception {
        java.util.Map<String, byte[]> objects = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            objects.put((i % 3 == 0 ? "_deletions/" : "other/dir/") + i + ".bin", bytes("deletion " + i));
        }
        storage.putAllIfAbsent(objects);
        for (java.util.Map.Entry<String, byte[]> object : objects.entrySet()) {
            assertArrayEquals(object.getValue(), storage.read(object.getKey()));
        }
        java.util.Map<String, byte[]> clash = new java.util.LinkedHashMap<>();
        clash.put("_deletions/new.bin", bytes("new"));
        clash.put("_deletions/3.bin", bytes("again"));
        assertThrows(ObjectAlreadyExistsException.class, () -> storage.putAllIfAbsent(clash));
        assertArrayEquals(bytes("deletion 3"), storage.read("_deletions/3.bin"));
        storage.putAllIfAbsent(java.util.Map.of());
        assertTrue(storage.list("_deletions/").stream()
                .map(ObjectInfo::key)
                .toList()
                .containsAll(List.of("_deletions/0.bin", "_deletions/3.bin", "_deletions/6.bin", "_deletions/9.bin")));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void putIfAbsentAfterCreatesTheObjectOnlyOnceItsFirstCallHasReturned(Storage storage) throws Exception {
        List<Boolean> seenByFirst = new ArrayList<>();
        storage.putIfAbsentAfter(
                () -> {
                    seenByFirst.add(storage.readIfExists("after/manifest").isPresent());
                    storage.replace("after/txn", bytes("txn"));
                    return null;
                },
                "after/manifest",
                bytes("manifest"));
        assertEquals(List.of(false), seenByFirst);
        assertArrayEquals(bytes("txn"), storage.read("after/txn"));
        assertArrayEquals(bytes("manifest"), storage.read("after/manifest"));

        IllegalStateException failure = new IllegalStateException("the first call failed");
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> storage.putIfAbsentAfter(
                        () -> {
                            throw failure;
                        },
                        "after/never",
                        bytes("never")));
        assertTrue(thrown == failure, "the first call's own exception");
        assertTrue(storage.readIfExists("after/never").isEmpty());
        assertEquals(
                List.of("after/manifest", "after/txn"),
                storage.list("after/").stream().map(ObjectInfo::key).sorted().toList());

        List<String> ran = new ArrayList<>();
        assertThrows(
                ObjectAlreadyExistsException.class,
                () -> storage.putIfAbsentAfter(
                        () -> {
                            ran.add("first");
                            return null;
                        },
                        "after/manifest",
                        bytes("again")));
        assertEquals(List.of("first"), ran);
        assertArrayEquals(bytes("manifest"), storage.read("after/manifest"));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void callsAheadGiveTheirResultOrTheirFailure(Storage storage) throws Exception {
        storage.putIfAbsent("ahead/a", bytes("a"));
        StorageCall<byte[]> read = storage.ahead(() -> storage.read("ahead/a"));
        StorageCall<byte[]> missing = storage.ahead(() -> storage.read("ahead/none"));
        assertArrayEquals(bytes("a"), read.call());
        assertThrows(ObjectNotFoundException.class, missing::call);
    }

    @ParameterizedTest
    @MethodSource("storages")
    void missingObjectsAreTyped(Storage storage) throws Exception {
        assertThrows(ObjectNotFoundException.class, () -> storage.read("nope"));
        assertThrows(ObjectNotFoundException.class, () -> storage.size("nope"));
        assertThrows(ObjectNotFoundException.class, () -> storage.readRange("nope", 0, 1));
        assertTrue(storage.readIfExists("nope").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("storages")
    void readPastEndIsEof(Storage storage) throws Exception {
        storage.putIfAbsent("short", bytes("abc"));
        assertThrows(EOFException.class, () -> storage.readRange("short", 2, 5));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void replaceOverwritesAndDeleteIsIdempotent(Storage storage) throws Exception {
        storage.replace("k", bytes("one"));
        storage.replace("k", bytes("two"));
        assertArrayEquals(bytes("two"), storage.read("k"));
        assertTrue(storage.delete("k"));
        assertFalse(storage.delete("k"));
        assertTrue(storage.readIfExists("k").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("storages")
    void listIsRecursiveUnderPrefix(Storage storage) throws Exception {
        storage.putIfAbsent("_versions/1.manifest", bytes("1"));
        storage.putIfAbsent("_versions/2.manifest", bytes("22"));
        storage.putIfAbsent("_refs/tags/t.json", bytes("{}"));
        storage.putIfAbsent("data/x.lance", bytes("x"));
        List<String> keys = storage.list("_versions/").stream()
                .map(ObjectInfo::key)
                .sorted()
                .toList();
        assertEquals(List.of("_versions/1.manifest", "_versions/2.manifest"), keys);
        assertEquals(
                List.of("_refs/tags/t.json"),
                storage.list("_refs/").stream().map(ObjectInfo::key).toList());
        assertEquals(2, storage.list("_versions/2").get(0).size());
        assertTrue(storage.list("missing/").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("storages")
    void rejectsEscapingKeys(Storage storage) {
        for (String bad : List.of("../x", "/abs", "a//b", "a/./b", "dir/", "")) {
            assertThrows(IllegalArgumentException.class, () -> storage.readIfExists(bad), bad);
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void concurrentPutIfAbsentHasExactlyOneWinner(Storage storage) throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                byte[] payload = bytes("writer-" + i);
                tasks.add(() -> {
                    try {
                        storage.putIfAbsent("race/v", payload);
                        return true;
                    } catch (ObjectAlreadyExistsException lost) {
                        return false;
                    }
                });
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
            assertTrue(new String(storage.read("race/v"), StandardCharsets.UTF_8).startsWith("writer-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void storedBytesAreIsolatedFromCallerArrays(Storage storage) throws Exception {
        byte[] data = bytes("abc");
        storage.putIfAbsent("iso", data);
        data[0] = 'z';
        byte[] read = storage.read("iso");
        read[1] = 'z';
        assertArrayEquals(bytes("abc"), storage.read("iso"));
        ByteBuffer range = storage.readRange("iso", 0, 3);
        assertEquals('a', range.get(0));
    }

    @ParameterizedTest
    @MethodSource("storages")
    void pendingObjectsAreInvisibleUntilCommitted(Storage storage) throws Exception {
        try (PendingObject pending = storage.create("data/big.lance")) {
            pending.write(ByteBuffer.wrap(bytes("part1-")));
            pending.write(ByteBuffer.wrap(bytes("part2")));
            assertEquals(11, pending.position());
            assertTrue(storage.readIfExists("data/big.lance").isEmpty());
            assertTrue(storage.list("data/").isEmpty());
            pending.commit();
        }
        assertArrayEquals(bytes("part1-part2"), storage.read("data/big.lance"));
        try (PendingObject again = storage.create("data/big.lance")) {
            again.write(ByteBuffer.wrap(bytes("x")));
            assertThrows(ObjectAlreadyExistsException.class, again::commit);
        }
        assertArrayEquals(bytes("part1-part2"), storage.read("data/big.lance"));
        try (PendingObject abandoned = storage.create("data/gone.lance")) {
            abandoned.write(ByteBuffer.wrap(bytes("x")));
        }
        assertTrue(storage.readIfExists("data/gone.lance").isEmpty());
        assertEquals(
                List.of("data/big.lance"),
                storage.list("data/").stream().map(ObjectInfo::key).toList());
    }
}
