package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.codec.Gather;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a whole mini-block page. Buffers: [0] chunk metadata (one u16 word per chunk, u32 when
 * {@code has_large_chunk}: {@code (chunk_bytes / 8 - 1) << 4 | log2(values)}), [1] chunk data, [2]
 * dictionary if present, then the repetition index (not needed for whole-page decoding).
 *
 * <p>A chunk is {@code u16 num_levels, [u16 rep_size], [u16 def_size], value buffer sizes (u16, or
 * u32 with large chunks)}, padded to 8 bytes, followed by the rep block, def block and value
 * buffers, each padded to 8 bytes.
 */
final class MiniBlockPage {
    private static final int ALIGN = 8;
    private static final int MAX_CHUNK_VALUES = 1 << 16;

    private final MiniBlockLayout layout;
    private final ChunkData data;
    private final int numBuffers;
    private final int[] chunkStart;
    private final int[] firstValue;
    private final MiniBlockValues values;
    private final ArrayData dictionary;
    private final int maxVisibleDef;

    /** Source of the chunk data buffer's bytes, read on demand. */
    interface ChunkData {
        /** Size of the chunk data buffer. */
        int size();

        /**
         * A view of bytes {@code [offset, offset + length)} of the chunk data buffer. It may be
         * valid only until the calling thread's next read, so decoders copy what they keep.
         */
        Slice read(int offset, int length);

        /** Chunk data held in memory. */
        static ChunkData of(byte[] bytes) {
            return new ChunkData() {
                @Override
                public int size() {
                    return bytes.length;
                }

                @Override
                public Slice read(int offset, int length) {
                    return new Slice(bytes, offset, length);
                }
            };
        }
    }

    private MiniBlockPage(
            MiniBlockLayout layout,
            ChunkData data,
            int numBuffers,
            int[] chunkStart,
            int[] firstValue,
            ArrayData dictionary) {
        this.layout = layout;
        this.data = data;
        this.numBuffers = numBuffers;
        this.chunkStart = chunkStart;
        this.firstValue = firstValue;
        this.values = new MiniBlockValues(layout.getValueCompression());
        this.dictionary = dictionary;
        this.maxVisibleDef = PageLayers.maxVisibleDef(layout.getLayersList());
    }

    /**
     * Parses the chunk metadata {@code meta} and decodes the dictionary buffer (null if the page
     * has none); chunk data is read from {@code data} only when chunks are decoded.
     */
    static MiniBlockPage open(MiniBlockLayout layout, byte[] meta, ChunkData data, byte[] dictionaryBuffer) {
        int wordSize = layout.getHasLargeChunk() ? 4 : 2;
        DecodeException.check(meta.length % wordSize == 0, "chunk metadata size is not a word multiple");
        int numItems = DecodeException.toInt(layout.getNumItems(), "mini-block item count");
        int numBuffers = DecodeException.toInt(layout.getNumBuffers(), "mini-block buffer count");
        DecodeException.check(numBuffers <= 64, "too many value buffers");
        int chunks = meta.length / wordSize;
        int[] chunkStart = new int[chunks + 1];
        int[] firstValue = new int[chunks + 1];
        for (int c = 0; c < chunks; c++) {
            long word = Bytes.uint(meta, c * wordSize, wordSize);
            long chunkBytes = ((word >>> 4) + 1) * ALIGN;
            int count = c < chunks - 1 ? 1 << (int) (word & 0x0F) : numItems - firstValue[c];
            if (count < 0 || count > MAX_CHUNK_VALUES || firstValue[c] + (long) count > numItems) {
                throw new DecodeException("chunk value counts exceed the page's " + numItems + " values");
            }
            if (chunkStart[c] + chunkBytes > data.size()) {
                throw new DecodeException("chunk " + c + " extends past the data buffer");
            }
            chunkStart[c + 1] = chunkStart[c] + (int) chunkBytes;
            firstValue[c + 1] = firstValue[c] + count;
        }
        if (firstValue[chunks] != numItems) {
            throw new DecodeException("chunks hold " + firstValue[chunks] + " values, page has " + numItems);
        }
        ArrayData dictionary = null;
        if (layout.hasDictionary()) {
            DecodeException.check(dictionaryBuffer != null, "dictionary buffer missing");
            int dictionaryItems = DecodeException.toInt(layout.getNumDictionaryItems(), "dictionary size");
            DecodeException.check(dictionaryItems <= Math.max(numItems, 1), "dictionary larger than the page");
            dictionary = BlockDecoder.decode(layout.getDictionary(), Slice.of(dictionaryBuffer), dictionaryItems);
        }
        return new MiniBlockPage(layout, data, numBuffers, chunkStart, firstValue, dictionary);
    }

