package dev.plainlance.lance.ipc;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.schema.LanceField;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** A configured scan of one dataset version, mirroring {@code org.lance.ipc.LanceScanner}. */
public final class LanceScanner implements AutoCloseable {
    private final Dataset dataset;
    private final ScanOptions options;
    private final BufferAllocator allocator;
    private final RowSource rows;

    public LanceScanner(Dataset dataset, ScanOptions options, BufferAllocator allocator) {
        this.dataset = dataset;
        this.options = options;
        this.allocator = allocator;
        List<LanceField> columns = options.getColumns()
                .map(names -> dataset.getLanceSchema().project(names).fields())
                .orElse(dataset.getLanceSchema().fields());
        this.rows = new RowSource(dataset.storage(), columns, options.isWithRowId(), options.isWithRowAddress(),
                dataset.hasStableRowIds(), allocator);
    }

    /** The schema of the batches: requested columns, then {@code _rowid}, then {@code _rowaddr}. */
    public Schema schema() {
        return rows.schema();
    }

    /** A reader of the scan's batches; the caller closes it. */
    public ArrowReader scanBatches() {
        return new ScanReader(rows, dataset.manifest().getFragmentsList(), options.getBatchSize(),
                options.getLimit().orElse(Long.MAX_VALUE), allocator);
    }

    @Override
    public void close() {
        // every reader returned by scanBatches() owns and releases its own resources
    }
}
