package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.FixedSizeList;
import dev.plainlance.lance.pb.enc21.Flat;
import dev.plainlance.lance.pb.enc21.Fsst;
import dev.plainlance.lance.pb.enc21.InlineBitpacking;
import dev.plainlance.lance.pb.enc21.Variable;

/**
 * Splits the values of a page into mini-block chunks and picks their compression: FastLanes inline bit packing
 * for 8/16/32/64-bit values when it saves space, flat values otherwise (including booleans and fixed-size lists,
 * whose item validity travels in extra buffers), and {@code Variable} chunks of offsets plus bytes for strings,
 * FSST-compressed when that pays.
 */
final class MiniBlockValueEncoder {
    /** Chunks of flat values stay below this size (as the official writer does). */
    private static final int MAX_CHUNK_VALUE_BYTES = 8 * 1024 - 6;

    private static final int MAX_CHUNK_VALUES = 4096;
    /** Target size of a variable-width chunk. */
    private static final int VARIABLE_CHUNK_BYTES = 4 * 1024;
    /** Pages with fewer bytes of strings are not FSST-compressed (the official writer's threshold). */
    private static final int FSST_MIN_BYTES = 32 * 1024;

    private MiniBlockValueEncoder() {}

    /** Chunks of {@code values}; strings are FSST-compressed only if {@code fsstStrings} (and it pays). */
    static ValueChunks encode(LeafValues values, boolean fsstStrings) {
        LeafType type = values.type();
        return switch (type.kind()) {
            case VARIABLE -> variable(values, fsstStrings);
            case FIXED -> {
                int bits = type.itemBits();
                ValueChunks packed = bits == 8 || bits == 16 || bits == 32 || bits == 64 ? bitpacked(values) : null;
                yield packed != null ? packed : flat(values);
            }
            default -> flat(values);
        };
    }

    static CompressiveEncoding flatEncoding(long bits) {
        return CompressiveEncoding.newBuilder()
                .setFlat(Flat.newBuilder().setBitsPerValue(bits))
                .build();
    }

    /** Inline bit packing in chunks of 1024 values, or null if it would not save at least 10 %. */
    private static ValueChunks bitpacked(LeafValues values) {
        int t = values.type().itemBits();
        int n = values.count();
        byte[] data = values.bytes().array();
        int chunks = (n + FastLanesPacker.BLOCK - 1) / FastLanesPacker.BLOCK;
        int[] widths = new int[chunks];
        long[] block = new long[FastLanesPacker.BLOCK];
        long packedBytes = 0;
        for (int c = 0; c < chunks; c++) {
            int count = load(
                    data,
                    t,
                    c * FastLanesPacker.BLOCK,
                    Math.min(FastLanesPacker.BLOCK, n - c * FastLanesPacker.BLOCK),
                    block);
            widths[c] = FastLanesPacker.bitWidth(block, count, t);
            packedBytes += t / 8 + FastLanesPacker.BLOCK * widths[c] / 8;
        }
        if (packedBytes * 10 > (long) n * (t / 8) * 9) {
            return null;
        }
        ValueChunks out = new ValueChunks(1, (int) packedBytes);
        GrowableBytes stream = out.streams[0];
        long[] scratch = new long[FastLanesPacker.BLOCK];
        for (int c = 0; c < chunks; c++) {
            int first = c * FastLanesPacker.BLOCK;
            int count = Math.min(FastLanesPacker.BLOCK, n - first);
            load(data, t, first, count, block);
            java.util.Arrays.fill(block, count, FastLanesPacker.BLOCK, 0L);
            int before = stream.size();
            stream.putUint(widths[c], t / 8);
            FastLanesPacker.pack(block, t, widths[c], stream, scratch);
            out.addChunk(count, stream.size() - before);
        }
        out.encoding = CompressiveEncoding.newBuilder()
                .setInlineBitpacking(InlineBitpacking.newBuilder().setUncompressedBitsPerValue(t))
                .build();
        return out;
    }

