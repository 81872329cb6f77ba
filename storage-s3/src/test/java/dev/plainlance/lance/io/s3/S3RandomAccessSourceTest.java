package dev.plainlance.lance.io.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.ByteRange;
import dev.plainlance.lance.io.ObjectNotFoundException;
import dev.plainlance.lance.io.RandomAccessSource;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/** Positioned reads of one S3 object: one request to open, hinted ranges merged and fetched ahead, same bytes. */
class S3RandomAccessSourceTest {
    private static final AtomicInteger GETS = new AtomicInteger();
    /** A client of its own that counts requests; left open, as the property and the tests run in any order. */
    /** A client of its own that counts requests; left open, as the property and the tests run in any order. */
    private static final S3Client CLIENT = S3TestServer.get().client(new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            GETS.incrementAndGet();
        }
    });

    private static final S3Storage STORAGE =
            new S3Storage(CLIENT, S3TestServer.get().newBucket("ranges"), "");

    private static byte[] object(String key, int size, long seed) throws Exception {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        STORAGE.replace(key, bytes);
        return bytes;
    }

    private static byte[] read(RandomAccessSource source, long offset, int length) throws Exception {
        byte[] out = new byte[length];
        source.readFully(offset, out, 0, length);
        return out;
    }

    private static byte[] slice(byte[] bytes, long offset, int length) {
        return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
    }

    @Test
    void openingIsOneRequestAndTheTailNeedsNoMore() throws Exception {
        byte[] bytes = object("tail", 1 << 20, 1);
        GETS.set(0);
        try (RandomAccessSource source = STORAGE.openRandomAccess("tail")) {
            assertEquals(bytes.length, source.size());
            assertArrayEquals(slice(bytes, bytes.length - 40, 40), read(source, bytes.length - 40, 40));
            int tail = S3RandomAccessSource.TAIL_BYTES;
            assertArrayEquals(slice(bytes, bytes.length - tail, tail), read(source, bytes.length - tail, tail));
            assertEquals(1, GETS.get(), "one suffix GET opens the object and serves its tail");

            source.prefetch(List.of(new ByteRange(bytes.length - (300 << 10), 300 << 10)));
            int span = 200 << 10;
            assertArrayEquals(slice(bytes, bytes.length - span, span), read(source, bytes.length - span, span));
            assertEquals(2, GETS.get(), "the hint's GET, then a read across its block and the tail needs none");
        }
    }

    @Test
    void smallAndEmptyObjectsOpen() throws Exception {
        byte[] small = object("small", 100, 2);
        STORAGE.replace("empty", new byte[0]);
        try (RandomAccessSource source = STORAGE.openRandomAccess("small")) {
            assertEquals(100, source.size());
            assertArrayEquals(small, read(source, 0, 100));
            assertThrows(EOFException.class, () -> read(source, 60, 41));
        }
        try (RandomAccessSource source = STORAGE.openRandomAccess("empty")) {
            assertEquals(0, source.size());
            assertEquals(0, read(source, 0, 0).length);
        }
        assertThrows(ObjectNotFoundException.class, () -> STORAGE.openRandomAccess("absent"));
    }

    @Test
    void nearRangesAreOneRequestAndLongOnesAreSplit() throws Exception {
        byte[] bytes = object("pages", 24 << 20, 3);
        try (RandomAccessSource source = STORAGE.openRandomAccess("pages")) {
            List<ByteRange> pages = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pages.add(new ByteRange(i * 5_000L, 4_000));
            }
            GETS.set(0);
            source.prefetch(pages);
            for (ByteRange page : pages) {
                assertArrayEquals(
                        slice(bytes, page.offset(), page.length()), read(source, page.offset(), page.length()));
            }
            assertEquals(1, GETS.get(), "100 pages 1,000 bytes apart are one GET");

            ByteRange big = new ByteRange(1 << 20, 20 << 20);
            GETS.set(0);
            source.prefetch(List.of(big));
            assertArrayEquals(slice(bytes, big.offset(), big.length()), read(source, big.offset(), big.length()));
            assertEquals(5, GETS.get(), "20 MiB fetched as five parts of at most 4 MiB");

            GETS.set(0);
            assertArrayEquals(slice(bytes, 1 << 20, 10), read(source, 1 << 20, 10));
            assertArrayEquals(slice(bytes, 3 << 20, 5 << 20), read(source, 3 << 20, 5 << 20));
            assertEquals(0, GETS.get(), "fetched blocks serve later reads too, across block boundaries");

            GETS.set(0);
            source.prefetch(List.of(new ByteRange(0, 400_000)));
            source.prefetch(List.of(new ByteRange(20 << 20, 1 << 20)));
            assertEquals(0, GETS.get(), "what a block holds is not fetched again");
            source.prefetch(List.of(new ByteRange(20 << 20, 2 << 20)));
            assertArrayEquals(slice(bytes, 20 << 20, 2 << 20), read(source, 20 << 20, 2 << 20));
            assertEquals(1, GETS.get(), "a hint overlapping the blocks fetches only the part they lack");
        }
    }

    @Test
    void nearRangesMergeAndRequestsAreCutToTheMaximum() {
        List<ByteRange> merged = S3RandomAccessSource.merged(List.of(
                new ByteRange(0, 10),
                new ByteRange(10 + S3RandomAccessSource.GAP, 10),
                new ByteRange(21 + 2L * S3RandomAccessSource.GAP, 10),
                new ByteRange(10L << 20, S3RandomAccessSource.MAX_REQUEST - 5),
                new ByteRange((10L << 20) + S3RandomAccessSource.MAX_REQUEST, 10)));
        assertEquals(
                List.of(
                        new ByteRange(0, 20 + S3RandomAccessSource.GAP),
                        new ByteRange(21 + 2L * S3RandomAccessSource.GAP, 10),
                        new ByteRange(10L << 20, S3RandomAccessSource.MAX_REQUEST),
                        new ByteRange((10L << 20) + S3RandomAccessSource.MAX_REQUEST, 10)),
                merged);
    }

    @Test
    void aClosedSourceGivesItsPartsBackForTheNextFile() throws Exception {
        byte[] first = object("parts-1", 9 << 20, 4);
        byte[] second = object("parts-2", 9 << 20, 5);
        try (RandomAccessSource source = STORAGE.openRandomAccess("parts-1")) {
            source.prefetch(List.of(new ByteRange(0, 8 << 20)));
            assertArrayEquals(slice(first, 0, 8 << 20), read(source, 0, 8 << 20));
        }
        assertTrue(PartBuffers.kept() >= 2, "the two 4 MiB parts are kept, not " + PartBuffers.kept());
        try (RandomAccessSource source = STORAGE.openRandomAccess("parts-2")) {
            source.prefetch(List.of(new ByteRange(100, 8 << 20)));
            assertArrayEquals(slice(second, 100, 8 << 20), read(source, 100, 8 << 20));
            assertArrayEquals(slice(second, (8 << 20) - 50, 150), read(source, (8 << 20) - 50, 150));
        }
    }

    /**
     * Readers copying out of a source's parts while it closes, and whatever parts went back overwritten at once (as
     * the next file's fetches would): every read returns its object's bytes, so no part goes back while a read may
     * still copy from it.
     */
    @Test
    void partsGoBackOnlyWhenNoReadCopiesFromThem() throws Exception {
        byte[] bytes = object("churn-a", 12 << 20, 6);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 8; round++) {
                RandomAccessSource source = STORAGE.openRandomAccess("churn-a");
                source.prefetch(List.of(new ByteRange(0, 12 << 20)));
                List<java.util.concurrent.Future<?>> readers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    Random random = new Random(round * 10L + t);
                    readers.add(threads.submit(() -> {
                        for (int i = 0; i < 20; i++) {
                            ByteRange range = randomRange(random, bytes.length);
                            assertArrayEquals(
                                    slice(bytes, range.offset(), range.length()),
                                    read(source, range.offset(), range.length()),
                                    "bytes " + range);
                        }
                        return null;
                    }));
                }
                Thread.sleep(round * 3L);
                source.close();
                scribbleOnKeptParts();
                for (java.util.concurrent.Future<?> reader : readers) {
                    reader.get();
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Whatever is hinted (wrong, overlapping, beyond the budget), every read returns the object's bytes. */
    @Property(tries = 40)
    void readsReturnTheObjectWhateverTheHints(@ForAll @IntRange(min = 1, max = 12 << 20) int size, @ForAll long seed)
            throws Exception {
        String key = "random-" + Long.toHexString(seed) + "-" + size;
        byte[] bytes = object(key, size, seed);
        Random random = new Random(seed);
        try (RandomAccessSource source = STORAGE.openRandomAccess(key)) {
            for (int round = 0; round < 6; round++) {
                List<ByteRange> hints = new ArrayList<>();
                for (int i = random.nextInt(8); i > 0; i--) {
                    hints.add(randomRange(random, size));
                }
                source.prefetch(hints);
                for (int i = 0; i < 6; i++) {
                    ByteRange read = random.nextBoolean() && !hints.isEmpty()
                            ? hints.get(random.nextInt(hints.size()))
                            : randomRange(random, size);
                    assertArrayEquals(
                            slice(bytes, read.offset(), read.length()),
                            read(source, read.offset(), read.length()),
                            "bytes " + read);
                }
            }
        }
        assertTrue(STORAGE.delete(key));
    }

    /** Takes every kept part, fills it with garbage and gives it back. */
    private static void scribbleOnKeptParts() {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < PartBuffers.KEPT; i++) {
            parts.add(PartBuffers.take(S3RandomAccessSource.MAX_REQUEST));
        }
        for (byte[] part : parts) {
            Arrays.fill(part, (byte) 0x5A);
            PartBuffers.release(part);
        }
    }

    private static ByteRange randomRange(Random random, int size) {
        long offset = random.nextInt(size);
        int length = random.nextInt((int) Math.min(size - offset, 9 << 20) + 1);
        return new ByteRange(offset, length);
    }
}
