package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.scan.KeyLookup;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.KeyedRewriter;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Removes the live rows whose utf8 key column holds one of the given keys and adds new rows, as one REWRITE_ROWS
 * update: an upsert, an update of keyed rows, a delete by key, or any mix of them, in one table version. The new
 * rows come from a supplier asked once per staging, so the operation can be staged again after a conflict.
 */
public final class RewriteRows implements TableOperation {
    private final String keyColumn;
    private final Set<String> removeKeys;
    private final Supplier<ArrowReader> rows;
    private final KeyLookup lookup;
    private final java.util.Map<String, Long> hints;

    /**
     * @param keyColumn the utf8 column the keys are matched against
     * @param removeKeys keys whose live rows are removed (rows with a null key are never removed)
     * @param rows a fresh reader of the rows to add each time it is asked, closed by staging
     */
    public RewriteRows(String keyColumn, Set<String> removeKeys, Supplier<ArrowReader> rows) {
        this(keyColumn, removeKeys, rows, null);
    }

    /** The same, finding the rows to remove through {@code lookup}, an index of {@code keyColumn}, not by a scan. */
    public RewriteRows(String keyColumn, Set<String> removeKeys, Supplier<ArrowReader> rows, KeyLookup lookup) {
        this(keyColumn, removeKeys, rows, lookup, java.util.Map.of());
    }

    /**
     * The same, trying first the row addresses {@code hints} gives for some keys (where an older version held them);
     * a hint that does not hold in the staged-on version is ignored.
     */
    public RewriteRows(
            String keyColumn,
            Set<String> removeKeys,
            Supplier<ArrowReader> rows,
            KeyLookup lookup,
            java.util.Map<String, Long> hints) {
        this.keyColumn = keyColumn;
        this.removeKeys = Set.copyOf(removeKeys);
        this.rows = rows;
        this.lookup = lookup;
        this.hints = java.util.Map.copyOf(hints);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        try (ArrowReader input = rows.get()) {
            KeyedRewriter.Staged staged =
                    new KeyedRewriter(env).stage(base, keyColumn, removeKeys, input, lookup, hints);
            return StagedTransaction.of(
                    base, staged.transaction(), OperationResult.rows(staged.removedRows() + staged.writtenRows()));
        }
    }

    @Override
    public String describe() {
        return "rewrite rows by " + keyColumn + " (" + removeKeys.size() + " keys removed)";
    }
}
