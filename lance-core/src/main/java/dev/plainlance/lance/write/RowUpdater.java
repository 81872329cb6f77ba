package dev.plainlance.lance.write;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.expr.BoundExpression;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.scan.BlobValues;
import dev.plainlance.lance.scan.RowMatches;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * Stages {@code update(predicate, column expressions)} the way the official library does (an Update transaction in
 * REWRITE_ROWS mode): the matching live rows are rewritten, with the new column values, into new fragments, and
 * deleted from their old fragments. Rows are streamed batch by batch; nothing is visible until the returned
 * transaction is committed.
 */
public final class RowUpdater {
    /** The staged transaction and the number of rows it rewrites. */
    public record StagedUpdate(Transaction transaction, long rowsUpdated) {}

    private final BufferAllocator allocator;

    private final Env env;

    public RowUpdater(Env env) {
        this.env = env;
        this.allocator = env.allocator();
    }

    /**
     * Rewrites the rows matching {@code predicate} (every row when empty), setting each column of {@code updates}
     * to its SQL expression over the row's old values.
     *
     * @throws dev.plainlance.lance.expr.ExpressionParseException for bad SQL or unknown columns, with position
     * @throws IllegalArgumentException when {@code updates} is empty, names an unknown column, or sets a
     *     non-nullable column to null
     * @throws UnsupportedFeatureException for datasets with stable row ids (updated rows would have to keep them)
     */
    public StagedUpdate stage(TableSnapshot dataset, Optional<String> predicate, Map<String, String> updates)
            throws IOException {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one column to set");
        }
        if (dataset.hasStableRowIds()) {
            throw new UnsupportedFeatureException(
                    "updating rows of " + dataset.name() + " is not supported: it uses" + " stable row ids");
        }
        Schema scanned = new LanceScanner(dataset, ScanOptions.defaults(), env).schema();
        // blob columns are rewritten from their values: the new data files hold their own copy of each blob
        boolean blobs = BlobValues.needed(scanned);
        Schema schema = BlobFields.withValues(scanned);
        Map<Integer, BoundExpression> bound = new LinkedHashMap<>();
        for (Map.Entry<String, String> update : updates.entrySet()) {
            int column = indexOf(schema, update.getKey(), dataset.name());
            bound.put(column, Expressions.bind(update.getValue(), schema));
        }
        predicate.ifPresent(p -> Expressions.predicate(p, schema));
        // the predicate is tested fragment by fragment on the worker pool; then only the matching rows are read,
        // in scan order, as the batches a filtered scan would return
        Optional<Map<Long, RoaringBitmap>> matching = Optional.empty();
        if (predicate.isPresent()) {
            matching = Optional.of(RowMatches.of(dataset, predicate.get(), env));
        }
        TableScan scan = new TableScan(
                dataset,
                new TableScan.Request(
                        Optional.empty(),
                        Optional.empty(),
                        TableScan.DEFAULT_BATCH_SIZE,
                        Optional.empty(),
                        false,
                        true),
                env);
        Map<Long, RoaringBitmap> rewritten = new HashMap<>();
        RowRewrite.Staged staged;
        ArrowReader scannedRows = matching.isPresent() ? scan.batches(matching.get()) : scan.batches();
        try (ArrowReader rows = blobs
                        ? new BlobValues(
                                dataset, scannedRows, schema.getFields().size(), allocator)
                        : scannedRows;
                ArrowReader updated = new UpdatedRows(rows, schema, bound, rewritten, allocator)) {
            staged = RowRewrite.stage(
                    dataset,
                    updated,
                    () -> rewritten,
                    dataset.schema().project(List.copyOf(updates.keySet())).allFieldsPreOrder().stream()
                            .map(f -> f.id())
                            .toList(),
                    env);
        }
        Transaction txn = staged.transaction();
        DeletionChanges deletions = staged.deletions();
        return new StagedUpdate(txn, deletions.deletedRows());
    }

    private static int indexOf(Schema schema, String column, String uri) {
        for (int i = 0; i < schema.getFields().size(); i++) {
            if (schema.getFields().get(i).getName().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("cannot update column '" + column + "': " + uri + " has no such column");
    }

    /** The scanned rows with the updated columns replaced by their expressions' values; records each row's address. */
    private static final class UpdatedRows extends ArrowReader {
        private final ArrowReader rows;
        private final Schema schema;
        private final Map<Integer, BoundExpression> bound;
        private final Map<Long, RoaringBitmap> addresses;

        UpdatedRows(
                ArrowReader rows,
                Schema schema,
                Map<Integer, BoundExpression> bound,
                Map<Long, RoaringBitmap> addresses,
                BufferAllocator allocator) {
            super(allocator);
            this.rows = rows;
            this.schema = schema;
            this.bound = bound;
            this.addresses = addresses;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (!rows.loadNextBatch()) {
                return false;
            }
            VectorSchemaRoot in = rows.getVectorSchemaRoot();
            VectorSchemaRoot out = getVectorSchemaRoot();
            UInt8Vector address = (UInt8Vector) in.getVector(schema.getFields().size());
            for (int row = 0; row < in.getRowCount(); row++) {
                long a = address.get(row);
                addresses.computeIfAbsent(a >>> 32, id -> new RoaringBitmap()).add((int) a);
            }
            for (int c = 0; c < schema.getFields().size(); c++) {
                FieldVector target = out.getVector(c);
                target.clear();
                BoundExpression expression = bound.get(c);
                if (expression == null) {
                    in.getVector(c).makeTransferPair(target).transfer();
                    continue;
                }
                try (FieldVector values = expression.evaluate(in, target.getField(), allocator)) {
                    if (!target.getField().isNullable() && values.getNullCount() > 0) {
                        throw new IllegalArgumentException("cannot set non-nullable column '"
                                + target.getField().getName() + "' to null ("
                                + expression.expression().toSql() + ")");
                    }
                    values.makeTransferPair(target).transfer();
                }
            }
            out.setRowCount(in.getRowCount());
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

        @Override
        protected Schema readSchema() {
            return schema;
        }
    }
}
