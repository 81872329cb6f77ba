package dev.plainlance.lance.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * One change to one column, mirroring {@code org.lance.schema.ColumnAlteration}: a new name, a new nullability, or
 * both. The column is named by its path ({@code a} or {@code a.b} for a struct child).
 */
public final class ColumnAlteration {
    private final String path;
    private final Optional<String> rename;
    private final Optional<Boolean> nullable;

    private ColumnAlteration(String path, Optional<String> rename, Optional<Boolean> nullable) {
        this.path = Objects.requireNonNull(path, "path");
        this.rename = rename;
        this.nullable = nullable;
    }

    public String getPath() {
        return path;
    }

    public Optional<String> getRename() {
        return rename;
    }

    public Optional<Boolean> getNullable() {
        return nullable;
    }

    @Override
    public String toString() {
        return path
                + rename.map(r -> " -> " + r).orElse("")
                + nullable.map(n -> n ? " nullable" : " not null").orElse("");
    }

    /** Builds a {@link ColumnAlteration} of the column at {@code path}. */
    public static final class Builder {
        private final String path;
        private Optional<String> rename = Optional.empty();
        private Optional<Boolean> nullable = Optional.empty();

        public Builder(String path) {
            this.path = path;
        }

        public Builder rename(String name) {
            this.rename = Optional.of(name);
            return this;
        }

        public Builder nullable(boolean value) {
            this.nullable = Optional.of(value);
            return this;
        }

        public ColumnAlteration build() {
            if (rename.isEmpty() && nullable.isEmpty()) {
                throw new IllegalArgumentException("an alteration of column '" + path + "' must change something");
            }
            return new ColumnAlteration(path, rename, nullable);
        }
    }
}
