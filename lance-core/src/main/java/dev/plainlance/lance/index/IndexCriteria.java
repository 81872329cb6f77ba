package dev.plainlance.lance.index;

import java.util.Optional;

/**
 * Which indices {@code describeIndices} returns, as {@code org.lance.index.IndexCriteria}: on a column, with a
 * name, able to answer full text search, able to answer exact equality.
 */
public final class IndexCriteria {
    private final Optional<String> forColumn;
    private final Optional<String> hasName;
    private final boolean mustSupportFts;
    private final boolean mustSupportExactEquality;

    private IndexCriteria(Builder b) {
        this.forColumn = Optional.ofNullable(b.forColumn);
        this.hasName = Optional.ofNullable(b.hasName);
        this.mustSupportFts = b.mustSupportFts;
        this.mustSupportExactEquality = b.mustSupportExactEquality;
    }

    public Optional<String> getForColumn() {
        return forColumn;
    }

    public Optional<String> getHasName() {
        return hasName;
    }

    public boolean mustSupportFts() {
        return mustSupportFts;
    }

    public boolean mustSupportExactEquality() {
        return mustSupportExactEquality;
    }

    public static final class Builder {
        private String forColumn;
        private String hasName;
        private boolean mustSupportFts;
        private boolean mustSupportExactEquality;

        public Builder forColumn(String column) {
            this.forColumn = column;
            return this;
        }

        public Builder hasName(String name) {
            this.hasName = name;
            return this;
        }

        public Builder mustSupportFts(boolean value) {
            this.mustSupportFts = value;
            return this;
        }

        public Builder mustSupportExactEquality(boolean value) {
            this.mustSupportExactEquality = value;
            return this;
        }

        public IndexCriteria build() {
            return new IndexCriteria(this);
        }
    }
}
