package dev.plainlance.lance.ipc;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Rows {@code [from, to)} of a root held in memory, some of its columns, in batches; closes the root when closed. */
final class RowsReader extends ArrowReader {
    private final VectorSchemaRoot rows;
    private final int[] columns;
    private final int batchSize;
    private int next;
    private final int to;

    RowsReader(VectorSchemaRoot rows, int[] columns, long from, long to, int batchSize, BufferAllocator allocator) {
        super(allocator);
        this.rows = rows;
        this.columns = columns.clone();
        this.batchSize = batchSize;
        this.to = (int) Math.min(to, rows.getRowCount());
        this.next = (int) Math.min(from, this.to);
    }

    @Override
    protected Schema readSchema() {
        List<Field> fields = rows.getSchema().getFields();
        return new Schema(Arrays.stream(columns).mapToObj(fields::get).toList());
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (next >= to) {
            return false;
        }
        int count = Math.min(batchSize, to - next);
        VectorSchemaRoot out = getVectorSchemaRoot();
        for (int c = 0; c < columns.length; c++) {
            FieldVector target = out.getVector(c);
            target.clear();
            rows.getVector(columns[c]).makeTransferPair(target).splitAndTransfer(next, count);
        }
        out.setRowCount(count);
        next += count;
        return true;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() throws IOException {
        rows.close();
    }
}
