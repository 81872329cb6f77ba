package dev.plainlance.interop;

import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** An {@link ArrowReader} of one batch, which {@code fill} writes into the reader's allocated root (row count too). */
final class OneBatchReader extends ArrowReader {
    private final Schema schema;
    private final Consumer<VectorSchemaRoot> fill;
    private boolean done;

    private OneBatchReader(BufferAllocator allocator, Schema schema, Consumer<VectorSchemaRoot> fill) {
        super(allocator);
        this.schema = schema;
        this.fill = fill;
    }

    static ArrowReader of(BufferAllocator allocator, Schema schema, Consumer<VectorSchemaRoot> fill) {
        return new OneBatchReader(allocator, schema, fill);
    }

    @Override
    public boolean loadNextBatch() throws java.io.IOException {
        if (done) {
            return false;
        }
        done = true;
        VectorSchemaRoot root = getVectorSchemaRoot();
        root.allocateNew();
        fill.accept(root);
        return true;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
