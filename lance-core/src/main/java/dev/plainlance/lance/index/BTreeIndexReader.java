package dev.plainlance.lance.index;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.roaringbitmap.RoaringBitmap;

/**
 * A BTREE segment as official 7.0.0 writes it: {@code page_data.lance} holds every indexed value with its row id
 * ({@code values}, {@code ids: uint64}), sorted by value and cut into pages of {@code batch_size} rows;
 * {@code page_lookup.lance} holds one row per page ({@code min}, {@code max}, {@code null_count: uint32},
 * {@code page_idx: uint32}) and the page size in its schema metadata ({@code batch_size}, default 4096). A query
 * reads only the pages whose range may hold a match.
 */
final class BTreeIndexReader implements ScalarIndexReader {
    static final String LOOKUP_FILE = IndexLayout.BTREE_LOOKUP_FILE;
    static final String PAGES_FILE = IndexLayout.BTREE_PAGES_FILE;
    static final long DEFAULT_BATCH_SIZE = 4096;

    private final FileBases.Located pages;
    private final Object[] mins;
    private final Object[] maxs;
    private final long[] nullCounts;
    private final long[] pageNumbers;
    private final long batchSize;

    private BTreeIndexReader(
            FileBases.Located pages,
            Object[] mins,
            Object[] maxs,
            long[] nullCounts,
            long[] pageNumbers,
            long batchSize) {
        this.pages = pages;
        this.mins = mins;
        this.maxs = maxs;
        this.nullCounts = nullCounts;
        this.pageNumbers = pageNumbers;
        this.batchSize = batchSize;
    }

    /** Loads the page lookup of the segment whose files {@code file} locates by name. */
    static BTreeIndexReader load(java.util.function.Function<String, FileBases.Located> file, BufferAllocator allocator)
            throws IOException {
        try (IndexFile lookup = IndexFile.open(file.apply(LOOKUP_FILE))) {
            int n = Math.toIntExact(lookup.numRows());
            Object[] mins = new Object[n];
            Object[] maxs = new Object[n];
            long[] nullCounts = new long[n];
            long[] pageNumbers = new long[n];
            lookup.read(
                    allocator,
                    List.of(
                            lookup.column("min"),
                            lookup.column("max"),
                            lookup.column("null_count"),
                            lookup.column("page_idx")),
                    0,
                    n,
                    (batch, first) -> {
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            int row = (int) first + i;
                            mins[row] = IndexKeys.value(batch.getVector(0), i);
                            maxs[row] = IndexKeys.value(batch.getVector(1), i);
                            nullCounts[row] = ((BaseIntVector) batch.getVector(2)).getValueAsLong(i);
                            pageNumbers[row] = ((BaseIntVector) batch.getVector(3)).getValueAsLong(i);
                        }
                    });
            String size = lookup.metadata().get("batch_size");
            long batchSize;
            try {
                batchSize = size == null ? DEFAULT_BATCH_SIZE : Long.parseLong(size);
            } catch (NumberFormatException e) {
                throw new CorruptFileException(lookup.describe(), "batch_size " + size + " is not a number", e);
            }
            return new BTreeIndexReader(file.apply(PAGES_FILE), mins, maxs, nullCounts, pageNumbers, batchSize);
        }
    }

    @Override
    public long estimatedBytes() {
        long bytes = 64L + 40L * pageNumbers.length;
        for (int i = 0; i < pageNumbers.length; i++) {
            bytes += IndexKeys.estimatedBytes(mins[i]) + IndexKeys.estimatedBytes(maxs[i]);
        }
        return bytes;
    }

    @Override
    public RowIds search(ScalarQuery query, RoaringBitmap fullFragments, BufferAllocator allocator) throws IOException {
        TreeSet<Long> candidates = new TreeSet<>();
        boolean nulls = query instanceof ScalarQuery.IsNull;
        for (int i = 0; i < pageNumbers.length; i++) {
            boolean may = nulls ? nullCounts[i] > 0 : maxs[i] != null && query.mayMatch(mins[i], maxs[i]);
            if (may) {
                candidates.add(pageNumbers[i]);
            }
        }
        RowIds out = new RowIds();
        if (candidates.isEmpty()) {
            return out;
        }
        try (IndexFile data = IndexFile.open(pages)) {
            List<Integer> columns = List.of(data.column("values"), data.column("ids"));
            long rows = data.numRows();
            for (long[] run : runs(candidates)) {
                long start = run[0] * batchSize;
                long end = Math.min(rows, (run[1] + 1) * batchSize);
                data.read(allocator, columns, start, end, (batch, first) -> collect(batch, query, out));
            }
        }
        return out;
    }

    private static void collect(VectorSchemaRoot batch, ScalarQuery query, RowIds out) {
        FieldVector values = batch.getVector(0);
        BaseIntVector ids = (BaseIntVector) batch.getVector(1);
        boolean nulls = query instanceof ScalarQuery.IsNull;
        LongPredicate test = nulls ? null : query.longTest();
        if (test != null && values instanceof BaseIntVector ints && !(values instanceof UInt8Vector)) {
            // signed (or up to 32-bit unsigned) integers against Long keys: no value is boxed
            for (int i = 0; i < batch.getRowCount(); i++) {
                if (!values.isNull(i) && test.test(ints.getValueAsLong(i))) {
                    out.add(ids.getValueAsLong(i));
                }
            }
            return;
        }
        for (int i = 0; i < batch.getRowCount(); i++) {
            Object value = IndexKeys.value(values, i);
            if (value == null ? nulls : !nulls && query.matches(value)) {
                out.add(ids.getValueAsLong(i));
            }
        }
    }

    /** Consecutive page numbers as {first, last} runs. */
    private static List<long[]> runs(TreeSet<Long> pages) {
        List<long[]> runs = new ArrayList<>();
        for (long page : pages) {
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] + 1 == page) {
                runs.get(runs.size() - 1)[1] = page;
            } else {
                runs.add(new long[] {page, page});
            }
        }
        return runs;
    }

    /** {@code num_pages} (distinct page minimums plus the last maximum, as official 7.0.0 counts), min, max. */
    @Override
    public Map<String, Object> statistics() {
        java.util.TreeSet<Object> keys = new java.util.TreeSet<>(BTreeIndexReader::compareNullsFirst);
        for (int i = 0; i < mins.length; i++) {
            if (maxs[i] != null) {
                keys.add(mins[i] == null ? NullKey.INSTANCE : mins[i]);
            }
        }
        if (maxs.length > 0) {
            Object last = maxs[maxs.length - 1];
            keys.add(last == null ? NullKey.INSTANCE : last);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("num_pages", (long) keys.size());
        stats.put("min", keys.isEmpty() || keys.first() == NullKey.INSTANCE ? null : keys.first());
        stats.put("max", keys.isEmpty() || keys.last() == NullKey.INSTANCE ? null : keys.last());
        return stats;
    }

    private enum NullKey {
        INSTANCE
    }

    private static int compareNullsFirst(Object a, Object b) {
        if (a == NullKey.INSTANCE || b == NullKey.INSTANCE) {
            return Boolean.compare(b == NullKey.INSTANCE, a == NullKey.INSTANCE);
        }
        return IndexKeys.compare(a, b);
    }
}
