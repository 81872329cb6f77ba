package dev.plainlance.recovery;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogBranch;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.CatalogView;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableKeys;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.operation.Compact;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog opened for work: {@link OpenMode#READ_WRITE} sessions recover pending operations at open (and again
 * before each commit, so a crashed writer never wedges later ones beyond its lease); {@link OpenMode#READ_ONLY}
 * sessions never write and read every table at its pin, which is always a whole operation.
 */
public final class CatalogSession implements AutoCloseable {
    private final Catalog catalog;
    private final OpenMode mode;
    private final RecoveryOptions options;
    private final RecoverySweep sweep;
    private final List<RecoveryOutcome> openingSweep;

    private CatalogSession(Catalog catalog, OpenMode mode, RecoveryOptions options) {
        this.catalog = catalog;
        this.mode = mode;
        this.options = options;
        this.sweep = new RecoverySweep(catalog, options);
        this.openingSweep = mode == OpenMode.READ_WRITE ? sweep.run() : List.of();
    }

    /** Creates a catalog in {@code root} and opens it read-write. */
    public static CatalogSession create(Storage root, RecoveryOptions options, String actor) {
        Catalog.create(root, options.catalog(), actor).close();
        return open(root, OpenMode.READ_WRITE, options);
    }

    /**
     * Opens the catalog in {@code root}; a read-write open first recovers every pending operation whose lease has
     * expired. A pending operation that cannot be decided safely does not stop the open: it is reported as
     * {@link RecoveryOutcome.Kind#REFUSED} in {@link #openingSweep()}, and only writes to its tables are refused.
     */
    public static CatalogSession open(Storage root, OpenMode mode, RecoveryOptions options) {
        Catalog catalog = Catalog.open(root, options.catalog());
        try {
            return new CatalogSession(catalog, mode, options);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** The current catalog state. */
    public CatalogSnapshot snapshot() {
        return catalog.snapshot();
    }

    /** What the opening sweep did (empty for read-only sessions). */
    public List<RecoveryOutcome> openingSweep() {
        return openingSweep;
    }

    /** Sidecars of operations not finished or not yet recovered, oldest first. */
    public List<String> pendingSidecars() {
        return RecoverySweep.pending(catalog.root());
    }

    /** Runs the sweep now, e.g. after a lease expired. */
    public List<RecoveryOutcome> recover() {
        requireWritable("recover");
        return sweep.run();
    }

    /**
     * Recovers pending operations, then removes old catalog states and table versions that no retained state, tag
     * or pending operation references; see {@link CatalogCleanup} for what is retained.
     */
    public CatalogCleanup.Result cleanup(java.time.Duration olderThan, int keep) {
        requireWritable("clean up");
        sweep.run();
        return new CatalogCleanup(catalog, options.lease()).run(olderThan, keep);
    }

    /**
     * Sets aside a pending sidecar that recovery refuses, with an audit row; see {@link RecoverySweep#quarantine}.
     *
     * @return the key of the quarantined copy, under {@code __recovery/quarantine/}
     */
    public String quarantine(String operationId) {
        requireWritable("quarantine");
        return sweep.quarantine(operationId);
    }

    /** A new atomic change on the main branch. */
    public MultiTableCommit newCommit() {
        return newCommit(CatalogSnapshot.MAIN);
    }

    /** A new atomic change on {@code branch}. */
    public MultiTableCommit newCommit(String branch) {
        requireWritable("commit");
        return new MultiTableCommit(this, branch);
    }

    /**
     * Compacts the table {@code key} of {@code branch} through the catalog: its small fragments are rewritten and
     * committed exactly at the pin's next version, which is published as the new pin in the same atomic step as any
     * multi-table commit, so writers of the table keep working. Commits nothing when there is nothing to compact.
     */
    public MultiTableCommit.Result compact(String branch, String key, CompactionOptions options) {
        return newCommit(branch)
                .apply(key, Compact.idsAtCommit(options))
                .actor("plainlance:compaction")
                .message("compact " + key)
                .commit();
    }

    /**
     * Creates branch {@code name} from {@code from} as it is now, or as commit {@code atCommit} (a commit of any
     * branch) left it: the new branch pins the same table versions and starts its history at that commit. Nothing is
     * copied; each table gets a Lance branch of its own on its first write there, so writers of the two branches never
     * move each other's table heads.
     *
     * @throws dev.plainlance.catalog.InvalidNameException for a bad name, before anything is written
     * @throws IllegalArgumentException if the branch exists, {@code from} does not, or no stored commit has the id
     */
    public CatalogSnapshot createBranch(String name, String from, Optional<String> atCommit, String actor) {
        requireWritable("create a branch");
        TableKeys.checkBranch(name);
        TableKeys.checkBranch(from);
        CatalogSnapshot current = snapshot();
        CatalogSnapshot source = current;
        String sourceBranch = from;
        if (atCommit.isPresent()) {
            CatalogCommit commit = catalog.log().stream()
                    .filter(c -> c.id().equals(atCommit.get()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no commit " + atCommit.get()
                            + " in the catalog at " + catalog.root().describe("")));
            source = catalog.snapshotAt(commit.manifestVersion());
            sourceBranch = commit.branch();
        } else if (!from.equals(CatalogSnapshot.MAIN) && !current.branches().contains(from)) {
            throw new IllegalArgumentException(
                    "no branch " + from + " in the catalog at " + catalog.root().describe(""));
        }
        String fork = atCommit.orElseGet(
                () -> current.headOf(from).orElse(current.head().id()));
        CatalogBranch branch = new CatalogBranch(
                name, catalog.options().ids().next().toLowerCase(java.util.Locale.ROOT), sourceBranch, fork);
        List<CatalogChange> changes = new ArrayList<>();
        changes.add(new CatalogChange.CreateBranch(branch));
        CatalogSnapshot pinned = source;
        pinned.pins(sourceBranch).forEach((key, pin) -> {
            if (current.path(key).equals(pinned.path(key))) {
                changes.add(new CatalogChange.SetPin(name, key, pin));
            }
        });
        return catalog.publish(PublishRequest.of(
                        changes, Map.of(), actor, "create branch " + name + " from " + sourceBranch + " at " + fork))
                .snapshot();
    }

    /**
     * Deletes branch {@code name}: its pins and head go; the tables' files stay for the history that still names them
     * (catalog cleanup keeps what retained states pin). A pending operation on the branch is rolled back by recovery.
     *
     * @throws IllegalArgumentException if there is no such branch, or for {@code main}
     */
    public CatalogSnapshot deleteBranch(String name, String actor) {
        requireWritable("delete a branch");
        return catalog.publish(PublishRequest.of(
                        List.of(new CatalogChange.DeleteBranch(name)), Map.of(), actor, "delete branch " + name))
                .snapshot();
    }

    /** A read view of the current state on the main branch: it keeps reading that state for its whole life. */
    public CatalogView view() {
        return view(CatalogSnapshot.MAIN);
    }

    /** A read view of the current state on {@code branch}. */
    public CatalogView view(String branch) {
        return catalog.view(snapshot(), branch);
    }

    /** The table {@code key} at its pin on the main branch. */
    public Dataset openTable(String key) {
        return openTable(CatalogSnapshot.MAIN, key);
    }

    /**
     * The table {@code key} at its pin on {@code branch}, in the current state; the dataset allocates from an
     * allocator of its own, released by closing it.
     */
    public Dataset openTable(String branch, String key) {
        TableSnapshot table = view(branch).table(key);
        return Dataset.open(
                table.storage(),
                table.name(),
                new ReadOptions.Builder().setVersion(table.version()).build());
    }

    /** The audit trail of recoveries, oldest first. */
    public List<AuditRecord> audit() {
        return sweep.auditRecords();
    }

    public Catalog catalog() {
        return catalog;
    }

    public OpenMode mode() {
        return mode;
    }

    RecoveryOptions options() {
        return options;
    }

    RecoverySweep sweep() {
        return sweep;
    }

    /** Recovery at a write's entry, so a crashed writer never blocks this one beyond its lease. */
    List<RecoveryOutcome> heal() {
        return sweep.run();
    }

    private void requireWritable(String what) {
        if (mode != OpenMode.READ_WRITE) {
            throw new IllegalStateException("cannot " + what + ": the catalog is open read-only");
        }
    }

    @Override
    public void close() {
        catalog.close();
    }
}
