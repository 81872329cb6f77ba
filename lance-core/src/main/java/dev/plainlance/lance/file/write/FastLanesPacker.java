package dev.plainlance.lance.file.write;

/**
 * FastLanes bit packing of 1024 unsigned T-bit values (T = 8, 16, 32, 64) to W bits each: value
 * {@code in[ORDER[row / 8] * 16 + (row % 8) * 128 + lane]} goes to bit {@code row * W} of lane {@code lane}'s stream,
 * which is made of the T-bit words {@code lanes * w + lane}, filled from the least significant bit.
 */
final class FastLanesPacker {
    static final int BLOCK = 1024;
    private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

    private FastLanesPacker() {}

    /** Bits needed by the widest of {@code values[0..n)} seen as unsigned {@code t}-bit integers. */
    static int bitWidth(long[] values, int n, int t) {
        long or = 0;
        for (int i = 0; i < n; i++) {
            or |= values[i];
        }
        if (t < 64) {
            or &= (1L << t) - 1;
        }
        return 64 - Long.numberOfLeadingZeros(or);
    }

    /**
     * Packs a full block of 1024 values to {@code w} bits each, appending {@code 1024 * w / t} little-endian words
     * of {@code t} bits to {@code out}. {@code scratch} holds at least {@link #BLOCK} words; its contents are
     * overwritten.
     */
    static void pack(long[] in, int t, int w, GrowableBytes out, long[] scratch) {
        if (w == 0) {
            return;
        }
        int lanes = BLOCK / t;
        int words = BLOCK * w / t;
        long[] packed = scratch;
        java.util.Arrays.fill(packed, 0, words, 0L);
        long mask = w == 64 ? -1L : (1L << w) - 1;
        for (int lane = 0; lane < lanes; lane++) {
            int bit = 0;
            for (int row = 0; row < t; row++, bit += w) {
                long value = in[ORDER[row >>> 3] * 16 + (row & 7) * 128 + lane] & mask;
                int word = bit / t;
                int shift = bit % t;
                packed[lanes * word + lane] |= value << shift;
                if (shift + w > t) {
                    packed[lanes * (word + 1) + lane] |= value >>> (t - shift);
                }
            }
        }
        int bytes = t / 8;
        out.reserve(words * bytes);
        for (int i = 0; i < words; i++) {
            out.putUint(packed[i], bytes);
        }
    }
}
