package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.codec.FastLanes;
import dev.plainlance.lance.file.codec.GeneralCompression;
import dev.plainlance.lance.pb.enc21.BufferCompression;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.OutOfLineBitpacking;

/**
 * Decodes "block" data: a single buffer holding all values, as used for repetition/definition
 * levels and mini-block dictionaries.
 */
final class BlockDecoder {
    private BlockDecoder() {}

    static ArrayData decode(CompressiveEncoding encoding, Slice data, int count) {
        switch (encoding.getCompressionCase()) {
            case FLAT:
                return Flats.decode(encoding.getFlat().getBitsPerValue(), data, count);
            case INLINE_BITPACKING:
                return inlineBitpacked(
                        bitWidth(encoding.getInlineBitpacking().getUncompressedBitsPerValue()), data, count);
            case OUT_OF_LINE_BITPACKING:
                return outOfLineBitpacked(encoding.getOutOfLineBitpacking(), data, count);
            case VARIABLE:
                return variable(data, count);
            case GENERAL: {
                byte[] plain = GeneralCompression.decompress(
                        scheme(encoding.getGeneral().getCompression()), data.bytes(), data.offset(), data.length());
                return decode(encoding.getGeneral().getValues(), Slice.of(plain), count);
            }
            case CONSTANT:
                return Flats.constant(encoding.getConstant().getValue().toByteArray(), count);
            case RLE:
                return Rle.decodeBlock(encoding.getRle(), data, count);
            default:
                throw new DecodeException("unsupported block encoding " + encoding.getCompressionCase());
        }
    }

    static GeneralCompression.Scheme scheme(BufferCompression compression) {
        switch (compression.getScheme()) {
            case COMPRESSION_ALGORITHM_ZSTD:
                return GeneralCompression.Scheme.ZSTD;
            case COMPRESSION_ALGORITHM_LZ4:
                return GeneralCompression.Scheme.LZ4;
            default:
                throw new DecodeException("unsupported compression scheme " + compression.getScheme());
        }
    }

    static int bitWidth(long bits) {
        if (!(bits == 8 || bits == 16 || bits == 32 || bits == 64)) {
            throw new DecodeException("unsupported word size " + bits);
        }
        return (int) bits;
    }

    /** Consecutive chunks of {@code [T-bit width W][1024 values packed with W bits]}. */
    static ArrayData inlineBitpacked(int t, Slice data, int count) {
        byte[] out = new byte[Math.multiplyExact(count, t / 8)];
        inlineBitpacked(t, data, count, out, 0);
        return ArrayData.fixed(count, t / 8, out, null);
    }

    /** Unpacks {@link #inlineBitpacked(int, Slice, int)} data into {@code out} from {@code outAt}. */
    static void inlineBitpacked(int t, Slice data, int count, byte[] out, int outAt) {
        int bytes = t / 8;
        if (count > (data.length() / bytes + 1L) * FastLanes.BLOCK) {
            throw new DecodeException("bit-packed data too short for " + count + " values");
        }
        Bytes.checkRange(out, outAt, (long) count * bytes, "unpacked values");
        byte[] block = count % FastLanes.BLOCK == 0 ? null : new byte[FastLanes.BLOCK * bytes];
        int at = data.offset();
        int end = data.offset() + data.length();
        for (int done = 0; done < count; done += FastLanes.BLOCK) {
            int w = blockWidth(t, data.bytes(), at, end);
            at += bytes;
            int packed = FastLanes.packedBytes(w);
            int n = Math.min(FastLanes.BLOCK, count - done);
            if (n == FastLanes.BLOCK) {
                FastLanes.unpack(t, w, data.bytes(), at, out, outAt + done * bytes);
            } else {
                FastLanes.unpack(t, w, data.bytes(), at, block, 0);
                System.arraycopy(block, 0, out, outAt + done * bytes, n * bytes);
            }
            at += packed;
        }
    }

    /** The bit width in the header of a block of T-bit values at {@code at}, checked, with the block inside end. */
    private static int blockWidth(int t, byte[] bytes, int at, int end) {
        DecodeException.check(at + t / 8 <= end, "bit-packed chunk header missing");
        long w = Bytes.uint(bytes, at, t / 8);
        if (!(w >= 0 && w <= t)) {
            throw new DecodeException("bit width " + w + " exceeds " + t);
        }
        DecodeException.check(at + t / 8 + FastLanes.packedBytes((int) w) <= end, "bit-packed chunk truncated");
        return (int) w;
    }

