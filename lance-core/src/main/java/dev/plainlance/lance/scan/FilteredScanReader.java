package dev.plainlance.lance.scan;

import dev.plainlance.lance.expr.Predicate;
import java.io.IOException;
import java.util.BitSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A scan with a SQL filter: reads batches that include the filter's columns, keeps the rows for which the
 * filter is TRUE, and returns only the requested columns. The limit counts rows after filtering.
 */
final class FilteredScanReader extends ArrowReader {
    private final ArrowReader inner;
    private final Predicate filter;
    private final Schema schema;
    private final long limit;
    private long emitted;

    FilteredScanReader(ArrowReader inner, Predicate filter, Schema schema, long limit, BufferAllocator allocator) {
        super(allocator);
        this.inner = inner;
        this.filter = filter;
        this.schema = schema;
        this.limit = limit;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        while (emitted < limit && inner.loadNextBatch()) {
            VectorSchemaRoot source = inner.getVectorSchemaRoot();
            BitSet selected = filter.test(source);
            int n = (int) Math.min(selected.cardinality(), limit - emitted);
            if (n == 0) {
                continue;
            }
            VectorSchemaRoot out = getVectorSchemaRoot();
            if (n == source.getRowCount()) {
                // every row passes (an index's candidates often do): the buffers move, nothing is copied
                for (FieldVector target : out.getFieldVectors()) {
                    target.clear();
                    source.getVector(target.getName()).makeTransferPair(target).transfer();
                }
                out.setRowCount(n);
                emitted += n;
                return true;
            }
            for (FieldVector target : out.getFieldVectors()) {
                FieldVector from = source.getVector(target.getName());
                target.clear();
                target.setInitialCapacity(n);
                target.allocateNew();
                int row = selected.nextSetBit(0);
                for (int i = 0; i < n; i++, row = selected.nextSetBit(row + 1)) {
                    target.copyFromSafe(row, i, from);
                }
            }
            out.setRowCount(n);
            emitted += n;
            return true;
        }
        return false;
    }

    @Override
    public long bytesRead() {
        return inner.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        inner.close();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
