package dev.plainlance.lance.maintenance;

import java.util.Optional;

/**
 * Options of {@code compact}, mirroring the subset of {@code org.lance.compaction.CompactionOptions} that
 * plainlance honours; unset values take the official defaults.
 */
public final class CompactionOptions {
    /** Official default: fragments with fewer physical rows are merged with their neighbours. */
    public static final long DEFAULT_TARGET_ROWS_PER_FRAGMENT = 1024 * 1024;
    /** Official default: fragments with a larger share of deleted rows are rewritten on their own. */
    public static final float DEFAULT_MATERIALIZE_DELETIONS_THRESHOLD = 0.1f;

    private final Optional<Long> targetRowsPerFragment;
    private final Optional<Boolean> materializeDeletions;
    private final Optional<Float> materializeDeletionsThreshold;
    private final Optional<Long> batchSize;

    private CompactionOptions(Builder b) {
        this.targetRowsPerFragment = b.targetRowsPerFragment;
        this.materializeDeletions = b.materializeDeletions;
        this.materializeDeletionsThreshold = b.materializeDeletionsThreshold;
        this.batchSize = b.batchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CompactionOptions defaults() {
        return builder().build();
    }

    public Optional<Long> getTargetRowsPerFragment() {
        return targetRowsPerFragment;
    }

    public Optional<Boolean> getMaterializeDeletions() {
        return materializeDeletions;
    }

    public Optional<Float> getMaterializeDeletionsThreshold() {
        return materializeDeletionsThreshold;
    }

    public Optional<Long> getBatchSize() {
        return batchSize;
    }

    long targetRows() {
        return targetRowsPerFragment.orElse(DEFAULT_TARGET_ROWS_PER_FRAGMENT);
    }

    /** As the official validation: a threshold of 1 or more turns materialization off. */
    boolean materializes() {
        return materializeDeletions.orElse(true) && threshold() < 1.0f;
    }

    float threshold() {
        return materializeDeletionsThreshold.orElse(DEFAULT_MATERIALIZE_DELETIONS_THRESHOLD);
    }

    @Override
    public String toString() {
        return "CompactionOptions{targetRowsPerFragment=" + targetRows() + ", materializeDeletions=" + materializes()
                + ", materializeDeletionsThreshold=" + threshold() + ", batchSize=" + batchSize + "}";
    }

    /** Builds {@link CompactionOptions}. */
    public static final class Builder {
        private Optional<Long> targetRowsPerFragment = Optional.empty();
        private Optional<Boolean> materializeDeletions = Optional.empty();
        private Optional<Float> materializeDeletionsThreshold = Optional.empty();
        private Optional<Long> batchSize = Optional.empty();

        private Builder() {}

        public Builder withTargetRowsPerFragment(long rows) {
            if (rows < 1 || rows > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "target rows per fragment must be in 1.." + Integer.MAX_VALUE + ", not " + rows);
            }
            this.targetRowsPerFragment = Optional.of(rows);
            return this;
        }

        public Builder withMaterializeDeletions(boolean materialize) {
            this.materializeDeletions = Optional.of(materialize);
            return this;
        }

        public Builder withMaterializeDeletionsThreshold(float threshold) {
            if (!(threshold >= 0)) {
                throw new IllegalArgumentException("materialize deletions threshold must be >= 0, not " + threshold);
            }
            this.materializeDeletionsThreshold = Optional.of(threshold);
            return this;
        }

        public Builder withBatchSize(long rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batch size must be positive, not " + rows);
            }
            this.batchSize = Optional.of(rows);
            return this;
        }

        public CompactionOptions build() {
            return new CompactionOptions(this);
        }
    }
}
