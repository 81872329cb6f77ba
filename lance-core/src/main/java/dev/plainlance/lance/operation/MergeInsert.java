package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.MergeInserter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Merges source rows into the table on key columns (upsert, insert-if-absent, delete-by-source, ...). The source
 * is read into memory at the first staging, as the official hash join does, and kept for staging again on a newer
 * version after a conflict; {@link #close} releases it.
 */
public final class MergeInsert implements TableOperation, AutoCloseable {
    private final MergeInsertParams params;
    private final ArrowReader source;
    private Schema sourceSchema;
    private List<VectorSchemaRoot> rows;
    private boolean sourceTouched;
    private int stagings;

    public MergeInsert(MergeInsertParams params, ArrowReader source) {
        this.params = Objects.requireNonNull(params, "params");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public synchronized StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        if (rows == null) {
            if (sourceTouched) {
                throw new IllegalStateException("the source of this merge insert was partly read by a staging that"
                        + " failed; stage a new operation with a new reader");
            }
            sourceTouched = true;
            sourceSchema = source.getVectorSchemaRoot().getSchema();
            rows = new ArrayList<>(MergeInserter.readAll(source, env.allocator()));
        }
        Schema target = dev.plainlance.lance.schema.BlobFields.withValues(
                new LanceScanner(base, ScanOptions.defaults(), env).schema());
        MergeInserter.checkSourceColumns(sourceSchema, target, base.name());
        stagings++;
        MergeInserter.StagedMerge staged = new MergeInserter(env).stage(base, params, rows, stagings);
        return StagedTransaction.of(
                base,
                staged.transaction(),
                new OperationResult(
                        staged.stats().numInsertedRows()
                                + staged.stats().numUpdatedRows()
                                + staged.stats().numDeletedRows(),
                        java.util.Optional.of(staged.stats()),
                        java.util.Optional.empty()));
    }

    @Override
    public String describe() {
        return "merge insert on " + String.join(", ", params.on());
    }

    @Override
    public synchronized void close() {
        if (rows != null) {
            rows.forEach(VectorSchemaRoot::close);
            rows = null;
        }
    }
}
