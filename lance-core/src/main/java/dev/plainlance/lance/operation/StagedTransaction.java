package dev.plainlance.lance.operation;

import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.DatasetWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A planned change: the base it was staged on, the uncommitted transaction and the files it wrote, and what it
 * will do. Immutable. Nothing of it is visible until {@link TableCommits} commits it.
 */
public final class StagedTransaction {
    private final TableSnapshot base;
    private final Optional<Transaction> transaction;
    private final ManifestNaming naming;
    private final ManifestBuilder.NewDatasetOptions creation;
    private final OperationResult result;

    private StagedTransaction(
            TableSnapshot base,
            Optional<Transaction> transaction,
            ManifestNaming naming,
            ManifestBuilder.NewDatasetOptions creation,
            OperationResult result) {
        this.base = base;
        this.transaction = transaction;
        this.naming = naming;
        this.creation = creation;
        this.result = result;
    }

    static StagedTransaction of(TableSnapshot base, Transaction transaction, OperationResult result) {
        return new StagedTransaction(
                base,
                Optional.of(transaction),
                base.naming(),
                new ManifestBuilder.NewDatasetOptions("", false),
                result);
    }

    static StagedTransaction ofWrite(TableSnapshot base, DatasetWriter.StagedWrite write, OperationResult result) {
        return new StagedTransaction(base, Optional.of(write.transaction()), write.naming(), write.creation(), result);
    }

    /** A plan that commits nothing (e.g. a compaction that found nothing to do). */
    static StagedTransaction nothing(TableSnapshot base, OperationResult result) {
        return new StagedTransaction(
                base, Optional.empty(), base.naming(), new ManifestBuilder.NewDatasetOptions("", false), result);
    }

    public TableSnapshot base() {
        return base;
    }

    /** Whether there is nothing to commit. */
    public boolean isEmpty() {
        return transaction.isEmpty();
    }

    /**
     * Whether committing would change no row, column or setting: empty, or a delete or update (merge inserts are
     * updates) that touches no row. Such a plan may be skipped; committing it still makes a version, as the
     * official library does.
     */
    public boolean changesNothing() {
        return transaction.map(StagedTransaction::touchesNoRow).orElse(true);
    }

    private static boolean touchesNoRow(Transaction t) {
        if (t.hasDelete()) {
            return t.getDelete().getUpdatedFragmentsCount() == 0
                    && t.getDelete().getDeletedFragmentIdsCount() == 0;
        }
        if (t.hasUpdate()) {
            return t.getUpdate().getUpdatedFragmentsCount() == 0
                    && t.getUpdate().getRemovedFragmentIdsCount() == 0
                    && t.getUpdate().getNewFragmentsCount() == 0;
        }
        return false;
    }

    /** The transaction's uuid, which identifies its commit in the table's history; empty when empty. */
    public Optional<String> uuid() {
        return transaction.map(Transaction::getUuid);
    }

    /** The kind of transaction, e.g. {@code append}, {@code delete}, {@code rewrite}; {@code none} when empty. */
    public String kind() {
        return transaction
                .map(t -> t.getOperationCase().name().toLowerCase(Locale.ROOT))
                .orElse("none");
    }

    /**
     * This plan with {@code config} also set in the table config, for plans that create or overwrite a table (e.g.
     * a catalog recording that it owns the table it creates).
     *
     * @throws IllegalArgumentException for any other plan
     */
    public StagedTransaction withConfig(Map<String, String> config) {
        Transaction txn = transaction();
        if (!txn.hasOverwrite()) {
            throw new IllegalArgumentException(
                    "only a write that creates or overwrites a table sets its config with it, not a " + kind());
        }
        Transaction.Builder next = txn.toBuilder();
        next.getOverwriteBuilder().putAllConfigUpsertValues(config);
        return new StagedTransaction(base, Optional.of(next.build()), naming, creation, result);
    }

    public OperationResult result() {
        return result;
    }

    Transaction transaction() {
        return transaction.orElseThrow(() -> new IllegalStateException("an empty plan has no transaction"));
    }

    ManifestNaming naming() {
        return naming;
    }

    ManifestBuilder.NewDatasetOptions creation() {
        return creation;
    }
}
