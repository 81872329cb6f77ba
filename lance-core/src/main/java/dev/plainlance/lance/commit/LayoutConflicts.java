package dev.plainlance.lance.commit;

import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The rows of Lance's conflict matrix (facts §5.6, {@code conflict_resolver.rs}) for the schema and layout
 * operations: Merge (add columns), Project (drop columns), Rewrite (compaction) and ReserveFragments. A retryable
 * conflict ({@link CommitConflictException}) means the work must be redone on the new version; an incompatible one
 * ({@link IncompatibleTransactionException}) means it no longer makes sense.
 */
final class LayoutConflicts {
    private static final Set<Transaction.OperationCase> REPLACE_ALL =
            EnumSet.of(Transaction.OperationCase.OVERWRITE, Transaction.OperationCase.RESTORE);
    private static final Set<Transaction.OperationCase> MERGE_RETRY = EnumSet.of(
            Transaction.OperationCase.APPEND,
            Transaction.OperationCase.DELETE,
            Transaction.OperationCase.UPDATE,
            Transaction.OperationCase.REWRITE,
            Transaction.OperationCase.MERGE,
            Transaction.OperationCase.DATA_REPLACEMENT);
    private static final Set<Transaction.OperationCase> REWRITE_OVERLAP = EnumSet.of(
            Transaction.OperationCase.DELETE,
            Transaction.OperationCase.UPDATE,
            Transaction.OperationCase.REWRITE,
            Transaction.OperationCase.DATA_REPLACEMENT);

    private LayoutConflicts() {}

    /** Whether {@code op} is one of the operations decided here. */
    static boolean handles(Transaction.OperationCase op) {
        return op == Transaction.OperationCase.MERGE
                || op == Transaction.OperationCase.PROJECT
                || op == Transaction.OperationCase.REWRITE
                || op == Transaction.OperationCase.RESERVE_FRAGMENTS;
    }

    /** Throws the typed conflict if {@code mine} cannot land after {@code committed} (at {@code version}). */
    static void check(Transaction mine, Transaction committed, long version) {
        Transaction.OperationCase theirs = committed.getOperationCase();
        boolean memWal = theirs == Transaction.OperationCase.UPDATE_MEM_WAL_STATE;
        switch (mine.getOperationCase()) {
            case MERGE -> {
                if (REPLACE_ALL.contains(theirs) || memWal || theirs == Transaction.OperationCase.PROJECT) {
                    throw incompatible(mine, committed, version);
                }
                if (MERGE_RETRY.contains(theirs)) {
                    throw retry(mine, committed, version, "changed the fragments the new columns were computed for");
                }
            }
            case PROJECT -> {
                if (REPLACE_ALL.contains(theirs) || memWal) {
                    throw incompatible(mine, committed, version);
                }
                if (theirs == Transaction.OperationCase.MERGE || theirs == Transaction.OperationCase.PROJECT) {
                    throw retry(mine, committed, version, "changed the schema");
                }
            }
            case REWRITE -> {
                if (REPLACE_ALL.contains(theirs)) {
                    throw incompatible(mine, committed, version);
                }
                if (theirs == Transaction.OperationCase.MERGE || theirs == Transaction.OperationCase.CREATE_INDEX) {
                    throw retry(mine, committed, version, "changed what the rewritten fragments must hold");
                }
                if (REWRITE_OVERLAP.contains(theirs) && overlaps(rewritten(mine), changed(committed))) {
                    throw retry(mine, committed, version, "changed fragments this compaction rewrites");
                }
            }
            case RESERVE_FRAGMENTS -> {
                if (REPLACE_ALL.contains(theirs)) {
                    throw incompatible(mine, committed, version);
                }
            }
            default -> throw new IllegalArgumentException("not a layout operation: " + mine.getOperationCase());
        }
    }

    /** Ids of the fragments a Rewrite replaces. */
    private static Set<Long> rewritten(Transaction txn) {
        Set<Long> ids = new HashSet<>();
        ManifestBuilder.rewriteGroups(txn.getRewrite())
                .forEach(g -> g.getOldFragmentsList().forEach(f -> ids.add(f.getId())));
        return ids;
    }

    /** Ids of the existing fragments a committed Delete, Update, Rewrite or DataReplacement changed or removed. */
    private static Set<Long> changed(Transaction txn) {
        Set<Long> ids = new HashSet<>();
        switch (txn.getOperationCase()) {
            case DELETE -> {
                txn.getDelete().getUpdatedFragmentsList().stream()
                        .map(DataFragment::getId)
                        .forEach(ids::add);
                ids.addAll(txn.getDelete().getDeletedFragmentIdsList());
            }
            case UPDATE -> {
                txn.getUpdate().getUpdatedFragmentsList().stream()
                        .map(DataFragment::getId)
                        .forEach(ids::add);
                ids.addAll(txn.getUpdate().getRemovedFragmentIdsList());
            }
            case REWRITE -> ids.addAll(rewritten(txn));
            case DATA_REPLACEMENT ->
                txn.getDataReplacement().getReplacementsList().forEach(r -> ids.add(r.getFragmentId()));
            default -> {}
        }
        return ids;
    }

    private static boolean overlaps(Set<Long> a, Set<Long> b) {
        return a.stream().anyMatch(b::contains);
    }

    private static CommitConflictException retry(Transaction mine, Transaction committed, long version, String what) {
        return new CommitConflictException("version " + version + " was committed concurrently by a "
                + committed.getOperationCase() + " transaction (" + committed.getUuid() + ") that " + what
                + "; redo this " + mine.getOperationCase() + " on the new version");
    }

    private static IncompatibleTransactionException incompatible(
            Transaction mine, Transaction committed, long version) {
        return new IncompatibleTransactionException("version " + version + " was committed concurrently by a "
                + committed.getOperationCase() + " transaction (" + committed.getUuid() + "), which is incompatible"
                + " with this " + mine.getOperationCase() + " built at version " + mine.getReadVersion());
    }
}
