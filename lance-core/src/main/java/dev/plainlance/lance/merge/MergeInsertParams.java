package dev.plainlance.lance.merge;

import dev.plainlance.lance.expr.SubstraitTranslator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * What {@code Dataset.mergeInsert} does with each source row, mirroring {@code org.lance.merge.MergeInsertParams}:
 * rows are matched on the key columns {@link #on()}; a matched target row is updated with the source row (or left
 * alone, deleted, or the operation fails), an unmatched source row is inserted (or not), and a target row no source
 * row matches is kept or deleted (optionally only where a SQL predicate holds). Defaults, as the official library:
 * matched rows are left alone, unmatched rows inserted, unmatched target rows kept. Each {@code with…} method
 * returns this object.
 */
public final class MergeInsertParams {
    /** What to do with a target row that a source row matches. */
    public enum WhenMatched {
        UpdateAll,
        DoNothing,
        UpdateIf,
        Fail,
        Delete
    }

    /** What to do with a source row no target row matches. */
    public enum WhenNotMatched {
        InsertAll,
        DoNothing
    }

    /** What to do with a target row no source row matches. */
    public enum WhenNotMatchedBySource {
        Keep,
        Delete,
        DeleteIf
    }

    private final List<String> on;
    private WhenMatched whenMatched = WhenMatched.DoNothing;
    private Optional<String> whenMatchedUpdateExpr = Optional.empty();
    private WhenNotMatched whenNotMatched = WhenNotMatched.InsertAll;
    private WhenNotMatchedBySource whenNotMatchedBySource = WhenNotMatchedBySource.Keep;
    private Optional<String> whenNotMatchedBySourceDeleteExpr = Optional.empty();
    private Optional<ByteBuffer> whenNotMatchedBySourceDeleteSubstraitExpr = Optional.empty();
    private int conflictRetries = 10;
    private long retryTimeoutMs = 30_000;
    private boolean skipAutoCleanup;

    /** Matches rows on the columns {@code on} (at least one). */
    public MergeInsertParams(List<String> on) {
        if (on.isEmpty()) {
            throw new IllegalArgumentException("merge insert needs at least one key column");
        }
        this.on = List.copyOf(on);
    }

    public MergeInsertParams withMatchedUpdateAll() {
        whenMatched = WhenMatched.UpdateAll;
        whenMatchedUpdateExpr = Optional.empty();
        return this;
    }

    public MergeInsertParams withMatchedDoNothing() {
        whenMatched = WhenMatched.DoNothing;
        whenMatchedUpdateExpr = Optional.empty();
        return this;
    }

    public MergeInsertParams withMatchedDelete() {
        whenMatched = WhenMatched.Delete;
        whenMatchedUpdateExpr = Optional.empty();
        return this;
    }

    /**
     * Updates a matched target row with its source row only where the SQL {@code condition} holds (is TRUE). The
     * condition names the target row's columns {@code target.<column>} and the source row's {@code source.<column>},
     * as in {@code target.updated_at < source.updated_at}. A matched row the condition does not update stays as it
     * is, and its source row is not inserted.
     */
    public MergeInsertParams withMatchedUpdateIf(String condition) {
        whenMatched = WhenMatched.UpdateIf;
        whenMatchedUpdateExpr = Optional.of(condition);
        return this;
    }

    /** Refuses the whole operation when any source row matches a target row. */
    public MergeInsertParams withMatchedFail() {
        whenMatched = WhenMatched.Fail;
        whenMatchedUpdateExpr = Optional.empty();
        return this;
    }

    public MergeInsertParams withNotMatched(WhenNotMatched whenNotMatched) {
        this.whenNotMatched = whenNotMatched;
        return this;
    }

    public MergeInsertParams withNotMatchedBySourceKeep() {
        whenNotMatchedBySource = WhenNotMatchedBySource.Keep;
        whenNotMatchedBySourceDeleteExpr = Optional.empty();
        whenNotMatchedBySourceDeleteSubstraitExpr = Optional.empty();
        return this;
    }

    public MergeInsertParams withNotMatchedBySourceDelete() {
        whenNotMatchedBySource = WhenNotMatchedBySource.Delete;
        whenNotMatchedBySourceDeleteExpr = Optional.empty();
        whenNotMatchedBySourceDeleteSubstraitExpr = Optional.empty();
        return this;
    }

    /** Deletes the target rows no source row matches where the SQL {@code predicate} over target columns holds. */
    public MergeInsertParams withNotMatchedBySourceDeleteIf(String predicate) {
        whenNotMatchedBySource = WhenNotMatchedBySource.DeleteIf;
        whenNotMatchedBySourceDeleteExpr = Optional.of(predicate);
        whenNotMatchedBySourceDeleteSubstraitExpr = Optional.empty();
        return this;
    }

