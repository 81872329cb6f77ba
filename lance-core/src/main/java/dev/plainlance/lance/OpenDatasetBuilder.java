package dev.plainlance.lance;

import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The builder form of {@link Dataset#open(BufferAllocator, String, ReadOptions)}, as {@code
 * org.lance.OpenDatasetBuilder}: {@code Dataset.open().uri(uri).readOptions(options).build()}. Without an allocator
 * the dataset makes its own and closes it with itself. Namespace clients, sessions and per-base store parameters
 * of the official builder do not exist in plainlance.
 */
public final class OpenDatasetBuilder {
    private BufferAllocator allocator;
    private String uri;
    private ReadOptions options = ReadOptions.defaults();

    OpenDatasetBuilder() {}

    public OpenDatasetBuilder allocator(BufferAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        return this;
    }

    public OpenDatasetBuilder uri(String uri) {
        this.uri = uri;
        return this;
    }

    public OpenDatasetBuilder readOptions(ReadOptions options) {
        this.options = Objects.requireNonNull(options, "options must be set");
        return this;
    }

    /** Opens the dataset; {@link IllegalArgumentException} when no uri was given. */
    public Dataset build() {
        if (uri == null) {
            throw new IllegalArgumentException("uri() must be called: the dataset to open");
        }
        return allocator == null ? Dataset.open(uri, options) : Dataset.open(allocator, uri, options);
    }
}
