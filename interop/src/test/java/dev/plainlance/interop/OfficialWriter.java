package dev.plainlance.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.ReadOptions;
import org.lance.WriteParams;
import org.lance.merge.MergeInsertParams;
import org.lance.merge.MergeInsertResult;

/**
 * Builds datasets with the official Lance library (org.lance:lance-core, JNI), the oracle of the interop tests.
 * Every operation opens the dataset, applies one change, closes every official object it created, and returns the
 * version it committed. The caller owns the allocator; the writer never closes it.
 *
 * <p>Rows come from {@link RichData}: a batch is {@code {firstId, rowCount}}.
 */
final class OfficialWriter {
    /** Write options; {@code null} fields leave the official default in place. */
    record Options(Boolean v2ManifestPaths, String dataStorageVersion, Boolean stableRowIds, Integer maxRowsPerFile) {
        static Options defaults() {
            return new Options(null, null, null, null);
        }

        Options withV2ManifestPaths(boolean value) {
            return new Options(value, dataStorageVersion, stableRowIds, maxRowsPerFile);
        }

        Options withDataStorageVersion(String value) {
            return new Options(v2ManifestPaths, value, stableRowIds, maxRowsPerFile);
        }

        Options withStableRowIds(boolean value) {
            return new Options(v2ManifestPaths, dataStorageVersion, value, maxRowsPerFile);
        }

        Options withMaxRowsPerFile(int value) {
            return new Options(v2ManifestPaths, dataStorageVersion, stableRowIds, value);
        }
    }

    private final BufferAllocator allocator;
    private final String uri;
    private final Options options;

    /** A writer for a dataset at {@code dir/ds} (not created yet). */
    OfficialWriter(BufferAllocator allocator, Path dir, Options options) {
        this.allocator = allocator;
        this.uri = dir.resolve("ds").toString();
        this.options = options;
    }

    OfficialWriter(BufferAllocator allocator, Path dir) {
        this(allocator, dir, Options.defaults());
    }

    String uri() {
        return uri;
    }

    Path path() {
        return Path.of(uri);
    }

    BufferAllocator allocator() {
        return allocator;
    }

    private WriteParams params(WriteParams.WriteMode mode) {
        WriteParams.Builder builder = new WriteParams.Builder().withMode(mode);
        if (options.v2ManifestPaths() != null) {
            builder.withEnableV2ManifestPaths(options.v2ManifestPaths());
        }
        if (options.dataStorageVersion() != null) {
            builder.withDataStorageVersion(options.dataStorageVersion());
        }
        if (options.stableRowIds() != null) {
            builder.withEnableStableRowIds(options.stableRowIds());
        }
        if (options.maxRowsPerFile() != null) {
            builder.withMaxRowsPerFile(options.maxRowsPerFile());
        }
        return builder.build();
    }

    /** Writes {@code batches} of {@code schema} with {@code mode}; returns the committed version. */
    long write(WriteParams.WriteMode mode, Schema schema, long[]... batches) {
        return write(mode, RichData.reader(allocator, schema, batches));
    }