    /** Decodes a whole page. */
    static LeafPage decode(MiniBlockLayout layout, byte[][] buffers) {
        DecodeException.check(buffers.length >= (layout.hasDictionary() ? 3 : 2), "mini-block page buffers missing");
        MiniBlockPage page =
                open(layout, buffers[0], ChunkData.of(buffers[1]), layout.hasDictionary() ? buffers[2] : null);
        Chunks chunks = page.decodeChunks(0, page.chunkCount());
        return new LeafPage(chunks.entries(), chunks.rep(), chunks.def(), chunks.values(), layout.getLayersList());
    }

    /**
     * Decoded chunks: {@code entries} rep/def levels (null when the page has none) and the values
     * of the visible entries.
     */
    record Chunks(int entries, int[] rep, int[] def, ArrayData values) {}

    int chunkCount() {
        return chunkStart.length - 1;
    }

    /** Index of the first value of chunk {@code chunk} ({@code chunkCount()} gives the total). */
    int firstValue(int chunk) {
        return firstValue[chunk];
    }

    /** Index of the chunk holding value {@code value}. */
    int chunkOf(int value) {
        int index = java.util.Arrays.binarySearch(firstValue, 0, chunkCount(), value);
        if (index >= 0) {
            while (index + 1 < chunkCount() && firstValue[index + 1] == value) {
                index++;
            }
            return index;
        }
        return -index - 2;
    }

    /** Decodes chunks {@code [from, to)}: their levels and the values of their visible entries. */
    Chunks decodeChunks(int from, int to) {
        Levelled chunks = levels(from, to);
        ArrayData decoded = values.decodeChunks(chunks.valueBuffers, chunks.counts);
        return new Chunks(chunks.entries, chunks.rep, chunks.def, withDictionary(decoded, chunks.def, chunks.entries));
    }

    /**
     * Decodes the entries {@code picks[i]} of the page ({@code i} in {@code [from, to)}, ascending), all in chunks
     * {@code [firstChunk, lastChunk)}, of a page without repetition levels, where every entry has a value slot:
     * their definition levels and values. Values of other entries are decoded only as far as their encoding needs.
     */
    Chunks decodePicked(int firstChunk, int lastChunk, int[] picks, int from, int to) {
        Levelled chunks = levels(firstChunk, lastChunk);
        int base = firstValue[firstChunk];
        DecodeException.check(
                chunks.rep == null && chunks.entries == firstValue[lastChunk] - base,
                "chunk levels do not match its values");
        int n = to - from;
        int[] def = null;
        if (chunks.def != null) {
            def = new int[n];
            for (int i = 0; i < n; i++) {
                int entry = picks[from + i] - base;
                DecodeException.check(entry >= 0 && entry < chunks.entries, "picked entry outside the chunks");
                def[i] = chunks.def[entry];
            }
        }
        ArrayData decoded = values.decodePicked(chunks.valueBuffers, chunks.counts, picks, from, to, base);
        return new Chunks(n, null, def, withDictionary(decoded, def, n));
    }

    /** Parsed chunks: their levels, and the value buffers and value count of each. */
    private record Levelled(int entries, int[] rep, int[] def, List<List<Slice>> valueBuffers, int[] counts) {}

