package dev.plainlance.lance.ipc;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.table.TableSnapshot;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** A configured scan of one dataset version, mirroring {@code org.lance.ipc.LanceScanner}. */
public final class LanceScanner implements AutoCloseable {
    private final TableScan scan;
    private final long offset;
    private final BufferAllocator allocator;

    /**
     * A scan of {@code dataset}'s version. A bad filter (syntax, unknown column, type error) is rejected here with
     * an {@link dev.plainlance.lance.expr.ExpressionParseException} naming its position.
     */
    public LanceScanner(TableSnapshot dataset, ScanOptions options, Env env) {
        this.scan = new TableScan(
                options.getFragmentIds().map(dataset::withFragmentIds).orElse(dataset),
                new TableScan.Request(
                        options.getColumns(),
                        options.getFilter(),
                        Math.toIntExact(options.getBatchSize().orElse((long) ScanOptions.DEFAULT_BATCH_SIZE)),
                        options.getLimit()
                                .map(limit -> limit + options.getOffset().orElse(0L)),
                        options.isWithRowId(),
                        options.isWithRowAddress(),
                        options.isUseScalarIndex()),
                env);
        this.offset = options.getOffset().orElse(0L);
        this.allocator = env.allocator();
    }

    /** The schema of the batches: requested columns, then {@code _rowid}, then {@code _rowaddr}. */
    public Schema schema() {
        return scan.schema();
    }

    /** A reader of the scan's batches; the caller closes it. */
    public ArrowReader scanBatches() {
        return offset == 0 ? scan.batches() : new OffsetReader(scan.batches(), offset, allocator);
    }

    /** Which index answers the filter and how many fragments are scanned (the CLI's {@code --explain}). */
    public String explain() {
        return scan.explain();
    }

    @Override
    public void close() {
        // every reader returned by scanBatches() owns and releases its own resources
    }
}
