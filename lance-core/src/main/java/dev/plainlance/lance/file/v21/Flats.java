package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;

/** Shared helpers that turn raw little-endian buffers into {@link ArrayData}. */
final class Flats {
    private Flats() {}

    /** {@code count} values of {@code bits} bits: a bitmap for 1, else whole bytes per value. */
    static ArrayData decode(long bits, Slice data, int count) {
        if (bits == 1) {
            int size = Bitmaps.bytesFor(count);
            DecodeException.check(data.length() >= size, "bitmap buffer too short");
            return ArrayData.bits(count, Bytes.copy(data.bytes(), data.offset(), size, "bitmap"), null);
        }
        if (!(bits > 0 && bits % 8 == 0 && bits <= 1L << 20)) {
            throw new DecodeException("unsupported flat width " + bits);
        }
        int width = (int) (bits / 8);
        long size = (long) width * count;
        if (data.length() < size) {
            throw new DecodeException("flat buffer holds " + data.length() + " bytes, needs " + size);
        }
        return ArrayData.fixed(count, width, Bytes.copy(data.bytes(), data.offset(), (int) size, "flat values"), null);
    }

    /** {@code count} copies of {@code value}. */
    static ArrayData constant(byte[] value, int count) {
        DecodeException.check(value.length > 0, "empty constant value");
        byte[] out = new byte[Math.multiplyExact(count, value.length)];
        for (int i = 0; i < count; i++) {
            System.arraycopy(value, 0, out, i * value.length, value.length);
        }
        return ArrayData.fixed(count, value.length, out, null);
    }

    /**
     * Variable-width values from {@code count + 1} offsets of {@code width} bytes at {@code
     * offsetsAt}; offset {@code o} addresses {@code bytes[dataAt + o - bias]}.
     */
    static ArrayData variable(
            byte[] offsetBytes,
            int offsetsAt,
            int width,
            int count,
            byte[] bytes,
            int dataAt,
            int dataLength,
            long bias) {
        Bytes.checkRange(offsetBytes, offsetsAt, (long) (count + 1) * width, "offsets");
        long first = Bytes.uint(offsetBytes, offsetsAt, width);
        long last = Bytes.uint(offsetBytes, offsetsAt + count * width, width);
        DecodeException.check(first >= bias && last >= first && last - bias <= dataLength, "offsets out of range");
        int[] offsets = new int[count + 1];
        long previous = first;
        boolean ordered = true;
        if (width == 4) {
            for (int i = 1; i <= count; i++) {
                long offset = Bytes.u32(offsetBytes, offsetsAt + i * 4);
                ordered &= offset >= previous;
                offsets[i] = (int) (offset - first);
                previous = offset;
            }
        } else {
            for (int i = 1; i <= count; i++) {
                long offset = Bytes.uint(offsetBytes, offsetsAt + i * width, width);
                ordered &= offset >= previous;
                offsets[i] = (int) (offset - first);
                previous = offset;
            }
        }
        DecodeException.check(ordered, "offsets decrease");
        byte[] out = Bytes.copy(bytes, dataAt + (int) (first - bias), (int) (last - first), "variable data");
        return ArrayData.variable(count, offsets, out, null);
    }
}
