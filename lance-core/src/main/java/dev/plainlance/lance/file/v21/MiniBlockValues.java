package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.codec.Fsst;
import dev.plainlance.lance.file.codec.GeneralCompression;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.FixedSizeList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Decodes the value buffers of one mini-block chunk with the page's value compression. */
final class MiniBlockValues {
    private final CompressiveEncoding encoding;
    private final Fsst fsst;

    MiniBlockValues(CompressiveEncoding encoding) {
        this.encoding = encoding;
        this.fsst = findFsst(encoding);
    }

    private static Fsst findFsst(CompressiveEncoding encoding) {
        if (encoding.hasFsst()) {
            return Fsst.parse(encoding.getFsst().getSymbolTable().toByteArray());
        }
        if (encoding.hasGeneral()) {
            return findFsst(encoding.getGeneral().getValues());
        }
        return null;
    }

    /**
     * Decodes consecutive chunks into one array: {@code counts[c]} values from the value buffers
     * {@code buffers.get(c)} of each chunk. FSST strings are expanded, and bit-packed or flat
     * fixed-width values unpacked or copied, straight into one buffer.
     */
    ArrayData decodeChunks(List<List<Slice>> buffers, int[] counts) {
        int width = directWidth();
        if (width > 0) {
            return fixedChunks(buffers, counts, width);
        }
        boolean fsstStrings = encoding.hasFsst();
        CompressiveEncoding chunkEncoding = fsstStrings ? encoding.getFsst().getValues() : encoding;
        if (fsstStrings && hasU32Offsets(chunkEncoding)) {
            return fsstChunks(buffers, counts);
        }
        List<ArrayData> parts = new ArrayList<>(buffers.size());
        for (int c = 0; c < buffers.size(); c++) {
            parts.add(decode(chunkEncoding, buffers.get(c), counts[c]));
        }
        if (fsstStrings) {
            return fsst.decompress(parts);
        }
        return parts.isEmpty() ? ArrayData.nulls(0) : ArrayData.concat(parts);
    }

    /**
     * {@link #decodeChunks} of only the values {@code picks[i] - base}, {@code i} in {@code [from, to)} (ascending),
     * of the chunks' values one after the other. FSST strings of other values are not expanded.
     */
    ArrayData decodePicked(List<List<Slice>> buffers, int[] counts, int[] picks, int from, int to, long base) {
        if (encoding.hasInlineBitpacking()) {
            return bitpackedPicked(buffers, counts, picks, from, to, base);
        }
        if (directWidth() == 0
                && encoding.hasFsst()
                && hasU32Offsets(encoding.getFsst().getValues())) {
            return fsst.decompressPicked(offsetChunks(buffers, counts), picks, from, to, base);
        }
        return decodeChunks(buffers, counts).pick(picks, from, to, base);
    }

    /** Bit-packed chunks: each picked value is unpacked alone. */
    private ArrayData bitpackedPicked(
            List<List<Slice>> buffers, int[] counts, int[] picks, int from, int to, long base) {
        int t = BlockDecoder.bitWidth(encoding.getInlineBitpacking().getUncompressedBitsPerValue());
        byte[] out = new byte[Math.multiplyExact(to - from, t / 8)];
        int i = from;
        long chunkFirst = base;
        for (int c = 0; c < buffers.size() && i < to; c++) {
            List<Slice> chunk = buffers.get(c);
            DecodeException.check(!chunk.isEmpty(), "chunk is missing a value buffer");
            DecodeException.check(chunk.size() == 1, "chunk has unused value buffers");
            DecodeException.check(counts[c] <= 1024, "bit-packed chunk holds more than 1024 values");
            i = BlockDecoder.inlineBitpackedPicked(t, chunk.get(0), counts[c], picks, i, to, chunkFirst, out, i - from);
            chunkFirst += counts[c];
        }
        DecodeException.check(i == to, "picked value outside the chunks");
        return ArrayData.fixed(to - from, t / 8, out, null);
    }

