package dev.plainlance.recovery;

import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.catalog.OperationAbortedException;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableKeys;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.LanceIOException;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CatalogTableException;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.write.DataFileNames;
import dev.plainlance.lance.write.DatasetWriter;
import dev.plainlance.lance.write.RowDeleter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * One atomic change to several tables of a catalog: build it with {@link #append}, {@link #overwrite},
 * {@link #delete} and {@link #createTable}, then {@link #commit()}, which reads and closes the given readers. Readers that read through the catalog's pins
 * see all of it or none of it, whatever happens to this process.
 *
 * <ol>
 *   <li><b>Phase A.</b> Each table's data files are written and its Lance transaction staged at the pinned version
 *       {@code e}; then the intent sidecar {@code __recovery/{operation}.json} is written with put-if-absent.</li>
 *   <li><b>Phase B.</b> Each table, in key order, commits its transaction exactly as version {@code e + 1}.</li>
 *   <li><b>Phase C.</b> The pins {@code e + 1} are published, expecting {@code e}, on behalf of the operation.</li>
 *   <li><b>Phase D.</b> The sidecar is deleted, best effort.</li>
 * </ol>
 * If another writer wins a table version or a pin first, this operation is rolled back at once (by the same
 * recovery code a later open would run) and {@link CommitConflictException} is thrown: nothing of it is visible and
 * the caller may retry from the new state.
 */
public final class MultiTableCommit {
    private final CatalogSession session;
    private final String branch;
    private final String operationId;
    private final Map<String, TableWrite> writes = new TreeMap<>();
    private Optional<String> actor = Optional.empty();
    private String message = "multi-table commit";

    MultiTableCommit(CatalogSession session, String branch) {
        this.session = session;
        this.branch = TableKeys.checkBranch(branch);
        this.operationId = session.options().catalog().ids().next();
    }

    /** The id of this operation: its sidecar's name, and the operation id of its catalog commit. */
    public String operationId() {
        return operationId;
    }

    /** The result of a commit: the operation id and each table's new pinned version. */
    public record Result(String operationId, SortedMap<String, Long> versions) {}

    private enum Kind {
        APPEND,
        OVERWRITE,
        DELETE,
        CREATE
    }

    private record TableWrite(Kind kind, ArrowReader data, String predicate) {}

    /** Appends the rows of {@code data} (read during {@link #commit()}) to the registered table {@code key}. */
    public MultiTableCommit append(String key, ArrowReader data) {
        return add(key, new TableWrite(Kind.APPEND, data, null));
    }

    /** Replaces the content (and schema) of the registered table {@code key} with {@code data}. */
    public MultiTableCommit overwrite(String key, ArrowReader data) {
        return add(key, new TableWrite(Kind.OVERWRITE, data, null));
    }

    /** Deletes the rows of the registered table {@code key} matching the SQL {@code predicate}. */
    public MultiTableCommit delete(String key, String predicate) {
        return add(key, new TableWrite(Kind.DELETE, null, predicate));
    }

    /** Creates and registers the new table {@code key} with the rows of {@code data}. */
    public MultiTableCommit createTable(String key, ArrowReader data) {
        return add(key, new TableWrite(Kind.CREATE, data, null));
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
     * @throws dev.plainlance.catalog.InvalidNameException for a bad key, before anything is written (the given
     *     reader is closed)
     */
    private MultiTableCommit add(String key, TableWrite write) {
        try {
            TableKeys.check(key);
        } catch (IllegalArgumentException e) {
            closeInputs(List.of(write));
            throw e;
        }
        if (writes.putIfAbsent(key, write) != null) {
            throw new IllegalArgumentException("table " + key + " appears twice in one commit");
        }
        return this;
    }

    /** A table's part of the operation, after staging. */
    private record Staged(
            String key,
            String path,
            long expected,
            Transaction txn,
            ManifestNaming naming,
            ManifestBuilder.NewDatasetOptions creation) {}

    /**
     * Runs phases A to D.
     *
     * @throws CommitConflictException when another writer moved one of the tables first; nothing is visible
     * @throws ExpectedVersionMismatchException when a table is not at its pin (a pending operation of another
     *     writer holds it); nothing was written
     * @throws dev.plainlance.lance.commit.CommitOutcomeUnknownException when the storage failed so that whether
     *     a table commit or the publish landed cannot be read back; the sidecar stays, and the next read-write
     *     open recovers the operation whole or not at all
     */
    public Result commit() {
        if (writes.isEmpty()) {
            throw new IllegalArgumentException("a multi-table commit needs at least one table");
        }
        try {
            refuseBlockedTables(session.heal());
        } catch (RuntimeException | Error e) {
            closeInputs();
            throw e;
        }
        CatalogSnapshot state = session.snapshot();
        List<Staged> staged = stage(state, operationId);
        if (staged.isEmpty()) {
            return new Result(operationId, new TreeMap<>());
        }
        Failpoints.hit(RecoveryFailpoints.STAGED);
        IntentSidecar sidecar = writeSidecar(operationId, staged);
        Failpoints.hit(RecoveryFailpoints.SIDECAR_WRITTEN);
        for (Staged table : staged) {
            try {
                new TableVersions(session.catalog().tableStorage(table.path))
                        .commitExactly(
                                table.txn,
                                table.naming,
                                table.creation,
                                session.options().catalog().clock());
            } catch (CommitConflictException lost) {
                throw abandon(
                        sidecar,
                        "table " + table.key + " version " + (table.expected + 1) + " was taken by another writer");
            }
            Failpoints.hit(RecoveryFailpoints.TABLE_COMMITTED);
        }
        SortedMap<String, Long> versions = publish(sidecar, staged);
        Failpoints.hit(RecoveryFailpoints.PUBLISHED);
        try {
            session.catalog().root().delete(sidecar.key());
        } catch (IOException | RuntimeException e) {
            // best effort: the operation is published; the next sweep removes the sidecar
        }
        Failpoints.hit(RecoveryFailpoints.SIDECAR_DELETED);
        return new Result(operationId, versions);
    }

    /** Writers are blocked only on the tables a refused pending operation names. */
    private void refuseBlockedTables(List<RecoveryOutcome> healed) {
        for (RecoveryOutcome outcome : healed) {
            for (String key : writes.keySet()) {
                if (outcome.blockedTables().contains(key)) {
                    throw new TableBlockedException(
                            key, outcome.operationId(), outcome.refusal().orElseThrow());
                }
            }
        }
    }

    private List<Staged> stage(CatalogSnapshot state, String operationId) {
        List<Staged> staged = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Map.Entry<String, TableWrite> entry : writes.entrySet()) {
                String key = entry.getKey();
                TableWrite write = entry.getValue();
                String path;
                long expected;
                if (write.kind == Kind.CREATE) {
                    if (state.path(key).isPresent()) {
                        throw new IllegalArgumentException("table " + key + " already exists");
                    }
                    path = "tables/" + key + "-" + operationId.toLowerCase(java.util.Locale.ROOT);
                    expected = 0;
                } else {
                    path = state.path(key)
                            .orElseThrow(() -> new IllegalArgumentException("no table " + key + " in the catalog at "
                                    + session.catalog().root().describe("")));
                    expected = state.pinnedVersion(branch, key);
                }
                Storage storage = session.catalog().tableStorage(path);
                long head = new TableVersions(storage).head();
                if (head != expected) {
                    throw ExpectedVersionMismatchException.headNotAtPin(new TableRef(branch, key), expected, head);
                }
                stageOne(key, path, expected, write, storage, allocator).ifPresent(staged::add);
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot stage multi-table commit " + operationId, e);
        } finally {
            closeInputs();
        }
        return staged;
    }

    private void closeInputs() {
        closeInputs(writes.values());
    }

    private static void closeInputs(java.util.Collection<TableWrite> inputs) {
        for (TableWrite write : inputs) {
            if (write.data != null) {
                try {
                    write.data.close();
                } catch (IOException | RuntimeException ignored) {
                    // the input is spent either way
                }
            }
        }
    }

    private Optional<Staged> stageOne(
            String key, String path, long expected, TableWrite write, Storage storage, BufferAllocator allocator)
            throws IOException {
        var uuids = session.options().catalog().uuids();
        if (write.kind == Kind.DELETE) {
            try (Dataset dataset = Dataset.open(
                    storage,
                    storage.describe(""),
                    new ReadOptions.Builder().setVersion(expected).build())) {
                Transaction txn = new RowDeleter(
                                allocator, () -> uuids.get().getLeastSignificantBits() & Long.MAX_VALUE)
                        .stage(dataset, write.predicate);
                if (txn.getDelete().getUpdatedFragmentsCount() == 0
                        && txn.getDelete().getDeletedFragmentIdsCount() == 0) {
                    return Optional.empty();
                }
                return Optional.of(new Staged(
                        key,
                        path,
                        expected,
                        txn.toBuilder().setUuid(uuids.get().toString()).build(),
                        ManifestNaming.V2,
                        new ManifestBuilder.NewDatasetOptions("", false)));
            }
        }
        WriteParams.WriteMode mode =
                switch (write.kind) {
                    case APPEND -> WriteParams.WriteMode.APPEND;
                    case OVERWRITE -> WriteParams.WriteMode.OVERWRITE;
                    default -> WriteParams.WriteMode.CREATE;
                };
        DatasetWriter.StagedWrite stagedWrite = new DatasetWriter(storage, new DataFileNames(uuids), uuids)
                .stage(
                        write.data,
                        new WriteParams.Builder()
                                .withMode(mode)
                                .withEnableV2ManifestPaths(true)
                                .build());
        Transaction.Builder txn = stagedWrite.transaction().toBuilder().setReadVersion(expected);
        if (write.kind == Kind.CREATE) {
            txn.getOverwriteBuilder().putConfigUpsertValues(CatalogTableException.MARKER, key);
        }
        return Optional.of(new Staged(key, path, expected, txn.build(), stagedWrite.naming(), stagedWrite.creation()));
    }

    private IntentSidecar writeSidecar(String operationId, List<Staged> staged) {
        List<TableIntent> intents = staged.stream()
                .map(t -> new TableIntent(t.key, t.path, t.expected, t.txn.getUuid()))
                .toList();
        IntentSidecar sidecar = new IntentSidecar(
                IntentSidecar.SCHEMA_VERSION,
                operationId,
                session.options().catalog().clock().instant(),
                branch,
                actor,
                session.options().writerKind(),
                intents);
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

    private SortedMap<String, Long> publish(IntentSidecar sidecar, List<Staged> staged) {
        List<CatalogChange> changes = new ArrayList<>();
        Map<TableRef, Long> expected = new TreeMap<>();
        SortedMap<String, Long> versions = new TreeMap<>();
        for (Staged table : staged) {
            long version = table.expected + 1;
            if (table.expected == 0) {
                changes.add(new CatalogChange.RegisterTable(table.key, table.path));
            }
            long rows = new TableVersions(session.catalog().tableStorage(table.path)).rowCount(version);
            changes.add(new CatalogChange.SetPin(branch, table.key, new Pin(version, rows)));
            expected.put(new TableRef(branch, table.key), table.expected);
            versions.put(table.key, version);
        }
        try {
            session.catalog()
                    .publish(new PublishRequest(
                            changes,
                            new TreeMap<>(expected),
                            actor.orElse("anonymous"),
                            message,
                            Optional.of(sidecar.operationId())));
        } catch (ExpectedVersionMismatchException | OperationAbortedException lost) {
            session.sweep().recover(sidecar.key(), true);
            if (!published(sidecar)) {
                throw new CommitConflictException(
                        "multi-table commit " + sidecar.operationId() + " rolled back: " + lost.getMessage());
            }
        }
        return versions;
    }

    /**
     * Whether the operation is published, decided from the catalog and the tables alone: a concurrent recovery
     * may have rolled it forward and deleted the sidecar already.
     */
    private boolean published(IntentSidecar sidecar) {
        CatalogSnapshot state = session.snapshot();
        if (state.isAborted(sidecar.operationId())) {
            return false;
        }
        for (TableIntent table : sidecar.tables()) {
            TableVersions versions = new TableVersions(session.catalog().tableStorage(table.path()));
            if (state.pinnedVersion(sidecar.branch(), table.tableKey()) <= table.expectedVersion()
                    || !versions.uuidAt(table.expectedVersion() + 1)
                            .filter(table.transactionUuid()::equals)
                            .isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Undoes this operation now, through recovery (it cannot roll forward: a table lost), and reports it. */
    private CommitConflictException abandon(IntentSidecar sidecar, String why) {
        session.sweep().recover(sidecar.key(), true);
        return new CommitConflictException("multi-table commit " + sidecar.operationId() + " rolled back: " + why);
    }
}
