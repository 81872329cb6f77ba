package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.RowDeleter;
import java.io.IOException;
import java.util.Objects;

/** Deletes the live rows matching a SQL predicate: new deletion files, fully deleted fragments dropped. */
public final class DeleteWhere implements TableOperation {
    private final String predicate;

    public DeleteWhere(String predicate) {
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        RowDeleter.Staged staged = new RowDeleter(env).stage(base, predicate);
        return StagedTransaction.of(base, staged.transaction(), OperationResult.rows(staged.deletedRows()));
    }

    @Override
    public String describe() {
        return "delete where " + predicate;
    }
}
