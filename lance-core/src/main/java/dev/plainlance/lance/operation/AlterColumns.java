package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.schema.ColumnAlteration;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.ColumnAlterer;
import java.io.IOException;
import java.util.List;

/**
 * Renames columns or changes their nullability or field metadata, as a Project transaction (a schema change only);
 * casts columns to new types as a Merge transaction that rewrites them.
 */
public final class AlterColumns implements TableOperation {
    private final List<ColumnAlteration> alterations;

    public AlterColumns(List<ColumnAlteration> alterations) {
        this.alterations = List.copyOf(alterations);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        return StagedTransaction.of(base, new ColumnAlterer(env).stage(base, alterations), OperationResult.NONE);
    }

    @Override
    public String describe() {
        return "alter columns " + alterations;
    }
}