    private static int load(byte[] data, int t, int first, int count, long[] block) {
        switch (t) {
            case 64 -> {
                for (int i = 0; i < count; i++) {
                    block[i] = GrowableBytes.getLong(data, 8 * (first + i));
                }
            }
            case 32 -> {
                for (int i = 0; i < count; i++) {
                    block[i] = GrowableBytes.getInt(data, 4 * (first + i)) & 0xFFFFFFFFL;
                }
            }
            case 16 -> {
                for (int i = 0; i < count; i++) {
                    block[i] = GrowableBytes.getShort(data, 2 * (first + i)) & 0xFFFFL;
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    block[i] = data[first + i] & 0xFFL;
                }
            }
        }
        return count;
    }

    /** Flat values (fixed width, bits or fixed-size lists) in power-of-two chunks of at most ~8 KiB. */
    private static ValueChunks flat(LeafValues values) {
        LeafType type = values.type();
        int layers = type.dimensions().length;
        boolean[] hasValidity = new boolean[layers];
        int validityBuffers = 0;
        long validityBytesPerRow = 0;
        long cumulative = 1;
        long[] itemsPerRowAtLayer = new long[layers];
        for (int layer = 0; layer < layers; layer++) {
            cumulative *= type.dimensions()[layer];
            itemsPerRowAtLayer[layer] = cumulative;
            hasValidity[layer] = !values.itemValidity(layer).allSet();
            if (hasValidity[layer]) {
                validityBuffers++;
                validityBytesPerRow += (cumulative + 7) / 8;
            }
        }
        long rowBits = type.rowBits();
        boolean byteRows = rowBits % 8 == 0;
        long bytesPerWord = byteRows ? rowBits / 8 + validityBytesPerRow : rowBits + validityBytesPerRow * 8;
        int rowsPerWord = byteRows ? 1 : 8;
        long size = 2 * bytesPerWord;
        int rowsPerChunk = 2 * rowsPerWord;
        while (2 * size < MAX_CHUNK_VALUE_BYTES && 2 * rowsPerChunk <= MAX_CHUNK_VALUES) {
            size *= 2;
            rowsPerChunk *= 2;
        }
        int n = values.count();
        ValueChunks out =
                new ValueChunks(validityBuffers + 1, (int) Math.min(Integer.MAX_VALUE - 64, values.byteSize() + 64));
        int[] sizes = new int[validityBuffers + 1];
        for (int row = 0; row < n; row += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, n - row);
            int b = 0;
            for (int layer = 0; layer < layers; layer++) {
                if (hasValidity[layer]) {
                    byte[] slice = values.itemValidity(layer)
                            .slice(
                                    Math.toIntExact(row * itemsPerRowAtLayer[layer]),
                                    Math.toIntExact(rows * itemsPerRowAtLayer[layer]));
                    out.streams[b].put(slice, 0, slice.length);
                    sizes[b++] = slice.length;
                }
            }
            int dataBytes;
            if (type.itemBits() == 1) {
                byte[] slice = values.bits().slice(Math.toIntExact(row * rowBits), Math.toIntExact(rows * rowBits));
                out.streams[b].put(slice, 0, slice.length);
                dataBytes = slice.length;
            } else {
                int from = Math.toIntExact(row * rowBits / 8);
                dataBytes = Math.toIntExact(rows * rowBits / 8);
                out.streams[b].put(values.bytes().array(), from, dataBytes);
            }
            sizes[b] = dataBytes;
            out.addChunk(rows, sizes);
        }
        CompressiveEncoding encoding = flatEncoding(type.itemBits());
        for (int layer = layers - 1; layer >= 0; layer--) {
            encoding = CompressiveEncoding.newBuilder()
                    .setFixedSizeList(FixedSizeList.newBuilder()
                            .setItemsPerValue(type.dimensions()[layer])
                            .setHasValidity(hasValidity[layer])
                            .setValues(encoding))
                    .build();
        }
        out.encoding = encoding;
        return out;
    }

    /**
     * Strings as chunks of offsets plus bytes; FSST-compressed first (with the symbol table in the encoding, as the
     * official writer does) when the page holds at least {@link #FSST_MIN_BYTES} of strings and compression saves
     * at least 10 %.
     */
    private static ValueChunks variable(LeafValues values, boolean fsstStrings) {
        int width = values.type().offsetBytes();
        int n = values.count();
        byte[] data = values.bytes().array();
        long[] starts = BufferPool.takeLongs(n + 1);
        try {
            for (int i = 0; i <= n; i++) {
                starts[i] = values.start(i);
            }
            long raw = starts[n] - starts[0];
            // FSST output may take two bytes per input byte, and must fit in one array
            if (fsstStrings && raw >= FSST_MIN_BYTES && raw <= (Integer.MAX_VALUE - 64) / 2) {
                ValueChunks compressed = fsst(data, starts, n, width, raw);
                if (compressed != null) {
                    return compressed;
                }
            }
            return chunks(data, starts, n, width);
        } finally {
            BufferPool.releaseLongs(starts);
        }
    }

    /** The strings FSST-compressed with a table trained on them, or null if that saves less than 10 %. */
    private static ValueChunks fsst(byte[] data, long[] starts, int n, int width, long raw) {
        FsstEncoder fsst = FsstEncoder.train(data, starts, n);
        GrowableBytes compressed = GrowableBytes.pooled((int) (2 * raw + 64));
        long[] compressedStarts = BufferPool.takeLongs(n + 1);
        try {
            fsst.compressAll(data, starts, n, compressed, compressedStarts);
            if ((compressed.size() + FsstEncoder.TABLE_SIZE) * 10L >= raw * 9) {
                return null;
            }
            ValueChunks out = chunks(compressed.array(), compressedStarts, n, width);
            out.encoding = CompressiveEncoding.newBuilder()
                    .setFsst(Fsst.newBuilder()
                            .setSymbolTable(com.google.protobuf.ByteString.copyFrom(fsst.serialize()))
                            .setValues(out.encoding))
                    .build();
            return out;
        } finally {
            compressed.release();
            BufferPool.releaseLongs(compressedStarts);
        }
    }

    /** Chunks of {@code n + 1} offsets (rebased to positions inside the chunk) followed by the value bytes. */
    private static ValueChunks chunks(byte[] data, long[] starts, int n, int width) {
        ValueChunks out = new ValueChunks(1, Math.toIntExact(starts[n] - starts[0] + (n + 1L) * width + 64));
        GrowableBytes stream = out.streams[0];
        int first = 0;
        while (first < n) {
            int count = variableChunkSize(starts, n, first, width);
            int before = stream.size();
            long dataStart = (long) (count + 1) * width;
            long base = starts[first];
            for (int i = 0; i <= count; i++) {
                stream.putUint(dataStart + starts[first + i] - base, width);
            }
            stream.put(data, Math.toIntExact(base), Math.toIntExact(starts[first + count] - base));
            stream.padTo(width, before, FileLayout.PAD);
            out.addChunk(count, stream.size() - before);
            first += count;
        }
        out.encoding = CompressiveEncoding.newBuilder()
                .setVariable(Variable.newBuilder().setOffsets(flatEncoding(8L * width)))
                .build();
        return out;
    }

    /** All remaining values if they fit, else the largest power of two (at least 1) that fits the target size. */
    private static int variableChunkSize(long[] starts, int n, int first, int width) {
        int remaining = n - first;
        if (remaining <= MAX_CHUNK_VALUES && chunkBytes(starts, first, remaining, width) <= VARIABLE_CHUNK_BYTES) {
            return remaining;
        }
        int count = 1;
        while (2 * count < remaining
                && 2 * count <= MAX_CHUNK_VALUES
                && chunkBytes(starts, first, 2 * count, width) <= VARIABLE_CHUNK_BYTES) {
            count *= 2;
        }
        return count;
    }

    private static long chunkBytes(long[] starts, int first, int count, int width) {
        return (long) (count + 1) * width + starts[first + count] - starts[first];
    }
}
