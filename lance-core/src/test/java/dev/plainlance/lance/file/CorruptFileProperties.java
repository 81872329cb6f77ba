package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.lance.file.format.ByteArraySource;
import dev.plainlance.lance.file.format.LanceFileFormatException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.arrow.memory.RootAllocator;

/**
 * Damaged files must never make the reader hang, run out of memory or throw anything but {@link
 * LanceFileFormatException}. Lance files carry no checksums, so a flipped byte inside a value
 * buffer legitimately yields different values; truncation, however, always breaks the footer and
 * must be detected, and damage to bytes the reader never interprets (padding) must not change the
 * result.
 */
class CorruptFileProperties {
    private static final List<String> FILES = List.of(
            "rich_2.0.lance",
            "rich_2.1.lance",
            "rich_2.2.lance",
            "gen/types_2.0.lance",
            "gen/types_2.1.lance",
            "gen/types_2.2.lance",
            "gen/compressed_2.0.lance",
            "gen/compressed_2.2.lance",
            "gen/paged_2.0.lance",
            "nested_blob_2.0.lance",
            "nested_blob_2.1.lance");
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "corrupt-file-read");
        thread.setDaemon(true);
        return thread;
    });

    @AfterContainer
    static void shutdown() {
        EXECUTOR.shutdownNow();
    }

    @Provide
    Arbitrary<String> files() {
        return Arbitraries.of(FILES);
    }

    @Property(tries = 400)
    void flippedBytesFailCleanly(
            @ForAll("files") String file,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] bytes = FixtureFiles.bytes(file);
        int position = (int) (where * bytes.length);
        bytes[position] ^= (byte) xor;
        readWithTimeout(bytes, file + " with byte " + position + " ^ " + xor);
    }

    @Property(tries = 200)
    void flipsNearTheEndFailCleanly(
            @ForAll("files") String file,
            @ForAll @IntRange(min = 1, max = 600) int fromEnd,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] bytes = FixtureFiles.bytes(file);
        int position = Math.max(0, bytes.length - fromEnd);
        bytes[position] ^= (byte) xor;
        readWithTimeout(bytes, file + " with byte " + position + " ^ " + xor);
    }

    @Property(tries = 150)
    void truncatedFilesAreRejected(
            @ForAll("files") String file, @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep) {
        byte[] bytes = FixtureFiles.bytes(file);
        byte[] truncated = Arrays.copyOf(bytes, (int) (keep * bytes.length));
        assertThrows(LanceFileFormatException.class, () -> LanceFileReader.open(new ByteArraySource(truncated, file)));
    }

    @Property(tries = 100)
    void damagedPaddingDoesNotChangeValues(
            @ForAll("files") String file,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] bytes = FixtureFiles.bytes(file);
        int position = (int) (where * bytes.length);
        while (position < bytes.length && bytes[position] != 0x48) {
            position++;
        }
        if (position == bytes.length || !isPadding(bytes, position)) {
            return;
        }
        byte[] damaged = bytes.clone();
        damaged[position] ^= (byte) xor;
        try (RootAllocator allocator = new RootAllocator()) {
            assertEquals(
                    FixtureFiles.readColumns(LanceFileReader.open(new ByteArraySource(bytes, file)), allocator, 64),
                    FixtureFiles.readColumns(LanceFileReader.open(new ByteArraySource(damaged, file)), allocator, 64));
        }
    }

    /** Whether {@code position} lies in a run of at least 8 bytes of the 0x48 buffer padding. */
    private static boolean isPadding(byte[] bytes, int position) {
        int start = position;
        while (start > 0 && bytes[start - 1] == 0x48) {
            start--;
        }
        int end = position;
        while (end < bytes.length && bytes[end] == 0x48) {
            end++;
        }
        return end - start >= 8 && end % 64 == 0;
    }

    private static void readWithTimeout(byte[] bytes, String what) {
        Future<?> read = EXECUTOR.submit(() -> {
            try (RootAllocator allocator = new RootAllocator(256L << 20)) {
                FixtureFiles.readColumns(LanceFileReader.open(new ByteArraySource(bytes, what)), allocator, 64);
            } catch (LanceFileFormatException expected) {
                // the only acceptable failure
            }
            return null;
        });
        try {
            read.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            fail("reading " + what + " did not finish");
        } catch (ExecutionException e) {
            throw new AssertionError("reading " + what + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
