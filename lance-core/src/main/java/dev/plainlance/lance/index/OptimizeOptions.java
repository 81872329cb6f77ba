package dev.plainlance.lance.index;

import java.util.List;
import java.util.Optional;

/**
 * Which indices {@code optimizeIndices} folds unindexed fragments into, as {@code org.lance.index.OptimizeOptions}:
 * the named ones, or all BTREE and BITMAP indices. plainlance always merges an index into one segment.
 */
public final class OptimizeOptions {
    private final Optional<List<String>> indexNames;

    private OptimizeOptions(Optional<List<String>> indexNames) {
        this.indexNames = indexNames.map(List::copyOf);
    }

    public static OptimizeOptions all() {
        return new OptimizeOptions(Optional.empty());
    }

    public static OptimizeOptions of(List<String> indexNames) {
        return new OptimizeOptions(Optional.of(indexNames));
    }

    public Optional<List<String>> getIndexNames() {
        return indexNames;
    }
}
