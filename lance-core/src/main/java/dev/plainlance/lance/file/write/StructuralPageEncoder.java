package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.AllNullLayout;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one 2.1 page: all-null layouts when no value is valid, full-zip for values of 256 bytes or more, and
 * mini-block otherwise (levels stored as raw u16, {@code Flat{16}}, inside each chunk); low-cardinality strings get
 * a page dictionary.
 */
final class StructuralPageEncoder {
    private static final int WIDE_VALUE_BYTES = 256;
    private static final int MAX_CHUNK_BYTES = 32 * 1024;
    private static final int MINIBLOCK_ALIGNMENT = 8;
    private static final byte FILL = (byte) 0xFE;

    private StructuralPageEncoder() {}

    static EncodedPage encode(
            LeafValues values,
            RepDefLayers layers,
            short[] rep,
            short[] def,
            int entries,
            long rows,
            long firstRow,
            boolean fsstStrings) {
        if (!anyValid(def, entries)) {
            return allNull(layers, rep, def, rows, firstRow);
        }
        LeafType type = values.type();
        boolean wide = type.kind() == LeafType.Kind.VARIABLE
                ? maxLength(values) >= WIDE_VALUE_BYTES
                : type.itemBits() % 8 == 0 && type.rowBits() / 8 >= WIDE_VALUE_BYTES;
        if (wide) {
            return FullZipEncoder.encode(values, layers, rep, def, entries, rows, firstRow);
        }
        return miniBlock(values, layers, rep, def, entries, rows, firstRow, fsstStrings);
    }

