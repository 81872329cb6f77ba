package dev.plainlance.recovery;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The open-time recovery sweep: decides every pending multi-table operation all or nothing.
 * A table pinned past the operation's version means the operation was published and later writers went on (its
 * writer died before deleting the sidecar): that is a finished roll forward, not a contradiction.
 *
 * <p>Sidecars are taken oldest ULID first, each against a freshly read catalog state. A table "landed" exactly
 * when version {@code expected + 1} carries the sidecar's transaction uuid — identity, never a guess from
 * fragments or row counts. Then:
 * <ul>
 *   <li><b>roll forward</b> when every table landed: publish the pins {@code expected + 1};</li>
 *   <li><b>roll back</b> otherwise: first publish "operation aborted" (in the same compare-and-swap as the pins,
 *       so the writer's own publish can no longer succeed), then give every table a restore of its pinned content
 *       at the next version — at {@code expected + 1} for a table the writer has not reached, which also fences
 *       the writer out of it — and republish those versions as the pins, so pins equal HEAD again.</li>
 * </ul>
 * Every step is idempotent: restores carry a uuid derived from the operation and the table, publishes whose
 * changes already hold count as done, and the audit row is written once per operation. A crash anywhere leaves a
 * state the next sweep finishes; two sweeps at once converge on one outcome.
 */
public final class RecoverySweep {
    /** The actor of catalog commits made by recovery. */
    public static final String ACTOR = "plainlance:recovery";

    private static final int MAX_ROUNDS = 8;

    private final Catalog catalog;
    private final RecoveryOptions options;
    private final RecoveryAudit audit;

    RecoverySweep(Catalog catalog, RecoveryOptions options) {
        this.catalog = catalog;
        this.options = options;
        this.audit = new RecoveryAudit(catalog.root(), options.catalog());
    }

    /** Keys of the pending sidecars, oldest operation first. */
    static List<String> pending(Storage root) {
        List<String> keys = new ArrayList<>();
        try {
            for (ObjectInfo object : root.list(IntentSidecar.DIR + "/")) {
                if (object.key().endsWith(".json") && object.key().indexOf('/', IntentSidecar.DIR.length() + 1) < 0) {
                    keys.add(object.key());
                }
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot list " + root.describe(IntentSidecar.DIR), e);
        }
        keys.sort(null);
        return keys;
    }

    /**
     * Recovers every pending sidecar whose lease has expired. A sidecar that cannot be decided safely is reported
     * as {@link RecoveryOutcome.Kind#REFUSED}, untouched, and the sweep goes on with the others.
     */
    public List<RecoveryOutcome> run() {
        List<String> keys = pending(catalog.root());
        Failpoints.hit(RecoveryFailpoints.LISTED);
        List<RecoveryOutcome> outcomes = new ArrayList<>();
        for (String key : keys) {
            try {
                outcomes.add(recover(key, false));
            } catch (CorruptSidecarException | RecoveryInvariantException refused) {
                outcomes.add(RecoveryOutcome.refused(operationIdOf(key), refused, namedTables(key)));
            }
        }
        return outcomes;
    }

    /**
     * The keys of the tables the sidecar at {@code key} names, by key or by path (a damaged sidecar may disagree
     * with itself); empty when it cannot be read.
     */
    private java.util.Set<String> namedTables(String key) {
        Optional<IntentSidecar> sidecar;
        try {
            sidecar = read(key);
        } catch (CorruptSidecarException unreadable) {
            return java.util.Set.of();
        }
        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.Set<String> paths = new java.util.HashSet<>();
        sidecar.ifPresent(s -> s.tables().forEach(t -> {
            named.add(t.tableKey());
            paths.add(t.path());
        }));
        catalog.snapshot().tables().forEach((table, path) -> {
            if (paths.contains(path)) {
                named.add(table);
            }
        });
        return named;
    }

    /** The sidecar at {@code key}, empty when it is gone. */
    private Optional<IntentSidecar> read(String key) {
        Optional<byte[]> bytes;
        try {
            bytes = catalog.root().readIfExists(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + catalog.root().describe(key), e);
        }
        return bytes.map(b -> SidecarCodec.decode(b, key, catalog.root().describe(key)));
    }

    /**
     * Why recovery would refuse the sidecar at {@code key} now (without touching anything); empty when it is gone
     * or can be decided. Like {@link #recover}, it looks again before calling a contradiction a refusal, since a live
     * writer may land between reading the other sidecars and reading the tables.
     */
    Optional<dev.plainlance.lance.error.LanceException> refusal(String key) {
        Optional<IntentSidecar> sidecar;
        try {
            sidecar = read(key);
        } catch (CorruptSidecarException unreadable) {
            return Optional.of(unreadable);
        }
        if (sidecar.isEmpty()) {
            return Optional.empty();
        }
        String file = catalog.root().describe(key);
        RecoveryInvariantException last = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try {
                List<IntentSidecar> others = otherPending(sidecar.get());
                CatalogSnapshot state = catalog.snapshot();
                classify(sidecar.get(), state, file);
                checkIdentity(sidecar.get(), state, others, file);
                return Optional.empty();
            } catch (RecoveryInvariantException contradiction) {
                last = contradiction;
            }
        }
        return Optional.of(last);
    }

    /**
     * Recovers one sidecar. {@code ignoreLease} is for the sidecar's own writer, which knows it has stopped.
     *
     * @throws CorruptSidecarException when the sidecar cannot be trusted
     * @throws RecoveryInvariantException when the tables contradict the protocol
     */
    public RecoveryOutcome recover(String key, boolean ignoreLease) {
        String file = catalog.root().describe(key);
        Optional<IntentSidecar> read = read(key);
        if (read.isEmpty()) {
            return new RecoveryOutcome(operationIdOf(key), RecoveryOutcome.Kind.NOTHING_TO_DO, List.of());
        }
        IntentSidecar sidecar = read.get();
        if (!ignoreLease
                && sidecar.startedAt()
                        .plus(options.lease())
                        .isAfter(options.catalog().clock().instant())) {
            return new RecoveryOutcome(sidecar.operationId(), RecoveryOutcome.Kind.DEFERRED, List.of());
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<RecoveryOutcome> done;
            try {
                done = attempt(sidecar, file);
            } catch (RecoveryInvariantException contradiction) {
                if (round == MAX_ROUNDS - 1) {
                    throw contradiction;
                }
                // a live writer may have written its sidecar and committed between our reading the other
                // sidecars and reading the tables: look again before refusing
                continue;
            }
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new CommitConflictException("recovery of " + file + " kept racing with concurrent publishes");
    }

    /** One decision round; empty when the state moved under us and the round must be repeated. */
    private Optional<RecoveryOutcome> attempt(IntentSidecar sidecar, String file) {
        List<IntentSidecar> others = otherPending(sidecar);
        CatalogSnapshot state = catalog.snapshot();
        if (!stillPending(sidecar)) {
            // another recoverer finished it; its id may even be forgotten by now, so decide nothing from this state
            return Optional.of(
                    new RecoveryOutcome(sidecar.operationId(), RecoveryOutcome.Kind.NOTHING_TO_DO, List.of()));
        }
        List<TableState> tables = classify(sidecar, state, file);
        checkIdentity(sidecar, state, others, file);
        if (state.isAborted(sidecar.operationId())) {
            return rollBack(sidecar, tables, state);
        }
        boolean publishable = tables.stream().noneMatch(TableState::lineGone);
        if (publishable
                && tables.stream().allMatch(TableState::landed)
                && (readPinsHold(sidecar, state) || tables.stream().allMatch(TableState::published))) {
            return rollForward(sidecar, tables, state);
        }
        for (TableState t : tables) {
            if (t.landed && t.published()) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + t.intent.tableKey() + " has this operation" + " published (pinned at " + t.pinned
                                + ") although another of its tables never committed it");
            }
        }
        Map<TableRef, Long> unchanged = new TreeMap<>();
        tables.forEach(t -> unchanged.put(new TableRef(sidecar.branch(), t.intent.tableKey()), t.pinned));
        String why = !publishable
                ? "its branch was deleted since"
                : tables.stream().allMatch(TableState::landed)
                        ? "a table it read changed since"
                        : "not every table committed";
        try {
            catalog.publish(new PublishRequest(
                    List.of(new CatalogChange.MarkAborted(sidecar.operationId())),
                    new TreeMap<>(unchanged),
                    ACTOR,
                    "abort " + sidecar.operationId() + " (" + why + ")",
                    Optional.empty()));
        } catch (ExpectedVersionMismatchException moved) {
            return Optional.empty();
        }
        Failpoints.hit(RecoveryFailpoints.BEFORE_RESTORE);
        return Optional.empty();
    }

    /** Whether every table the operation read is still at the pin it read it at. */
    private static boolean readPinsHold(IntentSidecar sidecar, CatalogSnapshot state) {
        return sidecar.readPins().entrySet().stream()
                .allMatch(e -> state.pinnedVersion(sidecar.branch(), e.getKey()) == e.getValue());
    }

    /**
     * Whether the sidecar is still there. Read after the round's state, so that state is older than any forgetting
     * of this operation: recovery forgets an aborted operation only after it saw the sidecar gone.
     */
    private boolean stillPending(IntentSidecar sidecar) {
        try {
            return catalog.root().readIfExists(sidecar.key()).isPresent();
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + catalog.root().describe(sidecar.key()), e);
        }
    }

    /**
     * Publishes the pins of an operation whose tables all landed, planned on {@code state}: the round's, read before
     * the sidecar was last seen.
     */
    private Optional<RecoveryOutcome> rollForward(
            IntentSidecar sidecar, List<TableState> tables, CatalogSnapshot state) {
        List<CatalogChange> changes = new ArrayList<>();
        List<CatalogChange> merge = sidecar.mergeChanges();
        Map<TableRef, Long> expected = new TreeMap<>();
        List<RecoveryOutcome.TableMove> moves = new ArrayList<>();
        for (TableState t : tables) {
            long target = t.intent.expectedVersion() + 1;
            moves.add(new RecoveryOutcome.TableMove(t.intent.tableKey(), t.intent.expectedVersion(), target));
            if (t.pinned >= target) {
                continue;
            }
            TableRef ref = new TableRef(sidecar.branch(), t.intent.tableKey());
            if (t.intent.expectedVersion() == 0) {
                changes.add(new CatalogChange.RegisterTable(t.intent.tableKey(), t.intent.path()));
            }
            changes.add(new CatalogChange.SetPin(
                    sidecar.branch(),
                    t.intent.tableKey(),
                    new Pin(target, t.versions.rowCount(target), t.intent.lanceBranch())));
            expected.put(ref, t.intent.expectedVersion());
        }
        sidecar.readPins().forEach((key, pin) -> expected.putIfAbsent(new TableRef(sidecar.branch(), key), pin));
        Failpoints.hit(RecoveryFailpoints.BEFORE_PUBLISH);
        if (!changes.isEmpty()) {
            changes.addAll(0, merge);
            try {
                catalog.publish(new PublishRequest(
                        changes,
                        new TreeMap<>(expected),
                        ACTOR,
                        "roll forward " + sidecar.operationId(),
                        Optional.of(sidecar.operationId()),
                        sidecar.summary(),
                        java.util.OptionalLong.of(state.manifestVersion())));
            } catch (ExpectedVersionMismatchException
                    | dev.plainlance.catalog.OperationAbortedException
                    | dev.plainlance.catalog.StalePublishException moved) {
                return Optional.empty();
            }
        }
        return Optional.of(finish(sidecar, RecoveryOutcome.Kind.ROLLED_FORWARD, moves));
    }

    /** Restores the operation's tables; empty when the pins moved meanwhile, as for the roll forward and the abort. */
    private Optional<RecoveryOutcome> rollBack(IntentSidecar sidecar, List<TableState> tables, CatalogSnapshot state) {
        List<CatalogChange> changes = new ArrayList<>();
        Map<TableRef, Long> expected = new TreeMap<>();
        List<RecoveryOutcome.TableMove> moves = new ArrayList<>();
        for (TableState t : tables) {
            if (t.intent.expectedVersion() == 0 || t.lineGone) {
                continue;
            }
            Optional<Long> restored = restore(sidecar, t);
            if (restored.isEmpty()) {
                continue;
            }
            moves.add(new RecoveryOutcome.TableMove(t.intent.tableKey(), t.intent.expectedVersion(), restored.get()));
            if (t.pinned >= restored.get()) {
                continue; // republished by an earlier recoverer, and later writers may have gone on since
            }
            changes.add(new CatalogChange.SetPin(
                    sidecar.branch(),
                    t.intent.tableKey(),
                    new Pin(
                            restored.get(),
                            state.pin(sidecar.branch(), t.intent.tableKey())
                                    .orElseThrow()
                                    .rowCount(),
                            t.intent.lanceBranch())));
            expected.put(new TableRef(sidecar.branch(), t.intent.tableKey()), t.intent.expectedVersion());
        }
        Failpoints.hit(RecoveryFailpoints.BEFORE_PUBLISH);
        if (!changes.isEmpty()) {
            try {
                catalog.publish(new PublishRequest(
                        changes,
                        new TreeMap<>(expected),
                        ACTOR,
                        "roll back " + sidecar.operationId(),
                        Optional.empty()));
            } catch (ExpectedVersionMismatchException moved) {
                return Optional.empty();
            }
        }
        return Optional.of(finish(sidecar, RecoveryOutcome.Kind.ROLLED_BACK, moves));
    }

    /**
     * Gives the table a restore of its pinned content right after the operation's commit (or in its place), and
     * returns that version; empty when the operation never reached the table and someone else owns the version.
     */
    private Optional<Long> restore(IntentSidecar sidecar, TableState t) {
        long expected = t.intent.expectedVersion();
        String rollbackUuid = rollbackUuid(sidecar.operationId(), t.intent.tableKey());
        for (long v = expected + 1; v <= expected + 2; v++) {
            Optional<String> uuid = t.versions.uuidAt(v);
            if (uuid.isEmpty()) {
                try {
                    t.versions.restoreExactly(v - 1, expected, rollbackUuid, catalog.tableEnv());
                    return Optional.of(v);
                } catch (CommitConflictException raced) {
                    uuid = t.versions.uuidAt(v);
                }
            }
            if (uuid.get().equals(rollbackUuid)) {
                return Optional.of(v);
            }
            if (!uuid.get().equals(t.intent.transactionUuid())) {
                if (v == expected + 1) {
                    return Optional.empty();
                }
                throw new RecoveryInvariantException(
                        IntentSidecar.key(sidecar.operationId()),
                        "table "
                                + t.intent.tableKey() + " has version " + v + " by another writer on top of this"
                                + " operation's unpublished commit");
            }
        }
        throw new RecoveryInvariantException(
                IntentSidecar.key(sidecar.operationId()),
                "table " + t.intent.tableKey() + " committed this operation twice");
    }

    private RecoveryOutcome finish(
            IntentSidecar sidecar, RecoveryOutcome.Kind kind, List<RecoveryOutcome.TableMove> moves) {
        Failpoints.hit(RecoveryFailpoints.BEFORE_AUDIT);
        audit.record(new AuditRecord(
                sidecar.operationId(),
                kind,
                sidecar.actor(),
                sidecar.writer(),
                sidecar.branch(),
                moves,
                options.catalog().clock().instant()));
        Failpoints.hit(RecoveryFailpoints.BEFORE_SIDECAR_DELETE);
        try {
            catalog.root().delete(sidecar.key());
        } catch (IOException e) {
            throw new LanceIOException(
                    "recovered " + sidecar.operationId() + " but cannot delete "
                            + catalog.root().describe(sidecar.key()) + "; the next sweep finishes it",
                    e);
        }
        if (kind == RecoveryOutcome.Kind.ROLLED_BACK) {
            try {
                forgetAborted();
            } catch (RuntimeException e) {
                // best effort: the operation is rolled back either way; a later roll back forgets them
            }
        }
        return new RecoveryOutcome(sidecar.operationId(), kind, moves);
    }

    /**
     * Once the state holds at least {@link RecoveryOptions#forgetAbortedAt()} aborted operations, forgets those
     * whose sidecars are gone, raising the operation floor (docs/multi-table-commits.md, "Forgetting aborted
     * operations"). The order is what makes it safe: list the sidecars first, then read the state the ids are
     * taken from, so every recoverer that saw one of them read its state before the listing, and every writer of
     * one read its base before its abort mark.
     *
     * @return the operations forgotten
     */
    java.util.Set<String> forgetAborted() {
        if (catalog.snapshot().abortedOperations().size() < options.forgetAbortedAt()) {
            return java.util.Set.of();
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        pending(catalog.root()).forEach(key -> listed.add(operationIdOf(key)));
        CatalogSnapshot state = catalog.snapshot();
        java.util.Set<String> gone = new java.util.TreeSet<>(state.abortedOperations());
        gone.removeAll(listed);
        if (gone.isEmpty()) {
            return gone;
        }
        catalog.publish(new PublishRequest(
                List.of(new CatalogChange.ForgetAborted(gone)),
                new TreeMap<>(),
                ACTOR,
                "forget " + gone.size() + " aborted operations (their sidecars are gone)",
                Optional.empty()));
        return gone;
    }

    /**
     * Refuses, before any effect, a sidecar whose identity does not match what the catalog and its tables hold, so
     * that no decision can leave one of its tables above its pin while restoring another. For each table:
     * <ul>
     *   <li>the catalog registers the key at the sidecar's path (or, for a table the operation creates, not at
     *       another path);</li>
     *   <li>version {@code e + 1} is the operation's commit (uuid), recovery's restore, absent with HEAD and pin
     *       both at {@code e}, or another operation's commit that is published or claimed by another pending
     *       sidecar, with the table's HEAD explained the same way;</li>
     *   <li>a table holding the operation's commit, still unpublished, has nothing on top but recovery's restore.</li>
     * </ul>
     * The other sidecars are listed before the state is read, so one that finished since shows as published.
     *
     * @throws RecoveryInvariantException naming the sidecar and the table
     */
    private void checkIdentity(IntentSidecar sidecar, CatalogSnapshot state, List<IntentSidecar> others, String file) {
        for (TableIntent intent : sidecar.tables()) {
            String key = intent.tableKey();
            long e = intent.expectedVersion();
            Optional<String> registered = state.path(key);
            if (registered.isPresent() && !registered.get().equals(intent.path()) || registered.isEmpty() && e > 0) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + key + " is registered at " + registered.orElse("no path") + ", not at the sidecar's "
                                + intent.path());
            }
            if (lineGone(sidecar, intent, state)) {
                continue;
            }
            TableVersions versions = TableVersions.of(catalog, intent.path(), intent.lanceBranch());
            long pinned = state.pinnedVersion(sidecar.branch(), key);
            long head = versions.head();
            Optional<String> next = versions.uuidAt(e + 1);
            String rollback = rollbackUuid(sidecar.operationId(), key);
            String problem = null;
            if (next.isEmpty()) {
                if (head != e || pinned != e) {
                    problem = "the sidecar expects version " + e + " but the table is pinned at " + pinned
                            + " with HEAD " + head;
                }
            } else if (next.get().equals(intent.transactionUuid())) {
                if (pinned == e
                        && head > e + 1
                        && !versions.uuidAt(e + 2).filter(rollback::equals).isPresent()) {
                    problem = "version " + (e + 2) + " was committed by another writer on top of this operation's"
                            + " unpublished version " + (e + 1);
                }
            } else if (!next.get().equals(rollback)) {
                boolean explained = pinned > e
                        ? head == pinned || claimed(others, intent, pinned, versions.uuidAt(pinned + 1))
                        : pinned == e && claimed(others, intent, e, next);
                if (!explained) {
                    problem = "version " + (e + 1) + " carries transaction " + next.get() + ", not this operation's "
                            + intent.transactionUuid() + ", and no published or pending operation explains it"
                            + " (pinned at " + pinned + ", HEAD " + head + ")";
                }
            }
            if (problem != null) {
                throw new RecoveryInvariantException(file, "table " + key + ": " + problem);
            }
        }
    }

    /**
     * Whether another pending sidecar names the line of {@code intent}, expecting {@code version}, and {@code uuid} is
     * its operation's commit or the restore a recoverer of it commits there (published only after that restore).
     */
    private static boolean claimed(
            List<IntentSidecar> others, TableIntent intent, long version, Optional<String> uuid) {
        if (uuid.isEmpty()) {
            return false;
        }
        for (IntentSidecar other : others) {
            for (TableIntent t : other.tables()) {
                if (t.path().equals(intent.path())
                        && t.lanceBranch().equals(intent.lanceBranch())
                        && t.expectedVersion() == version
                        && (t.transactionUuid().equals(uuid.get())
                                || rollbackUuid(other.operationId(), t.tableKey())
                                        .equals(uuid.get()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The readable pending sidecars other than {@code sidecar}. */
    private List<IntentSidecar> otherPending(IntentSidecar sidecar) {
        List<IntentSidecar> out = new ArrayList<>();
        for (String key : pending(catalog.root())) {
            if (key.equals(sidecar.key())) {
                continue;
            }
            try {
                read(key).ifPresent(out::add);
            } catch (CorruptSidecarException unreadable) {
                // names nothing it can be trusted on
            }
        }
        return out;
    }

    private List<TableState> classify(IntentSidecar sidecar, CatalogSnapshot state, String file) {
        List<TableState> out = new ArrayList<>();
        for (TableIntent intent : sidecar.tables()) {
            TableVersions versions = TableVersions.of(catalog, intent.path(), intent.lanceBranch());
            long pinned = state.pinnedVersion(sidecar.branch(), intent.tableKey());
            boolean landed = versions.uuidAt(intent.expectedVersion() + 1)
                    .filter(intent.transactionUuid()::equals)
                    .isPresent();
            if (lineGone(sidecar, intent, state)) {
                out.add(new TableState(intent, versions, pinned, landed, true));
                continue;
            }
            long head = versions.head();
            if (head < pinned) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + intent.tableKey() + " is at version " + head + ", below its pin " + pinned
                                + " on branch " + sidecar.branch());
            }
            if (landed && pinned < intent.expectedVersion()) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + intent.tableKey() + " is pinned at " + pinned + ", below the version "
                                + intent.expectedVersion() + " this operation started from");
            }
            out.add(new TableState(intent, versions, pinned, landed, false));
        }
        return out;
    }

    /**
     * Whether no branch pins the table on the Lance branch the operation committed on: the catalog branch that forked
     * it was deleted (or deleted and made again) since. Such an operation can never be published; it is rolled back
     * without touching the line, which nothing reads. The main line, which main always pins, is never gone: a sidecar
     * claiming a branch that does not pin its table there is refused as before.
     */
    private static boolean lineGone(IntentSidecar sidecar, TableIntent intent, CatalogSnapshot state) {
        return intent.lanceBranch().isPresent()
                && intent.expectedVersion() > 0
                && state.pins().values().stream()
                        .map(byKey -> byKey.get(intent.tableKey()))
                        .noneMatch(pin -> pin != null && intent.onLineOf(pin));
    }

    /** The uuid of the restore recovery commits for one table of one operation: the same for every recoverer. */
    static String rollbackUuid(String operationId, String tableKey) {
        return UUID.nameUUIDFromBytes(
                        ("plainlance-rollback/" + operationId + "/" + tableKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String operationIdOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    /** Where an operator's quarantined sidecars go; {@link #pending} does not list them. */
    public static final String QUARANTINE_DIR = IntentSidecar.DIR + "/quarantine";

    /**
     * Sets aside the sidecar of {@code operationId}, which recovery refuses (it cannot be read, or does not match the
     * tables): copies it into {@link #QUARANTINE_DIR}, appends a {@code QUARANTINED} audit row, then removes it from
     * the pending ones. Each step is idempotent, so a crash is finished by running it again. Tables above their pin
     * stay blocked by the pin check; the sidecar's content is kept for the operator.
     *
     * @return the key of the quarantined copy
     * @throws IllegalStateException when recovery can decide the sidecar (then {@code recover} it instead)
     */
    String quarantine(String operationId) {
        if (operationId == null || !operationId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException(
                    "invalid sidecar id " + dev.plainlance.catalog.TableKeys.escaped(operationId)
                            + ": give the file name in " + IntentSidecar.DIR + "/ without '.json'");
        }
        String key = IntentSidecar.key(operationId);
        String target = QUARANTINE_DIR + "/" + operationId + ".json";
        Optional<byte[]> bytes;
        try {
            bytes = catalog.root().readIfExists(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + catalog.root().describe(key), e);
        }
        if (bytes.isEmpty()) {
            throw new dev.plainlance.lance.error.NotFoundException(
                    "no pending sidecar " + catalog.root().describe(key));
        }
        Optional<IntentSidecar> sidecar;
        try {
            sidecar = Optional.of(
                    SidecarCodec.decode(bytes.get(), key, catalog.root().describe(key)));
        } catch (CorruptSidecarException unreadable) {
            sidecar = Optional.empty();
        }
        if (sidecar.isPresent() && refusal(key).isEmpty()) {
            throw new IllegalStateException("sidecar " + catalog.root().describe(key) + " can be recovered; run"
                    + " 'plainlance catalog recover' instead (only a sidecar recovery refuses can be quarantined)");
        }
        try {
            catalog.root().putIfAbsent(target, bytes.get());
        } catch (dev.plainlance.lance.io.ObjectAlreadyExistsException done) {
            // an earlier quarantine of the same sidecar got this far
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + catalog.root().describe(target), e);
        }
        CatalogSnapshot state = catalog.snapshot();
        audit.record(new AuditRecord(
                operationId,
                RecoveryOutcome.Kind.QUARANTINED,
                sidecar.flatMap(IntentSidecar::actor),
                sidecar.map(IntentSidecar::writer).orElse("unknown"),
                sidecar.map(IntentSidecar::branch).orElse(""),
                sidecar.map(s -> s.tables().stream()
                                .map(t -> {
                                    long pin = state.pinnedVersion(s.branch(), t.tableKey());
                                    return new RecoveryOutcome.TableMove(t.tableKey(), pin, pin);
                                })
                                .toList())
                        .orElse(List.of()),
                options.catalog().clock().instant()));
        try {
            catalog.root().delete(key);
        } catch (IOException e) {
            throw new LanceIOException(
                    "quarantined " + operationId + " but cannot delete "
                            + catalog.root().describe(key) + "; run the quarantine again",
                    e);
        }
        return target;
    }

    /** The audit trail of this catalog. */
    List<AuditRecord> auditRecords() {
        return audit.read();
    }

    private record TableState(
            TableIntent intent, TableVersions versions, long pinned, boolean landed, boolean lineGone) {
        boolean published() {
            return !lineGone && pinned > intent.expectedVersion();
        }
    }
}
