package dev.plainlance.lance.delta;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Transaction;
import dev.plainlance.lance.scan.RowVersionDelta;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes between two versions of a dataset, mirroring {@code org.lance.delta.DatasetDelta}: the rows of the
 * dataset's shown version that were inserted, or updated, after {@code beginVersion} up to {@code endVersion}, with
 * {@code _rowid}, {@code _row_created_at_version} and {@code _row_last_updated_at_version} after their columns. The
 * rows come from the row version metadata of datasets with stable row ids, at a cost that follows the change (see
 * {@link RowVersionDelta}); without stable row ids, from the transaction files of the versions in between,
 * fragment by fragment (where the official library, lacking row versions, counts every row as created at version
 * 1).
 */
public final class DatasetDelta implements Closeable {
    private final Dataset dataset;
    private final long beginVersion;
    private final long endVersion;

    /** The delta of {@code dataset}'s shown version over {@code (beginVersion, endVersion]}. */
    public DatasetDelta(Dataset dataset, long beginVersion, long endVersion) {
        if (beginVersion < 0 || beginVersion > endVersion) {
            throw new IllegalArgumentException(
                    "a delta needs 0 <= beginVersion <= endVersion, not " + beginVersion + " and " + endVersion);
        }
        this.dataset = dataset;
        this.beginVersion = beginVersion;
        this.endVersion = endVersion;
    }

    /**
     * The transactions of versions {@code beginVersion + 1} to {@code endVersion}, ascending (versions without a
     * transaction file are skipped).
     *
     * @throws dev.plainlance.lance.error.NotFoundException if one of the versions was cleaned up
     */
    public List<Transaction> listTransactions() {
        List<Transaction> out = new ArrayList<>();
        for (long version = beginVersion + 1; version <= endVersion; version++) {
            try (Dataset at = dataset.checkoutVersion(version)) {
                at.readTransaction().ifPresent(out::add);
            }
        }
        return out;
    }

    /** Rows with {@code beginVersion < _row_created_at_version <= endVersion}. */
    public org.apache.arrow.vector.ipc.ArrowReader getInsertedRows() {
        return RowVersionDelta.inserted(dataset.snapshot(), beginVersion, endVersion, dataset.env());
    }

    /** Rows created at or before {@code beginVersion} and last updated after it, up to {@code endVersion}. */
    public org.apache.arrow.vector.ipc.ArrowReader getUpdatedRows() {
        return RowVersionDelta.updated(dataset.snapshot(), beginVersion, endVersion, dataset.env());
    }

    /** Nothing to release: the readers it returned are closed by their callers. */
    @Override
    public void close() {}
}