    private static boolean anyValid(short[] def, int entries) {
        if (def == null) {
            return entries > 0;
        }
        for (int i = 0; i < entries; i++) {
            if (def[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static long maxLength(LeafValues values) {
        long max = 0;
        long previous = 0;
        for (int i = 0; i < values.count(); i++) {
            long end = values.end(i);
            max = Math.max(max, end - previous);
            previous = end;
        }
        return max;
    }

    private static EncodedPage allNull(RepDefLayers layers, short[] rep, short[] def, long rows, long firstRow) {
        AllNullLayout.Builder layout = AllNullLayout.newBuilder();
        List<Buf> buffers = new ArrayList<>();
        if (rep == null && layers.layers.size() == 1) {
            layout.addLayers(RepDefLayer.REPDEF_NULLABLE_ITEM);
        } else {
            layout.addAllLayers(layers.layers);
            buffers.add(rep == null ? Buf.empty() : Buf.of(levelBytes(rep, 0, rep.length)));
            buffers.add(def == null ? Buf.empty() : Buf.of(levelBytes(def, 0, def.length)));
        }
        PageLayout page = PageLayout.newBuilder().setAllNullLayout(layout).build();
        return new EncodedPage(buffers, Protos.any(Protos.PAGE_LAYOUT_21, page), rows, firstRow);
    }

    private static byte[] levelBytes(short[] levels, int from, int to) {
        byte[] out = new byte[2 * (to - from)];
        for (int i = from; i < to; i++) {
            GrowableBytes.setShort(out, 2 * (i - from), levels[i]);
        }
        return out;
    }

    private static EncodedPage miniBlock(
            LeafValues values,
            RepDefLayers layers,
            short[] rep,
            short[] def,
            int entries,
            long rows,
            long firstRow,
            boolean fsstStrings) {
        StringDictionary dictionary =
                values.type().kind() == LeafType.Kind.VARIABLE ? StringDictionary.tryEncode(values) : null;
        ValueChunks chunks = dictionary == null
                ? MiniBlockValueEncoder.encode(values, fsstStrings)
                : MiniBlockValueEncoder.encode(dictionary.indices, false);
        int numChunks = chunks.chunkCount();
        boolean lists = rep != null;
        GrowableBytes data = GrowableBytes.pooled(Math.toIntExact(Math.min(
                Integer.MAX_VALUE - 64,
                (long) chunks.streams[0].size() + 4L * entries + 16L * numChunks * (chunks.buffersPerChunk + 3))));
        GrowableBytes meta = new GrowableBytes(2 * numChunks);
        GrowableBytes repIndex = lists ? new GrowableBytes(16 * numChunks) : null;
        int[] streamPos = new int[chunks.buffersPerChunk];
        int level = 0;
        long previousRows = 0;
        long previousLeftovers = 0;
        for (int c = 0; c < numChunks; c++) {
            boolean last = c == numChunks - 1;
            int levelEnd = last ? entries : levelEnd(level, chunks.count(c), def, layers, lists, entries);
            int chunkStart = data.size();
            data.putShort(rep != null || def != null ? levelEnd - level : 0);
            if (rep != null) {
                data.putShort(2 * (levelEnd - level));
            }
            if (def != null) {
                data.putShort(2 * (levelEnd - level));
            }
            for (int b = 0; b < chunks.buffersPerChunk; b++) {
                data.putShort(chunks.size(c, b));
            }
            data.padTo(MINIBLOCK_ALIGNMENT, chunkStart, FILL);
            if (rep != null) {
                putLevels(data, rep, level, levelEnd);
                data.padTo(MINIBLOCK_ALIGNMENT, chunkStart, FILL);
            }
            if (def != null) {
                putLevels(data, def, level, levelEnd);
                data.padTo(MINIBLOCK_ALIGNMENT, chunkStart, FILL);
            }
            for (int b = 0; b < chunks.buffersPerChunk; b++) {
                int size = chunks.size(c, b);
                data.put(chunks.streams[b].array(), streamPos[b], size);
                streamPos[b] += size;
                data.padTo(MINIBLOCK_ALIGNMENT, chunkStart, FILL);
            }
            int chunkBytes = data.size() - chunkStart;
            if (chunkBytes > MAX_CHUNK_BYTES || levelEnd - level > 0xFFFF) {
                throw new IllegalStateException("mini-block chunk of " + chunkBytes + " bytes and " + (levelEnd - level)
                        + " levels is too large (too many empty or null lists in a row?)");
            }
            int log = last ? 0 : Integer.numberOfTrailingZeros(chunks.count(c));
            meta.putShort(((chunkBytes / MINIBLOCK_ALIGNMENT - 1) << 4) | log);
            if (lists) {
                long[] entry = repIndexEntry(rep, level, levelEnd, layers.maxRep, last);
                if (c > 0 && rep[level] == layers.maxRep && previousLeftovers != 0) {
                    previousRows++;
                    previousLeftovers = 0;
                }
                if (c > 0) {
                    repIndex.putLong(previousRows);
                    repIndex.putLong(previousLeftovers);
                }
                previousRows = entry[0];
                previousLeftovers = entry[1];
                if (last) {
                    repIndex.putLong(previousRows);
                    repIndex.putLong(previousLeftovers);
                }
            }
            level = levelEnd;
        }
        chunks.release();
        MiniBlockLayout.Builder layout = MiniBlockLayout.newBuilder()
                .setValueCompression(chunks.encoding)
                .addAllLayers(layers.layers)
                .setNumBuffers(chunks.buffersPerChunk)
                .setNumItems(values.count());
        CompressiveEncoding levelEncoding = MiniBlockValueEncoder.flatEncoding(16);
        if (rep != null) {
            layout.setRepCompression(levelEncoding).setRepetitionIndexDepth(1);
        }
        if (def != null) {
            layout.setDefCompression(levelEncoding);
        }
        List<Buf> buffers = new ArrayList<>(3);
        buffers.add(Buf.of(meta));
        buffers.add(Buf.of(data));
        if (dictionary != null) {
            layout.setDictionary(dictionary.encoding).setNumDictionaryItems(dictionary.items);
            buffers.add(Buf.of(dictionary.block));
        }
        if (repIndex != null) {
            buffers.add(Buf.of(repIndex));
        }
        PageLayout page = PageLayout.newBuilder().setMiniBlockLayout(layout).build();
        return new EncodedPage(buffers, Protos.any(Protos.PAGE_LAYOUT_21, page), rows, firstRow, data.array());
    }

    /**
     * The end of the levels of a chunk of {@code count} values starting at level {@code from}: levels without a
     * value slot after the chunk's last value belong to the next chunk.
     */
    private static int levelEnd(int from, int count, short[] def, RepDefLayers layers, boolean lists, int entries) {
        if (!lists || def == null) {
            return from + count;
        }
        int taken = 0;
        int at = from;
        while (taken < count) {
            if (def[at] <= layers.maxVisibleDef) {
                taken++;
            }
            at++;
        }
        return at;
    }

    /** {rows finishing in the chunk, trailing levels of an unfinished row}, before the next chunk's correction. */
    private static long[] repIndexEntry(short[] rep, int from, int to, int maxRep, boolean last) {
        long rows = 0;
        for (int i = from + 1; i < to; i++) {
            if (rep[i] == maxRep) {
                rows++;
            }
        }
        long leftovers = 0;
        if (!last) {
            leftovers = to - from;
            for (int i = to - 1; i >= from; i--) {
                if (rep[i] == maxRep) {
                    leftovers = to - i;
                    break;
                }
            }
        } else {
            rows++;
        }
        return new long[] {rows, leftovers};
    }

    private static void putLevels(GrowableBytes data, short[] levels, int from, int to) {
        data.reserve(2 * (to - from));
        for (int i = from; i < to; i++) {
            data.putShort(levels[i]);
        }
    }
}
