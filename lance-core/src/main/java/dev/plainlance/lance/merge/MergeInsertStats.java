package dev.plainlance.lance.merge;

/**
 * What a merge insert did, mirroring {@code org.lance.merge.MergeInsertStats}.
 *
 * @param numInsertedRows source rows inserted because no target row matched them
 * @param numUpdatedRows target rows replaced by their matching source row
 * @param numDeletedRows target rows deleted (matched with {@code Delete}, or not matched by the source)
 * @param numAttempts how many times the operation was computed (more than 1 after conflicting commits)
 * @param bytesWritten bytes of new data files
 * @param numFilesWritten new data files
 */
public record MergeInsertStats(
        long numInsertedRows,
        long numUpdatedRows,
        long numDeletedRows,
        int numAttempts,
        long bytesWritten,
        long numFilesWritten) {}
