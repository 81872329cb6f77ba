package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.index.VectorIndexRemap;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Where a compaction without stable row ids moved each row: the live rows of a group's old fragments, in order, fill
 * its new fragments in order (the rewrite reads and writes them so). Rows of other fragments keep their addresses;
 * deleted rows, and addresses past the end of an old fragment, map to {@code -1}.
 */
final class RewriteAddressMap implements VectorIndexRemap.AddressMap {
    /** One old fragment: its deleted rows, its first live row's rank in the group, and the group's new fragments. */
    private record Placement(DeletionVector deleted, long physicalRows, long firstRank, long[] newIds, long[] starts) {}

    private final Map<Long, Placement> byOldFragment = new HashMap<>();

    /**
     * The map of {@code groups}, whose new fragments have their ids.
     *
     * @throws IllegalStateException if a group's new fragments do not hold exactly its old fragments' live rows
     */
    RewriteAddressMap(TableSnapshot dataset, List<Transaction.Rewrite.RewriteGroup> groups, BufferAllocator allocator) {
        for (Transaction.Rewrite.RewriteGroup group : groups) {
            List<DataFragment> written = group.getNewFragmentsList();
            long[] newIds = new long[written.size()];
            long[] starts = new long[written.size()];
            long total = 0;
            for (int i = 0; i < written.size(); i++) {
                newIds[i] = written.get(i).getId();
                starts[i] = total;
                total += written.get(i).getPhysicalRows();
            }
            long rank = 0;
            for (DataFragment old : group.getOldFragmentsList()) {
                DeletionVector deleted = old.hasDeletionFile()
                        ? DeletionVector.read(
                                dataset.bases(),
                                old.getId(),
                                old.getPhysicalRows(),
                                DeletionFile.fromProto(old.getDeletionFile()),
                                allocator)
                        : DeletionVector.empty();
                byOldFragment.put(old.getId(), new Placement(deleted, old.getPhysicalRows(), rank, newIds, starts));
                rank += old.getPhysicalRows() - deleted.cardinality();
            }
            if (rank != total) {
                throw new IllegalStateException("a rewrite group's new fragments hold " + total + " rows, not the "
                        + rank + " live rows of its old fragments");
            }
        }
    }

    @Override
    public long map(long address) {
        Placement placement = byOldFragment.get(address >>> 32);
        if (placement == null) {
            return address;
        }
        long offset = address & 0xffffffffL;
        if (offset >= placement.physicalRows() || placement.deleted().isDeleted((int) offset)) {
            return -1;
        }
        long rank = placement.firstRank() + offset - placement.deleted().deletedUpTo((int) offset);
        int at = Arrays.binarySearch(placement.starts(), rank);
        int fragment = at >= 0 ? at : -at - 2;
        // a new fragment of zero rows shares its start with the next: take the last fragment starting there
        while (fragment + 1 < placement.starts().length && placement.starts()[fragment + 1] == rank) {
            fragment++;
        }
        return (placement.newIds()[fragment] << 32) | (rank - placement.starts()[fragment]);
    }
}
