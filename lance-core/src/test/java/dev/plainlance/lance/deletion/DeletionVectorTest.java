package dev.plainlance.lance.deletion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.FixtureDatasets;
import dev.plainlance.lance.FragmentMetadata;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.LocalStorage;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DeletionVectorTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private static DeletionVector read(String dataset, long version, int fragment, BufferAllocator allocator) {
        String path = FixtureDatasets.path(dataset);
        try (Dataset ds = Dataset.open(path).checkoutVersion(version)) {
            FragmentMetadata meta = ds.getFragments().get(fragment).metadata();
            return DeletionVector.read(
                    new LocalStorage(Paths.get(path)),
                    meta.getId(),
                    meta.getPhysicalRows(),
                    meta.getDeletionFile().orElseThrow(),
                    allocator);
        }
    }

    @Test
    void readsOfficialArrowDeletionFiles() {
        // history v3 deleted "id % 3 = 0" from ids 0..9 (fragment 0) and 10..19 (fragment 1)
        DeletionVector f0 = read("history", 3, 0, allocator);
        assertEquals(RoaringBitmap.bitmapOf(0, 3, 6, 9), f0.toBitmap());
        DeletionVector f1 = read("history", 3, 1, allocator);
        assertEquals(RoaringBitmap.bitmapOf(2, 5, 8), f1.toBitmap());
    }

    @Test
    void readsOfficialZstdArrowAndRoaringFiles() {
        DeletionVector small = read("deletions", 2, 0, allocator);
        assertEquals(4000, small.cardinality());
        DeletionVector large = read("deletions", 3, 0, allocator);
        assertEquals(10000, large.cardinality());
        RoaringBitmap larger = large.toBitmap();
        assertTrue(RoaringBitmap.andNot(small.toBitmap(), larger).isEmpty(), "later deletes keep earlier ones");
    }

    @Test
    void countMismatchIsCorrupt() throws Exception {
        InMemoryStorage storage = new InMemoryStorage();
        RoaringBitmap bitmap = RoaringBitmap.bitmapOf(1, 2, 3);
        storage.putIfAbsent("_deletions/0-1-7.bin", serialize(bitmap));
        DeletionFile file =
                new DeletionFile(7, 1, 4, dev.plainlance.lance.fragment.DeletionFileType.BITMAP, Optional.empty());
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> DeletionVector.read(storage, 0, 10, file, allocator));
        assertTrue(e.getMessage().contains("0-1-7.bin"), e.getMessage());
    }

    @Test
    void offsetBeyondFragmentIsCorrupt() throws Exception {
        InMemoryStorage storage = new InMemoryStorage();
        storage.putIfAbsent("_deletions/0-1-7.bin", serialize(RoaringBitmap.bitmapOf(1, 20)));
        DeletionFile file =
                new DeletionFile(7, 1, 2, dev.plainlance.lance.fragment.DeletionFileType.BITMAP, Optional.empty());
        assertThrows(CorruptFileException.class, () -> DeletionVector.read(storage, 0, 10, file, allocator));
    }

    @Test
    void writesArrowUpToTheLimitAndBitmapsAbove() throws Exception {
        InMemoryStorage storage = new InMemoryStorage();
        RoaringBitmap small = new RoaringBitmap();
        small.add(0L, 5000L);
        DeletionFile arrow = DeletionVector.of(small).write(storage, 3, 7, 11, allocator);
        assertEquals(dev.plainlance.lance.fragment.DeletionFileType.ARRAY, arrow.fileType());
        assertEquals("_deletions/3-7-11.arrow", arrow.key(3));
        assertEquals(
                small, DeletionVector.read(storage, 3, 6000, arrow, allocator).toBitmap());
        RoaringBitmap large = new RoaringBitmap();
        large.add(0L, 5001L);
        DeletionFile bitmap = DeletionVector.of(large).write(storage, 3, 8, 12, allocator);
        assertEquals(dev.plainlance.lance.fragment.DeletionFileType.BITMAP, bitmap.fileType());
        assertEquals(5001, bitmap.numDeletedRows());
        assertEquals(
                large, DeletionVector.read(storage, 3, 6000, bitmap, allocator).toBitmap());
    }

    private static byte[] serialize(RoaringBitmap bitmap) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(bitmap.serializedSizeInBytes());
        bitmap.serialize(buffer);
        return buffer.array();
    }

    @Property(tries = 300)
    void corruptedArrowFilesFailOnlyWithTheTypedErrorAndLeakNothing(
            @ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll byte mask, @ForAll boolean truncate)
            throws Exception {
        byte[] original = java.nio.file.Files.readAllBytes(
                Paths.get(FixtureDatasets.path("history")).resolve("_deletions/0-2-11107057054367749805.arrow"));
        byte[] bytes = truncate ? Arrays.copyOf(original, where % original.length) : original.clone();
        if (!truncate) {
            bytes[where % bytes.length] ^= (byte) (mask == 0 ? 1 : mask);
        }
        try (BufferAllocator local = new RootAllocator()) {
            try {
                // Arrow IPC has no checksum: a flip inside the value buffer yields other valid offsets, which
                // DeletionVector.read then bounds-checks against the fragment. Only the failure type is fixed here.
                DeletionVector.decodeArrow(bytes, "f.arrow", local);
            } catch (CorruptFileException expected) {
                assertTrue(expected.getMessage().startsWith("f.arrow"));
            }
        }
    }
}
