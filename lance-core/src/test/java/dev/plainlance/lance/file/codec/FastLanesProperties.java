package dev.plainlance.lance.file.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** FastLanes unpacking against a straightforward packer written from the layout description. */
class FastLanesProperties {

    /**
     * Packs 1024 values: value at (row, lane) goes to bits [row*w, row*w+w) of lane's word stream.
     */
    static byte[] pack(int t, int w, long[] values) {
        int lanes = 1024 / t;
        long[] words = new long[1024 * w / t];
        for (int lane = 0; lane < lanes; lane++) {
            for (int row = 0; row < t; row++) {
                long value = values[FastLanes.index(row, lane)];
                for (int b = 0; b < w; b++) {
                    if ((value >>> b & 1) != 0) {
                        int bit = row * w + b;
                        words[lanes * (bit / t) + lane] |= 1L << (bit % t);
                    }
                }
            }
        }
        byte[] out = new byte[words.length * t / 8];
        for (int i = 0; i < words.length; i++) {
            Bytes.putUint(out, i * t / 8, t / 8, words[i]);
        }
        return out;
    }

    @Property(tries = 200)
    void unpackInvertsPack(
            @ForAll("words") int t,
            @ForAll @IntRange(min = 0, max = 64) int width,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        int w = Math.min(width, t);
        long[] values = randomValues(w, seed);
        byte[] packed = pack(t, w, values);
        assertEquals(FastLanes.packedBytes(w), packed.length);
        byte[] out = new byte[1024 * t / 8 + 3];
        FastLanes.unpack(t, w, packed, 0, out, 3);
        for (int i = 0; i < 1024; i++) {
            assertEquals(values[i], Bytes.uint(out, 3 + i * t / 8, t / 8), "value " + i);
        }
    }

    /** Each value unpacked alone is the value the packer put at its index. */
    @Property(tries = 200)
    void unpackOneFindsEachValue(
            @ForAll("words") int t,
            @ForAll @IntRange(min = 0, max = 64) int width,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
        int w = Math.min(width, t);
        long[] values = randomValues(w, seed);
        byte[] packed = new byte[5 + FastLanes.packedBytes(w)];
        System.arraycopy(pack(t, w, values), 0, packed, 5, FastLanes.packedBytes(w));
        for (int i = 0; i < 1024; i++) {
            assertEquals(values[i], FastLanes.unpackOne(t, w, packed, 5, i), "value " + i);
        }
    }

    /** 1024 random values of {@code w} bits. */
    private static long[] randomValues(int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] values = new long[1024];
        for (int i = 0; i < values.length; i++) {
            values[i] = w == 64 ? random.nextLong() : random.nextLong() & ((1L << w) - 1);
        }
        return values;
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> words() {
        return net.jqwik.api.Arbitraries.of(8, 16, 32, 64);
    }

    @Test
    void fullWidthKeepsTheTransposedOrder() {
        long[] values = new long[1024];
        for (int i = 0; i < 1024; i++) {
            values[i] = i;
        }
        byte[] packed = pack(16, 16, values);
        assertEquals(0, Bytes.u16(packed, 0));
        assertEquals(FastLanes.index(1, 0), Bytes.u16(packed, 64 * 2));
        assertEquals(4 * 16, FastLanes.index(8, 0));
        byte[] out = new byte[2048];
        FastLanes.unpack(16, 16, packed, 0, out, 0);
        byte[] expected = new byte[2048];
        for (int i = 0; i < 1024; i++) {
            Bytes.putUint(expected, 2 * i, 2, i);
        }
        assertArrayEquals(expected, out);
    }
}
