package dev.plainlance.lance.index;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Row ids (row addresses, or stable row ids) as an index finds them, grouped by their upper 32 bits (for row
 * addresses, the fragment id): one bitmap of lower bits per group. Ids added one by one are buffered and added to
 * their group's bitmap in bulk, so that the many rows of a range cost no per-row lookup.
 */
public final class RowIds {
    private final TreeMap<Long, RoaringBitmap> groups = new TreeMap<>();
    private final int[] pending = new int[4096];
    private int pendingCount;
    private long pendingHigh = -1;

    /** Adds one id. */
    public void add(long id) {
        long high = id >>> 32;
        if (high != pendingHigh || pendingCount == pending.length) {
            flush();
            pendingHigh = high;
        }
        pending[pendingCount++] = (int) id;
    }

    /** Adds every id whose upper 32 bits are {@code high} and lower 32 bits are in {@code lows}. */
    public void addAll(long high, RoaringBitmap lows) {
        group(high).or(lows);
    }

    /** The groups in ascending order of their upper 32 bits (unsigned): upper bits to the bitmap of lower bits. */
    public Map<Long, RoaringBitmap> groups() {
        flush();
        return Collections.unmodifiableMap(groups);
    }

    /** Each id, in ascending unsigned order. */
    public void forEach(LongConsumer action) {
        for (Map.Entry<Long, RoaringBitmap> group : groups().entrySet()) {
            long high = group.getKey() << 32;
            group.getValue().forEach((int low) -> action.accept(high | Integer.toUnsignedLong(low)));
        }
    }

    /** The number of ids. */
    public long count() {
        long count = 0;
        for (RoaringBitmap group : groups().values()) {
            count += group.getLongCardinality();
        }
        return count;
    }

    private void flush() {
        if (pendingCount > 0) {
            group(pendingHigh).addN(pending, 0, pendingCount);
            pendingCount = 0;
        }
    }

    private RoaringBitmap group(long high) {
        return groups.computeIfAbsent(high, h -> new RoaringBitmap());
    }
}
