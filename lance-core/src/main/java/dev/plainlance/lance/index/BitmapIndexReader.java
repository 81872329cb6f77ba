package dev.plainlance.lance.index;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.roaringbitmap.RoaringBitmap;

/**
 * A BITMAP segment as official 7.0.0 writes it: {@code bitmap_page_lookup.lance} holds one row per distinct value
 * ({@code keys}, a null key for the null rows) with the rows holding it ({@code bitmaps: binary}, a serialized
 * {@code RowIdTreeMap}: {@code u32 count}, then per fragment {@code u32 fragment, u32 size} and a portable Roaring
 * bitmap of {@code size} bytes, size 0 meaning every row of the fragment). The keys are loaded once; a query reads
 * only the bitmaps of the matching keys.
 */
final class BitmapIndexReader implements ScalarIndexReader {
    static final String LOOKUP_FILE = IndexLayout.BITMAP_LOOKUP_FILE;

    private final FileBases.Located file;
    private final TreeMap<Object, Integer> rows;
    private final List<Integer> nanRows;
    private final int nullRow;

    private BitmapIndexReader(
            FileBases.Located file, TreeMap<Object, Integer> rows, List<Integer> nanRows, int nullRow) {
        this.file = file;
        this.rows = rows;
        this.nanRows = nanRows;
        this.nullRow = nullRow;
    }

    static BitmapIndexReader load(FileBases.Located where, BufferAllocator allocator) throws IOException {
        TreeMap<Object, Integer> rows = new TreeMap<>(IndexKeys::compare);
        List<Integer> nanRows = new ArrayList<>();
        int[] nullRow = {-1};
        try (IndexFile lookup = IndexFile.open(where)) {
            lookup.read(allocator, List.of(lookup.column("keys")), 0, lookup.numRows(), (batch, first) -> {
                for (int i = 0; i < batch.getRowCount(); i++) {
                    Object key = IndexKeys.value(batch.getVector(0), i);
                    int row = (int) first + i;
                    if (key == null) {
                        nullRow[0] = row;
                    } else if (IndexKeys.isNaN(key)) {
                        nanRows.add(row);
                    } else {
                        rows.put(key, row);
                    }
                }
            });
        }
        return new BitmapIndexReader(where, rows, nanRows, nullRow[0]);
    }

    @Override
    public long estimatedBytes() {
        long bytes = 64L + 16L * nanRows.size();
        for (Object key : rows.keySet()) {
            bytes += 56L + IndexKeys.estimatedBytes(key);
        }
        return bytes;
    }

    @Override
    public RowIds search(ScalarQuery query, RoaringBitmap fullFragments, BufferAllocator allocator) throws IOException {
        TreeSet<Integer> wanted = new TreeSet<>();
        if (query instanceof ScalarQuery.IsNull) {
            if (nullRow >= 0) {
                wanted.add(nullRow);
            }
        } else {
            wanted.addAll(nanRows);
            if (query instanceof ScalarQuery.Equals eq) {
                Integer row = rows.get(eq.key());
                if (row != null) {
                    wanted.add(row);
                }
            } else if (query instanceof ScalarQuery.In in) {
                for (Object key : in.keys()) {
                    Integer row = rows.get(key);
                    if (row != null) {
                        wanted.add(row);
                    }
                }
            } else {
                ScalarQuery.Range range = (ScalarQuery.Range) query;
                java.util.NavigableMap<Object, Integer> view = rows;
                if (range.lower() != null) {
                    view = view.tailMap(range.lower(), range.lowerInclusive());
                }
                if (range.upper() != null) {
                    view = view.headMap(range.upper(), range.upperInclusive());
                }
                wanted.addAll(view.values());
            }
        }
        RowIds out = new RowIds();
        if (wanted.isEmpty()) {
            return out;
        }
        try (IndexFile lookup = IndexFile.open(file)) {
            List<Integer> column = List.of(lookup.column("bitmaps"));
            int start = -1;
            int last = -1;
            for (int row : wanted) {
                if (start >= 0 && row != last + 1) {
                    readBitmaps(lookup, column, start, last + 1, out, fullFragments, allocator);
                    start = -1;
                }
                if (start < 0) {
                    start = row;
                }
                last = row;
            }
            readBitmaps(lookup, column, start, last + 1, out, fullFragments, allocator);
        }
        return out;
    }

    private static void readBitmaps(
            IndexFile lookup,
            List<Integer> column,
            long start,
            long end,
            RowIds out,
            RoaringBitmap fullFragments,
            BufferAllocator allocator)
            throws IOException {
        lookup.read(allocator, column, start, end, (batch, first) -> {
            VarBinaryVector bitmaps = (VarBinaryVector) batch.getVector(0);
            for (int i = 0; i < batch.getRowCount(); i++) {
                if (!bitmaps.isNull(i)) {
                    addRowIdTreeMap(bitmaps.get(i), out, fullFragments, lookup.describe());
                }
            }
        });
    }

    /** Adds the rows of a serialized {@code RowIdTreeMap} to {@code out}. */
    static void addRowIdTreeMap(byte[] bytes, RowIds out, RoaringBitmap fullFragments, String where) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long count = Integer.toUnsignedLong(in.getInt());
            for (long e = 0; e < count; e++) {
                long fragment = Integer.toUnsignedLong(in.getInt());
                int size = in.getInt();
                if (size == 0) {
                    fullFragments.add((int) fragment);
                    continue;
                }
                RoaringBitmap rows = new RoaringBitmap();
                ByteBuffer slice = in.slice().order(ByteOrder.LITTLE_ENDIAN).limit(size);
                rows.deserialize(slice);
                in.position(in.position() + size);
                out.addAll(fragment, rows);
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptFileException(where, "holds a row set that does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> statistics() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("num_bitmaps", (long) (rows.size() + nanRows.size() + (nullRow >= 0 ? 1 : 0)));
        return stats;
    }
}
