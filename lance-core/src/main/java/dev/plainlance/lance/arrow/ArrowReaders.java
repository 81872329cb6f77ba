package dev.plainlance.lance.arrow;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small {@link ArrowReader}s over data already in memory. */
public final class ArrowReaders {
    private ArrowReaders() {}

    /** A reader with {@code schema} and no batches. */
    public static ArrowReader empty(Schema schema, BufferAllocator allocator) {
        return of(schema, List.of(), allocator);
    }

    /**
     * A reader yielding copies of {@code batches} (which must all have {@code schema}); the caller keeps owning
     * the given roots.
     */
    public static ArrowReader of(Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator) {
        return reader(schema, batches, allocator, () -> {});
    }

    /** {@link #of}, but the reader owns {@code batches}: closing it closes them. */
    public static ArrowReader owning(Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator) {
        return reader(schema, batches, allocator, () -> batches.forEach(VectorSchemaRoot::close));
    }

    private static ArrowReader reader(
            Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator, Runnable onClose) {
        return new ArrowReader(allocator) {
            private int next;

            @Override
            public boolean loadNextBatch() throws java.io.IOException {
                if (next >= batches.size()) {
                    return false;
                }
                try (ArrowRecordBatch batch = new VectorUnloader(batches.get(next++)).getRecordBatch()) {
                    new VectorLoader(getVectorSchemaRoot()).load(batch);
                }
                return true;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {
                onClose.run();
            }

            @Override
            protected Schema readSchema() {
                return schema;
            }
        };
    }
}
