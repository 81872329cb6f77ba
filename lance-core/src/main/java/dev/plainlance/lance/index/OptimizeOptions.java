package dev.plainlance.lance.index;

import java.util.List;
import java.util.Optional;

/**
 * Which indices {@code optimizeIndices} folds unindexed fragments into, as {@code org.lance.index.OptimizeOptions}:
 * the named ones, or all BTREE, BITMAP and ZONEMAP indices. {@code numIndicesToMerge} and {@code retrain} are kept for the
 * official API's sake: for BTREE and BITMAP indices official 7.0.0 ignores both and merges the new fragments and
 * every segment of the index into one segment, whatever the number (0 included), and so does plainlance.
 */
public final class OptimizeOptions {
    private final Optional<Integer> numIndicesToMerge;
    private final Optional<List<String>> indexNames;
    private final boolean retrain;

    private OptimizeOptions(Optional<Integer> numIndicesToMerge, Optional<List<String>> indexNames, boolean retrain) {
        this.numIndicesToMerge = numIndicesToMerge;
        this.indexNames = indexNames.map(List::copyOf);
        this.retrain = retrain;
    }

    public static OptimizeOptions all() {
        return builder().build();
    }

    public static OptimizeOptions of(List<String> indexNames) {
        return builder().indexNames(indexNames).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Integer> getNumIndicesToMerge() {
        return numIndicesToMerge;
    }

    public Optional<List<String>> getIndexNames() {
        return indexNames;
    }

    public boolean isRetrain() {
        return retrain;
    }

    /** Builds {@link OptimizeOptions}; by default every BTREE, BITMAP and ZONEMAP index, no merge count, no retrain. */
    public static final class Builder {
        private Optional<Integer> numIndicesToMerge = Optional.empty();
        private Optional<List<String>> indexNames = Optional.empty();
        private boolean retrain;

        private Builder() {}

        /** The number of the newest segments to merge (official vector indices use it); not negative. */
        public Builder numIndicesToMerge(int numIndicesToMerge) {
            if (numIndicesToMerge < 0) {
                throw new IllegalArgumentException("numIndicesToMerge must not be negative, got " + numIndicesToMerge);
            }
            this.numIndicesToMerge = Optional.of(numIndicesToMerge);
            return this;
        }

        public Builder indexNames(List<String> indexNames) {
            this.indexNames = Optional.of(List.copyOf(indexNames));
            return this;
        }

        public Builder retrain(boolean retrain) {
            this.retrain = retrain;
            return this;
        }

        public OptimizeOptions build() {
            return new OptimizeOptions(numIndicesToMerge, indexNames, retrain);
        }
    }
}
