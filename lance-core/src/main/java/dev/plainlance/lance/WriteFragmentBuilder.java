package dev.plainlance.lance;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The builder form of {@link Fragment#create(String, ArrowReader, WriteParams)}, as {@code
 * org.lance.WriteFragmentBuilder}: data files written now, committed later by whoever collects the returned
 * metadata. The rows come from one {@link VectorSchemaRoot} or an {@link ArrowReader} (the official builder takes
 * a C stream). {@link #writeParams} replaces every setting made before it; the setters after it change it.
 * Namespace clients, several base paths and per-base store parameters of the official builder do not exist in
 * plainlance.
 */
public final class WriteFragmentBuilder {
    private String datasetUri;
    private BufferAllocator allocator;
    private VectorSchemaRoot root;
    private ArrowReader reader;
    private WriteParams.Builder params = new WriteParams.Builder();

    WriteFragmentBuilder() {}

    public WriteFragmentBuilder datasetUri(String datasetUri) {
        this.datasetUri = datasetUri;
        return this;
    }

    public WriteFragmentBuilder allocator(BufferAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        return this;
    }

    /** The rows of one batch. */
    public WriteFragmentBuilder data(VectorSchemaRoot root) {
        this.root = root;
        return this;
    }

    /** The rows of a stream; the caller closes the reader. */
    public WriteFragmentBuilder data(ArrowReader reader) {
        this.reader = reader;
        return this;
    }

    public WriteFragmentBuilder writeParams(WriteParams writeParams) {
        this.params = writeParams.toBuilder();
        return this;
    }

    public WriteFragmentBuilder storageOptions(Map<String, String> storageOptions) {
        params.withStorageOptions(storageOptions);
        return this;
    }

    public WriteFragmentBuilder maxRowsPerFile(int rows) {
        params.withMaxRowsPerFile(rows);
        return this;
    }

    /** See {@link WriteParams.Builder#withMaxRowsPerGroup}: no effect on the 2.x files plainlance writes. */
    public WriteFragmentBuilder maxRowsPerGroup(int rows) {
        params.withMaxRowsPerGroup(rows);
        return this;
    }

    public WriteFragmentBuilder maxBytesPerFile(long bytes) {
        params.withMaxBytesPerFile(bytes);
        return this;
    }

    public WriteFragmentBuilder mode(WriteParams.WriteMode mode) {
        params.withMode(mode);
        return this;
    }

    public WriteFragmentBuilder enableStableRowIds(boolean enable) {
        params.withEnableStableRowIds(enable);
        return this;
    }

    public WriteFragmentBuilder dataStorageVersion(String version) {
        params.withDataStorageVersion(version);
        return this;
    }

    /**
     * Writes the data files and returns their uncommitted fragments; {@link NullPointerException} without a dataset
     * uri and {@link IllegalStateException} without rows or with both forms of them, as the official builder.
     */
    public List<FragmentMetadata> execute() {
        Objects.requireNonNull(datasetUri, "datasetUri is required");
        if ((root == null) == (reader == null)) {
            throw new IllegalStateException("Either a VectorSchemaRoot or an ArrowReader must be provided, not "
                    + (root == null ? "neither" : "both"));
        }
        if (reader != null) {
            return Fragment.create(datasetUri, reader, params.build());
        }
        // the batch's own allocator, so that its buffers are never moved between allocators of different roots
        BufferAllocator rows = root.getFieldVectors().isEmpty()
                ? allocator
                : root.getFieldVectors().get(0).getAllocator();
        if (rows != null) {
            return Fragment.create(datasetUri, rows, root, params.build());
        }
        try (BufferAllocator scratch = new RootAllocator()) {
            return Fragment.create(datasetUri, scratch, root, params.build());
        }
    }
}
