package dev.plainlance.lance;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.io.Storages;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The builder form of {@link Dataset#create(BufferAllocator, ArrowReader, String, WriteParams)}, as {@code
 * org.lance.WriteDatasetBuilder}: {@code Dataset.write().reader(rows).uri(uri).mode(APPEND).execute()}. The rows come
 * from an {@link ArrowReader} (the official builder also takes a C stream), or, for an empty table, only a {@link
 * #schema}. The mode is CREATE unless set. Namespace clients, sessions, several base paths and blob v2 options of the
 * official builder do not exist in plainlance.
 */
public final class WriteDatasetBuilder {
    private BufferAllocator allocator;
    private ArrowReader reader;
    private Schema schema;
    private String uri;
    private final WriteParams.Builder params = new WriteParams.Builder();

    WriteDatasetBuilder() {}

    public WriteDatasetBuilder allocator(BufferAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        return this;
    }

    /** The rows to write; the caller closes the reader. */
    public WriteDatasetBuilder reader(ArrowReader reader) {
        this.reader = reader;
        return this;
    }

    /** The schema of an empty table, when no rows are given; with rows it must be theirs. */
    public WriteDatasetBuilder schema(Schema schema) {
        this.schema = schema;
        return this;
    }

    public WriteDatasetBuilder uri(String uri) {
        this.uri = uri;
        return this;
    }

    public WriteDatasetBuilder mode(WriteParams.WriteMode mode) {
        params.withMode(mode);
        return this;
    }

    public WriteDatasetBuilder storageOptions(Map<String, String> storageOptions) {
        params.withStorageOptions(storageOptions);
        return this;
    }

    public WriteDatasetBuilder maxRowsPerFile(int rows) {
        params.withMaxRowsPerFile(rows);
        return this;
    }

    /** See {@link WriteParams.Builder#withMaxRowsPerGroup}: no effect on the 2.x files plainlance writes. */
    public WriteDatasetBuilder maxRowsPerGroup(int rows) {
        params.withMaxRowsPerGroup(rows);
        return this;
    }

    public WriteDatasetBuilder maxBytesPerFile(long bytes) {
        params.withMaxBytesPerFile(bytes);
        return this;
    }

    public WriteDatasetBuilder enableStableRowIds(boolean enable) {
        params.withEnableStableRowIds(enable);
        return this;
    }

    public WriteDatasetBuilder dataStorageVersion(String version) {
        params.withDataStorageVersion(version);
        return this;
    }

    /** See {@link WriteParams.Builder#withAllowExternalBlobOutsideBases}. */
    public WriteDatasetBuilder allowExternalBlobOutsideBases(boolean allow) {
        params.withAllowExternalBlobOutsideBases(allow);
        return this;
    }

    /** See {@link WriteParams.Builder#withBlobPackFileSizeThreshold}. */
    public WriteDatasetBuilder blobPackFileSizeThreshold(long bytes) {
        params.withBlobPackFileSizeThreshold(bytes);
        return this;
    }

    /**
     * Writes and commits; {@link IllegalArgumentException} when no uri, neither rows nor a schema, or a schema other
     * than the rows' was given (the official builder then writes the rows and ignores the schema).
     */
    public Dataset execute() {
        if (uri == null) {
            throw new IllegalArgumentException("uri() must be called: the dataset to write");
        }
        if (reader == null && schema == null) {
            throw new IllegalArgumentException("Must provide data via reader(), or schema() (for empty tables)");
        }
        WriteParams built = params.build();
        if (reader != null) {
            Schema rows;
            try {
                rows = reader.getVectorSchemaRoot().getSchema();
            } catch (IOException e) {
                throw new LanceIOException("cannot read the schema of the rows for " + uri, e);
            }
            if (schema != null && !schema.equals(rows)) {
                throw new IllegalArgumentException("schema() " + schema + " is not the rows' schema " + rows);
            }
            return write(reader, built);
        }
        try (BufferAllocator scratch = new RootAllocator();
                ArrowReader empty = ArrowReaders.empty(schema, scratch)) {
            return write(empty, built);
        } catch (IOException e) {
            throw new LanceIOException("cannot create " + uri, e);
        }
    }

    /** Scans of the result allocate from the given allocator, or from one the dataset makes and closes. */
    private Dataset write(ArrowReader rows, WriteParams built) {
        return allocator != null
                ? Dataset.create(allocator, rows, uri, built)
                : Dataset.write(Storages.forUri(uri, built.getStorageOptions()), uri, rows, built, Clock.systemUTC());
    }
}
