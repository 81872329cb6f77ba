package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.TableSnapshot;

/** Makes an earlier version's content the latest again, as a new version (the official Restore transaction). */
public final class Restore implements TableOperation {
    private final long version;

    public Restore(long version) {
        this.version = version;
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) {
        TableSnapshot.at(base.storage(), base.name(), version); // the version must exist and be readable
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(base.version())
                .setUuid(env.newUuid().toString())
                .setRestore(Transaction.Restore.newBuilder().setVersion(version))
                .build();
        return StagedTransaction.of(base, txn, OperationResult.NONE);
    }

    @Override
    public String describe() {
        return "restore version " + version;
    }
}
