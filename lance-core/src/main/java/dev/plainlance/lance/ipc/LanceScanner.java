package dev.plainlance.lance.ipc;

import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** A configured scan of one dataset version, mirroring {@code org.lance.ipc.LanceScanner}. */
public final class LanceScanner implements AutoCloseable {
    private final TableSnapshot dataset;
    private final ScanOptions options;
    private final BufferAllocator allocator;
    private final RowSource rows;
    /** With a filter: the columns read (requested ones plus those the filter needs) and the bound filter. */
    private final RowSource filterRows;

    private final Predicate filter;

    /**
     * A scan of {@code dataset}'s version. A bad filter (syntax, unknown column, type error) is rejected here with
     * an {@link dev.plainlance.lance.expr.ExpressionParseException} naming its position.
     */
    public LanceScanner(TableSnapshot dataset, ScanOptions options, BufferAllocator allocator) {
        this.dataset = dataset;
        this.options = options;
        this.allocator = allocator;
        List<LanceField> columns = options.getColumns()
                .map(names -> dataset.schema().project(names).fields())
                .orElse(dataset.schema().fields());
        this.rows = new RowSource(
                dataset.storage(),
                columns,
                options.isWithRowId(),
                options.isWithRowAddress(),
                dataset.hasStableRowIds(),
                allocator);
        if (options.getFilter().isPresent()) {
            RowSource all = new RowSource(
                    dataset.storage(), dataset.schema().fields(), false, false, dataset.hasStableRowIds(), allocator);
            Expressions.bind(options.getFilter().get(), all.schema());
            java.util.Set<String> needed = new java.util.LinkedHashSet<>();
            columns.forEach(c -> needed.add(c.name()));
            needed.addAll(ColumnReferences.topLevel(
                    Expressions.parse(options.getFilter().get())));
            this.filterRows = new RowSource(
                    dataset.storage(),
                    dataset.schema().project(List.copyOf(needed)).fields(),
                    options.isWithRowId(),
                    options.isWithRowAddress(),
                    dataset.hasStableRowIds(),
                    allocator);
            this.filter = Expressions.predicate(options.getFilter().get(), filterRows.schema());
        } else {
            this.filterRows = null;
            this.filter = null;
        }
    }

    /** The schema of the batches: requested columns, then {@code _rowid}, then {@code _rowaddr}. */
    public Schema schema() {
        return rows.schema();
    }

    /** A reader of the scan's batches; the caller closes it. */
    public ArrowReader scanBatches() {
        long limit = options.getLimit().orElse(Long.MAX_VALUE);
        if (filter == null) {
            return new ScanReader(
                    rows, dataset.manifest().getFragmentsList(), options.getBatchSize(), limit, allocator);
        }
        ArrowReader unfiltered = new ScanReader(
                filterRows, dataset.manifest().getFragmentsList(), options.getBatchSize(), Long.MAX_VALUE, allocator);
        return new FilteredScanReader(unfiltered, filter, rows.schema(), limit, allocator);
    }

    @Override
    public void close() {
        // every reader returned by scanBatches() owns and releases its own resources
    }
}
