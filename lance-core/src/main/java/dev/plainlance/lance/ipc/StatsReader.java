package dev.plainlance.lance.ipc;

import dev.plainlance.lance.env.ReadMetrics;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The batches of a scan, passed on as they are, timing the waits for them; when the last is read (and again when
 * closed, which may read a few more pages) the scan's {@link ScanStats} are reported.
 */
final class StatsReader extends ArrowReader {
    private final ArrowReader rows;
    private final ReadMetrics metrics;
    private final Consumer<ScanStats> report;
    private long waitNanos;
    private boolean ended;

    StatsReader(ArrowReader rows, ReadMetrics metrics, Consumer<ScanStats> report, BufferAllocator allocator) {
        super(allocator);
        this.rows = rows;
        this.metrics = metrics;
        this.report = report;
    }

    @Override
    protected Schema readSchema() throws IOException {
        return rows.getVectorSchemaRoot().getSchema();
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        long start = System.nanoTime();
        boolean loaded = rows.loadNextBatch();
        waitNanos += System.nanoTime() - start;
        if (!loaded) {
            ended = true;
            report.accept(stats());
            return false;
        }
        VectorSchemaRoot in = rows.getVectorSchemaRoot();
        VectorSchemaRoot out = getVectorSchemaRoot();
        for (int c = 0; c < out.getFieldVectors().size(); c++) {
            out.getVector(c).clear();
            in.getVector(c).makeTransferPair(out.getVector(c)).transfer();
        }
        out.setRowCount(in.getRowCount());
        return true;
    }

    private ScanStats stats() {
        return new ScanStats(
                metrics.pageReads(),
                metrics.pageReads(),
                metrics.pageBytes(),
                metrics.indices(),
                0,
                0,
                Map.of(
                        "rows_scanned", metrics.rows(),
                        "fragments_scanned", metrics.fragments(),
                        "ranges_scanned", metrics.ranges()),
                Map.of("batch_wait_time", waitNanos));
    }

    @Override
    public long bytesRead() {
        return rows.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        rows.close();
        if (ended) {
            report.accept(stats());
        }
    }
}
