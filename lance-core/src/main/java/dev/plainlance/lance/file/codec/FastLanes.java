package dev.plainlance.lance.file.codec;

/**
 * Unpacking of FastLanes bit-packed blocks: 1024 values of a T-bit unsigned type (T = 8, 16, 32,
 * 64) stored with W bits each, transposed over {@code 1024 / T} lanes of T-bit words. The value at
 * {@code row} of {@code lane} occupies bits {@code [row * W, (row + 1) * W)} of the lane's stream
 * of words {@code packed[lanes * w + lane]} and belongs at index {@link #index(int, int)}.
 */
public final class FastLanes {
    /** Values per packed block. */
    public static final int BLOCK = 1024;

    /** The order of the rows' groups of eight; it is its own inverse. */
    private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};
    /** {@code index(row, 0)} for the rows of 64- and 32-bit blocks. */
    private static final int[] ROW_64 = rowStarts(64);

    private static final int[] ROW_32 = rowStarts(32);

    private FastLanes() {}

    /** Bytes occupied by one packed block of width {@code w} (any T). */
    public static int packedBytes(int w) {
        return BLOCK * w / 8;
    }

    private static int[] rowStarts(int rows) {
        int[] starts = new int[rows];
        for (int row = 0; row < rows; row++) {
            starts[row] = index(row, 0);
        }
        return starts;
    }

    /** Index in the unpacked block of the value at {@code row} of {@code lane}. */
    public static int index(int row, int lane) {
        return ORDER[row >>> 3] * 16 + (row & 7) * 128 + lane;
    }

    /**
     * The value at {@code index} (0..1023) of one block of T-bit values packed with {@code w} bits at {@code
     * src[srcOff ...]}, unpacked alone: the inverse of {@link #index} gives its row and lane. The caller checks the
     * block's range and the widths, as {@link #unpack} does.
     */
    public static long unpackOne(int t, int w, byte[] src, int srcOff, int index) {
        if (w == 0) {
            return 0;
        }
        int lanes = BLOCK / t;
        int r = index & 127;
        int lane = r % lanes;
        int row = ORDER[(r - lane) >>> 4] * 8 + (index >>> 7);
        int bit = row * w;
        int shift = bit & (t - 1);
        int word = bit / t;
        int bytes = t / 8;
        long value = Bytes.uint(src, srcOff + (word * lanes + lane) * bytes, bytes) >>> shift;
        if (shift + w > t) {
            value |= Bytes.uint(src, srcOff + ((word + 1) * lanes + lane) * bytes, bytes) << (t - shift);
        }
        return w == 64 ? value : value & ((1L << w) - 1);
    }

    /**
     * Unpacks one block of 1024 values from {@code src[srcOff ...]} into {@code dst} as
     * little-endian T-bit integers starting at byte {@code dstOff}.
     */
    public static void unpack(int t, int w, byte[] src, int srcOff, byte[] dst, int dstOff) {
        if (t != 8 && t != 16 && t != 32 && t != 64) {
            throw new DecodeException("unsupported bit-packing word size " + t);
        }
        if (w < 0 || w > t) {
            throw new DecodeException("bit width " + w + " exceeds word size " + t);
        }
        Bytes.checkRange(src, srcOff, packedBytes(w), "bit-packed block");
        int bytes = t / 8;
        Bytes.checkRange(dst, dstOff, (long) BLOCK * bytes, "unpacked block");
        if (w == 0) {
            java.util.Arrays.fill(dst, dstOff, dstOff + BLOCK * bytes, (byte) 0);
            return;
        }
        switch (t) {
            case 64:
                unpack64(w, src, srcOff, dst, dstOff);
                break;
            case 32:
                unpack32(w, src, srcOff, dst, dstOff);
                break;
            case 16:
                unpack16(w, src, srcOff, dst, dstOff);
                break;
            default:
                unpack8(w, src, srcOff, dst, dstOff);
        }
    }

    /**
     * Unpacks row by row: a row's values sit at the same bit offset of every lane, so the inner
     * loop over lanes reads consecutive packed words and writes consecutive values.
     */
    private static void unpack64(int w, byte[] src, int srcOff, byte[] dst, int dstOff) {
        long mask = w == 64 ? -1L : (1L << w) - 1;
        for (int row = 0; row < 64; row++) {
            int bit = row * w;
            int shift = bit & 63;
            int from = srcOff + ((bit >>> 6) << 4) * 8;
            int to = dstOff + ROW_64[row] * 8;
            if (shift + w <= 64) {
                for (int lane = 0; lane < 16; lane++) {
                    Bytes.putI64(dst, to + lane * 8, (Bytes.i64(src, from + lane * 8) >>> shift) & mask);
                }
            } else {
                for (int lane = 0; lane < 16; lane++) {
                    long low = Bytes.i64(src, from + lane * 8) >>> shift;
                    long high = Bytes.i64(src, from + 128 + lane * 8) << (64 - shift);
                    Bytes.putI64(dst, to + lane * 8, (low | high) & mask);
                }
            }
        }
    }

    /** Like {@link #unpack64} for 32-bit words. */
    private static void unpack32(int w, byte[] src, int srcOff, byte[] dst, int dstOff) {
        long mask = (1L << w) - 1;
        for (int row = 0; row < 32; row++) {
            int bit = row * w;
            int shift = bit & 31;
            int from = srcOff + ((bit >>> 5) << 5) * 4;
            int to = dstOff + ROW_32[row] * 4;
            if (shift + w <= 32) {
                for (int lane = 0; lane < 32; lane++) {
                    Bytes.putI32(dst, to + lane * 4, (int) ((Bytes.u32(src, from + lane * 4) >>> shift) & mask));
                }
            } else {
                for (int lane = 0; lane < 32; lane++) {
                    long low = Bytes.u32(src, from + lane * 4) >>> shift;
                    long high = Bytes.u32(src, from + 128 + lane * 4) << (32 - shift);
                    Bytes.putI32(dst, to + lane * 4, (int) ((low | high) & mask));
                }
            }
        }
    }

    private static void unpack16(int w, byte[] src, int srcOff, byte[] dst, int dstOff) {
        int mask = (1 << w) - 1;
        for (int lane = 0; lane < 64; lane++) {
            int bit = 0;
            for (int row = 0; row < 16; row++, bit += w) {
                int word = bit >>> 4;
                int shift = bit & 15;
                int value = Bytes.u16(src, srcOff + ((word << 6) + lane) * 2) >>> shift;
                if (shift + w > 16) {
                    value |= Bytes.u16(src, srcOff + (((word + 1) << 6) + lane) * 2) << (16 - shift);
                }
                Bytes.putUint(dst, dstOff + index(row, lane) * 2, 2, value & mask);
            }
        }
    }

    private static void unpack8(int w, byte[] src, int srcOff, byte[] dst, int dstOff) {
        int mask = (1 << w) - 1;
        for (int lane = 0; lane < 128; lane++) {
            int bit = 0;
            for (int row = 0; row < 8; row++, bit += w) {
                int word = bit >>> 3;
                int shift = bit & 7;
                int value = (src[srcOff + (word << 7) + lane] & 0xFF) >>> shift;
                if (shift + w > 8) {
                    value |= (src[srcOff + ((word + 1) << 7) + lane] & 0xFF) << (8 - shift);
                }
                dst[dstOff + index(row, lane)] = (byte) (value & mask);
            }
        }
    }
}
