package dev.plainlance.lance.scan;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.FileBases;
import dev.plainlance.lance.table.RowIdSequences;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** Resolves row indices (positions among live rows) and row ids to physical row locations. */
final class RowLocator {
    private final FileBases bases;
    private final List<DataFragment> fragments;
    private final boolean stableRowIds;
    private final BufferAllocator allocator;
    private final Map<Integer, DeletionVector> deletions = new HashMap<>();

    RowLocator(FileBases bases, List<DataFragment> fragments, boolean stableRowIds, BufferAllocator allocator) {
        this.bases = bases;
        this.fragments = fragments;
        this.stableRowIds = stableRowIds;
        this.allocator = allocator;
    }

    /** Locations of the live rows at positions {@code indices} of the scan order. */
    List<TakeReader.Location> byIndex(List<Long> indices) {
        long[] firstIndex = new long[fragments.size() + 1];
        for (int f = 0; f < fragments.size(); f++) {
            firstIndex[f + 1] = firstIndex[f]
                    + fragments.get(f).getPhysicalRows()
                    - deletions(f).cardinality();
        }
        List<TakeReader.Location> out = new ArrayList<>(indices.size());
        for (long index : indices) {
            if (index < 0 || index >= firstIndex[fragments.size()]) {
                throw new NotFoundException("row index " + index + " is out of range: the version has "
                        + firstIndex[fragments.size()] + " rows");
            }
            int f = java.util.Arrays.binarySearch(firstIndex, index);
            f = f >= 0 ? nextNonEmpty(firstIndex, f) : -f - 2;
            out.add(new TakeReader.Location(f, liveOffset(f, index - firstIndex[f])));
        }
        return out;
    }

    /** Locations of the rows with the given row ids (row addresses unless the dataset has stable row ids). */
    List<TakeReader.Location> byRowId(List<Long> rowIds) {
        Map<Long, TakeReader.Location> stable = stableRowIds ? stableIdMap() : Map.of();
        Map<Long, Integer> fragmentIndex = new HashMap<>();
        for (int f = 0; f < fragments.size(); f++) {
            fragmentIndex.put(fragments.get(f).getId(), f);
        }
        List<TakeReader.Location> out = new ArrayList<>(rowIds.size());
        for (long id : rowIds) {
            TakeReader.Location location;
            if (stableRowIds) {
                location = stable.get(id);
            } else {
                Integer f = fragmentIndex.get(id >>> 32);
                long offset = id & 0xffffffffL;
                location = f == null || offset >= fragments.get(f).getPhysicalRows()
                        ? null
                        : new TakeReader.Location(f, (int) offset);
            }
            if (location == null || deletions(location.fragment()).isDeleted(location.offset())) {
                throw new NotFoundException(
                        "row id " + Long.toUnsignedString(id) + " is not a live row of this" + " version");
            }
            out.add(location);
        }
        return out;
    }

    private Map<Long, TakeReader.Location> stableIdMap() {
        Map<Long, TakeReader.Location> map = new HashMap<>();
        for (int f = 0; f < fragments.size(); f++) {
            long[] ids = RowIdSequences.expand(fragments.get(f), bases.own().describe("_versions"));
            for (int offset = 0; offset < ids.length; offset++) {
                map.put(ids[offset], new TakeReader.Location(f, offset));
            }
        }
        return map;
    }

    private static int nextNonEmpty(long[] firstIndex, int f) {
        int g = f;
        while (firstIndex[g + 1] == firstIndex[g]) {
            g++;
        }
        return g;
    }

    /** The physical offset of the {@code k}-th live row of fragment {@code f}. */
    private int liveOffset(int f, long k) {
        DeletionVector deleted = deletions(f);
        long lo = k;
        long hi = Math.min(k + deleted.cardinality(), fragments.get(f).getPhysicalRows() - 1);
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long live = mid + 1 - deleted.deletedUpTo((int) mid);
            if (live >= k + 1) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return (int) lo;
    }

    private DeletionVector deletions(int f) {
        return deletions.computeIfAbsent(f, i -> {
            DataFragment fragment = fragments.get(i);
            if (!fragment.hasDeletionFile()) {
                return DeletionVector.empty();
            }
            return DeletionVector.read(
                    bases,
                    fragment.getId(),
                    fragment.getPhysicalRows(),
                    DeletionFile.fromProto(fragment.getDeletionFile()),
                    allocator);
        });
    }
}
