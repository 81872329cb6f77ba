package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.ColumnDropper;
import java.util.List;

/** Drops top-level columns, as the official Project transaction: a schema change only. */
public final class DropColumns implements TableOperation {
    private final List<String> columns;

    public DropColumns(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) {
        return StagedTransaction.of(base, new ColumnDropper(env).stage(base, columns), OperationResult.NONE);
    }

    @Override
    public String describe() {
        return "drop columns " + String.join(", ", columns);
    }
}
