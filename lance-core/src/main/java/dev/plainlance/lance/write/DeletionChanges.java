package dev.plainlance.lance.write;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The fragment changes that delete rows, as Delete and Update transactions carry them: each touched fragment gets a
 * new deletion file holding the union of its old and new deleted rows, and a fragment whose every row is then
 * deleted is removed instead. Writing the deletion files is the only side effect; they stay invisible until a
 * transaction listing them commits.
 *
 * @param updated touched fragments with their new deletion files
 * @param removed ids of fragments now wholly deleted
 * @param deletedRows rows newly deleted (not counting rows deleted before)
 */
public record DeletionChanges(List<DataFragment> updated, List<Long> removed, long deletedRows) {

    /** Writes the deletion files for deleting {@code hits} (row offsets by fragment id) from {@code dataset}. */
    public static DeletionChanges write(
            TableSnapshot dataset, Map<Long, RoaringBitmap> hits, LongSupplier fileIds, BufferAllocator allocator) {
        List<DataFragment> updated = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        long deletedRows = 0;
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (DataFragment fragment : dataset.manifest().getFragmentsList()) {
            RoaringBitmap hit = hits.get(fragment.getId());
            if (hit == null || hit.isEmpty()) {
                continue;
            }
            RoaringBitmap deleted = fragment.hasDeletionFile()
                    ? DeletionVector.read(
                                    dataset.bases(),
                                    fragment.getId(),
                                    fragment.getPhysicalRows(),
                                    DeletionFile.fromProto(fragment.getDeletionFile()),
                                    allocator)
                            .toBitmap()
                    : new RoaringBitmap();
            long before = deleted.getLongCardinality();
            deleted.or(hit);
            deletedRows += deleted.getLongCardinality() - before;
            if (deleted.getLongCardinality() == fragment.getPhysicalRows()) {
                removed.add(fragment.getId());
                continue;
            }
            DeletionVector.Encoded file = DeletionVector.of(deleted)
                    .encode(fragment.getId(), dataset.version(), fileIds.getAsLong(), allocator);
            files.put(file.key(), file.bytes());
            updated.add(
                    fragment.toBuilder().setDeletionFile(file.file().toProto()).build());
        }
        try {
            dataset.storage().putAllIfAbsent(files);
        } catch (IOException e) {
            throw new LanceIOException(
                    "cannot write the deletion files under " + dataset.storage().describe("_deletions"), e);
        }
        return new DeletionChanges(List.copyOf(updated), List.copyOf(removed), deletedRows);
    }
}