    private static boolean hasU32Offsets(CompressiveEncoding encoding) {
        return encoding.hasVariable()
                && encoding.getVariable().getOffsets().hasFlat()
                && encoding.getVariable().getOffsets().getFlat().getBitsPerValue() == 32;
    }

    /** FSST-compressed variable chunks, expanded from where their codes lie. */
    private ArrayData fsstChunks(List<List<Slice>> buffers, int[] counts) {
        return fsst.decompressChunks(offsetChunks(buffers, counts));
    }

    private static List<Fsst.OffsetChunk> offsetChunks(List<List<Slice>> buffers, int[] counts) {
        List<Fsst.OffsetChunk> chunks = new ArrayList<>(buffers.size());
        for (int c = 0; c < buffers.size(); c++) {
            List<Slice> chunk = buffers.get(c);
            DecodeException.check(!chunk.isEmpty(), "chunk is missing a value buffer");
            DecodeException.check(chunk.size() == 1, "chunk has unused value buffers");
            Slice data = chunk.get(0);
            chunks.add(new Fsst.OffsetChunk(data.bytes(), data.offset(), data.length(), counts[c]));
        }
        return chunks;
    }

    /**
     * Bytes per value when chunks decode straight into one fixed-width buffer (inline bit-packing,
     * or flat whole bytes), else 0.
     */
    private int directWidth() {
        if (encoding.hasInlineBitpacking()) {
            return BlockDecoder.bitWidth(encoding.getInlineBitpacking().getUncompressedBitsPerValue()) / 8;
        }
        if (encoding.hasFlat()) {
            long bits = encoding.getFlat().getBitsPerValue();
            return bits > 1 && bits % 8 == 0 && bits <= 1L << 20 ? (int) (bits / 8) : 0;
        }
        return 0;
    }

    private ArrayData fixedChunks(List<List<Slice>> buffers, int[] counts, int width) {
        long total = 0;
        for (int c = 0; c < buffers.size(); c++) {
            total += counts[c];
        }
        int n = DecodeException.toInt(total, "chunk values");
        byte[] out = new byte[Math.multiplyExact(n, width)];
        int at = 0;
        for (int c = 0; c < buffers.size(); c++) {
            List<Slice> chunk = buffers.get(c);
            DecodeException.check(!chunk.isEmpty(), "chunk is missing a value buffer");
            DecodeException.check(chunk.size() == 1, "chunk has unused value buffers");
            Slice data = chunk.get(0);
            int count = counts[c];
            if (encoding.hasInlineBitpacking()) {
                DecodeException.check(count <= 1024, "bit-packed chunk holds more than 1024 values");
                BlockDecoder.inlineBitpacked(width * 8, data, count, out, at * width);
            } else {
                long size = (long) count * width;
                if (data.length() < size) {
                    throw new DecodeException("flat buffer holds " + data.length() + " bytes, needs " + size);
                }
                System.arraycopy(data.bytes(), data.offset(), out, at * width, (int) size);
            }
            at += count;
        }
        return ArrayData.fixed(n, width, out, null);
    }

    private ArrayData decode(CompressiveEncoding encoding, List<Slice> buffers, int count) {
        Deque<Slice> queue = new ArrayDeque<>(buffers);
        ArrayData result = decode(encoding, queue, count);
        DecodeException.check(queue.isEmpty(), "chunk has unused value buffers");
        return result;
    }

