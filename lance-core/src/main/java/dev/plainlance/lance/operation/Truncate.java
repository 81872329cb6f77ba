package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.TableSnapshot;

/**
 * Removes every row, keeping schema, config and history, as official 7.0.0's {@code truncateTable} does: one Delete
 * transaction that drops every fragment (predicate {@code true}), from metadata alone.
 */
public final class Truncate implements TableOperation {
    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) {
        Transaction.Delete.Builder delete = Transaction.Delete.newBuilder().setPredicate("true");
        long rows = 0;
        for (DataFragment fragment : base.fragments()) {
            delete.addDeletedFragmentIds(fragment.getId());
            rows += fragment.getPhysicalRows() - fragment.getDeletionFile().getNumDeletedRows();
        }
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(base.version())
                .setUuid(env.newUuid().toString())
                .setDelete(delete)
                .build();
        return StagedTransaction.of(base, txn, OperationResult.rows(rows));
    }

    @Override
    public String describe() {
        return "truncate";
    }
}
