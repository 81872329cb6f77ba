package dev.plainlance.lance.commit;

import dev.plainlance.lance.pb.table.Transaction;
import java.util.HashSet;
import java.util.Set;

/**
 * Lance's conflict matrix (facts §5.6) for the operations plainlance commits: decides whether {@code mine}, built
 * at an older version, may be rebuilt on top of a transaction {@code committed} concurrently.
 */
final class ConflictResolver {
    private ConflictResolver() {}

    /** Throws the typed conflict if {@code mine} cannot land after {@code committed} (at {@code version}). */
    static void check(Transaction mine, Transaction committed, long version) {
        if (LayoutConflicts.handles(mine.getOperationCase())) {
            LayoutConflicts.check(mine, committed, version);
            return;
        }
        Transaction.OperationCase theirs = committed.getOperationCase();
        switch (mine.getOperationCase()) {
            case APPEND -> {
                if (theirs == Transaction.OperationCase.OVERWRITE
                        || theirs == Transaction.OperationCase.RESTORE
                        || theirs == Transaction.OperationCase.UPDATE_MEM_WAL_STATE) {
                    throw incompatible(mine, committed, version);
                }
            }
            case OVERWRITE -> {
                if ((theirs == Transaction.OperationCase.OVERWRITE || theirs == Transaction.OperationCase.UPDATE_CONFIG)
                        && !disjoint(
                                mine.getOverwrite().getConfigUpsertValuesMap().keySet(), configKeys(committed))) {
                    throw incompatible(mine, committed, version);
                }
            }
            case DELETE, UPDATE -> {
                if (theirs == Transaction.OperationCase.OVERWRITE
                        || theirs == Transaction.OperationCase.RESTORE
                        || theirs == Transaction.OperationCase.UPDATE_MEM_WAL_STATE) {
                    throw incompatible(mine, committed, version);
                }
                boolean deletes =
                        theirs == Transaction.OperationCase.DELETE || theirs == Transaction.OperationCase.UPDATE;
                boolean rewrites = theirs == Transaction.OperationCase.REWRITE
                        || theirs == Transaction.OperationCase.DATA_REPLACEMENT;
                boolean overlap = !disjointIds(touchedFragments(mine), touchedFragments(committed));
                if (deletes && overlap) {
                    throw new DeletionOverlapException("version " + version + " committed a " + theirs + " that"
                            + " deleted or rewrote rows this " + mine.getOperationCase() + " also deletes or"
                            + " rewrites; re-read and retry it");
                }
                if (theirs == Transaction.OperationCase.MERGE || rewrites && overlap) {
                    throw new CommitConflictException("version " + version + " committed a " + theirs
                            + " that changed fragments this " + mine.getOperationCase() + " also changes; re-read and"
                            + " retry it");
                }
            }
            case UPDATE_CONFIG -> {
                boolean touchesConfig = theirs == Transaction.OperationCase.OVERWRITE
                        || theirs == Transaction.OperationCase.UPDATE_CONFIG;
                if (touchesConfig
                        && (replacesConfig(mine)
                                || replacesConfig(committed)
                                || !disjoint(configKeys(mine), configKeys(committed)))) {
                    throw incompatible(mine, committed, version);
                }
            }
            case RESTORE -> {
                // a restore re-commits an old version whatever happened since
            }
            case CREATE_INDEX -> {
                if (theirs == Transaction.OperationCase.OVERWRITE
                        || theirs == Transaction.OperationCase.RESTORE
                        || theirs == Transaction.OperationCase.UPDATE_MEM_WAL_STATE) {
                    throw incompatible(mine, committed, version);
                }
                if (theirs == Transaction.OperationCase.REWRITE && rewroteIndexed(mine, committed)) {
                    throw new CommitConflictException("version " + version + " committed a compaction that moved"
                            + " rows the new index points at; build the index again");
                }
                if (theirs == Transaction.OperationCase.DATA_REPLACEMENT && replacedIndexed(mine, committed)) {
                    throw new CommitConflictException("version " + version + " committed a data replacement of a"
                            + " column the new index covers; build the index again");
                }
            }
            default ->
                throw new IncompatibleTransactionException(
                        "plainlance cannot rebase " + mine.getOperationCase() + " transactions");
        }
    }

