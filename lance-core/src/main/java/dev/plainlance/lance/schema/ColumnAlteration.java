package dev.plainlance.lance.schema;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One change to one column, mirroring {@code org.lance.schema.ColumnAlteration}: a new name, a new nullability, a
 * new type ({@link Builder#castTo}), or several. The column is named by its path ({@code a} or {@code a.b} for a
 * struct child).
 *
 * <p>A plainlance extension may also replace the column's Arrow field metadata ({@link Builder#metadata}); the
 * official class has no such setter. The change is still a Project transaction: its schema carries the new field
 * metadata, as Lance stores field metadata in the schema's fields.
 */
public final class ColumnAlteration {
    private final String path;
    private final Optional<String> rename;
    private final Optional<Boolean> nullable;
    private final Optional<Map<String, String>> metadata;
    private final Optional<ArrowType> dataType;

    private ColumnAlteration(
            String path,
            Optional<String> rename,
            Optional<Boolean> nullable,
            Optional<Map<String, String>> metadata,
            Optional<ArrowType> dataType) {
        this.path = Objects.requireNonNull(path, "path");
        this.dataType = dataType;
        this.rename = rename;
        this.nullable = nullable;
        this.metadata = metadata;
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

    /** The column's new Arrow field metadata (replacing all of it, sorted by key), when it changes. */
    public Optional<Map<String, String>> getMetadata() {
        return metadata;
    }

    /** The type the column is cast to, when it changes. */
    public Optional<ArrowType> getDataType() {
        return dataType;
    }

    @Override
    public String toString() {
        return path
                + dataType.map(t -> " as " + t).orElse("")
                + rename.map(r -> " -> " + r).orElse("")
                + nullable.map(n -> n ? " nullable" : " not null").orElse("")
                + metadata.map(m -> " metadata " + m).orElse("");
    }

    /** Builds a {@link ColumnAlteration} of the column at {@code path}. */
    public static final class Builder {
        private final String path;
        private Optional<String> rename = Optional.empty();
        private Optional<Boolean> nullable = Optional.empty();
        private Optional<Map<String, String>> metadata = Optional.empty();
        private Optional<ArrowType> dataType = Optional.empty();

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

        /**
         * Replaces the column's Arrow field metadata with {@code value} (empty clears it). Keys that change how the
         * column is read ({@code ARROW:extension:*}, the unenforced primary key) must keep their current values;
         * staging refuses a change to them.
         */
        public Builder metadata(Map<String, String> value) {
            this.metadata = Optional.of(Collections.unmodifiableMap(new TreeMap<>(value)));
            return this;
        }

        /**
         * Casts the column's values to {@code type}, rewriting the column into new data files: integers to integers,
         * floats to floats, strings and binaries to their large or small forms, as the official library allows; a
         * value the new type cannot hold fails the change.
         */
        public Builder castTo(ArrowType type) {
            this.dataType = Optional.of(type);
            return this;
        }

        public ColumnAlteration build() {
            if (rename.isEmpty() && nullable.isEmpty() && metadata.isEmpty() && dataType.isEmpty()) {
                throw new IllegalArgumentException("an alteration of column '" + path + "' must change something");
            }
            return new ColumnAlteration(path, rename, nullable, metadata, dataType);
        }
    }
}
