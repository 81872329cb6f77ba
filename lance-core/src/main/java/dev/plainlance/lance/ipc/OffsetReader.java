package dev.plainlance.lance.ipc;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** The batches of a reader without its first {@code offset} rows; batches entirely skipped are not returned. */
final class OffsetReader extends ArrowReader {
    private final ArrowReader rows;
    private long toSkip;

    OffsetReader(ArrowReader rows, long offset, BufferAllocator allocator) {
        super(allocator);
        this.rows = rows;
        this.toSkip = offset;
    }

    @Override
    protected Schema readSchema() throws IOException {
        return rows.getVectorSchemaRoot().getSchema();
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        while (rows.loadNextBatch()) {
            VectorSchemaRoot in = rows.getVectorSchemaRoot();
            int count = in.getRowCount();
            if (toSkip >= count) {
                toSkip -= count;
                continue;
            }
            int start = (int) toSkip;
            toSkip = 0;
            VectorSchemaRoot out = getVectorSchemaRoot();
            for (int c = 0; c < out.getFieldVectors().size(); c++) {
                FieldVector target = out.getVector(c);
                target.clear();
                in.getVector(c).makeTransferPair(target).splitAndTransfer(start, count - start);
            }
            out.setRowCount(count - start);
            return true;
        }
        return false;
    }

    @Override
    public long bytesRead() {
        return rows.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        rows.close();
    }
}
