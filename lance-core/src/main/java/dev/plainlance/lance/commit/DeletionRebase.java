package dev.plainlance.lance.commit;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.FileBases;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Row-level rebase of a Delete or Update over a concurrent Delete or Update of the same fragments (facts §5.5), as
 * Lance does: where the concurrent commit changed only a fragment's deletion file, and the rows it deleted are
 * disjoint from the rows this transaction deletes there, this transaction gets a new deletion file holding both, and
 * can land after it. Anything else — the fragment's data files changed or it was removed, a row deleted by both (two
 * updates of one row would lose one), or this transaction removing the whole fragment — stays a retryable conflict.
 */
final class DeletionRebase {
    private final Storage storage;

    private final LongSupplier deletionFileIds;

    DeletionRebase(Storage storage, LongSupplier deletionFileIds) {
        this.deletionFileIds = deletionFileIds;
        this.storage = storage;
    }

    /**
     * {@code mine} rebased onto {@code theirs}, which was committed on top of {@code before}.
     *
     * @throws DeletionOverlapException when the rebase is impossible
     */
    Transaction rebase(Transaction mine, Transaction theirs, Manifest before, long version) {
        Map<Long, DataFragment> previous = new HashMap<>();
        before.getFragmentsList().forEach(f -> previous.put(f.getId(), f));
        Map<Long, DataFragment> theirUpdates = new HashMap<>();
        updatedFragments(theirs).forEach(f -> theirUpdates.put(f.getId(), f));
        List<Long> theirRemovals = removedFragments(theirs);
        if (removedFragments(mine).stream()
                .anyMatch(id -> theirUpdates.containsKey(id) || theirRemovals.contains(id))) {
            throw conflict(version, "this transaction deletes every row of a fragment it also changed");
        }
        List<DataFragment> rebased = new ArrayList<>();
        List<Long> removed = new ArrayList<>(removedFragments(mine));
        FileBases bases = FileBases.of(storage, before);
        try (BufferAllocator allocator = new RootAllocator()) {
            for (DataFragment mineFragment : updatedFragments(mine)) {
                long id = mineFragment.getId();
                if (theirRemovals.contains(id)) {
                    throw conflict(version, "fragment " + id + " was removed");
                }
                DataFragment their = theirUpdates.get(id);
                if (their == null) {
                    rebased.add(mineFragment);
                    continue;
                }
                DataFragment base = previous.get(id);
                if (base == null
                        || !base.getFilesList().equals(their.getFilesList())
                        || !base.getFilesList().equals(mineFragment.getFilesList())) {
                    throw conflict(version, "the data files of fragment " + id + " changed");
                }
                RoaringBitmap baseRows = deleted(bases, base, allocator);
                RoaringBitmap mineNew = RoaringBitmap.andNot(deleted(bases, mineFragment, allocator), baseRows);
                RoaringBitmap theirNew = RoaringBitmap.andNot(deleted(bases, their, allocator), baseRows);
                if (RoaringBitmap.intersects(mineNew, theirNew)) {
                    throw conflict(version, "both deleted or rewrote rows of fragment " + id);
                }
                RoaringBitmap union = RoaringBitmap.or(deleted(bases, their, allocator), mineNew);
                if (union.getLongCardinality() == their.getPhysicalRows()) {
                    removed.add(id);
                    continue;
                }
                rebased.add(withDeletions(their, union, mine.getReadVersion(), allocator));
            }
        }
        Transaction.Builder out = mine.toBuilder();
        if (mine.hasDelete()) {
            out.setDelete(mine.getDelete().toBuilder()
                    .clearUpdatedFragments()
                    .addAllUpdatedFragments(rebased)
                    .clearDeletedFragmentIds()
                    .addAllDeletedFragmentIds(removed));
        } else {
            out.setUpdate(mine.getUpdate().toBuilder()
                    .clearUpdatedFragments()
                    .addAllUpdatedFragments(rebased)
                    .clearRemovedFragmentIds()
                    .addAllRemovedFragmentIds(removed));
        }
        return out.build();
    }

    private static RoaringBitmap deleted(FileBases bases, DataFragment fragment, BufferAllocator allocator) {
        if (!fragment.hasDeletionFile()) {
            return new RoaringBitmap();
        }
        return DeletionVector.read(
                        bases,
                        fragment.getId(),
                        fragment.getPhysicalRows(),
                        DeletionFile.fromProto(fragment.getDeletionFile()),
                        allocator)
                .toBitmap();
    }

    private DataFragment withDeletions(
            DataFragment fragment, RoaringBitmap rows, long readVersion, BufferAllocator allocator) {
        DeletionFile file = DeletionVector.of(rows)
                .write(storage, fragment.getId(), readVersion, deletionFileIds.getAsLong(), allocator);
        return fragment.toBuilder().setDeletionFile(file.toProto()).build();
    }

    private static List<DataFragment> updatedFragments(Transaction txn) {
        return txn.hasDelete()
                ? txn.getDelete().getUpdatedFragmentsList()
                : txn.getUpdate().getUpdatedFragmentsList();
    }

    private static List<Long> removedFragments(Transaction txn) {
        return txn.hasDelete()
                ? txn.getDelete().getDeletedFragmentIdsList()
                : txn.getUpdate().getRemovedFragmentIdsList();
    }

    private static DeletionOverlapException conflict(long version, String why) {
        return new DeletionOverlapException(
                "version " + version + " was committed concurrently and " + why + "; re-read and retry");
    }
}