    private ArrayData decode(CompressiveEncoding encoding, Deque<Slice> buffers, int count) {
        switch (encoding.getCompressionCase()) {
            case FLAT:
                return Flats.decode(encoding.getFlat().getBitsPerValue(), next(buffers), count);
            case INLINE_BITPACKING:
                DecodeException.check(count <= 1024, "bit-packed chunk holds more than 1024 values");
                return BlockDecoder.inlineBitpacked(
                        BlockDecoder.bitWidth(encoding.getInlineBitpacking().getUncompressedBitsPerValue()),
                        next(buffers),
                        count);
            case RLE: {
                Slice values = next(buffers);
                Slice lengths = next(buffers);
                return Rle.decode(encoding.getRle(), values, lengths, count);
            }
            case VARIABLE:
                return variableChunk(encoding, next(buffers), count);
            case FSST:
                return fsst.decompress(decode(encoding.getFsst().getValues(), buffers, count));
            case FIXED_SIZE_LIST:
                return fixedSizeList(encoding.getFixedSizeList(), buffers, count);
            case GENERAL: {
                Slice compressed = next(buffers);
                byte[] plain = GeneralCompression.decompress(
                        BlockDecoder.scheme(encoding.getGeneral().getCompression()),
                        compressed.bytes(),
                        compressed.offset(),
                        compressed.length());
                buffers.addFirst(Slice.of(plain));
                return decode(encoding.getGeneral().getValues(), buffers, count);
            }
            case BYTE_STREAM_SPLIT:
                return byteStreamSplit(encoding, next(buffers), count);
            case CONSTANT:
                return Flats.constant(encoding.getConstant().getValue().toByteArray(), count);
            default:
                throw new DecodeException("unsupported mini-block value encoding " + encoding.getCompressionCase());
        }
    }

    private static Slice next(Deque<Slice> buffers) {
        DecodeException.check(!buffers.isEmpty(), "chunk is missing a value buffer");
        return buffers.removeFirst();
    }

    /**
     * {@code count + 1} offsets (u32 or u64) then the bytes; offset {@code i} is the position of
     * value {@code i} inside the chunk buffer.
     */
    private static ArrayData variableChunk(CompressiveEncoding encoding, Slice chunk, int count) {
        CompressiveEncoding offsets = encoding.getVariable().getOffsets();
        DecodeException.check(offsets.hasFlat(), "variable offsets must be flat");
        long bits = offsets.getFlat().getBitsPerValue();
        if (!(bits == 32 || bits == 64)) {
            throw new DecodeException("unsupported offset width " + bits);
        }
        return Flats.variable(
                chunk.bytes(),
                chunk.offset(),
                (int) (bits / 8),
                count,
                chunk.bytes(),
                chunk.offset(),
                chunk.length(),
                0);
    }

    /** Optional item validity bitmap ({@code count * dimension} bits) followed by the items. */
    private ArrayData fixedSizeList(FixedSizeList list, Deque<Slice> buffers, int count) {
        long dimension = list.getItemsPerValue();
        if (!(dimension > 0 && dimension <= 1 << 20)) {
            throw new DecodeException("invalid fixed-size-list dimension " + dimension);
        }
        int items = Math.multiplyExact(count, (int) dimension);
        byte[] validity = null;
        if (list.getHasValidity()) {
            validity = Flats.decode(1, next(buffers), items).data;
        }
        ArrayData values = decode(list.getValues(), buffers, items);
        return ArrayData.fixedList(
                count, (int) dimension, values.withValidity(Bitmaps.and(validity, values.validity, items)), null);
    }

    /** Byte {@code j} of value {@code i} is stored at {@code j * count + i}. */
    private static ArrayData byteStreamSplit(CompressiveEncoding encoding, Slice data, int count) {
        CompressiveEncoding inner = encoding.getByteStreamSplit().getValues();
        DecodeException.check(
                inner.hasFlat() && inner.getFlat().getBitsPerValue() % 8 == 0, "byte-stream-split values must be flat");
        int width = (int) (inner.getFlat().getBitsPerValue() / 8);
        DecodeException.check(width > 0 && data.length() >= (long) width * count, "byte-stream-split buffer too short");
        byte[] out = new byte[width * count];
        for (int j = 0; j < width; j++) {
            int src = data.offset() + j * count;
            for (int i = 0; i < count; i++) {
                out[i * width + j] = data.bytes()[src + i];
            }
        }
        return ArrayData.fixed(count, width, out, null);
    }
}
