package dev.plainlance.lance.maintenance;

/** What a cleanup removed, mirroring {@code org.lance.cleanup.RemovalStats}. */
public record RemovalStats(
        long bytesRemoved,
        long oldVersions,
        long dataFilesRemoved,
        long transactionFilesRemoved,
        long indexFilesRemoved,
        long deletionFilesRemoved) {

    public long getBytesRemoved() {
        return bytesRemoved;
    }

    public long getOldVersions() {
        return oldVersions;
    }

    public long getDataFilesRemoved() {
        return dataFilesRemoved;
    }

    public long getTransactionFilesRemoved() {
        return transactionFilesRemoved;
    }

    public long getIndexFilesRemoved() {
        return indexFilesRemoved;
    }

    public long getDeletionFilesRemoved() {
        return deletionFilesRemoved;
    }
}