    /** Writes every batch of {@code reader} (closed here) with {@code mode}; returns the committed version. */
    long write(WriteParams.WriteMode mode, ArrowReader source) {
        try (ArrowReader reader = source;
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            try (Dataset dataset = Dataset.create(allocator, stream, uri, params(mode))) {
                return dataset.version();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the dataset (CREATE mode). */
    long create(Schema schema, long[]... batches) {
        return write(WriteParams.WriteMode.CREATE, schema, batches);
    }

    /** Creates the dataset with one batch of ids {@code firstId..firstId+rows-1}. */
    long create(Schema schema, long firstId, int rows) {
        return create(schema, new long[] {firstId, rows});
    }

    /** Creates an empty dataset (no fragments) with {@code schema}. */
    long createEmpty(Schema schema) {
        try (Dataset dataset = Dataset.create(allocator, uri, schema, params(WriteParams.WriteMode.CREATE))) {
            return dataset.version();
        }
    }

    long append(Schema schema, long firstId, int rows) {
        return write(WriteParams.WriteMode.APPEND, schema, new long[] {firstId, rows});
    }

    long overwrite(Schema schema, long firstId, int rows) {
        return write(WriteParams.WriteMode.OVERWRITE, schema, new long[] {firstId, rows});
    }

    /** Deletes the rows matching the SQL {@code predicate}. */
    long delete(String predicate) {
        try (Dataset dataset = open()) {
            dataset.delete(predicate);
            return dataset.latestVersion();
        }
    }

    /** Commits a Restore of {@code version}. */
    long restore(long version) {
        try (Dataset dataset = open();
                Dataset old = dataset.checkoutVersion(version)) {
            old.restore();
            return dataset.latestVersion();
        }
    }

    /** Creates tag {@code name} pointing at {@code version}; commits nothing. */
    void tag(String name, long version) {
        try (Dataset dataset = open()) {
            dataset.tags().create(name, version);
        }
    }

    /** Moves tag {@code name} to {@code version}; commits nothing. */
    void retag(String name, long version) {
        try (Dataset dataset = open()) {
            dataset.tags().update(name, version);
        }
    }

    /** Replaces the metadata of tag {@code name}; commits nothing. */
    void tagMetadata(String name, Map<String, String> metadata) {
        try (Dataset dataset = open()) {
            dataset.tags().replaceMetadata(name, metadata);
        }
    }

    /** Removes table config keys. */
    long deleteConfigKeys(String... keys) {
        try (Dataset dataset = open()) {
            dataset.deleteConfigKeys(java.util.Set.of(keys));
            return dataset.latestVersion();
        }
    }

    /** Deletes tag {@code name}; commits nothing. */
    void untag(String name) {
        try (Dataset dataset = open()) {
            dataset.tags().delete(name);
        }
    }

    /**
     * Upserts ids {@code firstId..firstId+rows-1} keyed on {@code id}: matched rows are updated, new rows inserted.
     */
    long mergeInsert(Schema schema, long firstId, int rows) {
        return mergeInsert(
                schema,
                firstId,
                rows,
                new MergeInsertParams(List.of("id"))
                        .withMatchedUpdateAll()
                        .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll));
    }

    /** Merges the {@link RichData} rows {@code firstId ..} into the dataset as {@code merge} says. */
    long mergeInsert(Schema schema, long firstId, int rows, MergeInsertParams merge) {
        try (Dataset dataset = open();
                ArrowReader reader = RichData.reader(allocator, schema, firstId, rows);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            MergeInsertResult result = dataset.mergeInsert(merge, stream);
            try (Dataset merged = result.dataset()) {
                return merged.version();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets table config keys. */
    long updateConfig(Map<String, String> config) {
        try (Dataset dataset = open()) {
            dataset.updateConfig(config);
            return dataset.latestVersion();
        }
    }

    /** Adds a column computed by the SQL {@code expression} (a new data file per fragment). */
    long addColumn(String name, String expression) {
        try (Dataset dataset = open()) {
            dataset.addColumns(
                    new org.lance.schema.SqlExpressions.Builder()
                            .withExpression(name, expression)
                            .build(),
                    java.util.Optional.empty());
            return dataset.latestVersion();
        }
    }

    long dropColumns(String... names) {
        try (Dataset dataset = open()) {
            dataset.dropColumns(List.of(names));
            return dataset.latestVersion();
        }
    }

    long renameColumn(String from, String to) {
        try (Dataset dataset = open()) {
            dataset.alterColumns(List.of(new org.lance.schema.ColumnAlteration.Builder(from)
                    .rename(to)
                    .build()));
            return dataset.latestVersion();
        }
    }

    /** Compacts with default options (merges small fragments, materializes deletions). */
    long compact() {
        try (Dataset dataset = open()) {
            dataset.compact();
            return dataset.latestVersion();
        }
    }

    /** Opens the latest version with the official library; the caller closes it. */
    Dataset open() {
        return Dataset.open(allocator, uri, new ReadOptions.Builder().build());
    }

    /** Opens {@code version} with the official library; the caller closes it. */
    Dataset open(long version) {
        return Dataset.open(
                allocator, uri, new ReadOptions.Builder().setVersion(version).build());
    }
}
