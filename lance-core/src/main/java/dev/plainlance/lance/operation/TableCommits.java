package dev.plainlance.lance.operation;

import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.table.ManifestFile;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.Optional;

/**
 * Makes staged transactions versions. Two commits, one contract each:
 * <ul>
 *   <li>{@link #commitExactly}: the compare-and-swap. The plan becomes version {@code base + 1} or nothing; no
 *       rebase, no retry. Multi-table commits and catalogs build on it.</li>
 *   <li>{@link #commit}: Lance's commit loop. Concurrent commits that do not conflict are rebased over, lost
 *       version races are retried with backoff.</li>
 * </ul>
 * Both throw {@link CommitConflictException} when a concurrent commit changed what the plan was built from: the
 * operation must be staged again on the newer version, which {@link #apply} does.
 */
public final class TableCommits {
    /** A committed operation: the new version and what the operation did. */
    public record Committed(TableSnapshot snapshot, OperationResult result) {}

    private TableCommits() {}

    /** Commits {@code staged} exactly as version {@code base + 1}; an empty plan commits nothing. */
    public static TableSnapshot commitExactly(StagedTransaction staged, Env env) {
        if (staged.isEmpty()) {
            return staged.base();
        }
        return new Committer(staged.base().storage(), env)
                .commitExactly(staged.transaction(), staged.naming(), staged.creation(), Optional.of(staged.base()));
    }

    /** Commits {@code staged} after whatever landed since its base, when compatible; an empty plan commits nothing. */
    public static TableSnapshot commit(StagedTransaction staged, Env env) {
        if (staged.isEmpty()) {
            return staged.base();
        }
        return new Committer(staged.base().storage(), env)
                .commit(staged.transaction(), staged.naming(), staged.creation(), Optional.of(staged.base()));
    }

    /**
     * Stages {@code operation} on {@code base} and commits it; when the commit meets a conflicting one, stages it
     * again on the latest version, as long as {@code env}'s retry policy allows.
     */
    public static Committed apply(TableOperation operation, TableSnapshot base, Env env) {
        return env.commitRetry().run(CommitConflictException.class, attempt -> {
            TableSnapshot on = attempt == 1 ? base : TableSnapshot.latestOrAbsent(base.storage(), base.name());
            StagedTransaction staged = stage(operation, on, env);
            return new Committed(commit(staged, env), staged.result());
        });
    }

    /** Stages {@code operation}, turning storage failures into unchecked ones. */
    public static StagedTransaction stage(TableOperation operation, TableSnapshot base, Env env) {
        try {
            return operation.stage(base, env);
        } catch (IOException e) {
            throw new LanceIOException("cannot " + operation.describe() + " on " + base.name(), e);
        }
    }

    /**
     * The version {@code staged} would make if committed exactly, without committing it: reads through it see the
     * plan's rows (its files exist already). For reading one's own writes before a multi-table commit.
     */
    public static TableSnapshot preview(StagedTransaction staged, Env env) {
        if (staged.isEmpty()) {
            return staged.base();
        }
        TableSnapshot base = staged.base();
        Optional<ManifestFile> restored = Optional.empty();
        if (staged.transaction().hasRestore()) {
            restored = Optional.of(TableSnapshot.at(
                            base.storage(),
                            base.name(),
                            staged.transaction().getRestore().getVersion())
                    .file());
        }
        long version = base.version() + 1;
        ManifestFile next = ManifestBuilder.build(
                base.exists() ? Optional.of(base.file()) : Optional.empty(),
                restored,
                staged.transaction(),
                version,
                env.clock().instant(),
                staged.creation());
        ManifestStore.Location location =
                new ManifestStore.Location(version, base.naming(), base.naming().key(version), 0);
        return TableSnapshot.of(base.storage(), base.name(), location, next);
    }
}