    /** C5: the rewrite moved fragments a new index covers (or one whose coverage is unknown). */
    private static boolean rewroteIndexed(Transaction mine, Transaction rewrite) {
        Set<Long> moved = touchedFragments(rewrite);
        for (dev.plainlance.lance.pb.table.IndexMetadata index :
                mine.getCreateIndex().getNewIndicesList()) {
            java.util.Optional<org.roaringbitmap.RoaringBitmap> bitmap =
                    dev.plainlance.lance.index.IndexMetadatas.fragmentBitmap(index);
            if (bitmap.isEmpty() || moved.stream().anyMatch(id -> bitmap.get().contains(id.intValue()))) {
                return true;
            }
        }
        return false;
    }

    /** C6: the replaced files hold a field a new index covers. */
    private static boolean replacedIndexed(Transaction mine, Transaction replacement) {
        Set<Integer> fields = new HashSet<>();
        mine.getCreateIndex().getNewIndicesList().forEach(i -> fields.addAll(i.getFieldsList()));
        return replacement.getDataReplacement().getReplacementsList().stream()
                .anyMatch(r -> r.getNewFile().getFieldsList().stream().anyMatch(fields::contains));
    }

    /** Ids of the existing fragments a transaction modifies or removes. */
    private static Set<Long> touchedFragments(Transaction txn) {
        Set<Long> ids = new HashSet<>();
        switch (txn.getOperationCase()) {
            case DELETE -> {
                txn.getDelete().getUpdatedFragmentsList().forEach(f -> ids.add(f.getId()));
                ids.addAll(txn.getDelete().getDeletedFragmentIdsList());
            }
            case UPDATE -> {
                txn.getUpdate().getUpdatedFragmentsList().forEach(f -> ids.add(f.getId()));
                ids.addAll(txn.getUpdate().getRemovedFragmentIdsList());
            }
            case REWRITE -> {
                txn.getRewrite().getOldFragmentsList().forEach(f -> ids.add(f.getId()));
                txn.getRewrite().getGroupsList().forEach(g -> g.getOldFragmentsList()
                        .forEach(f -> ids.add(f.getId())));
            }
            case DATA_REPLACEMENT ->
                txn.getDataReplacement().getReplacementsList().forEach(r -> ids.add(r.getFragmentId()));
            default -> {}
        }
        return ids;
    }

    private static boolean disjointIds(Set<Long> a, Set<Long> b) {
        return a.stream().noneMatch(b::contains);
    }

    private static boolean replacesConfig(Transaction txn) {
        return txn.hasUpdateConfig() && txn.getUpdateConfig().getConfigUpdates().getReplace();
    }

    private static Set<String> configKeys(Transaction txn) {
        Set<String> keys = new HashSet<>();
        if (txn.hasOverwrite()) {
            keys.addAll(txn.getOverwrite().getConfigUpsertValuesMap().keySet());
        }
        if (txn.hasUpdateConfig()) {
            Transaction.UpdateConfig update = txn.getUpdateConfig();
            keys.addAll(update.getUpsertValuesMap().keySet());
            keys.addAll(update.getDeleteKeysList());
            update.getConfigUpdates().getUpdateEntriesList().forEach(e -> keys.add(e.getKey()));
        }
        return keys;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }

    private static IncompatibleTransactionException incompatible(
            Transaction mine, Transaction committed, long version) {
        return new IncompatibleTransactionException("version " + version + " was committed concurrently by a "
                + committed.getOperationCase() + " transaction (" + committed.getUuid() + "), which is incompatible"
                + " with this " + mine.getOperationCase() + " built at version " + mine.getReadVersion());
    }
}
