package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Changes the table config (key-value settings), as the official UpdateConfig transaction. */
public final class UpdateConfig implements TableOperation {
    private final Map<String, String> upserts;
    private final Set<String> deletes;
    private final boolean replace;

    private UpdateConfig(Map<String, String> upserts, Set<String> deletes, boolean replace) {
        this.upserts = new TreeMap<>(upserts);
        this.deletes = new TreeSet<>(deletes);
        this.replace = replace;
    }

    /** Replaces the whole config with {@code config}. */
    public static UpdateConfig replace(Map<String, String> config) {
        return new UpdateConfig(config, Set.of(), true);
    }

    /** Sets the given keys, keeping the others. */
    public static UpdateConfig upsert(Map<String, String> config) {
        return new UpdateConfig(config, Set.of(), false);
    }

    /** Removes the given keys. */
    public static UpdateConfig delete(Set<String> keys) {
        return new UpdateConfig(Map.of(), keys, false);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) {
        Transaction.UpdateMap.Builder update =
                Transaction.UpdateMap.newBuilder().setReplace(replace);
        upserts.forEach((k, v) -> update.addUpdateEntries(
                Transaction.UpdateMapEntry.newBuilder().setKey(k).setValue(v)));
        deletes.forEach(k ->
                update.addUpdateEntries(Transaction.UpdateMapEntry.newBuilder().setKey(k)));
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(base.version())
                .setUuid(env.newUuid().toString())
                .setUpdateConfig(Transaction.UpdateConfig.newBuilder().setConfigUpdates(update))
                .build();
        return StagedTransaction.of(base, txn, OperationResult.NONE);
    }

    @Override
    public String describe() {
        return "update config";
    }
}
