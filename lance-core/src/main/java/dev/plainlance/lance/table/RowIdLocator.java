package dev.plainlance.lance.table;

import dev.plainlance.lance.pb.table.DataFragment;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable row id → row address for one version: each fragment's id bounds are kept (taken from the sequences'
 * segments once), and a lookup expands only the sequences of fragments whose bounds contain the id, each at most
 * once, so the cost follows the rows found rather than the table. Thread-safe.
 */
public final class RowIdLocator {
    private final List<DataFragment> byMin;
    private final long[] mins;
    private final long[] maxs;
    private final long[] prefixMax;
    private final String where;
    private final Map<Long, Map<Long, Integer>> expanded = new HashMap<>();
    private long sequencesRead;

    RowIdLocator(List<DataFragment> fragments, String where) {
        this.where = where;
        long[][] bounds = new long[fragments.size()][];
        Integer[] order = new Integer[fragments.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = RowIdSequences.bounds(fragments.get(i), where);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> bounds[i][0]));
        this.byMin = Arrays.stream(order).map(fragments::get).toList();
        this.mins = Arrays.stream(order).mapToLong(i -> bounds[i][0]).toArray();
        this.maxs = Arrays.stream(order).mapToLong(i -> bounds[i][1]).toArray();
        this.prefixMax = new long[maxs.length];
        for (int i = 0; i < maxs.length; i++) {
            prefixMax[i] = i == 0 ? maxs[i] : Math.max(prefixMax[i - 1], maxs[i]);
        }
    }

    /** The address of {@code rowId} among the fragments, -1 when none holds it. */
    public synchronized long address(long rowId) {
        int i = upperBound(rowId) - 1;
        for (; i >= 0 && prefixMax[i] >= rowId; i--) {
            if (mins[i] <= rowId && rowId <= maxs[i]) {
                DataFragment fragment = byMin.get(i);
                Integer offset = offsets(fragment).get(rowId);
                if (offset != null) {
                    return (fragment.getId() << 32) | offset;
                }
            }
        }
        return -1L;
    }

    /** How many fragments' sequences lookups have expanded so far. */
    public synchronized long sequencesRead() {
        return sequencesRead;
    }

    private Map<Long, Integer> offsets(DataFragment fragment) {
        Map<Long, Integer> offsets = expanded.get(fragment.getId());
        if (offsets == null) {
            long[] ids = RowIdSequences.expand(fragment, where);
            offsets = new HashMap<>(ids.length * 2);
            for (int offset = 0; offset < ids.length; offset++) {
                offsets.put(ids[offset], offset);
            }
            expanded.put(fragment.getId(), offsets);
            sequencesRead++;
        }
        return offsets;
    }

    /** The number of fragments whose smallest id is at most {@code rowId}. */
    private int upperBound(long rowId) {
        int lo = 0;
        int hi = mins.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (mins[mid] <= rowId) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
