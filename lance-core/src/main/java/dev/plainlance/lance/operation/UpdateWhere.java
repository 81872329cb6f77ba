package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.RowUpdater;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sets columns to SQL expressions over each matching row's values, as the official REWRITE_ROWS update: the rows
 * are rewritten into new fragments and deleted from their old ones.
 */
public final class UpdateWhere implements TableOperation {
    private final Optional<String> predicate;
    private final Map<String, String> updates;

    /** Updates the rows matching {@code predicate} (every live row when empty). */
    public UpdateWhere(Optional<String> predicate, Map<String, String> updates) {
        this.predicate = predicate;
        this.updates = new TreeMap<>(updates);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        RowUpdater.StagedUpdate staged = new RowUpdater(env).stage(base, predicate, updates);
        return StagedTransaction.of(base, staged.transaction(), OperationResult.rows(staged.rowsUpdated()));
    }

    @Override
    public String describe() {
        return "update " + String.join(", ", updates.keySet())
                + predicate.map(p -> " where " + p).orElse("");
    }
}
