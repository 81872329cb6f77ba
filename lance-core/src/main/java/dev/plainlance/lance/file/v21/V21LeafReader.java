package dev.plainlance.lance.file.v21;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads row ranges of one 2.1+ leaf column as canonical rep/def levels plus values. Safe for
 * concurrent use: the most recently used pages are kept, each decoded (or, for mini-block pages of
 * leaves without lists, opened) once; the chunk data of opened pages is read range by range.
 */
final class V21LeafReader {
    static final String PAGE_LAYOUT = "lance.encodings21.PageLayout";
    /** Pages kept: enough for the batches that decode concurrently to share their pages. */
    private static final int CACHED_PAGES = 4;
    /** Each thread's chunk-data read buffer (see {@link ThreadBufferReads}). */
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[0]);
    /** Larger read buffers are not kept between reads. */
    private static final int MAX_KEPT_READ_BUFFER = 16 << 20;

    private final ColumnPages pages;
    private final LeafShape shape;
    private final ArrowType leafType;
    private final boolean blob;
    private final Map<Integer, CachedPage> cache = new LinkedHashMap<>(CACHED_PAGES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, CachedPage> eldest) {
            return size() > CACHED_PAGES;
        }
    };

    /** A reader of a leaf column; a {@code blob} column's pages are {@code BlobLayout} pages of descriptions. */
    V21LeafReader(ColumnPages pages, LeafShape shape, ArrowType leafType, boolean blob) {
        this.pages = pages;
        this.shape = shape;
        this.leafType = leafType;
        this.blob = blob;
    }

    /** Levels and values of rows {@code [start, start + count)}. */
    LeafSlice read(long start, int count) {
        List<LeafSlice> parts = new ArrayList<>();
        long row = start;
        long end = start + count;
        while (row < end) {
            int page = pages.pageOf(row);
            RowSource data = page(page);
            long first = pages.firstRow(page);
            int from = (int) (row - first);
            int to = (int) (Math.min(end, first + pages.length(page)) - first);
            parts.add(data.rows(from, to));
            row = first + to;
        }
        return LeafSlice.concat(parts);
    }

    /**
     * Levels and values of the rows {@code rows[i]}, {@code i} in {@code [from, to)} (ascending), of a leaf without
     * lists; values of other rows are decoded only as far as their encoding needs.
     */
    LeafSlice readPicked(int[] rows, int from, int to) {
        DecodeException.check(shape.maxRep == 0, "rows of a list leaf cannot be picked");
        List<LeafSlice> parts = new ArrayList<>();
        int i = from;
        while (i < to) {
            int page = pages.pageOf(rows[i]);
            long first = pages.firstRow(page);
            long end = first + pages.length(page);
            int j = i + 1;
            while (j < to && rows[j] < end) {
                j++;
            }
            parts.add(page(page).pick(rows, i, j, first));
            i = j;
        }
        return parts.isEmpty() ? new LeafSlice(0, null, null, ArrayData.nulls(0)) : LeafSlice.concat(parts);
    }

    private RowSource page(int page) {
        CachedPage entry;
        synchronized (cache) {
            entry = cache.computeIfAbsent(page, CachedPage::new);
        }
        return entry.rows();
    }

    /** One page, decoded by the first thread that needs it; a failed decode is retried. */
    private final class CachedPage {
        private final int page;
        private RowSource rows;

        CachedPage(int page) {
            this.page = page;
        }

        synchronized RowSource rows() {
            if (rows == null) {
                rows = decode(page);
            }
            return rows;
        }
    }

    private RowSource decode(int page) {
        int rows = DecodeException.toInt(pages.length(page), "page length");
        PageLayout layout;
        try {
            layout = PageLayout.parseFrom(pages.encoding(page, PAGE_LAYOUT));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed page layout", e);
        }
        if (layout.hasMiniBlockLayout() && shape.maxRep == 0) {
            return chunkedRows(page, layout.getMiniBlockLayout(), rows);
        }
        if (blob && layout.hasBlobLayout()) {
            return canonical(blobPage(page, rows), rows, false);
        }
        byte[][] buffers = pages.readBuffers(page);
        LeafPage decoded;
        switch (layout.getLayoutCase()) {
            case MINI_BLOCK_LAYOUT:
                decoded = MiniBlockPage.decode(layout.getMiniBlockLayout(), buffers);
                break;
            case FULL_ZIP_LAYOUT:
                decoded = FullZipPage.decode(layout.getFullZipLayout(), buffers);
                break;
            case ALL_NULL_LAYOUT:
                decoded = ConstantPage.decode(layout.getAllNullLayout(), buffers, rows, leafType);
                break;
            default:
                throw new DecodeException("unsupported page layout " + layout.getLayoutCase());
        }
        return canonical(
                decoded,
                rows,
                buffers.length == 0 && !layout.getAllNullLayout().hasInlineValue() && layout.hasAllNullLayout());
    }

    /**
     * A page of a blob column inside structs: each row's description ({@code struct<position, size>}), null where
     * the description holds a definition level ({@link BlobLayoutPages.LayoutPage#definitions}).
     */
    private LeafPage blobPage(int page, int rows) {
        DecodeException.check(shape.maxRep == 0, "blob columns inside lists are not supported");
        BlobLayoutPages.LayoutPage blob = BlobLayoutPages.decode(pages, page, rows);
        int[] def = blob.definitions();
        return new LeafPage(rows, null, def, BlobLayoutPages.descriptions(blob.values(), rows, null), blob.layers());
    }

    /** A mini-block page whose chunk data is read chunk range by chunk range. */
    private RowSource chunkedRows(int page, MiniBlockLayout layout, int rows) {
        int minimum = layout.hasDictionary() ? 3 : 2;
        DecodeException.check(pages.bufferCount(page) >= minimum, "mini-block page buffers missing");
        MiniBlockPage miniBlock = MiniBlockPage.open(
                layout,
                pages.readBuffer(page, 0),
                new ThreadBufferReads(page),
                layout.hasDictionary() ? pages.readBuffer(page, 2) : null);
        return new ChunkedRows(miniBlock, rows, shape.canonicalDefs(layout.getLayersList()));
    }

    private CanonicalPage canonical(LeafPage page, int rows, boolean simpleAllNull) {
        int entries = page.entries();
        int[] def;
        if (simpleAllNull && page.layers().size() != shape.depth()) {
            def = new int[entries];
            Arrays.fill(def, shape.maxRep > 0 ? shape.low[0] : shape.low[shape.depth() - 1]);
        } else {
            int[] map = shape.canonicalDefs(page.layers());
            def = page.def();
            if (def != null) {
                int[] mapped = new int[entries];
                for (int i = 0; i < entries; i++) {
                    if (!(def[i] >= 0 && def[i] < map.length)) {
                        throw new DecodeException("definition level " + def[i] + " out of range");
                    }
                    mapped[i] = map[def[i]];
                }
                def = mapped;
            }
        }
        int[] rep = page.rep();
        if (shape.maxRep == 0) {
            if (entries != rows) {
                throw new DecodeException("page has " + entries + " entries for " + rows + " rows");
            }
            DecodeException.check(page.values().length == entries, "page values do not match its rows");
            return new CanonicalPage(entries, null, def, page.values(), null, null);
        }
        if (rep == null) {
            rep = new int[entries];
            Arrays.fill(rep, shape.maxRep);
        }
        int[] rowStarts = new int[rows + 1];
        int row = 0;
        for (int i = 0; i < entries; i++) {
            if (!(rep[i] >= 0 && rep[i] <= shape.maxRep)) {
                throw new DecodeException("repetition level " + rep[i] + " out of range");
            }
            if (rep[i] == shape.maxRep) {
                DecodeException.check(row < rows, "page has more rows than declared");
                rowStarts[row++] = i;
            } else {
                DecodeException.check(i > 0, "page starts in the middle of a row");
            }
        }
        if (row != rows) {
            throw new DecodeException("page has " + row + " rows, expected " + rows);
        }
        rowStarts[rows] = entries;
        int[] valueBefore = new int[entries + 1];
        for (int i = 0; i < entries; i++) {
            valueBefore[i + 1] = valueBefore[i] + (def == null || def[i] <= shape.maxVisibleDef ? 1 : 0);
        }
        DecodeException.check(valueBefore[entries] == page.values().length, "levels and values of the page disagree");
        return new CanonicalPage(entries, rep, def, page.values(), rowStarts, valueBefore);
    }

    /**
     * Chunk data read from the file on demand, exactly the requested range, into a buffer of the
     * calling thread that is reused by its next read: a scan allocates nothing per read, and
     * concurrent readers of one page share no buffer.
     */
    private final class ThreadBufferReads implements MiniBlockPage.ChunkData {
        private final int page;
        private final int size;

        ThreadBufferReads(int page) {
            this.page = page;
            this.size = pages.bufferSize(page, 1);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Slice read(int offset, int length) {
            byte[] buffer = READ_BUFFER.get();
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, Math.min(2 * buffer.length, MAX_KEPT_READ_BUFFER))];
                if (buffer.length <= MAX_KEPT_READ_BUFFER) {
                    READ_BUFFER.set(buffer);
                }
            }
            pages.readBufferRange(page, 1, offset, length, buffer);
            return new Slice(buffer, 0, length);
        }
    }

    /** Rows of one page. */
    private interface RowSource {
        /** Levels and values of the page's rows {@code [from, to)}. */
        LeafSlice rows(int from, int to);

        /**
         * Levels and values of the page's rows {@code rows[i] - first}, {@code i} in {@code [from, to)} (ascending),
         * of a leaf without lists.
         */
        LeafSlice pick(int[] rows, int from, int to, long first);
    }

    /**
     * A mini-block page of a leaf without lists: every entry is a row with a value slot, so rows
     * map directly to chunks and only the chunks holding the requested rows are decoded. The last
     * decoded chunk range is kept for the next request.
     */
    private static final class ChunkedRows implements RowSource {
        private final MiniBlockPage page;
        private final int[] defMap;
        private CachedChunks cached;

        private record CachedChunks(int from, int to, MiniBlockPage.Chunks chunks) {}

        ChunkedRows(MiniBlockPage page, int rows, int[] defMap) {
            DecodeException.check(page.firstValue(page.chunkCount()) == rows, "page values do not match its rows");
            this.page = page;
            this.defMap = defMap;
        }

        private MiniBlockPage.Chunks chunks(int first, int last) {
            CachedChunks kept;
            synchronized (this) {
                kept = cached;
            }
            if (kept != null && kept.from == first && kept.to == last) {
                return kept.chunks;
            }
            MiniBlockPage.Chunks chunks = page.decodeChunks(first, last);
            synchronized (this) {
                cached = new CachedChunks(first, last, chunks);
            }
            return chunks;
        }

        @Override
        public LeafSlice rows(int from, int to) {
            if (from == to) {
                return new LeafSlice(0, null, null, ArrayData.nulls(0));
            }
            int first = page.chunkOf(from);
            int last = page.chunkOf(to - 1) + 1;
            MiniBlockPage.Chunks chunks = chunks(first, last);
            int base = page.firstValue(first);
            DecodeException.check(
                    chunks.entries() == page.firstValue(last) - base && chunks.rep() == null,
                    "chunk levels do not match its values");
            int[] def = null;
            if (chunks.def() != null) {
                def = new int[to - from];
                int[] raw = chunks.def();
                for (int i = 0; i < def.length; i++) {
                    int level = raw[from - base + i];
                    if (level < 0 || level >= defMap.length) {
                        throw new DecodeException("definition level " + level + " out of range");
                    }
                    def[i] = defMap[level];
                }
            }
            return new LeafSlice(to - from, null, def, chunks.values().slice(from - base, to - base));
        }

        /** Decodes each run of adjacent chunks that hold picked rows, and in it only what the picks need. */
        @Override
        public LeafSlice pick(int[] rows, int from, int to, long first) {
            int[] entries = new int[to - from];
            for (int i = 0; i < entries.length; i++) {
                entries[i] = (int) (rows[from + i] - first);
            }
            List<LeafSlice> parts = new ArrayList<>();
            int chunk = 0;
            int i = 0;
            while (i < entries.length) {
                while (page.firstValue(chunk + 1) <= entries[i]) {
                    chunk++;
                    DecodeException.check(chunk < page.chunkCount(), "picked row outside the page");
                }
                int firstChunk = chunk;
                int j = i;
                while (true) {
                    while (j < entries.length && entries[j] < page.firstValue(chunk + 1)) {
                        j++;
                    }
                    if (j < entries.length
                            && chunk + 1 < page.chunkCount()
                            && entries[j] < page.firstValue(chunk + 2)) {
                        chunk++;
                        continue;
                    }
                    break;
                }
                MiniBlockPage.Chunks picked = page.decodePicked(firstChunk, chunk + 1, entries, i, j);
                parts.add(new LeafSlice(j - i, null, mapDefs(picked.def()), picked.values()));
                i = j;
            }
            return LeafSlice.concat(parts);
        }

        private int[] mapDefs(int[] raw) {
            if (raw == null) {
                return null;
            }
            int[] def = new int[raw.length];
            for (int i = 0; i < def.length; i++) {
                int level = raw[i];
                if (level < 0 || level >= defMap.length) {
                    throw new DecodeException("definition level " + level + " out of range");
                }
                def[i] = defMap[level];
            }
            return def;
        }
    }

    /** A page in canonical levels, with row and value positions for slicing. */
    private record CanonicalPage(
            int entries, int[] rep, int[] def, ArrayData values, int[] rowStarts, int[] valueBefore)
            implements RowSource {

        @Override
        public LeafSlice rows(int from, int to) {
            int e0 = rowStarts == null ? from : rowStarts[from];
            int e1 = rowStarts == null ? to : rowStarts[to];
            int v0 = valueBefore == null ? e0 : valueBefore[e0];
            int v1 = valueBefore == null ? e1 : valueBefore[e1];
            return new LeafSlice(
                    e1 - e0,
                    rep == null ? null : Arrays.copyOfRange(rep, e0, e1),
                    def == null ? null : Arrays.copyOfRange(def, e0, e1),
                    values.slice(v0, v1));
        }

        @Override
        public LeafSlice pick(int[] rows, int from, int to, long first) {
            DecodeException.check(rowStarts == null, "rows of a list leaf cannot be picked");
            int[] picked = null;
            if (def != null) {
                picked = new int[to - from];
                for (int i = 0; i < picked.length; i++) {
                    picked[i] = def[(int) (rows[from + i] - first)];
                }
            }
            return new LeafSlice(to - from, null, picked, values.pick(rows, from, to, first));
        }
    }
}
