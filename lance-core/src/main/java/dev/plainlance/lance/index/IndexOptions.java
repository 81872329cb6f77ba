package dev.plainlance.lance.index;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * What {@code createIndex(IndexOptions)} builds, as {@code org.lance.index.IndexOptions}: columns, type, params, an
 * optional name and whether to replace an index of that name. The options of the official distributed builds
 * (segments built over given fragments under a given uuid, untrained indices, preprocessed data; the official
 * method takes that data as a C stream, plainlance as an {@link ArrowReader}) are kept, and {@code createIndex}
 * refuses them by name: plainlance builds BTREE, BITMAP and ZONEMAP indices over every fragment in one step.
 */
public final class IndexOptions {
    private final List<String> columns;
    private final IndexType indexType;
    private final IndexParams indexParams;
    private final Optional<String> indexName;
    private final boolean replace;
    private final boolean train;
    private final Optional<List<Integer>> fragmentIds;
    private final Optional<String> indexUuid;
    private final Optional<ArrowReader> preprocessedData;

    private IndexOptions(Builder builder) {
        this.columns = builder.columns;
        this.indexType = builder.indexType;
        this.indexParams = builder.indexParams;
        this.indexName = builder.indexName;
        this.replace = builder.replace;
        this.train = builder.train;
        this.fragmentIds = builder.fragmentIds;
        this.indexUuid = builder.indexUuid;
        this.preprocessedData = builder.preprocessedData;
    }

    public static Builder builder(List<String> columns, IndexType indexType, IndexParams indexParams) {
        return new Builder(columns, indexType, indexParams);
    }

    public List<String> getColumns() {
        return columns;
    }

    public IndexType getIndexType() {
        return indexType;
    }

    public IndexParams getIndexParams() {
        return indexParams;
    }

    public Optional<String> getIndexName() {
        return indexName;
    }

    public boolean isReplace() {
        return replace;
    }

    public boolean isTrain() {
        return train;
    }

    public Optional<List<Integer>> getFragmentIds() {
        return fragmentIds;
    }

    public Optional<String> getIndexUUID() {
        return indexUuid;
    }

    public Optional<ArrowReader> getPreprocessedData() {
        return preprocessedData;
    }

    /** Builds {@link IndexOptions}; by default an index named {@code {column}_idx}, not replacing, trained. */
    public static final class Builder {
        private final List<String> columns;
        private final IndexType indexType;
        private final IndexParams indexParams;
        private Optional<String> indexName = Optional.empty();
        private boolean replace;
        private boolean train = true;
        private Optional<List<Integer>> fragmentIds = Optional.empty();
        private Optional<String> indexUuid = Optional.empty();
        private Optional<ArrowReader> preprocessedData = Optional.empty();

        private Builder(List<String> columns, IndexType indexType, IndexParams indexParams) {
            this.columns = List.copyOf(columns);
            this.indexType = Objects.requireNonNull(indexType, "indexType");
            this.indexParams = Objects.requireNonNull(indexParams, "indexParams");
        }

        public Builder withIndexName(String name) {
            this.indexName = Optional.of(name);
            return this;
        }

        public Builder replace(boolean replace) {
            this.replace = replace;
            return this;
        }

        public Builder train(boolean train) {
            this.train = train;
            return this;
        }

        public Builder withFragmentIds(List<Integer> fragmentIds) {
            this.fragmentIds = Optional.of(List.copyOf(fragmentIds));
            return this;
        }

        public Builder withIndexUUID(String uuid) {
            this.indexUuid = Optional.of(uuid);
            return this;
        }

        public Builder withPreprocessedData(ArrowReader data) {
            this.preprocessedData = Optional.of(data);
            return this;
        }

        public IndexOptions build() {
            return new IndexOptions(this);
        }
    }
}
