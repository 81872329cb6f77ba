package dev.plainlance.catalog;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.PrefixedStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.TableCommits;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.WriteSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A folder of Lance tables plus {@code __manifest}, a Lance dataset whose versions are the catalog's states.
 *
 * <p><b>Atomicity contract.</b> {@link #publish} checks the expected versions against state N and creates state
 * N+1 with a put-if-absent commit of exactly version N+1 of {@code __manifest}. Of all publishes built on N at
 * most one succeeds; the others reload N+1, check again, and either retry (bounded by
 * {@link CatalogOptions#retry()}), succeed without writing when N+1 already holds all their changes, or fail
 * with {@link ExpectedVersionMismatchException}. There is no check outside the compare-and-swap.
 *
 * <p><b>Cost.</b> Every state is written whole (O(tables) rows) as an overwrite, so publishing and reading the
 * current state read and write O(tables) bytes and a constant number of objects, however long the history; older
 * states stay readable as older {@code __manifest} versions ({@link #snapshotAt}, {@link #log}).
 */
public final class Catalog implements AutoCloseable {
    /** The catalog's own manifest dataset, relative to the root. */
    public static final String MANIFEST_DIR = "__manifest";
    /** The catalog format this build writes and the newest it reads. */
    public static final int SCHEMA_STAMP = 1;

    private final Storage root;
    private final Storage manifestStorage;
    private final CatalogOptions options;
    private final BufferAllocator allocator = new RootAllocator();
    /**
     * The newest state read, kept to answer {@link #snapshot()} while no newer {@code __manifest} version exists:
     * a version, once written, never changes, so the state decoded from it stays right.
     */
    private volatile CatalogSnapshot newest;

    private Catalog(Storage root, CatalogOptions options) {
        this.root = root;
        this.manifestStorage = new PrefixedStorage(root, MANIFEST_DIR);
        this.options = options;
    }

    /**
     * Creates an empty catalog in {@code root}: {@code __manifest} version 1 carries the schema stamp and the first
     * commit, so a catalog is never visible without its stamp.
     *
     * @throws CatalogFormatException if a catalog already exists there
     */
    public static Catalog create(Storage root, CatalogOptions options, String actor) {
        Catalog catalog = new Catalog(root, options);
        try {
            if (new dev.plainlance.lance.table.ManifestStore(catalog.manifestStorage)
                    .latest()
                    .isPresent()) {
                throw new CatalogFormatException("a catalog already exists at " + root.describe(MANIFEST_DIR));
            }
            CatalogCommit first = new CatalogCommit(
                    options.ids().next(),
                    Optional.empty(),
                    actor,
                    options.clock().instant(),
                    "create catalog",
                    Optional.empty(),
                    1,
                    Map.of());
            catalog.write(
                    new CatalogSnapshot(0, SCHEMA_STAMP, new TreeMap<>(), Set.of(), new TreeMap<>(), Set.of(), first),
                    0);
            return catalog;
        } catch (CommitConflictException raced) {
            catalog.close();
            throw new CatalogFormatException(
                    "a catalog already exists at " + root.describe(MANIFEST_DIR) + " (created concurrently)");
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /**
     * Opens an existing catalog.
     *
     * @throws NotFoundException if there is none at {@code root}
     * @throws CatalogFormatException if it was stamped by a newer plainlance
     */
    public static Catalog open(Storage root, CatalogOptions options) {
        Catalog catalog = new Catalog(root, options);
        try {
            catalog.snapshot();
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** The current state. */
    public CatalogSnapshot snapshot() {
        CatalogSnapshot known = newest;
        if (known != null) {
            Optional<dev.plainlance.lance.table.ManifestStore.Location> latest =
                    new dev.plainlance.lance.table.ManifestStore(manifestStorage).latest();
            if (latest.isPresent() && latest.get().version() == known.manifestVersion()) {
                return known;
            }
        }
        CatalogSnapshot state = read(ReadOptions.defaults());
        newest = state;
        return state;
    }

    /** The state at {@code __manifest} version {@code version}. */
    public CatalogSnapshot snapshotAt(long version) {
        return read(new ReadOptions.Builder().setVersion(version).build());
    }

    /** The commit history still stored (catalog cleanup removes old states), newest first. */
    public List<CatalogCommit> log() {
        List<CatalogCommit> out = new ArrayList<>();
        List<Long> versions = stateVersions();
        for (int i = versions.size() - 1; i >= 0; i--) {
            out.add(snapshotAt(versions.get(i)).head());
        }
        return out;
    }

    /** The {@code __manifest} versions still stored, oldest first. */
    public List<Long> stateVersions() {
        return new dev.plainlance.lance.table.ManifestStore(manifestStorage)
                .list().stream()
                        .map(dev.plainlance.lance.table.ManifestStore.Location::version)
                        .toList();
    }

    /**
     * Removes the catalog states (versions of {@code __manifest}) older than {@code firstKept}, and the files only
     * they use. The current state is always kept.
     */
    public dev.plainlance.lance.maintenance.RemovalStats removeStatesBefore(long firstKept) {
        return new dev.plainlance.lance.maintenance.VersionCleaner(manifestStorage, options.clock())
                .clean(dev.plainlance.lance.maintenance.CleanupPolicy.builder()
                        .withBeforeVersion(firstKept)
                        .withErrorIfTaggedOldVersions(false)
                        .build());
    }

    /** Publishes {@code request}; see the class contract. */
    public PublishResult publish(PublishRequest request) {
        return options.retry().run(CommitConflictException.class, attempt -> publishOnce(request));
    }

    private PublishResult publishOnce(PublishRequest request) {
        CatalogSnapshot current = snapshot();
        if (request.operationId().isPresent()) {
            String operation = request.operationId().get();
            if (current.isAborted(operation)) {
                throw new OperationAbortedException(operation);
            }
            long plannedOn = request.plannedOn().orElse(0);
            if (plannedOn < current.operationFloor()) {
                throw new StalePublishException(operation, plannedOn, current.operationFloor());
            }
        }
        for (Map.Entry<TableRef, Long> expected : request.expectedVersions().entrySet()) {
            long actual = current.pinnedVersion(
                    expected.getKey().branch(), expected.getKey().key());
            if (actual != expected.getValue()) {
                if (alreadyApplied(current, request.changes())) {
                    return new PublishResult(current, true);
                }
                throw new ExpectedVersionMismatchException(expected.getKey(), expected.getValue(), actual);
            }
        }
        CatalogCommit commit = new CatalogCommit(
                options.ids().next(),
                Optional.of(current.head().id()),
                request.actor(),
                options.clock().instant(),
                request.message(),
                request.operationId(),
                current.manifestVersion() + 1,
                request.summary());
        CatalogSnapshot next = apply(current, request.changes(), commit);
        Failpoints.hit(CatalogFailpoints.PUBLISH_CHECKED);
        write(next, current.manifestVersion());
        return new PublishResult(next, false);
    }

    /** Whether every change already holds in {@code state}: a publish that lost to its own twin succeeded. */
    static boolean alreadyApplied(CatalogSnapshot state, List<CatalogChange> changes) {
        if (changes.isEmpty()) {
            return false;
        }
        for (CatalogChange change : changes) {
            boolean holds;
            if (change instanceof CatalogChange.SetPin pin) {
                holds = state.pin(pin.branch(), pin.key())
                        .filter(pin.pin()::equals)
                        .isPresent();
            } else if (change instanceof CatalogChange.RegisterTable table) {
                holds = state.path(table.key()).filter(table.path()::equals).isPresent();
            } else if (change instanceof CatalogChange.DropTable drop) {
                holds = state.tombstones().contains(drop.key())
                        && state.path(drop.key()).isEmpty();
            } else if (change instanceof CatalogChange.MarkAborted aborted) {
                holds = state.isAborted(aborted.operationId());
            } else if (change instanceof CatalogChange.ForgetAborted forget) {
                holds = forget.operationIds().stream().noneMatch(state::isAborted) && state.operationFloor() > 0;
            } else if (change instanceof CatalogChange.CreateBranch create) {
                holds = create.branch()
                        .equals(state.branchInfo().get(create.branch().name()));
            } else if (change instanceof CatalogChange.DeleteBranch delete) {
                holds = !state.branches().contains(delete.name());
            } else if (change instanceof CatalogChange.MergeParent parent) {
                holds = state.head().parents().contains(parent.commitId())
                        && state.head().branch().equals(parent.branch());
            } else {
                throw new IllegalArgumentException("unknown catalog change " + change);
            }
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static CatalogSnapshot apply(CatalogSnapshot current, List<CatalogChange> changes, CatalogCommit commit) {
        SortedMap<String, String> tables = new TreeMap<>(current.tables());
        Set<String> tombstones = new HashSet<>(current.tombstones());
        SortedMap<String, SortedMap<String, Pin>> pins = new TreeMap<>();
        current.pins().forEach((branch, byKey) -> pins.put(branch, new TreeMap<>(byKey)));
        Set<String> aborted = new HashSet<>(current.abortedOperations());
        SortedMap<String, CatalogBranch> branchInfo = new TreeMap<>(current.branchInfo());
        SortedMap<String, String> heads = new TreeMap<>(current.heads());
        if (heads.isEmpty()) {
            heads.put(CatalogSnapshot.MAIN, current.head().id());
        }
        Set<String> advanced = new java.util.TreeSet<>();
        List<String> mergedFrom = new ArrayList<>();
        boolean structural = false;
        long floor = current.operationFloor();
        for (CatalogChange change : changes) {
            if (change instanceof CatalogChange.RegisterTable table) {
                String existing = tables.get(table.key());
                if (existing != null && !existing.equals(table.path())) {
                    throw new IllegalArgumentException(
                            "table " + table.key() + " is already registered at " + existing);
                }
                tables.put(table.key(), table.path());
                tombstones.remove(table.key());
            } else if (change instanceof CatalogChange.DropTable drop) {
                if (tables.remove(drop.key()) == null) {
                    throw new IllegalArgumentException("no table " + drop.key() + " to drop");
                }
                tombstones.add(drop.key());
                pins.values().forEach(byKey -> byKey.remove(drop.key()));
            } else if (change instanceof CatalogChange.SetPin pin) {
                if (!tables.containsKey(pin.key())) {
                    throw new IllegalArgumentException("cannot pin unregistered table " + pin.key());
                }
                if (createdHere(changes, pin.branch())) {
                    structural = true;
                } else if (relined(current, pin)) {
                    checkLine(current, pin);
                    structural = true;
                } else {
                    checkLine(current, pin);
                    advanced.add(pin.branch());
                }
                pins.computeIfAbsent(pin.branch(), b -> new TreeMap<>()).put(pin.key(), pin.pin());
            } else if (change instanceof CatalogChange.MarkAborted mark) {
                aborted.add(mark.operationId());
            } else if (change instanceof CatalogChange.ForgetAborted forget) {
                aborted.removeAll(forget.operationIds());
                floor = current.manifestVersion() + 1;
            } else if (change instanceof CatalogChange.CreateBranch create) {
                CatalogBranch branch = create.branch();
                if (current.branches().contains(branch.name())) {
                    throw new IllegalArgumentException("branch " + branch.name() + " already exists");
                }
                branchInfo.put(branch.name(), branch);
                heads.put(branch.name(), branch.forkCommit());
                structural = true;
            } else if (change instanceof CatalogChange.DeleteBranch delete) {
                if (!current.branches().contains(delete.name())) {
                    throw new IllegalArgumentException("no branch " + delete.name() + " to delete");
                }
                branchInfo.remove(delete.name());
                heads.remove(delete.name());
                pins.remove(delete.name());
                structural = true;
            } else if (change instanceof CatalogChange.MergeParent parent) {
                mergedFrom.add(parent.commitId());
                advanced.add(parent.branch());
            } else {
                throw new IllegalArgumentException("unknown catalog change " + change);
            }
        }
        String onBranch = advanced.size() == 1 ? advanced.iterator().next() : CatalogSnapshot.MAIN;
        // once branches exist, recovery's bookkeeping (abort marks, forgetting them) is no commit of any branch: an
        // operation of one branch aborted must not move main's head; before, every commit is main's, as it always was
        boolean bookkeeping = !branchInfo.isEmpty()
                && changes.stream()
                        .allMatch(c ->
                                c instanceof CatalogChange.MarkAborted || c instanceof CatalogChange.ForgetAborted);
        if (advanced.isEmpty() && !structural && !bookkeeping) {
            advanced.add(CatalogSnapshot.MAIN);
        }
        List<String> parents = new ArrayList<>();
        for (String branch : advanced) {
            String before = heads.get(branch);
            if (before != null && !parents.contains(before)) {
                parents.add(before);
            }
            heads.put(branch, commit.id());
        }
        mergedFrom.stream().filter(p -> !parents.contains(p)).forEach(parents::add);
        CatalogCommit lineage = commit.withLineage(onBranch, parents);
        boolean linear = branchInfo.isEmpty()
                && heads.keySet().equals(Set.of(CatalogSnapshot.MAIN))
                && lineage.parents().equals(commit.parentId().map(List::of).orElse(List.of()));
        return new CatalogSnapshot(
                current.manifestVersion() + 1,
                current.schemaStamp(),
                tables,
                tombstones,
                pins,
                aborted,
                floor,
                lineage,
                branchInfo,
                linear ? new TreeMap<>() : heads);
    }

    /**
     * A pin a branch publishes must name a line that branch writes (its own forks, or the main line for main), or be
     * the line it already pins: a publish planned before the branch was deleted and created again, whose fork belongs
     * to the earlier branch, is refused like any other lost race.
     */
    private static void checkLine(CatalogSnapshot current, CatalogChange.SetPin pin) {
        Optional<String> line = pin.pin().lanceBranch();
        if (line.isEmpty()) {
            return;
        }
        Optional<String> pinned = current.pin(pin.branch(), pin.key()).flatMap(Pin::lanceBranch);
        CatalogBranch info = current.branchInfo().get(pin.branch());
        if (!line.equals(pinned) && (info == null || !info.owns(line.get()))) {
            TableRef ref = new TableRef(pin.branch(), pin.key());
            throw new ExpectedVersionMismatchException(
                    ref, pin.pin().version() - 1, current.pinnedVersion(pin.branch(), pin.key()));
        }
    }

    /** Whether {@code pin} only moves a pin onto another line at the same version: no content changes. */
    private static boolean relined(CatalogSnapshot current, CatalogChange.SetPin pin) {
        return current.pin(pin.branch(), pin.key())
                .filter(old -> old.version() == pin.pin().version()
                        && old.rowCount() == pin.pin().rowCount()
                        && !old.lanceBranch().equals(pin.pin().lanceBranch()))
                .isPresent();
    }

    private static boolean createdHere(List<CatalogChange> changes, String branch) {
        return changes.stream()
                .anyMatch(c -> c instanceof CatalogChange.CreateBranch create
                        && create.branch().name().equals(branch));
    }

    /** Writes {@code state} as exactly version {@code readVersion + 1} of {@code __manifest}. */
    private void write(CatalogSnapshot state, long readVersion) {
        WriteSpec spec = WriteSpec.of(readVersion == 0 ? WriteSpec.Mode.CREATE : WriteSpec.Mode.OVERWRITE);
        Env env = tableEnv();
        String name = manifestStorage.describe("");
        TableSnapshot base = readVersion == 0
                ? TableSnapshot.absent(manifestStorage, name)
                : TableSnapshot.at(manifestStorage, name, readVersion);
        try (VectorSchemaRoot rows = ManifestRows.encode(state, allocator);
                ArrowReader reader = ArrowReaders.of(ManifestRows.SCHEMA, List.of(rows), allocator)) {
            TableCommits.commitExactly(new Write(reader, spec).stage(base, env), env);
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + name, e);
        }
    }

    private CatalogSnapshot read(ReadOptions at) {
        try (Dataset dataset = Dataset.open(manifestStorage, manifestStorage.describe(""), at)) {
            String where = manifestStorage.describe("") + " version " + dataset.version();
            ManifestRows.Decoder decoder = new ManifestRows.Decoder(dataset.version(), where);
            try (LanceScanner scanner = dataset.newScan(new ScanOptions.Builder().build());
                    ArrowReader batches = scanner.scanBatches()) {
                while (batches.loadNextBatch()) {
                    decoder.add(batches.getVectorSchemaRoot());
                }
            }
            CatalogSnapshot state = decoder.finish();
            if (state.schemaStamp() > SCHEMA_STAMP) {
                throw new CatalogFormatException("the catalog at " + root.describe("") + " has format version "
                        + state.schemaStamp() + ", newer than the " + SCHEMA_STAMP + " this plainlance reads;"
                        + " upgrade plainlance to open it");
            }
            return state;
        } catch (NotFoundException e) {
            throw new NotFoundException("no catalog at " + root.describe("") + ": " + e.getMessage());
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + manifestStorage.describe(""), e);
        }
    }

    /** The storage the catalog lives in. */
    public Storage root() {
        return root;
    }

    /**
     * Where a new table {@code key}, created by operation {@code operationId}, lives relative to the root: a fresh
     * folder per creation, so a key dropped and created again never shares files with its earlier table.
     *
     * @throws IllegalArgumentException for an invalid key, before anything is written
     */
    public String newTablePath(String key, String operationId) {
        return TableKeys.checkPath(
                "tables/" + TableKeys.check(key) + "-" + operationId.toLowerCase(java.util.Locale.ROOT));
    }

    /** A read view of {@code state}: every table of {@code branch} at that state's pins, for the view's life. */
    public CatalogView view(CatalogSnapshot state, String branch) {
        return new CatalogView(this, state, branch, Map.of());
    }

    /** The lines (main and Lance branches) of the table at {@code path}. */
    public dev.plainlance.lance.TableLines tableLines(String path) {
        Storage storage = tableStorage(path);
        return new dev.plainlance.lance.TableLines(storage, storage.describe(""));
    }

    /** The version {@code pin} names of the table at {@code path}. */
    public TableSnapshot tableAt(String path, Pin pin) {
        return tableLines(path).at(pin.lanceBranch(), pin.version());
    }

    /** The storage of the table at {@code path} (relative to the root). */
    public Storage tableStorage(String path) {
        return new PrefixedStorage(root, TableKeys.checkPath(path));
    }

    /** The environment the catalog's table commits run in: its clock and ids, one attempt per commit. */
    public Env tableEnv() {
        return options.tableEnv(allocator);
    }

    public CatalogOptions options() {
        return options;
    }

    @Override
    public void close() {
        allocator.close();
    }
}
