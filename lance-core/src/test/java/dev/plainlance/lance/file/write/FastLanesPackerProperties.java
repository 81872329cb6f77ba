package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.file.codec.FastLanes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Blocks packed by {@link FastLanesPacker} unpack to the same values with the reader's FastLanes decoder. */
class FastLanesPackerProperties {

    @Property(tries = 200)
    void packThenUnpackIsIdentity(@ForAll("blocks") long[] block) {
        int t = (int) block[FastLanesPacker.BLOCK];
        long[] values = java.util.Arrays.copyOf(block, FastLanesPacker.BLOCK);
        int w = FastLanesPacker.bitWidth(values, values.length, t);
        GrowableBytes packed = new GrowableBytes(16);
        FastLanesPacker.pack(values, t, w, packed, new long[FastLanesPacker.BLOCK]);
        assertEquals(FastLanes.packedBytes(w), packed.size());
        byte[] unpacked = new byte[FastLanesPacker.BLOCK * t / 8];
        FastLanes.unpack(t, w, packed.array(), 0, unpacked, 0);
        long[] decoded = new long[FastLanesPacker.BLOCK];
        long mask = t == 64 ? -1L : (1L << t) - 1;
        for (int i = 0; i < decoded.length; i++) {
            long v = 0;
            for (int b = t / 8 - 1; b >= 0; b--) {
                v = (v << 8) | (unpacked[i * (t / 8) + b] & 0xFF);
            }
            decoded[i] = v;
            values[i] &= mask;
        }
        assertArrayEquals(values, decoded);
    }

    /** 1024 values of a random word size (appended as element 1024) and a random bit width. */
    @Provide
    Arbitrary<long[]> blocks() {
        return Combinators.combine(
                        Arbitraries.of(8, 16, 32, 64), Arbitraries.integers().between(0, 64), Arbitraries.longs())
                .as((t, w, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    int width = Math.min(w, t);
                    long[] block = new long[FastLanesPacker.BLOCK + 1];
                    for (int i = 0; i < FastLanesPacker.BLOCK; i++) {
                        block[i] = width == 0 ? 0 : random.nextLong() >>> (64 - width);
                    }
                    block[FastLanesPacker.BLOCK] = t;
                    return block;
                });
    }
}
