package dev.plainlance.lance.ipc;

import dev.plainlance.lance.index.DistanceType;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A nearest-neighbour query for {@link ScanOptions.Builder#nearest}, mirroring {@code org.lance.ipc.Query}: the
 * {@code k} rows whose vectors in {@code column} are nearest to {@code key}. Immutable.
 *
 * <p>plainlance builds no vector indices, so every search is exact (a flat search over the rows). The index tuning
 * options (probes, {@code ef}, refine factor, {@code useIndex}, parallelism) are kept for porting and change nothing.
 */
public final class Query {
    private final String column;
    private final float[] key;
    private final int k;
    private final int minimumNprobes;
    private final Optional<Integer> maximumNprobes;
    private final Optional<Integer> ef;
    private final Optional<Integer> refineFactor;
    private final Optional<DistanceType> distanceType;
    private final boolean useIndex;
    private final int queryParallelism;

    private Query(Builder builder) {
        this.column = Objects.requireNonNull(builder.column, "Columns must be set");
        require(!column.isEmpty(), "Column must not be empty");
        this.key = Objects.requireNonNull(builder.key, "Key must be set").clone();
        require(builder.k > 0, "K must be greater than 0");
        require(builder.minimumNprobes > 0, "Minimum Nprobes must be greater than 0");
        require(
                builder.maximumNprobes.map(max -> max >= builder.minimumNprobes).orElse(true),
                "Maximum Nprobes must be greater than minimum Nprobes");
        this.k = builder.k;
        this.minimumNprobes = builder.minimumNprobes;
        this.maximumNprobes = builder.maximumNprobes;
        this.ef = builder.ef;
        this.refineFactor = builder.refineFactor;
        this.distanceType = builder.distanceType;
        this.useIndex = builder.useIndex;
        this.queryParallelism = builder.queryParallelism;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The vector column searched: a fixed-size list of floats, or of uint8 for {@link DistanceType#Hamming}. */
    public String getColumn() {
        return column;
    }

    /** The query vector; as long as the column's lists. */
    public float[] getKey() {
        return key.clone();
    }

    /** How many rows to return at most (default 10). */
    public int getK() {
        return k;
    }

    public int getMinimumNprobes() {
        return minimumNprobes;
    }

    public Optional<Integer> getMaximumNprobes() {
        return maximumNprobes;
    }

    public Optional<Integer> getEf() {
        return ef;
    }

    public Optional<Integer> getRefineFactor() {
        return refineFactor;
    }

    /** The distance; empty means {@link DistanceType#L2}. */
    public Optional<DistanceType> getDistanceType() {
        return distanceType;
    }

    /** The distance's name, as the official library passes it on. */
    public Optional<String> getDistanceTypeString() {
        return distanceType.map(DistanceType::name);
    }

    public boolean isUseIndex() {
        return useIndex;
    }

    public int getQueryParallelism() {
        return queryParallelism;
    }

    @Override
    public String toString() {
        return "Query{column=" + column + ", key=" + Arrays.toString(key) + ", k=" + k + ", minimumNprobes="
                + minimumNprobes + ", maximumNprobes=" + maximumNprobes.orElse(null) + ", ef=" + ef.orElse(null)
                + ", refineFactor=" + refineFactor.orElse(null) + ", distanceType=" + distanceType.orElse(null)
                + ", useIndex=" + useIndex + ", queryParallelism=" + queryParallelism + "}";
    }

    /** Builds a {@link Query}; column and key are required, and the checks are the official builder's. */
    public static final class Builder {
        private String column;
        private float[] key;
        private int k = 10;
        private int minimumNprobes = 1;
        private Optional<Integer> maximumNprobes = Optional.empty();
        private Optional<Integer> ef = Optional.empty();
        private Optional<Integer> refineFactor = Optional.empty();
        private Optional<DistanceType> distanceType = Optional.empty();
        private boolean useIndex = true;
        private int queryParallelism;

        public Builder() {}

        public Builder setColumn(String column) {
            this.column = column;
            return this;
        }

        public Builder setKey(float[] key) {
            this.key = key == null ? null : key.clone();
            return this;
        }

        public Builder setK(int k) {
            this.k = k;
            return this;
        }

        /** Sets the minimum and the maximum number of probes to {@code nprobes}. */
        public Builder setNprobes(int nprobes) {
            this.minimumNprobes = nprobes;
            this.maximumNprobes = Optional.of(nprobes);
            return this;
        }

        public Builder setMinimumNprobes(int minimumNprobes) {
            this.minimumNprobes = minimumNprobes;
            return this;
        }

        public Builder setMaximumNprobes(int maximumNprobes) {
            this.maximumNprobes = Optional.of(maximumNprobes);
            return this;
        }

        public Builder setEf(int ef) {
            this.ef = Optional.of(ef);
            return this;
        }

        public Builder setRefineFactor(int refineFactor) {
            this.refineFactor = Optional.of(refineFactor);
            return this;
        }

        public Builder setDistanceType(DistanceType distanceType) {
            this.distanceType = Optional.ofNullable(distanceType);
            return this;
        }

        public Builder setUseIndex(boolean useIndex) {
            this.useIndex = useIndex;
            return this;
        }

        public Builder setQueryParallelism(int queryParallelism) {
            this.queryParallelism = queryParallelism;
            return this;
        }

        /**
         * @throws NullPointerException when the column or the key is not set
         * @throws IllegalArgumentException when the column is empty, {@code k} or the minimum probes are not
         *     positive, or the maximum probes are fewer than the minimum
         */
        public Query build() {
            return new Query(this);
        }
    }
}
