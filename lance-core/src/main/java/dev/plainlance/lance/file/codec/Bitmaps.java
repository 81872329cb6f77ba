package dev.plainlance.lance.file.codec;

import java.util.Arrays;

/** LSB-first bitmaps (Arrow layout) stored in byte arrays. */
public final class Bitmaps {
    private Bitmaps() {}

    public static int bytesFor(long bits) {
        return DecodeException.toInt((bits + 7) >>> 3, "bitmap size");
    }

    public static boolean get(byte[] bitmap, int index) {
        return (bitmap[index >>> 3] & (1 << (index & 7))) != 0;
    }

    public static void set(byte[] bitmap, int index) {
        bitmap[index >>> 3] |= (byte) (1 << (index & 7));
    }

    /** A bitmap of {@code bits} ones. */
    public static byte[] allSet(int bits) {
        byte[] bitmap = new byte[bytesFor(bits)];
        Arrays.fill(bitmap, (byte) 0xFF);
        return bitmap;
    }

    /**
     * Copies {@code count} bits from {@code src} at {@code srcBit} to {@code dst} at {@code
     * dstBit}.
     */
    public static void copy(byte[] src, int srcBit, byte[] dst, int dstBit, int count) {
        if ((srcBit & 7) == 0 && (dstBit & 7) == 0) {
            int whole = count >>> 3;
            System.arraycopy(src, srcBit >>> 3, dst, dstBit >>> 3, whole);
            for (int i = whole << 3; i < count; i++) {
                copyBit(src, srcBit + i, dst, dstBit + i);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            copyBit(src, srcBit + i, dst, dstBit + i);
        }
    }

    private static void copyBit(byte[] src, int srcBit, byte[] dst, int dstBit) {
        int mask = 1 << (dstBit & 7);
        if (get(src, srcBit)) {
            dst[dstBit >>> 3] |= (byte) mask;
        } else {
            dst[dstBit >>> 3] &= (byte) ~mask;
        }
    }

    /** Number of zero bits among the first {@code count} bits. */
    public static int countZeros(byte[] bitmap, int count) {
        int ones = 0;
        int whole = count >>> 3;
        for (int i = 0; i < whole; i++) {
            ones += Integer.bitCount(bitmap[i] & 0xFF);
        }
        for (int i = whole << 3; i < count; i++) {
            if (get(bitmap, i)) {
                ones++;
            }
        }
        return count - ones;
    }

    /** Bitwise AND of two optional bitmaps (null means all set). */
    public static byte[] and(byte[] a, byte[] b, int bits) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        byte[] out = new byte[bytesFor(bits)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a[i] & b[i]);
        }
        return out;
    }
}
