package dev.plainlance.lance.arrow;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Passes on the first {@code count} columns of another reader's batches (moving, not copying, the buffers) after
 * showing each whole batch to an observer: to capture row ids while writing only the data, or to count rows for a
 * progress display. {@code schema} is the schema of those leading columns. Closing it closes the source.
 */
public final class ObservedReader extends ArrowReader {
    private final ArrowReader source;
    private final int count;
    private final Schema schema;
    private final Consumer<VectorSchemaRoot> observer;

    public ObservedReader(
            ArrowReader source,
            int count,
            Schema schema,
            Consumer<VectorSchemaRoot> observer,
            BufferAllocator allocator) {
        super(allocator);
        this.source = source;
        this.count = count;
        this.schema = schema;
        this.observer = observer;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (!source.loadNextBatch()) {
            return false;
        }
        VectorSchemaRoot batch = source.getVectorSchemaRoot();
        observer.accept(batch);
        VectorSchemaRoot out = getVectorSchemaRoot();
        for (int i = 0; i < count; i++) {
            batch.getVector(i).makeTransferPair(out.getVector(i)).transfer();
        }
        out.setRowCount(batch.getRowCount());
        return true;
    }

    @Override
    public long bytesRead() {
        return source.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        source.close();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
