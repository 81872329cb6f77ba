package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;

/** Run-length decoding: a buffer of run values ({@code Flat{T}}) and a buffer of u8 run lengths. */
final class Rle {
    private Rle() {}

    static ArrayData decode(dev.plainlance.lance.pb.enc21.Rle encoding, Slice values, Slice lengths, int count) {
        CompressiveEncoding valueEncoding = encoding.getValues();
        DecodeException.check(valueEncoding.hasFlat(), "RLE values must be flat");
        long bits = valueEncoding.getFlat().getBitsPerValue();
        if (!(bits == 8 || bits == 16 || bits == 32 || bits == 64)) {
            throw new DecodeException("unsupported RLE width " + bits);
        }
        DecodeException.check(
                !encoding.hasRunLengths()
                        || encoding.getRunLengths().hasFlat()
                                && encoding.getRunLengths().getFlat().getBitsPerValue() == 8,
                "RLE run lengths must be 8-bit");
        int width = (int) (bits / 8);
        int runs = lengths.length();
        DecodeException.check(values.length() == (long) runs * width, "RLE values and run lengths disagree");
        if (count > runs * 255L) {
            throw new DecodeException("RLE runs cannot cover " + count + " values");
        }
        byte[] out = new byte[Math.multiplyExact(count, width)];
        int at = 0;
        for (int r = 0; r < runs; r++) {
            int run = lengths.bytes()[lengths.offset() + r] & 0xFF;
            if (at + run > count) {
                throw new DecodeException("RLE runs exceed " + count + " values");
            }
            int src = values.offset() + r * width;
            for (int i = 0; i < run; i++) {
                System.arraycopy(values.bytes(), src, out, (at + i) * width, width);
            }
            at += run;
        }
        if (at != count) {
            throw new DecodeException("RLE runs cover " + at + " values, expected " + count);
        }
        return ArrayData.fixed(count, width, out, null);
    }

    /**
     * RLE in a single block buffer (2.2+): {@code u64 LE} byte size of the run values, the run
     * values, then one u8 run length per run.
     */
    static ArrayData decodeBlock(dev.plainlance.lance.pb.enc21.Rle encoding, Slice data, int count) {
        DecodeException.check(data.length() >= 8, "RLE block header truncated");
        long valuesSize = dev.plainlance.lance.file.codec.Bytes.i64(data.bytes(), data.offset());
        DecodeException.check(valuesSize >= 0 && valuesSize <= data.length() - 8, "RLE block values size out of range");
        Slice values = new Slice(data.bytes(), data.offset() + 8, (int) valuesSize);
        Slice lengths =
                new Slice(data.bytes(), data.offset() + 8 + (int) valuesSize, data.length() - 8 - (int) valuesSize);
        return decode(encoding, values, lengths, count);
    }
}
