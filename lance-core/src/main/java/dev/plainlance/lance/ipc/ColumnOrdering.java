package dev.plainlance.lance.ipc;

import java.io.Serializable;
import java.util.Objects;

/**
 * One key of an ordered scan, mirroring {@code org.lance.ipc.ColumnOrdering}: a top-level column, ascending or
 * descending, with nulls first or last (by default ascending, nulls first, as in the official builder). Immutable.
 */
public final class ColumnOrdering implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String columnName;
    private final boolean nullFirst;
    private final boolean ascending;

    private ColumnOrdering(Builder builder) {
        Objects.requireNonNull(builder.columnName, "Columns must be set");
        if (builder.columnName.isEmpty()) {
            throw new IllegalArgumentException("Column must not be empty");
        }
        this.columnName = builder.columnName;
        this.nullFirst = builder.nullFirst;
        this.ascending = builder.ascending;
    }

    public String getColumnName() {
        return columnName;
    }

    public boolean isNullFirst() {
        return nullFirst;
    }

    public boolean isAscending() {
        return ascending;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnOrdering other
                && columnName.equals(other.columnName)
                && nullFirst == other.nullFirst
                && ascending == other.ascending;
    }

    @Override
    public int hashCode() {
        return Objects.hash(columnName, nullFirst, ascending);
    }

    @Override
    public String toString() {
        return "ColumnOrdering{columnName=" + columnName + ", nullFirst=" + nullFirst + ", ascending=" + ascending
                + "}";
    }

    public static final class Builder {
        private String columnName;
        private boolean nullFirst = true;
        private boolean ascending = true;

        public void setColumnName(String columnName) {
            this.columnName = columnName;
        }

        public void setNullFirst(boolean nullFirst) {
            this.nullFirst = nullFirst;
        }

        public void setAscending(boolean ascending) {
            this.ascending = ascending;
        }

        public ColumnOrdering build() {
            return new ColumnOrdering(this);
        }
    }
}