    private Levelled levels(int from, int to) {
        boolean hasRep = layout.hasRepCompression();
        boolean hasDef = layout.hasDefCompression();
        List<List<Slice>> valueBuffers = new ArrayList<>(to - from);
        int[] counts = new int[to - from];
        IntList rep = hasRep ? new IntList() : null;
        IntList def = hasDef ? new IntList() : null;
        Slice bytes = data.read(chunkStart[from], chunkStart[to] - chunkStart[from]);
        for (int c = from; c < to; c++) {
            Chunk chunk = parseChunk(
                    bytes.bytes(),
                    bytes.offset() + chunkStart[c] - chunkStart[from],
                    chunkStart[c + 1] - chunkStart[c],
                    hasRep,
                    hasDef,
                    numBuffers,
                    layout.getHasLargeChunk());
            if (hasRep) {
                rep.addAll(Levels.decode(layout.getRepCompression(), chunk.rep, chunk.levels));
            }
            if (hasDef) {
                def.addAll(Levels.decode(layout.getDefCompression(), chunk.def, chunk.levels));
            }
            valueBuffers.add(chunk.buffers);
            counts[c - from] = firstValue[c + 1] - firstValue[c];
        }
        int numValues = firstValue[to] - firstValue[from];
        int[] repLevels = rep == null ? null : rep.toArray();
        int[] defLevels = def == null ? null : def.toArray();
        int entries = repLevels != null ? repLevels.length : defLevels != null ? defLevels.length : numValues;
        DecodeException.check(
                (repLevels == null || repLevels.length == entries)
                        && (defLevels == null || defLevels.length == entries),
                "rep and def level counts differ");
        DecodeException.check(
                PageLayers.visibleCount(defLevels, entries, maxVisibleDef) == numValues,
                "levels describe a different number of values than the chunks hold");
        return new Levelled(entries, repLevels, defLevels, valueBuffers, counts);
    }

    /** The decoded values, or with a dictionary the dictionary items they index (null where not defined). */
    private ArrayData withDictionary(ArrayData decoded, int[] def, int entries) {
        if (dictionary == null) {
            return decoded;
        }
        ArrayData indices = decoded.withValidity(validValues(def, entries, decoded.length, maxVisibleDef));
        return Gather.gather(dictionary, indices, 0);
    }

    /** Bitmap over the value slots: set where the definition level is 0 (valid at every layer). */
    private static byte[] validValues(int[] def, int entries, int values, int maxVisibleDef) {
        if (def == null) {
            return null;
        }
        byte[] validity = new byte[Bitmaps.bytesFor(values)];
        int slot = 0;
        for (int i = 0; i < entries; i++) {
            if (def[i] <= maxVisibleDef) {
                if (def[i] == 0) {
                    Bitmaps.set(validity, slot);
                }
                slot++;
            }
        }
        return validity;
    }

    private record Chunk(int levels, Slice rep, Slice def, List<Slice> buffers) {}

    private static Chunk parseChunk(
            byte[] data, int start, int length, boolean hasRep, boolean hasDef, int numBuffers, boolean large) {
        int end = start + length;
        int at = start;
        int headerBytes = 2 + (hasRep ? 2 : 0) + (hasDef ? 2 : 0) + numBuffers * (large ? 4 : 2);
        DecodeException.check(headerBytes <= length, "chunk header truncated");
        int levels = Bytes.u16(data, at);
        at += 2;
        int repSize = 0;
        int defSize = 0;
        if (hasRep) {
            repSize = Bytes.u16(data, at);
            at += 2;
        }
        if (hasDef) {
            defSize = Bytes.u16(data, at);
            at += 2;
        }
        long[] sizes = new long[numBuffers];
        for (int b = 0; b < numBuffers; b++) {
            sizes[b] = large ? Bytes.u32(data, at) : Bytes.u16(data, at);
            at += large ? 4 : 2;
        }
        at = pad(at, start);
        Slice rep = null;
        Slice def = null;
        if (hasRep) {
            DecodeException.check(at + (long) repSize <= end, "chunk repetition levels truncated");
            rep = new Slice(data, at, repSize);
            at = pad(at + repSize, start);
        }
        if (hasDef) {
            DecodeException.check(at + (long) defSize <= end, "chunk definition levels truncated");
            def = new Slice(data, at, defSize);
            at = pad(at + defSize, start);
        }
        List<Slice> buffers = new ArrayList<>(numBuffers);
        for (long size : sizes) {
            DecodeException.check(at + size <= end, "chunk value buffer truncated");
            buffers.add(new Slice(data, at, (int) size));
            at = pad(at + (int) size, start);
        }
        return new Chunk(levels, rep, def, buffers);
    }

    private static int pad(int at, int start) {
        int relative = at - start;
        return start + ((relative + ALIGN - 1) / ALIGN) * ALIGN;
    }
}
