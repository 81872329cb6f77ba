package dev.plainlance.lance.commit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutConflictsTest {
    private static final Transaction APPEND = txn(b -> b.setAppend(Transaction.Append.getDefaultInstance()));
    private static final Transaction OVERWRITE = txn(b -> b.setOverwrite(Transaction.Overwrite.getDefaultInstance()));
    private static final Transaction RESTORE = txn(b -> b.setRestore(Transaction.Restore.getDefaultInstance()));
    private static final Transaction MERGE = txn(b -> b.setMerge(Transaction.Merge.getDefaultInstance()));
    private static final Transaction PROJECT = txn(b -> b.setProject(Transaction.Project.getDefaultInstance()));
    private static final Transaction CONFIG =
            txn(b -> b.setUpdateConfig(Transaction.UpdateConfig.getDefaultInstance()));
    private static final Transaction RESERVE = txn(
            b -> b.setReserveFragments(Transaction.ReserveFragments.newBuilder().setNumFragments(2)));
    private static final Transaction INDEX = txn(b -> b.setCreateIndex(Transaction.CreateIndex.getDefaultInstance()));

    private static Transaction txn(java.util.function.Consumer<Transaction.Builder> op) {
        Transaction.Builder b = Transaction.newBuilder().setReadVersion(1).setUuid("u");
        op.accept(b);
        return b.build();
    }

    private static Transaction rewrite(long... ids) {
        Transaction.Rewrite.RewriteGroup.Builder group = Transaction.Rewrite.RewriteGroup.newBuilder();
        for (long id : ids) {
            group.addOldFragments(DataFragment.newBuilder().setId(id));
        }
        return txn(b -> b.setRewrite(Transaction.Rewrite.newBuilder().addGroups(group)));
    }

    private static Transaction delete(long id) {
        return txn(b -> b.setDelete(Transaction.Delete.newBuilder().addDeletedFragmentIds(id)));
    }

    private enum Outcome {
        OK,
        RETRY,
        INCOMPATIBLE
    }

    private static void expect(Transaction mine, Map<Transaction, Outcome> cases) {
        cases.forEach((theirs, outcome) -> {
            String what = mine.getOperationCase() + " after " + theirs.getOperationCase();
            switch (outcome) {
                case OK -> assertDoesNotThrow(() -> ConflictResolver.check(mine, theirs, 2), what);
                case RETRY ->
                    assertThrows(CommitConflictException.class, () -> ConflictResolver.check(mine, theirs, 2), what);
                default ->
                    assertThrows(
                            IncompatibleTransactionException.class,
                            () -> ConflictResolver.check(mine, theirs, 2),
                            what);
            }
        });
    }

    @Test
    void mergeRow() {
        expect(
                MERGE,
                Map.of(
                        APPEND,
                        Outcome.RETRY,
                        delete(1),
                        Outcome.RETRY,
                        rewrite(1),
                        Outcome.RETRY,
                        MERGE,
                        Outcome.RETRY,
                        PROJECT,
                        Outcome.INCOMPATIBLE,
                        OVERWRITE,
                        Outcome.INCOMPATIBLE,
                        RESTORE,
                        Outcome.INCOMPATIBLE,
                        CONFIG,
                        Outcome.OK,
                        RESERVE,
                        Outcome.OK,
                        INDEX,
                        Outcome.OK));
    }

    @Test
    void projectRow() {
        expect(
                PROJECT,
                Map.of(
                        APPEND,
                        Outcome.OK,
                        delete(1),
                        Outcome.OK,
                        rewrite(1),
                        Outcome.OK,
                        MERGE,
                        Outcome.RETRY,
                        PROJECT,
                        Outcome.RETRY,
                        OVERWRITE,
                        Outcome.INCOMPATIBLE,
                        RESTORE,
                        Outcome.INCOMPATIBLE,
                        CONFIG,
                        Outcome.OK,
                        RESERVE,
                        Outcome.OK,
                        INDEX,
                        Outcome.OK));
    }

    @Test
    void rewriteRowDependsOnTheFragmentsTouched() {
        expect(
                rewrite(1, 2),
                Map.of(
                        APPEND,
                        Outcome.OK,
                        delete(3),
                        Outcome.OK,
                        delete(2),
                        Outcome.RETRY,
                        rewrite(4),
                        Outcome.OK,
                        rewrite(1),
                        Outcome.RETRY,
                        MERGE,
                        Outcome.RETRY,
                        PROJECT,
                        Outcome.OK,
                        OVERWRITE,
                        Outcome.INCOMPATIBLE,
                        RESTORE,
                        Outcome.INCOMPATIBLE,
                        RESERVE,
                        Outcome.OK));
    }

    @Test
    void reserveFragmentsRowAndOthersAgainstLayoutChanges() {
        expect(
                RESERVE,
                Map.of(
                        APPEND,
                        Outcome.OK,
                        delete(1),
                        Outcome.OK,
                        rewrite(1),
                        Outcome.OK,
                        MERGE,
                        Outcome.OK,
                        PROJECT,
                        Outcome.OK,
                        OVERWRITE,
                        Outcome.INCOMPATIBLE,
                        RESTORE,
                        Outcome.INCOMPATIBLE,
                        RESERVE,
                        Outcome.OK));
        expect(APPEND, Map.of(MERGE, Outcome.OK, PROJECT, Outcome.OK, rewrite(1), Outcome.OK, RESERVE, Outcome.OK));
        expect(
                delete(1),
                Map.of(
                        MERGE,
                        Outcome.RETRY,
                        PROJECT,
                        Outcome.OK,
                        rewrite(1),
                        Outcome.RETRY,
                        rewrite(2),
                        Outcome.OK,
                        RESERVE,
                        Outcome.OK));
    }
}
