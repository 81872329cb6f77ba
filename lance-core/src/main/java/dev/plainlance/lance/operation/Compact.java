package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.maintenance.Compactor;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Rewrites small fragments and fragments with many deleted rows into fewer, larger ones (a Rewrite transaction).
 *
 * <p>New fragments need ids no other writer takes. {@link #reservingIds} reserves them as the official library
 * does, with ReserveFragments commits made while staging, for tables other writers commit to by rebasing.
 * {@link #idsAtCommit} leaves them to the commit, which numbers them after the base's highest id: right for tables
 * committed by compare-and-swap (catalog tables), where nothing else can land between base and commit, and the
 * only way staging stays free of commits.
 */
public final class Compact implements TableOperation {
    private final CompactionOptions options;
    private final boolean reserveIds;
    private final Compactor.Progress progress;

    private Compact(CompactionOptions options, boolean reserveIds, Compactor.Progress progress) {
        this.options = Objects.requireNonNull(options, "options");
        this.reserveIds = reserveIds;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Compaction of a shared table: fragment ids reserved by commits while staging. */
    public static Compact reservingIds(CompactionOptions options, Compactor.Progress progress) {
        return new Compact(options, true, progress);
    }

    /** Compaction committed exactly: fragment ids assigned by the commit; staging commits nothing. */
    public static Compact idsAtCommit(CompactionOptions options) {
        return new Compact(options, false, (done, total) -> {});
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        Optional<Compactor.StagedCompaction> staged = new Compactor(env, reserveIds).stage(base, options, progress);
        if (staged.isEmpty()) {
            return StagedTransaction.nothing(base, OperationResult.NONE);
        }
        return StagedTransaction.of(
                base,
                staged.get().transaction(),
                new OperationResult(
                        0, Optional.empty(), Optional.of(staged.get().metrics())));
    }

    @Override
    public String describe() {
        return "compact";
    }
}
