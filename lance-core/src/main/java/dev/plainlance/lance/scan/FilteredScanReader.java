package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Futures;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.schema.LanceField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A scan with a SQL filter, materializing late. The inner reader's batches hold only the columns the filter reads
 * (and {@code _rowid} and {@code _rowaddr} when asked for); the rows for which the filter is TRUE are kept, and the
 * other requested columns are decoded for those rows alone ({@link LateColumns}), on the workers, while the caller
 * reads the batch before. The limit counts rows after filtering.
 */
final class FilteredScanReader extends ArrowReader {
    private final ScanReader inner;
    private final Predicate filter;
    private final Schema schema;
    private final LateColumns late;
    private final long limit;
    private final ForkJoinPool workers;
    /** For each output column: its index in the inner batches, or -1 - its index among the late columns. */
    private final int[] sources;
    /** The inner batches' columns that are output, in output order, and their fields. */
    private final List<Integer> earlyColumns = new ArrayList<>();

    private final List<Field> earlyFields;
    private long staged;
    private Staged next;
    private RuntimeException nextFailure;
    private IOException nextIoFailure;

    FilteredScanReader(
            ScanReader inner,
            Schema innerSchema,
            Predicate filter,
            Schema schema,
            LateColumns late,
            long limit,
            ForkJoinPool workers,
            BufferAllocator allocator) {
        super(allocator);
        this.inner = inner;
        this.filter = filter;
        this.schema = schema;
        this.late = late;
        this.limit = limit;
        this.workers = workers;
        List<String> innerNames =
                innerSchema.getFields().stream().map(Field::getName).toList();
        List<String> lateNames = late.columns().stream().map(LanceField::name).toList();
        this.sources = new int[schema.getFields().size()];
        List<Field> early = new ArrayList<>();
        for (int c = 0; c < sources.length; c++) {
            String name = schema.getFields().get(c).getName();
            int index = innerNames.indexOf(name);
            if (index >= 0) {
                sources[c] = earlyColumns.size();
                earlyColumns.add(index);
                early.add(innerSchema.getFields().get(index));
            } else if (lateNames.contains(name)) {
                sources[c] = -1 - lateNames.indexOf(name);
            } else {
                throw new IllegalArgumentException("no source for column " + name);
            }
        }
        this.earlyFields = List.copyOf(early);
    }

    /**
     * A filtered batch: the kept rows of the output columns the filter read, and the late columns being decoded for
     * them.
     */
    private static final class Staged implements AutoCloseable {
        final int n;
        final FieldVector[] early;
        final LateColumns.Lease lease;
        final CompletableFuture<ArrayData[]> late;

        Staged(int n, FieldVector[] early, LateColumns.Lease lease, CompletableFuture<ArrayData[]> late) {
            this.n = n;
            this.early = early;
            this.lease = lease;
            this.late = late;
        }

        /** Frees the kept rows; the data files are released once their decoding has stopped. */
        @Override
        public void close() {
            for (FieldVector vector : early) {
                vector.close();
            }
            if (lease != null) {
                late.handle((values, failure) -> null).join();
                lease.close();
            }
        }
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (next == null) {
            throwStagingFailure();
            next = stage();
        }
        if (next == null) {
            return false;
        }
        Staged current = next;
        next = null;
        try {
            // the next batch is filtered, and its late columns start decoding, before this one is handed out
            try {
                next = stage();
            } catch (IOException e) {
                nextIoFailure = e;
            } catch (RuntimeException e) {
                nextFailure = e;
            }
            assemble(current);
        } finally {
            current.close();
        }
        return true;
    }

    private void throwStagingFailure() throws IOException {
        if (nextIoFailure != null) {
            IOException failure = nextIoFailure;
            nextIoFailure = null;
            throw failure;
        }
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
    }

    /** Filters inner batches until one keeps a row, and starts decoding its late columns; null at the end. */
    private Staged stage() throws IOException {
        while (staged < limit && inner.loadNextBatch()) {
            VectorSchemaRoot source = inner.getVectorSchemaRoot();
            BitSet selected = filter.test(source);
            int n = (int) Math.min(selected.cardinality(), limit - staged);
            if (n == 0) {
                continue;
            }
            int[] rows = new int[n];
            int row = selected.nextSetBit(0);
            for (int i = 0; i < n; i++, row = selected.nextSetBit(row + 1)) {
                rows[i] = row;
            }
            FieldVector[] early = keep(source, rows, n);
            LateColumns.Lease lease = null;
            CompletableFuture<ArrayData[]> values = null;
            try {
                if (!late.columns().isEmpty()) {
                    lease = leaseLate(rows, n);
                    values = decodeLate(lease);
                }
            } catch (RuntimeException e) {
                for (FieldVector vector : early) {
                    vector.close();
                }
                if (lease != null) {
                    lease.close();
                }
                throw e;
            }
            staged += n;
            return new Staged(n, early, lease, values);
        }
        return null;
    }

    /** The kept rows of the output columns the filter read, in vectors of their own. */
    private FieldVector[] keep(VectorSchemaRoot source, int[] rows, int n) {
        FieldVector[] early = new FieldVector[earlyColumns.size()];
        boolean everyRow = n == source.getRowCount();
        for (int e = 0; e < early.length; e++) {
            FieldVector from = source.getVector(earlyColumns.get(e));
            FieldVector target = earlyFields.get(e).createVector(allocator);
            early[e] = target;
            if (everyRow) {
                from.makeTransferPair(target).transfer();
                continue;
            }
            target.setInitialCapacity(n);
            target.allocateNew();
            for (int i = 0; i < n; i++) {
                target.copyFromSafe(rows[i], i, from);
            }
            target.setValueCount(n);
        }
        return early;
    }

    /** Leases the late columns of the kept rows, which the inner reader's last batch read from one fragment. */
    private LateColumns.Lease leaseLate(int[] rows, int n) {
        int[] physical = inner.lastOffsets();
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = physical[rows[i]];
        }
        return late.lease(inner.lastFragmentId(), offsets, n);
    }

    /** Decodes on the workers, or right away on one of them (it would only wait for its siblings). */
    private CompletableFuture<ArrayData[]> decodeLate(LateColumns.Lease lease) {
        boolean onWorker = Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == workers;
        if (onWorker) {
            return CompletableFuture.completedFuture(lease.decode());
        }
        return CompletableFuture.supplyAsync(lease::decode, workers);
    }

    private void assemble(Staged batch) throws IOException {
        VectorSchemaRoot out = getVectorSchemaRoot();
        ArrayData[] values = batch.lease == null ? null : Futures.await(batch.late);
        for (int c = 0; c < sources.length; c++) {
            FieldVector target = out.getVector(c);
            target.clear();
            if (sources[c] >= 0) {
                batch.early[sources[c]].makeTransferPair(target).transfer();
            } else {
                batch.lease.fill(-1 - sources[c], values, target);
            }
        }
        out.setRowCount(batch.n);
    }

    @Override
    public long bytesRead() {
        return inner.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        try {
            if (next != null) {
                next.close();
                next = null;
            }
            inner.close();
        } finally {
            late.close();
        }
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
