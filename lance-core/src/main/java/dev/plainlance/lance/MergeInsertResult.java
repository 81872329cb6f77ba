package dev.plainlance.lance;

import dev.plainlance.lance.merge.MergeInsertStats;

/**
 * The outcome of {@code Dataset.mergeInsert}, mirroring {@code org.lance.merge.MergeInsertResult}: a new
 * {@link Dataset} instance at the committed version (the instance the merge was called on keeps showing its own
 * version) and the statistics. Closing the result closes that new instance.
 */
public record MergeInsertResult(Dataset dataset, MergeInsertStats stats) implements AutoCloseable {
    @Override
    public void close() {
        dataset.close();
    }
}
