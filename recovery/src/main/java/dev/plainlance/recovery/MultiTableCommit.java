package dev.plainlance.recovery;

import dev.plainlance.catalog.CatalogBranch;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.CatalogView;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.catalog.OperationAbortedException;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.PublishResult;
import dev.plainlance.catalog.StalePublishException;
import dev.plainlance.catalog.TableKeys;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CatalogTableException;
import dev.plainlance.lance.operation.DeleteWhere;
import dev.plainlance.lance.operation.OperationResult;
import dev.plainlance.lance.operation.StagedTransaction;
import dev.plainlance.lance.operation.TableCommits;
import dev.plainlance.lance.operation.TableOperation;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * One atomic change to several tables of a catalog: any {@link TableOperation} per registered table (append,
 * overwrite, delete, update, merge insert, column changes, compaction, restore, ...), tables created with their
 * first operation, or tables dropped. Readers that read through the catalog's pins see all of it or none of it,
 * whatever happens to this process.
 *
 * <ol>
 *   <li><b>Phase A.</b> Each operation is staged on its table at the pinned version {@code e} (files written,
 *       nothing visible); then the intent sidecar {@code __recovery/{operation}.json} is written with
 *       put-if-absent.</li>
 *   <li><b>Phase B.</b> Each table, in key order, commits its plan exactly as version {@code e + 1}.</li>
 *   <li><b>Phase C.</b> The pins {@code e + 1} are published, expecting {@code e}, on behalf of the operation.</li>
 *   <li><b>Phase D.</b> The sidecar is deleted, best effort.</li>
 * </ol>
 * If another writer wins a table version or a pin first, this attempt is rolled back at once (by the same recovery
 * code a later open would run), and, since operations are values, staged again from the new catalog state, up to
 * {@link #withConflictRetries} more times. Only when retries run out does {@link #commit()} throw
 * {@link CommitConflictException}; nothing of the failed attempts is visible.
 *
 * <p>A commit that drops tables publishes the drop in one compare-and-swap and may not also change tables (so a
 * crash can never leave half of it). Readers given to the convenience methods ({@link #append} and the like) are
 * read during {@link #commit()} and closed by it.
 */
public final class MultiTableCommit {
    private final CatalogSession session;
    private final String branch;
    private final Map<String, Change> changes = new TreeMap<>();
    private final List<AutoCloseable> inputs = new ArrayList<>();
    private Optional<String> actor = Optional.empty();
    private String message = "multi-table commit";
    private Map<String, Long> summary = Map.of();
    private int conflictRetries = 3;
    private Consumer<String> attemptListener = id -> {};
    private Optional<CatalogSnapshot> basedOn = Optional.empty();
    private CatalogSnapshot attemptBase;
    private final Set<String> readTables = new TreeSet<>();
    private final List<String> mergeParents = new ArrayList<>();
    private String operationId;

    MultiTableCommit(CatalogSession session, String branch) {
        this.session = session;
        this.branch = TableKeys.checkBranch(branch);
        this.operationId = session.options().catalog().ids().next();
    }

    /** What happens to one table. */
    private sealed interface Change {}

    private record Apply(TableOperation operation) implements Change {}

    private record Create(TableOperation operation) implements Change {}

    private record Drop() implements Change {}

    /**
     * The result of a commit.
     *
     * @param operationId the id of the attempt that landed: its sidecar's name and its catalog commit's operation
     * @param versions each changed table's new pinned version
     * @param results what each table's operation did
     * @param published the catalog state the commit published
     * @param attempts how many times the operations were staged (1 without conflicts)
     */
    public record Result(
            String operationId,
            SortedMap<String, Long> versions,
            SortedMap<String, OperationResult> results,
            CatalogSnapshot published,
            int attempts) {}

    /** The id of the next attempt: its sidecar's name, and the operation id of its catalog commit. */
    public String operationId() {
        return operationId;
    }

    /** Runs {@code operation} on the registered table {@code key}. */
    public MultiTableCommit apply(String key, TableOperation operation) {
        return add(key, new Apply(operation));
    }

    /** Creates and registers the new table {@code key}, made by {@code operation} (e.g. {@link Write#create}). */
    public MultiTableCommit createTable(String key, TableOperation operation) {
        return add(key, new Create(operation));
    }

    /** Unregisters the table {@code key}; its files stay for history until cleanup. */
    public MultiTableCommit dropTable(String key) {
        return add(key, new Drop());
    }

    /** Appends the rows of {@code data} (read during {@link #commit()}, then closed) to the table {@code key}. */
    public MultiTableCommit append(String key, ArrowReader data) {
        return add(key, new Apply(Write.append(data)), data);
    }

    /** Replaces the content (and schema) of the table {@code key} with {@code data}. */
    public MultiTableCommit overwrite(String key, ArrowReader data) {
        return add(key, new Apply(Write.overwrite(data)), data);
    }

    /** Deletes the rows of the table {@code key} matching the SQL {@code predicate}. */
    public MultiTableCommit delete(String key, String predicate) {
        return apply(key, new DeleteWhere(predicate));
    }

    /** Creates and registers the new table {@code key} with the rows of {@code data}. */
    public MultiTableCommit createTable(String key, ArrowReader data) {
        return add(key, new Create(Write.create(data)), data);
    }

    public MultiTableCommit actor(String name) {
        this.actor = Optional.of(name);
        return this;
    }

    public MultiTableCommit message(String text) {
        this.message = text;
        return this;
    }

    /**
     * Change counts for the catalog commit (e.g. {@code node:Person.inserted}); recorded in the sidecar, so a commit
     * recovery publishes for this operation carries them too.
     *
     * @throws IllegalArgumentException if a key is blank or a count negative, before anything is written
     */
    public MultiTableCommit summary(Map<String, Long> counts) {
        this.summary = CatalogCommit.checkSummary(counts);
        return this;
    }

    /** How many times a conflicting attempt is staged again on the newer state (default 3; 0 = never). */
    public MultiTableCommit withConflictRetries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("conflict retries must not be negative: " + retries);
        }
        this.conflictRetries = retries;
        return this;
    }

    /**
     * Stages every operation on the pins of {@code state} (a state this session read) instead of the newest state,
     * for callers that planned their operations by reading {@code state}: the commit then lands only if none of its
     * tables, nor any table named by {@link #expecting}, changed since {@code state}, and throws
     * {@link CommitConflictException} otherwise, without staging again (the caller plans again on a newer state).
     */
    public MultiTableCommit basedOn(CatalogSnapshot state) {
        this.basedOn = Optional.of(state);
        return this;
    }

    /**
     * Makes the publish also expect the table {@code key} to be at its pin in the base state although this commit
     * does not write it: a read dependency, e.g. the node table an inserted edge's endpoint was checked in. A change
     * to it since is a {@link CommitConflictException}. The intent sidecar records it, so recovery rolls a crashed
     * commit forward only while the table is still at that pin, and rolls it back otherwise.
     */
    public MultiTableCommit expecting(String key) {
        readTables.add(TableKeys.check(key));
        return this;
    }

    /**
     * Records {@code commitId} (the head of a merged branch) as a further parent of this commit; the sidecar carries
     * it, so a commit recovery publishes records it too.
     */
    public MultiTableCommit mergedFrom(String commitId) {
        mergeParents.add(java.util.Objects.requireNonNull(commitId, "commitId"));
        return this;
    }

    /**
     * Tells {@code listener} the operation id of each attempt before the attempt writes anything, e.g. to log it:
     * a crashed attempt is later rolled forward or back under that id.
     */
    public MultiTableCommit onAttempt(Consumer<String> listener) {
        this.attemptListener = listener;
        return this;
    }

    private MultiTableCommit add(String key, Change change) {
        TableKeys.check(key);
        if (changes.putIfAbsent(key, change) != null) {
            throw new IllegalArgumentException("table " + key + " appears twice in one commit");
        }
        return this;
    }

    /**
     * Adds a change whose input this commit owns and closes.
     *
     * @throws dev.plainlance.catalog.InvalidNameException for a bad key, before anything is written (the input is
     *     closed then)
     */
    private MultiTableCommit add(String key, Change change, AutoCloseable input) {
        try {
            add(key, change);
        } catch (RuntimeException e) {
            closeQuietly(input);
            throw e;
        }
        inputs.add(input);
        return this;
    }

    /**
     * Stages every operation on the current state without committing anything, and returns a view of that state
     * in which this commit's tables show their staged versions: reads of one's own writes. Data a write operation
     * wrote here is reused by {@link #commit()}; other operations are staged again there.
     */
    public CatalogView preview() {
        requireSomething();
        refuseBlockedTables(session.heal());
        CatalogSnapshot state = session.snapshot();
        Map<String, TableSnapshot> staged = new TreeMap<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            Env env = session.catalog().options().tableEnv(allocator);
            for (Map.Entry<String, Change> entry : changes.entrySet()) {
                if (entry.getValue() instanceof Drop) {
                    continue;
                }
                TableSnapshot base = base(state, entry.getKey(), entry.getValue());
                staged.put(
                        entry.getKey(), TableCommits.preview(stage(entry.getKey(), entry.getValue(), base, env), env));
            }
        }
        return session.catalog().view(state, branch).withStaged(staged);
    }

    /**
     * Runs phases A to D, staging again after a conflict up to the retry bound.
     *
     * @throws CommitConflictException when other writers still moved a table first after every retry; nothing of
     *     this commit is visible
     * @throws ExpectedVersionMismatchException when a table is not at its pin (a pending operation of another
     *     writer holds it); nothing was written
     * @throws dev.plainlance.lance.commit.CommitOutcomeUnknownException when the storage failed so that whether
     *     a table commit or the publish landed cannot be read back; the sidecar stays, and the next read-write
     *     open recovers the operation whole or not at all
     */
    public Result commit() {
        requireSomething();
        try (BufferAllocator allocator = new RootAllocator()) {
            Env env = session.catalog().options().tableEnv(allocator);
            int attempts = basedOn.isPresent() ? 1 : conflictRetries + 1;
            Retry conflicts = session.options().catalog().retry().withMaxAttempts(attempts);
            return conflicts.run(CommitConflictException.class, attempt -> {
                if (attempt > 1) {
                    operationId = session.options().catalog().ids().next();
                }
                attemptListener.accept(operationId);
                return attempt(env, attempt);
            });
        } finally {
            closeInputs();
        }
    }

    /** The state to stage on: the newest, or the {@link #basedOn} state if nothing this commit depends on moved. */
    private CatalogSnapshot baseState() {
        CatalogSnapshot newest = session.snapshot();
        if (basedOn.isEmpty()) {
            return newest;
        }
        CatalogSnapshot base = basedOn.get();
        Set<String> depends = new TreeSet<>(changes.keySet());
        depends.addAll(readTables);
        for (String key : depends) {
            if (newest.pinnedVersion(branch, key) != base.pinnedVersion(branch, key)
                    || !newest.path(key).equals(base.path(key))) {
                throw new CommitConflictException("table " + key + " changed since catalog version "
                        + base.manifestVersion() + " this commit was planned on (now at "
                        + newest.manifestVersion() + ")");
            }
        }
        return base;
    }

    private void requireSomething() {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a multi-table commit needs at least one table");
        }
        boolean drops = changes.values().stream().anyMatch(c -> c instanceof Drop);
        if (drops && changes.values().stream().anyMatch(c -> !(c instanceof Drop))) {
            throw new IllegalArgumentException(
                    "a multi-table commit that drops tables cannot also change tables; commit them separately");
        }
    }

    /** A table's part of one attempt, after staging. */
    private record Staged(String key, String path, long expected, Optional<String> line, StagedTransaction plan) {}

    /**
     * Moves this branch's pins of the tables this commit changes onto Lance branches of its own where they are not
     * yet (a branch created with {@link CatalogSession#createBranch} starts with its parent's pins): each such table
     * gets a new Lance branch at its pinned version, and the pins are moved onto those in one publish that changes no
     * content (same versions). A crash after the Lance branches are made and before the publish leaves branches no pin
     * names, which nothing reads. Returns the state to stage on.
     */
    private CatalogSnapshot forkLines(CatalogSnapshot state) {
        List<CatalogChange> moves = new ArrayList<>();
        Map<TableRef, Long> expected = new TreeMap<>();
        for (Map.Entry<String, Change> entry : changes.entrySet()) {
            if (!(entry.getValue() instanceof Apply)) {
                continue;
            }
            String key = entry.getKey();
            Optional<Pin> pin = state.pin(branch, key);
            if (pin.isEmpty() || CatalogBranch.writesInPlace(state, branch, pin.get())) {
                continue;
            }
            CatalogBranch info = state.branchInfo().get(branch);
            if (info == null) {
                throw new IllegalStateException("branch " + branch + " pins table " + key + " on Lance branch "
                        + pin.get().lanceBranch().orElse("main") + " but was not made by createBranch");
            }
            String path = state.path(key).orElseThrow();
            String line = info.forkName(operationId);
            session.catalog()
                    .tableLines(path)
                    .fork(
                            pin.get().lanceBranch(),
                            pin.get().version(),
                            line,
                            session.catalog().tableEnv());
            moves.add(new CatalogChange.SetPin(
                    branch, key, new Pin(pin.get().version(), pin.get().rowCount(), Optional.of(line))));
            expected.put(new TableRef(branch, key), pin.get().version());
        }
        if (moves.isEmpty()) {
            return state;
        }
        Failpoints.hit(RecoveryFailpoints.FORKED);
        try {
            return session.catalog()
                    .publish(new PublishRequest(
                            moves,
                            new TreeMap<>(expected),
                            actor.orElse("anonymous"),
                            "fork " + expected.size() + " tables for branch " + branch,
                            Optional.empty()))
                    .snapshot();
        } catch (ExpectedVersionMismatchException lost) {
            throw new CommitConflictException("forking tables for branch " + branch + " lost: " + lost.getMessage());
        }
    }

    private Result attempt(Env env, int attempt) {
        refuseBlockedTables(session.heal());
        CatalogSnapshot state = forkLines(baseState());
        attemptBase = state;
        if (changes.values().stream().allMatch(c -> c instanceof Drop)) {
            return drop(state, attempt);
        }
        List<Staged> staged = stage(state, env);
        if (staged.isEmpty()) {
            return new Result(operationId, new TreeMap<>(), results(staged), state, attempt);
        }
        Failpoints.hit(RecoveryFailpoints.STAGED);
        IntentSidecar sidecar = writeSidecar(staged);
        Failpoints.hit(RecoveryFailpoints.SIDECAR_WRITTEN);
        for (Staged table : staged) {
            try {
                TableCommits.commitExactly(table.plan(), env);
            } catch (CommitConflictException lost) {
                throw abandon(
                        sidecar,
                        "table " + table.key() + " version " + (table.expected() + 1) + " was taken by another writer");
            }
            Failpoints.hit(RecoveryFailpoints.TABLE_COMMITTED);
        }
        PublishResult published = publish(sidecar, staged);
        Failpoints.hit(RecoveryFailpoints.PUBLISHED);
        try {
            session.catalog().root().delete(sidecar.key());
        } catch (IOException | RuntimeException e) {
            // best effort: the operation is published; the next sweep removes the sidecar
        }
        Failpoints.hit(RecoveryFailpoints.SIDECAR_DELETED);
        SortedMap<String, Long> versions = new TreeMap<>();
        staged.forEach(t -> versions.put(t.key(), t.expected() + 1));
        return new Result(operationId, versions, results(staged), published.snapshot(), attempt);
    }

    private List<Staged> stage(CatalogSnapshot state, Env env) {
        List<Staged> staged = new ArrayList<>();
        for (Map.Entry<String, Change> entry : changes.entrySet()) {
            String key = entry.getKey();
            TableSnapshot base = base(state, key, entry.getValue());
            String path = entry.getValue() instanceof Create
                    ? session.catalog().newTablePath(key, operationId)
                    : state.path(key).orElseThrow();
            StagedTransaction plan = stage(entry.getKey(), entry.getValue(), base, env);
            if (!plan.changesNothing()) {
                Optional<String> line = entry.getValue() instanceof Create
                        ? Optional.empty()
                        : state.pin(branch, key).flatMap(Pin::lanceBranch);
                staged.add(new Staged(key, path, base.version(), line, plan));
            }
        }
        return staged;
    }

    /**
     * Stages {@code change}; a created table's first version also records, in its config, the key under which this
     * catalog owns it, so that maintenance outside the catalog refuses it.
     */
    private static StagedTransaction stage(String key, Change change, TableSnapshot base, Env env) {
        StagedTransaction plan = TableCommits.stage(operation(change), base, env);
        if (change instanceof Create) {
            return plan.withConfig(Map.of(CatalogTableException.MARKER, key));
        }
        return plan;
    }

    /** The snapshot {@code change} is staged on: the pinned version, or an absent table at a fresh path. */
    private TableSnapshot base(CatalogSnapshot state, String key, Change change) {
        if (change instanceof Create) {
            if (state.path(key).isPresent()) {
                throw new IllegalArgumentException("table " + key + " already exists");
            }
            Storage storage = session.catalog().tableStorage(session.catalog().newTablePath(key, operationId));
            return TableSnapshot.absent(storage, storage.describe(""));
        }
        String path = state.path(key)
                .orElseThrow(() -> new IllegalArgumentException("no table " + key + " in the catalog at "
                        + session.catalog().root().describe("")));
        long expected = state.pinnedVersion(branch, key);
        Optional<String> line = state.pin(branch, key).flatMap(Pin::lanceBranch);
        if (state.pin(branch, key)
                .filter(pin -> !CatalogBranch.writesInPlace(state, branch, pin))
                .isPresent()) {
            // inherited from the parent branch: read only (a preview); a commit forks it first
            return session.catalog().tableLines(path).at(line, expected);
        }
        long head = TableVersions.of(session.catalog(), path, line).head();
        if (head != expected) {
            throw ExpectedVersionMismatchException.headNotAtPin(new TableRef(branch, key), expected, head);
        }
        return session.catalog().tableLines(path).at(line, expected);
    }

    private static TableOperation operation(Change change) {
        if (change instanceof Apply apply) {
            return apply.operation();
        }
        if (change instanceof Create create) {
            return create.operation();
        }
        throw new IllegalStateException("a drop has no table operation");
    }

    private SortedMap<String, OperationResult> results(List<Staged> staged) {
        SortedMap<String, OperationResult> out = new TreeMap<>();
        staged.forEach(t -> out.put(t.key(), t.plan().result()));
        return out;
    }

    private Result drop(CatalogSnapshot state, int attempt) {
        List<CatalogChange> drops = new ArrayList<>();
        Map<TableRef, Long> expected = new TreeMap<>();
        for (String key : changes.keySet()) {
            if (state.path(key).isEmpty()) {
                throw new IllegalArgumentException("no table " + key + " in the catalog at "
                        + session.catalog().root().describe(""));
            }
            drops.add(new CatalogChange.DropTable(key));
            expected.put(new TableRef(branch, key), state.pinnedVersion(branch, key));
        }
        try {
            PublishResult published = session.catalog()
                    .publish(new PublishRequest(
                            drops,
                            new TreeMap<>(expected),
                            actor.orElse("anonymous"),
                            message,
                            Optional.of(operationId),
                            summary,
                            OptionalLong.of(state.manifestVersion())));
            return new Result(operationId, new TreeMap<>(), new TreeMap<>(), published.snapshot(), attempt);
        } catch (ExpectedVersionMismatchException | StalePublishException lost) {
            throw new CommitConflictException("dropping " + changes.keySet() + " lost: " + lost.getMessage());
        }
    }

    private void closeInputs() {
        inputs.forEach(MultiTableCommit::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable input) {
        try {
            input.close();
        } catch (Exception ignored) {
            // the input is spent either way
        }
    }

    /** Writers are blocked only on the tables a refused pending operation names. */
    private void refuseBlockedTables(List<RecoveryOutcome> healed) {
        for (RecoveryOutcome outcome : healed) {
            for (String key : changes.keySet()) {
                if (outcome.blockedTables().contains(key)) {
                    throw new TableBlockedException(
                            key, outcome.operationId(), outcome.refusal().orElseThrow());
                }
            }
        }
    }

    /** The pins of the tables this commit read but does not write, as its attempt's base state holds them. */
    private Map<String, Long> readPins(List<Staged> staged) {
        Map<String, Long> out = new TreeMap<>();
        for (String key : readTables) {
            if (staged.stream().noneMatch(t -> t.key().equals(key))) {
                out.put(key, attemptBase.pinnedVersion(branch, key));
            }
        }
        return out;
    }

    private IntentSidecar writeSidecar(List<Staged> staged) {
        List<TableIntent> intents = staged.stream()
                .map(t -> new TableIntent(
                        t.key(), t.path(), t.expected(), t.plan().uuid().orElseThrow(), t.line()))
                .toList();
        IntentSidecar sidecar = new IntentSidecar(
                IntentSidecar.SCHEMA_VERSION,
                operationId,
                session.options().catalog().clock().instant(),
                branch,
                actor,
                session.options().writerKind(),
                intents,
                summary,
                readPins(staged),
                mergeParents);
        try {
            session.catalog().root().putIfAbsent(sidecar.key(), SidecarCodec.encode(sidecar));
        } catch (ObjectAlreadyExistsException e) {
            throw new IllegalStateException("operation id " + operationId + " was used twice", e);
        } catch (IOException e) {
            throw new LanceIOException(
                    "cannot write " + session.catalog().root().describe(sidecar.key()), e);
        }
        return sidecar;
    }

    private PublishResult publish(IntentSidecar sidecar, List<Staged> staged) {
        List<CatalogChange> changes = new ArrayList<>(sidecar.mergeChanges());
        Map<TableRef, Long> expected = new TreeMap<>();
        for (Staged table : staged) {
            long version = table.expected() + 1;
            if (table.expected() == 0) {
                changes.add(new CatalogChange.RegisterTable(table.key(), table.path()));
            }
            long rows = TableVersions.of(session.catalog(), table.path(), table.line())
                    .rowCount(version);
            changes.add(new CatalogChange.SetPin(branch, table.key(), new Pin(version, rows, table.line())));
            expected.put(new TableRef(branch, table.key()), table.expected());
        }
        for (String key : readTables) {
            expected.putIfAbsent(new TableRef(branch, key), attemptBase.pinnedVersion(branch, key));
        }
        try {
            return session.catalog()
                    .publish(new PublishRequest(
                            changes,
                            new TreeMap<>(expected),
                            actor.orElse("anonymous"),
                            message,
                            Optional.of(sidecar.operationId()),
                            sidecar.summary(),
                            OptionalLong.of(attemptBase.manifestVersion())));
        } catch (ExpectedVersionMismatchException | OperationAbortedException | StalePublishException lost) {
            session.sweep().recover(sidecar.key(), true);
            if (!published(sidecar)) {
                throw new CommitConflictException(
                        "multi-table commit " + sidecar.operationId() + " rolled back: " + lost.getMessage());
            }
            return new PublishResult(session.snapshot(), true);
        }
    }

    /**
     * Whether the operation is published, decided from the catalog and the tables alone: a concurrent recovery
     * may have rolled it forward and deleted the sidecar already. Not from the aborted set alone either, since
     * recovery forgets aborted operations: each table must be registered at the operation's path and pinned past
     * {@code e} with the operation's commit at {@code e + 1} and no roll back of it at {@code e + 2}. (A table the
     * operation created is registered at its path only by the operation's own publish.)
     */
    private boolean published(IntentSidecar sidecar) {
        CatalogSnapshot state = session.snapshot();
        if (state.isAborted(sidecar.operationId())) {
            return false;
        }
        for (TableIntent table : sidecar.tables()) {
            TableVersions versions = TableVersions.of(session.catalog(), table.path(), table.lanceBranch());
            long e = table.expectedVersion();
            String rollback = RecoverySweep.rollbackUuid(sidecar.operationId(), table.tableKey());
            if (!state.path(table.tableKey()).filter(table.path()::equals).isPresent()
                    || !state.pin(sidecar.branch(), table.tableKey())
                            .filter(table::onLineOf)
                            .filter(pin -> pin.version() > e)
                            .isPresent()
                    || !versions.uuidAt(e + 1)
                            .filter(table.transactionUuid()::equals)
                            .isPresent()
                    || versions.uuidAt(e + 2).filter(rollback::equals).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Undoes this attempt now, through recovery (it cannot roll forward: a table lost), and reports it. */
    private CommitConflictException abandon(IntentSidecar sidecar, String why) {
        session.sweep().recover(sidecar.key(), true);
        return new CommitConflictException("multi-table commit " + sidecar.operationId() + " rolled back: " + why);
    }
}
