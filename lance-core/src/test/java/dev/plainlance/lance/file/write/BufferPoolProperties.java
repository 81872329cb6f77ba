package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pooled arrays: size classes, reuse of kept arrays, and pooled buffers that grow without losing bytes. */
class BufferPoolProperties {

    @Property(tries = 200)
    void sizeClassesHoldTheRequestAndWasteLittle(@ForAll @IntRange(min = 1, max = 80 << 20) int bytes) {
        long rounded = BufferPool.sizeClass(bytes);
        assertTrue(rounded >= bytes, "class " + rounded + " below " + bytes);
        if (bytes > (1 << 20) && bytes <= (64 << 20)) {
            assertTrue(rounded - bytes < (1 << 20), "more than 1 MiB added to " + bytes);
            assertEquals(0, rounded % (1 << 20));
        }
        if (bytes >= (64 << 10) && bytes <= (1 << 20)) {
            assertEquals(1, Long.bitCount(rounded));
            assertTrue(rounded < 2L * bytes);
        }
    }

    @Test
    void aReleasedArrayServesTheNextRequestOfItsClass() {
        byte[] first = BufferPool.take((3 << 20) + 5);
        assertTrue(first.length >= 4 << 20, "a new array is rounded up to its class: " + first.length);
        BufferPool.release(first);
        assertSame(first, BufferPool.take((3 << 20) + 1000));
        long[] longs = BufferPool.takeLongs(300_000);
        assertTrue(longs.length >= BufferPool.sizeClass(8L * 300_000) / 8);
        BufferPool.releaseLongs(longs);
        assertSame(longs, BufferPool.takeLongs(299_999));
    }

    @Property(tries = 50)
    void aPooledBufferGrowingThroughClassesKeepsItsBytes(
            @ForAll @IntRange(min = 1, max = 200_000) int chunk, @ForAll @IntRange(min = 1, max = 40) int chunks) {
        GrowableBytes buffer = GrowableBytes.pooled(64 << 10);
        List<byte[]> written = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            byte[] bytes = new byte[chunk];
            java.util.Arrays.fill(bytes, (byte) c);
            written.add(bytes);
            buffer.put(bytes, 0, bytes.length);
        }
        assertEquals((long) chunk * chunks, buffer.size());
        for (int c = 0; c < chunks; c++) {
            byte[] back = java.util.Arrays.copyOfRange(buffer.array(), c * chunk, (c + 1) * chunk);
            assertArrayEquals(written.get(c), back, "chunk " + c);
        }
        buffer.release();
    }
}