    /**
     * Unpacks only the values {@code picks[i] - base}, {@code i} in {@code [from, to)} (ascending), of {@link
     * #inlineBitpacked(int, Slice, int)} data holding {@code count} values, into {@code out} from value {@code outAt};
     * returns the index of the first pick past these values.
     */
    static int inlineBitpackedPicked(
            int t, Slice data, int count, int[] picks, int from, int to, long base, byte[] out, int outAt) {
        int bytes = t / 8;
        if (count > (data.length() / bytes + 1L) * FastLanes.BLOCK) {
            throw new DecodeException("bit-packed data too short for " + count + " values");
        }
        int at = data.offset();
        int end = data.offset() + data.length();
        int i = from;
        for (int done = 0; done < count && i < to; done += FastLanes.BLOCK) {
            int w = blockWidth(t, data.bytes(), at, end);
            at += bytes;
            int packed = FastLanes.packedBytes(w);
            long blockEnd = Math.min(count, done + FastLanes.BLOCK);
            for (; i < to && picks[i] - base < blockEnd; i++) {
                long index = picks[i] - base - done;
                DecodeException.check(index >= 0, "picked values are not ascending");
                long value = FastLanes.unpackOne(t, w, data.bytes(), at, (int) index);
                Bytes.putUint(out, (outAt + i - from) * bytes, bytes, value);
            }
            at += packed;
        }
        return i;
    }

    /**
     * Whole blocks of 1024 values packed with {@code W} bits; a final partial block is either a
     * zero-padded packed block or the raw remaining values.
     */
    private static ArrayData outOfLineBitpacked(OutOfLineBitpacking encoding, Slice data, int count) {
        int t = bitWidth(encoding.getUncompressedBitsPerValue());
        DecodeException.check(encoding.getValues().hasFlat(), "out-of-line bit-packing needs a flat width");
        long w = encoding.getValues().getFlat().getBitsPerValue();
        if (!(w >= 0 && w <= t)) {
            throw new DecodeException("bit width " + w + " exceeds " + t);
        }
        int bytes = t / 8;
        int blockBytes = FastLanes.packedBytes((int) w);
        int fullBlocks = count / FastLanes.BLOCK;
        int tail = count % FastLanes.BLOCK;
        boolean rawTail = tail > 0 && data.length() == (long) fullBlocks * blockBytes + (long) tail * bytes;
        int blocks = rawTail ? fullBlocks : (count + FastLanes.BLOCK - 1) / FastLanes.BLOCK;
        DecodeException.check(data.length() >= (long) blocks * blockBytes, "bit-packed data truncated");
        byte[] out = new byte[Math.multiplyExact(count, bytes)];
        byte[] block = new byte[FastLanes.BLOCK * bytes];
        for (int b = 0; b < blocks; b++) {
            FastLanes.unpack(t, (int) w, data.bytes(), data.offset() + b * blockBytes, block, 0);
            int n = Math.min(FastLanes.BLOCK, count - b * FastLanes.BLOCK);
            System.arraycopy(block, 0, out, b * FastLanes.BLOCK * bytes, n * bytes);
        }
        if (rawTail) {
            System.arraycopy(
                    data.bytes(),
                    data.offset() + fullBlocks * blockBytes,
                    out,
                    fullBlocks * FastLanes.BLOCK * bytes,
                    tail * bytes);
        }
        return ArrayData.fixed(count, bytes, out, null);
    }

    /**
     * Variable-width block: {@code u32 bits_per_offset} then the data start ({@code u32} at 4 for
     * 32-bit offsets, {@code u64} at 8 for 64-bit offsets), then {@code count + 1} offsets relative
     * to the data start, then the bytes. An older header {@code u8 bits, count, data start} is
     * recognised by non-zero bytes 1..3.
     */
    private static ArrayData variable(Slice data, int count) {
        byte[] b = data.bytes();
        int base = data.offset();
        DecodeException.check(data.length() >= 8, "variable block header truncated");
        boolean oldScheme = b[base + 1] != 0 || b[base + 2] != 0 || b[base + 3] != 0;
        int bits;
        long dataStart;
        int offsetsStart;
        if (oldScheme) {
            bits = b[base] & 0xFF;
            DecodeException.check(
                    bits == 32 && data.length() >= 9 || bits == 64 && data.length() >= 17,
                    "variable block header truncated");
            dataStart = bits == 32 ? Bytes.u32(b, base + 5) : Bytes.i64(b, base + 9);
            offsetsStart = bits == 32 ? 9 : 17;
        } else {
            bits = Bytes.i32(b, base);
            if (!(bits == 32 || bits == 64 && data.length() >= 16)) {
                throw new DecodeException("unsupported offset width " + bits);
            }
            dataStart = bits == 32 ? Bytes.u32(b, base + 4) : Bytes.i64(b, base + 8);
            offsetsStart = bits == 32 ? 8 : 16;
        }
        int width = bits / 8;
        DecodeException.check(
                dataStart >= offsetsStart + (long) (count + 1) * width && dataStart <= data.length(),
                "variable block data start out of range");
        return Flats.variable(
                b, base + offsetsStart, width, count, b, base + (int) dataStart, data.length() - (int) dataStart, 0);
    }
}