    /**
     * {@link #withNotMatchedBySourceDeleteIf} with the predicate as the bytes of a Substrait
     * {@code ExtendedExpression} over target columns (copied here); the merge insert needs plainlance's
     * {@code substrait} module on the class path to read it.
     */
    public MergeInsertParams withNotMatchedBySourceDeleteSubstraitIf(ByteBuffer predicate) {
        ByteBuffer copy = ByteBuffer.allocate(predicate.remaining());
        copy.put(predicate.duplicate()).flip();
        whenNotMatchedBySource = WhenNotMatchedBySource.DeleteIf;
        whenNotMatchedBySourceDeleteExpr = Optional.empty();
        whenNotMatchedBySourceDeleteSubstraitExpr = Optional.of(copy);
        return this;
    }

    /** How often a merge insert that lost a commit race to a conflicting writer is redone (default 10). */
    public MergeInsertParams withConflictRetries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("conflict retries must not be negative, got " + retries);
        }
        this.conflictRetries = retries;
        return this;
    }

    /**
     * How long a merge insert that lost commit races keeps redoing itself (default 30 s, as the official library):
     * no retry starts once this time has passed since the first attempt, whatever {@link #withConflictRetries}
     * allows.
     */
    public MergeInsertParams withRetryTimeoutMs(long timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("retry timeout must not be negative, got " + timeoutMs);
        }
        this.retryTimeoutMs = timeoutMs;
        return this;
    }

    public long retryTimeoutMs() {
        return retryTimeoutMs;
    }

    /**
     * Whether the official library should skip the cleanup a dataset's {@code lance.auto_cleanup.*} config asks for
     * after this commit. plainlance never cleans up as part of a commit (cleanup only runs when called, so that it
     * cannot remove a version a catalog, branch or tag still needs), so every plainlance commit already behaves as
     * with {@code true}; the flag is kept so that code written for the official API ports unchanged.
     */
    public MergeInsertParams withSkipAutoCleanup(boolean skip) {
        this.skipAutoCleanup = skip;
        return this;
    }

    public boolean skipAutoCleanup() {
        return skipAutoCleanup;
    }

    public List<String> on() {
        return on;
    }

    public WhenMatched whenMatched() {
        return whenMatched;
    }

    /** The condition of {@link WhenMatched#UpdateIf}, empty otherwise. */
    public Optional<String> whenMatchedUpdateExpr() {
        return whenMatchedUpdateExpr;
    }

    /** {@link #whenMatched()}'s name, as the official string form gives it. */
    public String whenMatchedValue() {
        return whenMatched.name();
    }

    public WhenNotMatched whenNotMatched() {
        return whenNotMatched;
    }

    /** {@link #whenNotMatched()}'s name, as the official string form gives it. */
    public String whenNotMatchedValue() {
        return whenNotMatched.name();
    }

    public WhenNotMatchedBySource whenNotMatchedBySource() {
        return whenNotMatchedBySource;
    }

    /** {@link #whenNotMatchedBySource()}'s name, as the official string form gives it. */
    public String whenNotMatchedBySourceValue() {
        return whenNotMatchedBySource.name();
    }

    public Optional<String> whenNotMatchedBySourceDeleteExpr() {
        return whenNotMatchedBySourceDeleteExpr;
    }

    /** The Substrait form of the delete condition, when given so. */
    public Optional<ByteBuffer> whenNotMatchedBySourceDeleteSubstraitExpr() {
        return whenNotMatchedBySourceDeleteSubstraitExpr.map(ByteBuffer::asReadOnlyBuffer);
    }

    /**
     * The delete condition as SQL, from either form: a Substrait one is translated (see {@link SubstraitTranslator}).
     */
    public Optional<String> notMatchedBySourceDeletePredicate() {
        return whenNotMatchedBySourceDeleteExpr.or(() -> whenNotMatchedBySourceDeleteSubstraitExpr.map(
                bytes -> SubstraitTranslator.translate(bytes, "the merge insert's Substrait delete condition")));
    }

    public int conflictRetries() {
        return conflictRetries;
    }

    @Override
    public String toString() {
        return "MergeInsertParams{on=" + on + ", whenMatched=" + whenMatched
                + whenMatchedUpdateExpr.map(e -> "(" + e + ")").orElse("") + ", whenNotMatched=" + whenNotMatched
                + ", whenNotMatchedBySource=" + whenNotMatchedBySource
                + whenNotMatchedBySourceDeleteExpr.map(e -> "(" + e + ")").orElse("") + "}";
    }
}
