package dev.plainlance.lance.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {
    @TempDir
    Path dir;

    @Test
    void leavesNoTempFilesBehind() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        storage.putIfAbsent("_versions/1.manifest", "m".getBytes(StandardCharsets.UTF_8));
        assertThrows(
                ObjectAlreadyExistsException.class,
                () -> storage.putIfAbsent("_versions/1.manifest", "n".getBytes(StandardCharsets.UTF_8)));
        storage.replace("_versions/latest_version_hint.json", "{}".getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir.resolve("_versions"))) {
            assertEquals(
                    List.of("1.manifest", "latest_version_hint.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void putAllIfAbsentLeavesNoTempFilesWhenAKeyExists() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        storage.putIfAbsent("_deletions/1.bin", new byte[] {1});
        java.util.Map<String, byte[]> objects = new java.util.LinkedHashMap<>();
        for (int i = 2; i < 9; i++) {
            objects.put("_deletions/" + i + ".bin", new byte[] {(byte) i});
        }
        objects.put("_deletions/1.bin", new byte[] {9});
        assertThrows(ObjectAlreadyExistsException.class, () -> storage.putAllIfAbsent(objects));
        assertArrayEquals(new byte[] {1}, storage.read("_deletions/1.bin"));
        try (Stream<Path> files = Files.list(dir.resolve("_deletions"))) {
            assertEquals(
                    List.of(),
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.contains(LocalStorage.TEMP_MARKER))
                            .toList());
        }
    }

    @Test
    void putIfAbsentAfterRunsItsFirstCallOnTheCallersThreadAndLeavesNoTempFileWhenItFails() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new java.util.ArrayList<>();
        storage.putIfAbsentAfter(
                () -> {
                    ranOn.add(Thread.currentThread());
                    return null;
                },
                "_versions/1.manifest",
                new byte[] {1});
        assertEquals(List.of(caller), ranOn);
        java.io.IOException failure = new java.io.IOException("disk full");
        assertThrows(
                java.io.IOException.class,
                () -> storage.putIfAbsentAfter(
                        () -> {
                            throw failure;
                        },
                        "_versions/2.manifest",
                        new byte[] {2}));
        try (Stream<Path> files = Files.list(dir.resolve("_versions"))) {
            assertEquals(
                    List.of("1.manifest"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void callsAheadRunOnlyWhenTheirResultIsAsked() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        StorageCall<Boolean> call = storage.ahead(() -> ran.getAndSet(true));
        assertFalse(ran.get());
        assertFalse(call.call());
        assertTrue(ran.get());
    }

    @Test
    void removesOnlyAnEmptyDirectory() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        storage.putIfAbsent("_indices/a/page_data.lance", new byte[] {1});
        storage.putIfAbsent("_indices/b/page_data.lance", new byte[] {2});
        storage.delete("_indices/a/page_data.lance");
        storage.deleteEmptyDirectory("_indices/a");
        storage.deleteEmptyDirectory("_indices/b");
        storage.deleteEmptyDirectory("_indices/missing");
        assertFalse(Files.exists(dir.resolve("_indices/a")));
        assertTrue(Files.isRegularFile(dir.resolve("_indices/b/page_data.lance")));
    }

    @Test
    void anAdvisoryReplaceOverwritesInPlaceButLeavesAHardLinkedCopyAlone() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        storage.replaceAdvisory("_versions/hint.json", "{\"version\":10}".getBytes(StandardCharsets.UTF_8));
        Object inode = Files.getAttribute(dir.resolve("_versions/hint.json"), "unix:ino");
        storage.replaceAdvisory("_versions/hint.json", "{\"version\":9}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"version\":9}", new String(storage.read("_versions/hint.json"), StandardCharsets.UTF_8));
        assertEquals(inode, Files.getAttribute(dir.resolve("_versions/hint.json"), "unix:ino"));
        Path copy = dir.resolve("copy-of-hint.json");
        Files.createLink(copy, dir.resolve("_versions/hint.json"));
        storage.replaceAdvisory("_versions/hint.json", "{\"version\":11}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"version\":11}", new String(storage.read("_versions/hint.json"), StandardCharsets.UTF_8));
        assertEquals("{\"version\":9}", Files.readString(copy));
    }

    @Test
    void anAdvisoryReplaceLeavesNoTempFile() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        storage.replaceAdvisory("_versions/hint.json", "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
        storage.replaceAdvisory("_versions/hint.json", "{\"version\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"version\":2}", new String(storage.read("_versions/hint.json"), StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir.resolve("_versions"))) {
            assertEquals(
                    List.of("hint.json"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aLargeFileForcedInTheBackgroundCommitsEveryByte() throws Exception {
        LocalStorage storage = new LocalStorage(dir, Durability.POWER_LOSS);
        byte[] chunk = new byte[1 << 20];
        long total = 2 * LocalPendingFile.SYNC_STEP + 12345;
        java.security.MessageDigest written = java.security.MessageDigest.getInstance("SHA-256");
        try (PendingObject file = storage.create("data/big.lance")) {
            long left = total;
            for (int i = 0; left > 0; i++) {
                java.util.Arrays.fill(chunk, (byte) i);
                int n = (int) Math.min(chunk.length, left);
                written.update(chunk, 0, n);
                file.write(ByteBuffer.wrap(chunk, 0, n));
                left -= n;
            }
            file.finishWriting();
            file.commit();
        }
        assertEquals(total, storage.size("data/big.lance"));
        java.security.MessageDigest read = java.security.MessageDigest.getInstance("SHA-256");
        read.update(storage.read("data/big.lance"));
        assertArrayEquals(written.digest(), read.digest());
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            assertEquals(
                    List.of("big.lance"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFileClosedWhileForcingLeavesNothing() throws Exception {
        LocalStorage storage = new LocalStorage(dir, Durability.POWER_LOSS);
        PendingObject file = storage.create("data/gone.lance");
        file.write(ByteBuffer.wrap(new byte[(int) LocalPendingFile.SYNC_STEP + 1]));
        file.finishWriting();
        file.close();
        file.close();
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void listingHidesInFlightTempFiles() throws Exception {
        Files.createDirectories(dir.resolve("_versions"));
        Files.writeString(dir.resolve("_versions/2.manifest" + LocalStorage.TEMP_MARKER + "abc"), "partial");
        assertTrue(new LocalStorage(dir).list("_versions/").isEmpty());
    }

    @Test
    void acceptsPlainPathsAndFileUris() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        assertEquals(1, Storages.forUri(dir.toString()).size("f"));
        assertEquals(1, Storages.forUri(dir.toUri().toString()).size("f"));
        assertThrows(IllegalArgumentException.class, () -> Storages.forUri("s3://bucket/x"));
    }

    @Test
    void theDurabilityStorageOptionChoosesTheLevel() {
        assertEquals(Durability.POWER_LOSS, Storages.forUri(dir.toString()).durability());
        assertEquals(
                Durability.PROCESS_CRASH,
                Storages.forUri(dir.toString(), java.util.Map.of("PLAINLANCE_DURABILITY", "process_crash"))
                        .durability());
        assertEquals(
                Durability.POWER_LOSS,
                Storages.forUri(dir.toString(), java.util.Map.of(Storages.DURABILITY_OPTION, "power_loss"))
                        .durability());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> Storages.forUri(dir.toString(), java.util.Map.of(Storages.DURABILITY_OPTION, "sometimes")));
        assertTrue(bad.getMessage().contains("'sometimes'"), bad.getMessage());
    }
}
