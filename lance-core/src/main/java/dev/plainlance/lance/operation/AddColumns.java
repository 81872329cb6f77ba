package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.ColumnAdder;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Adds columns, as the official Merge transaction: computed by SQL expressions over the existing columns (each
 * fragment gets a data file with the new columns), or all-null (a schema change only).
 */
public final class AddColumns implements TableOperation {
    private final Optional<SqlExpressions> expressions;
    private final Optional<Long> batchSize;
    private final List<Field> nullFields;

    private AddColumns(Optional<SqlExpressions> expressions, Optional<Long> batchSize, List<Field> nullFields) {
        this.expressions = expressions;
        this.batchSize = batchSize;
        this.nullFields = List.copyOf(nullFields);
    }

    /** Columns computed by SQL expressions, {@code batchSize} rows evaluated at a time. */
    public static AddColumns computed(SqlExpressions expressions, Optional<Long> batchSize) {
        return new AddColumns(Optional.of(expressions), batchSize, List.of());
    }

    /** All-null (nullable) columns. */
    public static AddColumns allNull(List<Field> fields) {
        return new AddColumns(Optional.empty(), Optional.empty(), fields);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        ColumnAdder adder = new ColumnAdder(env);
        return StagedTransaction.of(
                base,
                expressions.isPresent()
                        ? adder.stage(base, expressions.get(), batchSize)
                        : adder.stageNulls(base, nullFields),
                OperationResult.NONE);
    }

    @Override
    public String describe() {
        return "add columns "
                + expressions
                        .map(e -> String.join(
                                ", ",
                                e.getSqlExpressions().stream()
                                        .map(x -> x.name())
                                        .toList()))
                        .orElseGet(() -> String.join(
                                ", ", nullFields.stream().map(Field::getName).toList()));
    }
}
