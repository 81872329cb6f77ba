package dev.plainlance.lance.file.v20;

import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;

/**
 * The end offsets of 2.0 {@code Binary} values: index {@code i} is the end of value {@code i}, plus the null
 * adjustment (when it is positive) for a null value.
 *
 * @param offsets {@code count + 1} offsets relative to the first value's start
 * @param validity null when every value is valid
 * @param last the absolute end of the last value
 */
record BinaryEnds(int[] offsets, byte[] validity, long last) {

    /** The end that index {@code raw} stands for. */
    static long end(long raw, long adjustment) {
        return adjustment > 0 && Long.compareUnsigned(raw, adjustment) >= 0 ? raw - adjustment : raw;
    }

    /**
     * Decodes {@code count} indices of {@code width} bytes at {@code indices[at]}, the first value starting at
     * {@code start}; checks that the ends do not decrease and stay within {@code bytesSize}.
     */
    static BinaryEnds decode(
            byte[] indices, int at, int width, int count, long start, long adjustment, long bytesSize) {
        int[] offsets = new int[count + 1];
        byte[] validity = null;
        long previous = start;
        for (int i = 0; i < count; i++) {
            long raw = Bytes.uint(indices, at + i * width, width);
            long end = end(raw, adjustment);
            if (end != raw) {
                if (validity == null) {
                    validity = Bitmaps.allSet(count);
                }
                validity[i >>> 3] &= (byte) ~(1 << (i & 7));
            }
            if (!(end >= previous && end <= bytesSize)) {
                throw new DecodeException("binary offsets out of range");
            }
            offsets[i + 1] = (int) (end - start);
            previous = end;
        }
        return new BinaryEnds(offsets, validity, previous);
    }
}
