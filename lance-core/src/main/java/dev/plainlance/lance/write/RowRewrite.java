package dev.plainlance.lance.write;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.file.write.BlobV2Options;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * The official REWRITE_ROWS Update that updates and merge inserts both commit: the new and changed rows go to new
 * fragments, and the rows they replace (or delete) are marked in new deletion files of their old fragments.
 */
final class RowRewrite {
    /** The uncommitted Update, what it wrote, and what it deletes. */
    record Staged(Transaction transaction, List<DataFragment> written, DeletionChanges deletions) {}

    private RowRewrite() {}

    /**
     * Writes {@code rows} into new fragments of {@code table}, then deletes {@code deleted} (asked only once
     * {@code rows} is consumed, for callers that learn the rows to delete while reading them). {@code changedFields}
     * are the ids of the fields whose values may change (official {@code fields_for_preserving_frag_bitmap}).
     */
    /** The ids of every field of {@code table}, for rewrites that may change any value. */
    static List<Integer> allFields(TableSnapshot table) {
        return table.schema().allFieldsPreOrder().stream().map(f -> f.id()).toList();
    }

    static Staged stage(
            TableSnapshot table,
            ArrowReader rows,
            Supplier<Map<Long, RoaringBitmap>> deleted,
            List<Integer> changedFields,
            Env env)
            throws IOException {
        List<DataFragment> written = new FragmentWriter(
                        table.storage(),
                        table.schema(),
                        DatasetWriter.fileVersion(table.fileFormatVersion()),
                        WriteSpec.DEFAULT_MAX_ROWS_PER_FILE,
                        WriteSpec.DEFAULT_MAX_BYTES_PER_FILE,
                        new DataFileNames(env.uuids()),
                        WriterOptions.defaults().withWorkers(env.workers()).withBlobs(BlobV2Options.rewrite()))
                .write(rows);
        DeletionChanges deletions = DeletionChanges.write(table, deleted.get(), env.randomIds(), env.allocator());
        env.hit(DatasetFailpoints.STAGED);
        Transaction transaction = Transaction.newBuilder()
                .setReadVersion(table.version())
                .setUuid(env.newUuid().toString())
                .setUpdate(Transaction.Update.newBuilder()
                        .addAllRemovedFragmentIds(deletions.removed())
                        .addAllUpdatedFragments(deletions.updated())
                        .addAllNewFragments(written)
                        .addAllFieldsForPreservingFragBitmap(changedFields)
                        .setUpdateMode(Transaction.UpdateMode.REWRITE_ROWS))
                .build();
        return new Staged(transaction, written, deletions);
    }
}
