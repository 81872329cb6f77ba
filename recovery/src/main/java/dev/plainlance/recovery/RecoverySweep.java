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

    /** Recovers every pending sidecar whose lease has expired. */
    public List<RecoveryOutcome> run() {
        List<String> keys = pending(catalog.root());
        Failpoints.hit(RecoveryFailpoints.LISTED);
        List<RecoveryOutcome> outcomes = new ArrayList<>();
        for (String key : keys) {
            outcomes.add(recover(key, false));
        }
        return outcomes;
    }

    /**
     * Recovers one sidecar. {@code ignoreLease} is for the sidecar's own writer, which knows it has stopped.
     *
     * @throws CorruptSidecarException when the sidecar cannot be trusted
     * @throws RecoveryInvariantException when the tables contradict the protocol
     */
    public RecoveryOutcome recover(String key, boolean ignoreLease) {
        Optional<byte[]> bytes;
        try {
            bytes = catalog.root().readIfExists(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + catalog.root().describe(key), e);
        }
        String file = catalog.root().describe(key);
        if (bytes.isEmpty()) {
            return new RecoveryOutcome(operationIdOf(key), RecoveryOutcome.Kind.NOTHING_TO_DO, List.of());
        }
        IntentSidecar sidecar = SidecarCodec.decode(bytes.get(), key, file);
        if (!ignoreLease
                && sidecar.startedAt()
                        .plus(options.lease())
                        .isAfter(options.catalog().clock().instant())) {
            return new RecoveryOutcome(sidecar.operationId(), RecoveryOutcome.Kind.DEFERRED, List.of());
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<RecoveryOutcome> done = attempt(sidecar, file);
            if (done.isPresent()) {
                return done.get();
            }
        }
        throw new CommitConflictException("recovery of " + file + " kept racing with concurrent publishes");
    }

    /** One decision round; empty when the state moved under us and the round must be repeated. */
    private Optional<RecoveryOutcome> attempt(IntentSidecar sidecar, String file) {
        CatalogSnapshot state = catalog.snapshot();
        List<TableState> tables = classify(sidecar, state, file);
        if (state.isAborted(sidecar.operationId())) {
            return Optional.of(rollBack(sidecar, tables, state));
        }
        if (tables.stream().allMatch(TableState::landed)) {
            return rollForward(sidecar, tables);
        }
        for (TableState t : tables) {
            if (t.landed && t.pinned > t.intent.expectedVersion()) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + t.intent.tableKey() + " has this operation" + " published (pinned at " + t.pinned
                                + ") although another of its tables never committed it");
            }
        }
        Map<TableRef, Long> unchanged = new TreeMap<>();
        tables.forEach(t -> unchanged.put(new TableRef(sidecar.branch(), t.intent.tableKey()), t.pinned));
        try {
            catalog.publish(new PublishRequest(
                    List.of(new CatalogChange.MarkAborted(sidecar.operationId())),
                    new TreeMap<>(unchanged),
                    ACTOR,
                    "abort " + sidecar.operationId() + " (not every table committed)",
                    Optional.empty()));
        } catch (ExpectedVersionMismatchException moved) {
            return Optional.empty();
        }
        Failpoints.hit(RecoveryFailpoints.BEFORE_RESTORE);
        return Optional.empty();
    }

    private Optional<RecoveryOutcome> rollForward(IntentSidecar sidecar, List<TableState> tables) {
        List<CatalogChange> changes = new ArrayList<>();
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
                    sidecar.branch(), t.intent.tableKey(), new Pin(target, t.versions.rowCount(target))));
            expected.put(ref, t.intent.expectedVersion());
        }
        Failpoints.hit(RecoveryFailpoints.BEFORE_PUBLISH);
        if (!changes.isEmpty()) {
            try {
                catalog.publish(new PublishRequest(
                        changes,
                        new TreeMap<>(expected),
                        ACTOR,
                        "roll forward " + sidecar.operationId(),
                        Optional.of(sidecar.operationId())));
            } catch (ExpectedVersionMismatchException | dev.plainlance.catalog.OperationAbortedException moved) {
                return Optional.empty();
            }
        }
        return Optional.of(finish(sidecar, RecoveryOutcome.Kind.ROLLED_FORWARD, moves));
    }

    private RecoveryOutcome rollBack(IntentSidecar sidecar, List<TableState> tables, CatalogSnapshot state) {
        List<CatalogChange> changes = new ArrayList<>();
        Map<TableRef, Long> expected = new TreeMap<>();
        List<RecoveryOutcome.TableMove> moves = new ArrayList<>();
        for (TableState t : tables) {
            if (t.intent.expectedVersion() == 0) {
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
                                    .rowCount())));
            expected.put(new TableRef(sidecar.branch(), t.intent.tableKey()), t.intent.expectedVersion());
        }
        Failpoints.hit(RecoveryFailpoints.BEFORE_PUBLISH);
        if (!changes.isEmpty()) {
            catalog.publish(new PublishRequest(
                    changes, new TreeMap<>(expected), ACTOR, "roll back " + sidecar.operationId(), Optional.empty()));
        }
        return finish(sidecar, RecoveryOutcome.Kind.ROLLED_BACK, moves);
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
        return new RecoveryOutcome(sidecar.operationId(), kind, moves);
    }

    private List<TableState> classify(IntentSidecar sidecar, CatalogSnapshot state, String file) {
        List<TableState> out = new ArrayList<>();
        for (TableIntent intent : sidecar.tables()) {
            TableVersions versions = new TableVersions(catalog.tableStorage(intent.path()));
            long pinned = state.pinnedVersion(sidecar.branch(), intent.tableKey());
            long head = versions.head();
            if (head < pinned) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + intent.tableKey() + " is at version " + head + ", below its pin " + pinned
                                + " on branch " + sidecar.branch());
            }
            boolean landed = versions.uuidAt(intent.expectedVersion() + 1)
                    .filter(intent.transactionUuid()::equals)
                    .isPresent();
            if (landed && pinned < intent.expectedVersion()) {
                throw new RecoveryInvariantException(
                        file,
                        "table " + intent.tableKey() + " is pinned at " + pinned + ", below the version "
                                + intent.expectedVersion() + " this operation started from");
            }
            out.add(new TableState(intent, versions, pinned, landed));
        }
        return out;
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

    /** The audit trail of this catalog. */
    List<AuditRecord> auditRecords() {
        return audit.read();
    }

    private record TableState(TableIntent intent, TableVersions versions, long pinned, boolean landed) {}
}
