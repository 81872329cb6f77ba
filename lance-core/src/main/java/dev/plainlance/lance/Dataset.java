package dev.plainlance.lance;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.BranchFailpoints;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.delta.DatasetDelta;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.OnDemandAllocator;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.index.Index;
import dev.plainlance.lance.index.IndexCatalog;
import dev.plainlance.lance.index.IndexCriteria;
import dev.plainlance.lance.index.IndexDescription;
import dev.plainlance.lance.index.IndexOptions;
import dev.plainlance.lance.index.IndexParams;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.index.OptimizeOptions;
import dev.plainlance.lance.io.LocalTrees;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.maintenance.Compactor;
import dev.plainlance.lance.maintenance.RemovalStats;
import dev.plainlance.lance.maintenance.VersionCleaner;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.operation.AddColumns;
import dev.plainlance.lance.operation.AddStreamedColumns;
import dev.plainlance.lance.operation.AlterColumns;
import dev.plainlance.lance.operation.CommitFragments;
import dev.plainlance.lance.operation.Compact;
import dev.plainlance.lance.operation.DeleteWhere;
import dev.plainlance.lance.operation.DropColumns;
import dev.plainlance.lance.operation.IndexChange;
import dev.plainlance.lance.operation.MergeInsert;
import dev.plainlance.lance.operation.OperationResult;
import dev.plainlance.lance.operation.Restore;
import dev.plainlance.lance.operation.StagedTransaction;
import dev.plainlance.lance.operation.TableCommits;
import dev.plainlance.lance.operation.TableOperation;
import dev.plainlance.lance.operation.Truncate;
import dev.plainlance.lance.operation.UpdateConfig;
import dev.plainlance.lance.operation.UpdateWhere;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.scan.BlobTakes;
import dev.plainlance.lance.scan.DataSizes;
import dev.plainlance.lance.scan.Samples;
import dev.plainlance.lance.scan.Takes;
import dev.plainlance.lance.schema.ColumnAlteration;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.table.Branch;
import dev.plainlance.lance.table.BranchNames;
import dev.plainlance.lance.table.BranchStore;
import dev.plainlance.lance.table.ManifestFile;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.table.Tag;
import dev.plainlance.lance.table.TagStore;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Lance dataset opened at one version, mirroring {@code org.lance.Dataset}. An instance shows one version at a
 * time: reads see that version, {@link #checkoutVersion} and {@link #checkoutTag} return new instances, and a
 * write through this instance (delete, restore, config, ...) commits a new version and moves this instance to it.
 *
 * <p>This class is a thin facade: each version is an immutable {@link TableSnapshot}, and each change is a
 * {@link TableOperation} value staged on the shown snapshot and committed by {@link TableCommits}; {@link #apply}
 * runs any operation, the named methods run the usual ones.
 */
public final class Dataset implements Closeable {
    /** {@link #listVersions} reads this many manifests at once (together on object storage). */
    private static final int VERSIONS_READ_AT_ONCE = 64;

    private final String uri;
    private final ManifestStore manifests;
    private final Env env;
    /** The allocator this instance created and closes, if any; created when first used. */
    private final OnDemandAllocator owned;
    /** The version this instance shows; replaced (never mutated) when this instance commits. */
    private volatile TableSnapshot snapshot;
    /** The storage options this instance was opened or written with; instances made from it keep them. */
    private final Map<String, String> storageOptions;

    private Dataset(
            String uri, TableSnapshot snapshot, Env env, OnDemandAllocator owned, Map<String, String> storageOptions) {
        this.uri = uri;
        this.manifests = new ManifestStore(snapshot.storage());
        this.env = env;
        this.owned = owned;
        this.snapshot = snapshot;
        this.storageOptions = Map.copyOf(storageOptions);
    }

    /**
     * Opens the latest version of the dataset at {@code uri} (a local path, a {@code file://} URI, or a URI of
     * a scheme a {@link dev.plainlance.lance.io.StorageProvider} opens, such as {@code s3://}). Data read
     * through it is allocated from an allocator the dataset owns and closes with {@link #close()}.
     */
    public static Dataset open(String uri) {
        return open(uri, ReadOptions.defaults());
    }

    /** Opens the latest version; scans allocate from {@code allocator}, which the caller keeps owning. */
    public static Dataset open(String uri, BufferAllocator allocator) {
        return open(allocator, uri, ReadOptions.defaults());
    }

    /** Opens the version or tag named by {@code options}; scans allocate from {@code allocator}. */
    public static Dataset open(BufferAllocator allocator, String uri, ReadOptions options) {
        return open(
                Storages.forUri(uri, options.getStorageOptions()),
                uri,
                options,
                Env.defaults(allocator).withClock(options.getClock()),
                null);
    }

    /** Opens the version or tag named by {@code options}, or the latest. */
    public static Dataset open(String uri, ReadOptions options) {
        return open(Storages.forUri(uri, options.getStorageOptions()), uri, options);
    }

    /** Opens a dataset held by any {@link Storage}; {@code uri} is only used to name it. */
    public static Dataset open(Storage storage, String uri, ReadOptions options) {
        OnDemandAllocator allocator = new OnDemandAllocator();
        return open(storage, uri, options, Env.defaults(allocator).withClock(options.getClock()), allocator);
    }

    /**
     * Opens a dataset held by any {@link Storage} in the given environment (clock, ids, allocator, failpoints);
     * the caller keeps owning the environment's allocator. {@code options}' clock is ignored: {@code env}'s is
     * used.
     */
    public static Dataset open(Env env, Storage storage, String uri, ReadOptions options) {
        return open(storage, uri, options, env, null);
    }

    private static Dataset open(Storage storage, String uri, ReadOptions options, Env given, OnDemandAllocator owned) {
        try {
            Session session = options.sessionToUse();
            if (session.isClosed()) {
                throw new IllegalArgumentException("cannot open " + uri + " with a closed session");
            }
            Env env = given.withCaches(session.caches());
            TableSnapshot snapshot;
            if (options.getTag().isPresent()) {
                // tags live at the main root, also when uri is a branch root
                DatasetRoots roots = DatasetRoots.of(storage, uri, branchOf(TableSnapshot.latest(storage, uri)));
                Tag tag = new TagStore(new ManifestStore(roots.main()), env.clock())
                        .get(options.getTag().get());
                snapshot = TableSnapshot.at(roots.root(tag.branch()), roots.uri(tag.branch()), tag.version());
                return new Dataset(snapshot.name(), snapshot, env, owned, options.getStorageOptions());
            } else if (options.getVersion().isPresent()) {
                snapshot = TableSnapshot.at(storage, uri, options.getVersion().get());
            } else {
                snapshot = TableSnapshot.latest(storage, uri);
            }
            return new Dataset(uri, snapshot, env, owned, options.getStorageOptions());
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
    }

    /**
     * A dataset showing {@code snapshot}, e.g. one version of a catalog view; the caller keeps owning
     * {@code env}'s allocator. A snapshot that is a staged preview can be read, not written through.
     */
    public static Dataset of(TableSnapshot snapshot, Env env) {
        return new Dataset(snapshot.name(), snapshot, env, null, Map.of());
    }

    /**
     * Writes {@code data} to {@code uri} as the official {@code Dataset.create} does: CREATE fails if a dataset
     * exists, APPEND adds fragments (creating the dataset if absent), OVERWRITE replaces the content. Data files
     * are written first and become visible together, in one new version. Scans of the returned dataset
     * allocate from {@code allocator}.
     */
    public static Dataset create(BufferAllocator allocator, ArrowReader data, String uri, WriteParams params) {
        return write(
                Storages.forUri(uri, params.getStorageOptions()), uri, data, params, Env.defaults(allocator), null);
    }

    /** The builder form of {@code open}, as the official {@code Dataset.open()}. */
    public static OpenDatasetBuilder open() {
        return new OpenDatasetBuilder();
    }

    /** The builder form of {@code create}, as the official {@code Dataset.write()}. */
    public static WriteDatasetBuilder write() {
        return new WriteDatasetBuilder();
    }

    /** Creates an empty dataset with {@code schema}. */
    public static Dataset create(BufferAllocator allocator, String uri, Schema schema, WriteParams params) {
        try (ArrowReader empty = ArrowReaders.empty(schema, allocator)) {
            return create(allocator, empty, uri, params);
        } catch (IOException e) {
            throw new LanceIOException("cannot create " + uri, e);
        }
    }

    /** Writes {@code data} into any {@link Storage}; see {@link #create(BufferAllocator, ArrowReader, String, WriteParams)}. */
    public static Dataset write(
            Storage storage, String uri, ArrowReader data, WriteParams params, java.time.Clock clock) {
        OnDemandAllocator allocator = new OnDemandAllocator();
        return write(storage, uri, data, params, Env.defaults(allocator).withClock(clock), allocator);
    }

    /** Writes {@code data} into any {@link Storage} in the given environment, whose allocator the caller owns. */
    public static Dataset write(Env env, Storage storage, String uri, ArrowReader data, WriteParams params) {
        return write(storage, uri, data, params, env, null);
    }

    private static Dataset write(
            Storage storage, String uri, ArrowReader data, WriteParams params, Env env, OnDemandAllocator owned) {
        try {
            TableSnapshot base = TableSnapshot.latestOrAbsent(storage, uri);
            StagedTransaction staged = TableCommits.stage(new Write(data, params.toWriteSpec()), base, env);
            return new Dataset(uri, TableCommits.commit(staged, env), env, owned, params.getStorageOptions());
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
    }

    public String uri() {
        return uri;
    }

    /** The version this instance shows, as an immutable value. */
    public TableSnapshot snapshot() {
        return snapshot;
    }

    /** The environment this dataset's operations run in. */
    public Env env() {
        return env;
    }

    /**
     * The session whose caches this dataset reads through: the one it was opened with, else its own. A dataset
     * written or made from a snapshot (rather than opened) shares the process-wide caches, which closing only empties.
     */
    public Session session() {
        return new Session(env.caches());
    }

    /** The version this instance shows. */
    public long version() {
        return snapshot.version();
    }

    /** The version this instance shows, with time and summary. */
    public Version getVersion() {
        return toVersion(snapshot.manifest());
    }

    /** The newest committed version, looked up now. */
    public long latestVersion() {
        return manifests.latest().map(ManifestStore.Location::version).orElseThrow();
    }

    /**
     * Every committed version, ascending; the manifests are read in groups, together where the storage can, and
     * decoded on the environment's workers.
     */
    public List<Version> listVersions() {
        TableSnapshot current = snapshot;
        List<ManifestStore.Location> all = manifests.list();
        List<Version> versions = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += VERSIONS_READ_AT_ONCE) {
            List<ManifestStore.Location> chunk =
                    new ArrayList<>(all.subList(from, Math.min(all.size(), from + VERSIONS_READ_AT_ONCE)));
            chunk.removeIf(each -> each.version() == current.version());
            Iterator<ManifestFile> read =
                    manifests.loadAll(chunk, env.workers()).iterator();
            for (ManifestStore.Location each : all.subList(from, Math.min(all.size(), from + VERSIONS_READ_AT_ONCE))) {
                versions.add(toVersion(
                        each.version() == current.version()
                                ? current.manifest()
                                : read.next().manifest()));
            }
        }
        return versions;
    }

    /** This dataset at {@code version}; the new instance shares this one's environment and allocator. */
    public Dataset checkoutVersion(long version) {
        return new Dataset(uri, TableSnapshot.at(storage(), uri, version), env, null, storageOptions);
    }

    /** This dataset at the version {@code tag} names, in whichever branch that is. */
    public Dataset checkoutTag(String tag) {
        return checkout(Ref.ofTag(tag));
    }

    /**
     * The version {@code ref} names: a version (or the latest) of the main branch or of a branch, or a tag; the new
     * instance shares this one's environment and allocator.
     *
     * @throws NotFoundException if the branch, tag or version does not exist
     */
    public Dataset checkout(Ref ref) {
        TableSnapshot target = resolve(ref);
        return new Dataset(target.name(), target, env, null, storageOptions);
    }

    /** The branch this instance shows; empty for the main branch. */
    public Optional<String> branch() {
        return branchOf(snapshot);
    }

    /**
     * Creates branch {@code name} from the version {@code source} names (of main, of another branch, or a tag) and
     * returns it at its first version, which has the source's version number: a shallow clone committed as a new
     * dataset at {@code tree/{name}} whose files stay in the source's roots, then {@code _refs/branches/{name}.json}.
     * A crash in between leaves a root without a branch file, which is no branch: creating the name again is
     * refused until {@code branches().delete(name)} removes that root.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid branch name (nothing is written then)
     * @throws dev.plainlance.lance.error.LanceException if the branch exists, or its root holds versions
     */
    public Dataset createBranch(String name, Ref source, Map<String, String> metadata) {
        BranchNames.validate(name);
        DatasetRoots roots = roots();
        BranchStore branches = new BranchStore(roots.main());
        if (branches.find(name).isPresent()) {
            throw new dev.plainlance.lance.error.LanceException(
                    "branch '" + name + "' already exists in " + roots.main().describe(BranchStore.BRANCHES_DIR));
        }
        TableSnapshot from = resolve(source);
        Optional<String> parent = branchOf(from);
        Optional<String> branch = Optional.of(name);
        Storage root = roots.root(branch);
        if (!new ManifestStore(root).list().isEmpty()) {
            throw new dev.plainlance.lance.error.LanceException(
                    root.describe(ManifestNaming.VERSIONS_DIR) + " holds versions but no branch file names '" + name
                            + "' (a creation that did not finish); remove them with branches().delete(\"" + name
                            + "\") first");
        }
        TableSnapshot created = new Committer(root, env)
                .commitClone(Clones.transaction(from, roots.basePath(parent), branch, env), from.file(), from.naming());
        env.hit(BranchFailpoints.BRANCH_CLONED);
        List<Branch.BranchVersionMapping> lineage = new ArrayList<>(
                parent.map(p -> branches.get(p).branchIdentifier()).orElse(List.of()));
        lineage.add(new Branch.BranchVersionMapping(
                from.version(), env.newUuid().toString().replace("-", "")));
        branches.create(new Branch(
                name,
                parent,
                lineage,
                from.version(),
                env.clock().instant().getEpochSecond(),
                from.location().map(ManifestStore.Location::size).orElse(0L),
                metadata));
        return new Dataset(roots.uri(branch), created.withName(roots.uri(branch)), env, null, storageOptions);
    }

    /** {@link #createBranch(String, Ref, Map)} without metadata. */
    public Dataset createBranch(String name, Ref source) {
        return createBranch(name, source, Map.of());
    }

    /**
     * {@link #createBranch(String, Ref)} from {@code version} of the main branch: as in the official library, a
     * bare version number names a version of main whichever branch this instance shows.
     */
    public Dataset createBranch(String name, long version) {
        return createBranch(name, Ref.ofMain(version));
    }

    /**
     * Copies the version {@code source} names into a new dataset at {@code targetUri} without copying files: its
     * first version has the source's number and reads every file from the source's root, which must therefore
     * outlive it; new writes go to the clone. The target is opened without storage options (an {@code s3://}
     * target then takes its settings from the environment; pass them to the three-argument form otherwise).
     */
    public Dataset shallowClone(String targetUri, Ref source) {
        return shallowClone(targetUri, source, Map.of());
    }

    /** {@link #shallowClone(String, Ref)} to a target opened with {@code storageOptions}. */
    public Dataset shallowClone(String targetUri, Ref source, Map<String, String> storageOptions) {
        TableSnapshot from = resolve(source);
        Storage target = Storages.forUri(targetUri, storageOptions);
        TableSnapshot created = new Committer(target, env)
                .commitClone(
                        Clones.transaction(from, roots().basePath(branchOf(from)), Optional.empty(), env),
                        from.file(),
                        from.naming());
        return new Dataset(targetUri, created.withName(targetUri), env, null, storageOptions);
    }

    /** Branches of this dataset, mirroring {@code org.lance.Dataset.Branches}. */
    public Branches branches() {
        return new Branches();
    }

    private static Optional<String> branchOf(TableSnapshot snapshot) {
        return snapshot.manifest().hasBranch() ? Optional.of(snapshot.manifest().getBranch()) : Optional.empty();
    }

    private DatasetRoots roots() {
        return DatasetRoots.of(storage(), uri, branch());
    }

    private TagStore tagStore() {
        return new TagStore(new ManifestStore(roots().main()), env.clock());
    }

    private TableSnapshot resolve(Ref ref) {
        DatasetRoots roots = roots();
        Optional<String> branch;
        Optional<Long> version;
        if (ref.getTagName().isPresent()) {
            Tag tag = tagStore().get(ref.getTagName().get());
            branch = tag.branch();
            version = Optional.of(tag.version());
        } else {
            branch = ref.getBranchName().filter(b -> !b.equals("main"));
            version = ref.getVersionNumber();
        }
        if (branch.isPresent()) {
            new BranchStore(roots.main()).get(branch.get());
        }
        Storage root = roots.root(branch);
        String name = roots.uri(branch);
        return version.isPresent() ? TableSnapshot.at(root, name, version.get()) : TableSnapshot.latest(root, name);
    }

    /** Moves this instance to the dataset's latest version, looked up now (as the official method does). */
    public void checkoutLatest() {
        snapshot = TableSnapshot.latest(storage(), uri);
    }

    /** The dataset's schema as Arrow; field ids are kept in {@link #getLanceSchema()}. */
    public Schema getSchema() {
        return snapshot.schema().toArrow();
    }

    public LanceSchema getLanceSchema() {
        return snapshot.schema();
    }

    public List<Fragment> getFragments() {
        return snapshot.fragments().stream()
                .map(f -> new Fragment(this, new FragmentMetadata(f)))
                .toList();
    }

    /** The fragment with id {@code id}, or {@link NotFoundException}. */
    public Fragment getFragment(long id) {
        return getFragments().stream()
                .filter(f -> f.getId() == id)
                .findFirst()
                .orElseThrow(() ->
                        new NotFoundException("fragment " + id + " is not in version " + version() + " of " + uri));
    }

    /** Live rows of this version, from metadata alone. */
    public long countRows() {
        return ManifestSummary.of(snapshot.manifest()).totalRows();
    }

    public Optional<Transaction> readTransaction() {
        return manifests.transaction(snapshot.file()).map(Transaction::new);
    }

    public Map<String, String> getConfig() {
        return Map.copyOf(snapshot.manifest().getConfigMap());
    }

    public Map<String, String> getTableMetadata() {
        return Map.copyOf(snapshot.manifest().getTableMetadataMap());
    }

    /** The data storage (file format) version: "2.0", "2.1", "2.2", or "0.1" for legacy files. */
    public String getLanceFileFormatVersion() {
        return snapshot.fileFormatVersion();
    }

    public boolean hasStableRowIds() {
        return snapshot.hasStableRowIds();
    }

    /**
     * Gives every manifest with a V1 name ({@code _versions/{version}.manifest}) its V2 name, as the official
     * {@code migrateManifestPathsV2} does; later commits then take V2 names too. Versions and their contents do not
     * change, and this instance stays at its version. It may be run again, after a crash too: a version that has
     * both names meanwhile is read under its V2 name ({@link ManifestStore#migrateToV2()}). Like the official
     * method, it is not meant to run while others commit to this dataset.
     */
    public void migrateManifestPathsV2() {
        new ManifestStore(storage()).migrateToV2();
        snapshot = TableSnapshot.at(storage(), snapshot.name(), snapshot.version());
    }

    /**
     * The storage options this dataset was opened or written with, or null when none were given, as the official
     * method; instances made from this one (checkouts, branches, commits) keep them.
     */
    public Map<String, String> getInitialStorageOptions() {
        return storageOptions.isEmpty() ? null : storageOptions;
    }

    /**
     * {@link #getInitialStorageOptions()}: plainlance has no credential provider that refreshes storage options, so
     * the latest ones are the initial ones.
     */
    public Map<String, String> getLatestStorageOptions() {
        return getInitialStorageOptions();
    }

    /** The manifest naming scheme of this version's file. */
    public ManifestNaming manifestNaming() {
        return snapshot.naming();
    }

    /** Size in bytes of this version's manifest file. */
    public long manifestSize() {
        return snapshot.location().map(ManifestStore.Location::size).orElse(0L);
    }

    public Tags tags() {
        return new Tags();
    }

    /**
     * Stages {@code operation} on the version this instance shows and commits it after whatever landed since, when
     * compatible (Lance's rebase); this instance then shows the new version.
     *
     * @throws dev.plainlance.lance.commit.CommitConflictException when a concurrent commit changed what the
     *     operation read; nothing of it is visible
     */
    public OperationResult apply(TableOperation operation) {
        StagedTransaction staged = TableCommits.stage(operation, snapshot, env);
        snapshot = TableCommits.commit(staged, env);
        return staged.result();
    }

    /**
     * Makes the version this instance shows the latest again, as a new version (the official {@code restore()});
     * this instance then shows the new version.
     */
    public void restore() {
        apply(new Restore(version()));
    }

    /**
     * Deletes the rows matching the SQL {@code predicate} (e.g. {@code "id % 3 = 0"}), as a new version: touched
     * fragments get new deletion files, fully deleted fragments are dropped. Bad SQL or unknown columns throw
     * {@link dev.plainlance.lance.expr.ExpressionParseException} naming the position; nothing is written then.
     */
    public void delete(String predicate) {
        apply(new DeleteWhere(predicate));
    }

    /**
     * Sets each column of {@code updates} to its SQL expression over the row's current values (e.g.
     * {@code Map.of("price", "price * 2")}) in every live row matching {@code predicate}, as one new version: the
     * rows are rewritten into new fragments and deleted from their old ones (the official REWRITE_ROWS update).
     * Returns the number of rows updated. Bad SQL or unknown columns throw
     * {@link dev.plainlance.lance.expr.ExpressionParseException} naming the position; nothing is committed then.
     */
    public long update(String predicate, Map<String, String> updates) {
        return update(Optional.of(predicate), updates);
    }

    /** {@link #update(String, Map)} of every live row when {@code predicate} is empty. */
    public long update(Optional<String> predicate, Map<String, String> updates) {
        return apply(new UpdateWhere(predicate, updates)).rowsAffected();
    }

    /**
     * Merges {@code source} into this version on the key columns of {@code params} (upsert, insert-if-absent,
     * replace-a-range, ...; see {@link MergeInsertParams}), as one new version. The source is read into memory. A
     * commit that meets a conflicting writer is staged again on the newest version, up to
     * {@link MergeInsertParams#conflictRetries()} times and while {@link MergeInsertParams#retryTimeoutMs()} has not
     * passed. Like the official library, this instance keeps showing its
     * version; the result holds a new instance at the committed one (close it too).
     */
    public MergeInsertResult mergeInsert(MergeInsertParams params, ArrowReader source) {
        Retry conflicts = env.commitRetry()
                .withMaxAttempts(params.conflictRetries() + 1)
                .withTimeout(java.time.Duration.ofMillis(params.retryTimeoutMs()), env.clock()::millis);
        try (MergeInsert merge = new MergeInsert(params, source)) {
            TableCommits.Committed committed = TableCommits.apply(merge, snapshot, env.withCommitRetry(conflicts));
            return new MergeInsertResult(
                    new Dataset(uri, committed.snapshot(), env, null, storageOptions),
                    committed.result().mergeStats().orElseThrow());
        }
    }

    /** Live rows matching the SQL {@code filter}; scalar indices answer the fragments they cover. */
    public long countRows(String filter) {
        try {
            return dev.plainlance.lance.scan.FilteredCount.count(snapshot, filter, env);
        } catch (IOException e) {
            throw new LanceIOException("cannot scan " + uri, e);
        }
    }

    /** Replaces the table config with {@code config}, as a new version. */
    public void updateConfig(Map<String, String> config) {
        apply(UpdateConfig.replace(config));
    }

    /** Removes config keys, as a new version. */
    public void deleteConfigKeys(Set<String> keys) {
        apply(UpdateConfig.delete(keys));
    }

    /**
     * Adds columns computed by SQL expressions over existing columns (e.g. {@code "id * 2"}), as a new version: each
     * fragment gets a data file with the new columns. {@code batchSize} rows are evaluated at a time. Bad SQL or
     * unknown columns throw {@link dev.plainlance.lance.expr.ExpressionParseException}; nothing is committed then.
     */
    public void addColumns(SqlExpressions expressions, Optional<Long> batchSize) {
        apply(AddColumns.computed(expressions, batchSize));
    }

    /**
     * Adds the columns of {@code stream}, one stream row per live row in scan order (deleted rows read as null), as
     * a new version: each fragment gets a data file with the new columns. The stream must give exactly as many rows
     * as the dataset has live rows, else nothing is committed. {@code batchSize} is accepted for the official
     * signature; the stream's own batches are read as they come.
     */
    public void addColumns(ArrowReader stream, Optional<Long> batchSize) {
        apply(new AddStreamedColumns(stream));
    }

    /** Adds all-null (nullable) columns, as a new version; a schema change only, as the official library. */
    public void addColumns(List<Field> fields) {
        apply(AddColumns.allNull(fields));
    }

    /** Adds the fields of {@code schema} as all-null columns; see {@link #addColumns(List)}. */
    public void addColumns(Schema schema) {
        addColumns(schema.getFields());
    }

    /** Drops top-level columns, as a new version; a schema change only (files stay for older versions). */
    public void dropColumns(List<String> columns) {
        apply(new DropColumns(columns));
    }

    /**
     * Renames columns or changes their nullability or field metadata, as a new version; a schema change only.
     * Making a column non-nullable is refused while it holds nulls. Casting a column to a new type
     * ({@link ColumnAlteration.Builder#castTo}) rewrites it into new data files, as the official library does.
     */
    public void alterColumns(List<ColumnAlteration> alterations) {
        apply(new AlterColumns(alterations));
    }

    /** {@link #compact(CompactionOptions)} with the official defaults. */
    public CompactionMetrics compact() {
        return compact(CompactionOptions.defaults());
    }

    /**
     * Rewrites small fragments and fragments with many deleted rows (see {@link Compactor}), as a new version
     * after the official ReserveFragments versions. Commits nothing when there is nothing to compact.
     */
    public CompactionMetrics compact(CompactionOptions options) {
        return compact(options, (done, total) -> {});
    }

    /** {@link #compact(CompactionOptions)}, reporting each rewritten run of fragments to {@code progress}. */
    public CompactionMetrics compact(CompactionOptions options, Compactor.Progress progress) {
        refuseIfCatalogTable("compact");
        return apply(Compact.reservingIds(options, progress)).compaction().orElse(CompactionMetrics.NONE);
    }

    /**
     * Removes the versions {@code policy} selects and the files only they reference; see {@link VersionCleaner}.
     * Versions other branches were created from are kept, and so are files other branches read.
     */
    public RemovalStats cleanupWithPolicy(CleanupPolicy policy) {
        refuseIfCatalogTable("clean up");
        DatasetRoots roots = roots();
        return new VersionCleaner(
                        storage(),
                        tagStore(),
                        branch(),
                        Clones.branchedFrom(roots, branch()),
                        () -> Clones.readByBranches(roots, branch()))
                .clean(policy);
    }

    /**
     * Removes versions older than {@code olderThan} (by this dataset's clock) that are not among the newest
     * {@code keepVersions}; tagged versions are kept silently.
     */
    public RemovalStats cleanupOldVersions(Duration olderThan, int keepVersions) {
        if (keepVersions < 1) {
            throw new IllegalArgumentException(
                    "keepVersions must be at least 1 (the latest is always kept), not " + keepVersions);
        }
        refuseIfCatalogTable("clean up");
        List<ManifestStore.Location> versions = manifests.list();
        long firstKept =
                versions.get(Math.max(0, versions.size() - keepVersions)).version();
        return cleanupWithPolicy(CleanupPolicy.builder()
                .withBeforeTimestampMillis(
                        env.clock().instant().minus(olderThan).toEpochMilli())
                .withBeforeVersion(firstKept)
                .withErrorIfTaggedOldVersions(false)
                .build());
    }

    /**
     * @throws dev.plainlance.lance.maintenance.CatalogTableException if a plainlance catalog owns this table (its
     *     config carries {@link dev.plainlance.lance.maintenance.CatalogTableException#MARKER})
     */
    private void refuseIfCatalogTable(String action) {
        String key =
                snapshot.manifest().getConfigMap().get(dev.plainlance.lance.maintenance.CatalogTableException.MARKER);
        if (key != null) {
            throw new dev.plainlance.lance.maintenance.CatalogTableException(uri, key, action);
        }
    }

    /** The storage the dataset lives in. */
    public Storage storage() {
        return snapshot.storage();
    }

    public BufferAllocator allocator() {
        return env.allocator();
    }

    /** A scan of every column of this version. */
    public LanceScanner newScan() {
        return newScan(ScanOptions.defaults());
    }

    /** A scan of this version, configured by {@code options}. */
    public LanceScanner newScan(ScanOptions options) {
        return new LanceScanner(snapshot, options, env);
    }

    /** The live rows at positions {@code indices} of the scan order, in request order. */
    public ArrowReader take(List<Long> indices, List<String> columns) {
        return Takes.byIndex(snapshot, indices, columns, env);
    }

    /** The rows with the given row ids (row addresses unless the dataset has stable row ids), in request order. */
    public ArrowReader takeRows(List<Long> rowIds, List<String> columns) {
        return Takes.byRowId(snapshot, rowIds, columns, env);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The rest of org.lance.Dataset 7.0.0 (issue 19), kept together so that merges with other branches stay simple.

    private volatile boolean closed;

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /** {@link #newScan()} in batches of at most {@code batchSize} rows. */
    public LanceScanner newScan(long batchSize) {
        return newScan(new ScanOptions.Builder().batchSize(batchSize).build());
    }

    /**
     * Bytes this version's data takes on disk as the official method counts them: the page buffers of the columns of
     * fields still in the schema, from the data files' metadata (see {@link DataSizes}).
     */
    public long calculateDataSize() {
        return DataSizes.of(snapshot);
    }

    /**
     * Removes every row, keeping schema, config and history, as a new version (one Delete transaction dropping
     * every fragment, as official 7.0.0 commits it); this instance then shows the new version.
     */
    public void truncateTable() {
        apply(new Truncate());
    }

    /**
     * Deletes the dataset at {@code uri} and everything under it (every version, branch and tag), as the official
     * static method does. Datasets opened on it must not be used afterwards.
     */
    public static void drop(String uri, Map<String, String> storageOptions) {
        try {
            if (!uri.contains("://") || uri.startsWith("file:")) {
                LocalTrees.deleteRecursively(Storages.localPath(uri));
                return;
            }
            Storage storage = Storages.forUri(uri, storageOptions);
            for (dev.plainlance.lance.io.ObjectInfo object : storage.list("")) {
                storage.delete(object.key());
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot drop the dataset at " + uri, e);
        }
    }

    /**
     * The values of blob column {@code column} ({@code lance-encoding:blob}) of the rows with the given row ids (row
     * addresses unless the dataset has stable row ids), one {@link BlobFile} per id in request order; a null value
     * gives an empty one. Only the descriptions are read here; each value's bytes when the {@code BlobFile} is read.
     *
     * @throws IllegalArgumentException if {@code rowIds} is empty or {@code column} is not a blob column
     */
    public List<BlobFile> takeBlobs(List<Long> rowIds, String column) {
        checkBlobRequest(rowIds, "rowIds", column);
        return BlobTakes.byRowId(snapshot, rowIds, column, env).stream()
                .map(BlobFile::new)
                .toList();
    }

    /** {@link #takeBlobs} of the live rows at positions {@code indices} of the scan order. */
    public List<BlobFile> takeBlobsByIndices(List<Long> indices, String column) {
        checkBlobRequest(indices, "indices", column);
        return BlobTakes.byIndex(snapshot, indices, column, env).stream()
                .map(BlobFile::new)
                .toList();
    }

    private static void checkBlobRequest(List<Long> rows, String what, String column) {
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException(what + " cannot be null or empty");
        }
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("blob column cannot be null or empty");
        }
    }

    /** A SQL query over this version, as the official method: run it with {@link SqlQuery#intoBatchRecords()}. */
    public SqlQuery sql(String sql) {
        return new SqlQuery(this, sql);
    }

    /** {@link #sample(long, List, Optional)} over every fragment. */
    public ArrowReader sample(long n, List<String> columns) {
        return sample(n, columns, Optional.empty());
    }

    /**
     * {@code n} live rows drawn uniformly at random without replacement (every row when there are fewer), of the
     * fragments {@code fragmentIds} or of all, returned in scan order; as the official method, a random choice of
     * row positions then a take.
     */
    public ArrowReader sample(long n, List<String> columns, Optional<List<Integer>> fragmentIds) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot sample a negative number of rows: " + n);
        }
        TableSnapshot view = fragmentIds.map(snapshot::withFragmentIds).orElse(snapshot);
        long live = ManifestSummary.of(view.manifest()).totalRows();
        return Takes.byIndex(view, Samples.positions(n, live, new java.util.SplittableRandom()), columns, env);
    }

    /**
     * Commits {@code fragments} written earlier ({@link Fragment#create}), possibly by another process, as an
     * append to the dataset at {@code path}, planned on {@code readVersion} (the latest when empty) and rebased
     * over compatible commits since. Fragments with id 0 get new ids.
     */
    public static Dataset commitAppend(
            String path,
            Optional<Long> readVersion,
            List<FragmentMetadata> fragments,
            Map<String, String> storageOptions) {
        return commitFragments(null, path, readVersion, fragments, Optional.empty(), storageOptions);
    }

    /**
     * Commits {@code fragments} written earlier as the whole content of the dataset at {@code path}, with
     * {@code schema} (creating the dataset if absent). The official method takes the schema as the address of a C
     * {@code ArrowSchema}; here it is the {@link Schema} itself.
     */
    public static Dataset commitOverwrite(
            String path,
            Schema schema,
            Optional<Long> readVersion,
            List<FragmentMetadata> fragments,
            Map<String, String> storageOptions) {
        return commitFragments(null, path, readVersion, fragments, Optional.of(schema), storageOptions);
    }

    /** Commits {@code operation} (an append or overwrite of fragments) to the dataset at {@code path}. */
    public static Dataset commit(
            BufferAllocator allocator, String path, FragmentOperation operation, Optional<Long> readVersion) {
        return commit(allocator, path, operation, readVersion, Map.of());
    }

    /** {@link #commit(BufferAllocator, String, FragmentOperation, Optional)} with storage options. */
    public static Dataset commit(
            BufferAllocator allocator,
            String path,
            FragmentOperation operation,
            Optional<Long> readVersion,
            Map<String, String> storageOptions) {
        return operation.commit(allocator, path, readVersion, storageOptions);
    }

    /** Commits fragments; scans of the result allocate from {@code allocator}, or from its own when null. */
    static Dataset commitFragments(
            BufferAllocator allocator,
            String path,
            Optional<Long> readVersion,
            List<FragmentMetadata> fragments,
            Optional<Schema> schema,
            Map<String, String> storageOptions) {
        OnDemandAllocator owned = allocator == null ? new OnDemandAllocator() : null;
        Env env = owned != null ? Env.defaults(owned) : Env.defaults(allocator);
        try {
            Storage storage = Storages.forUri(path, storageOptions);
            TableSnapshot base = readVersion.isPresent()
                    ? TableSnapshot.at(storage, path, readVersion.get())
                    : TableSnapshot.latestOrAbsent(storage, path);
            List<dev.plainlance.lance.pb.table.DataFragment> protos =
                    fragments.stream().map(FragmentMetadata::proto).toList();
            CommitFragments operation = schema.isPresent()
                    ? CommitFragments.overwrite(protos, LanceSchema.fromArrow(schema.get()), Map.of())
                    : CommitFragments.append(protos);
            return new Dataset(path, TableCommits.apply(operation, base, env).snapshot(), env, owned, storageOptions);
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            throw e;
        }
    }

    /** A builder of a transaction on this version that commits fragments written elsewhere. */
    public SourcedTransaction.Builder newTransactionBuilder() {
        return new SourcedTransaction.Builder(this);
    }

    /**
     * Commits {@code transaction} on this dataset after whatever landed since its read version, when compatible
     * (Lance's rebase), as {@link SourcedTransaction#commit()} does, with the transaction's uuid, tag and properties;
     * returns the dataset at the new version (this instance keeps showing its version).
     *
     * @throws dev.plainlance.lance.commit.CommitConflictException when a concurrent commit conflicts
     */
    public Dataset commitTransaction(Transaction transaction) {
        return commitSourced(
                transaction.readVersion(),
                transaction.operation(),
                transaction.tag(),
                transaction.transactionProperties().orElse(Map.of()),
                Optional.of(transaction.uuid()));
    }

    /**
     * {@link #commitTransaction(Transaction)}. A detached commit (a version outside the dataset's lineage) is not
     * implemented and refused; {@code enableV2ManifestPaths} names the manifests of a new dataset, and this one
     * exists, so its manifests keep their naming.
     *
     * @throws UnsupportedFeatureException when {@code detached}
     */
    public Dataset commitTransaction(Transaction transaction, boolean detached, boolean enableV2ManifestPaths) {
        if (detached) {
            throw new UnsupportedFeatureException(
                    "detached commits are not implemented (transaction " + transaction.uuid() + " on " + uri + ")");
        }
        return commitTransaction(transaction);
    }

    Dataset commitSourced(
            long readVersion,
            dev.plainlance.lance.operation.Operation operation,
            Optional<String> tag,
            Map<String, String> properties,
            Optional<String> uuid) {
        CommitFragments commit = SourcedCommits.of(operation);
        TableSnapshot base = readVersion == version() ? snapshot : TableSnapshot.at(storage(), uri, readVersion);
        TableCommits.Committed committed =
                TableCommits.apply(commit.withTransactionInfo(tag, properties, uuid), base, env);
        return new Dataset(uri, committed.snapshot(), env, null, storageOptions);
    }

    /**
     * The rows inserted and updated between this version and {@code comparedAgainst}, whichever is older; see
     * {@link DatasetDelta}.
     */
    public DatasetDelta delta(long comparedAgainst) {
        long current = version();
        return new DatasetDelta(this, Math.min(current, comparedAgainst), Math.max(current, comparedAgainst));
    }

    /** The rows inserted and updated after {@code beginVersion} up to {@code endVersion}; see {@link DatasetDelta}. */
    public DatasetDelta delta(long beginVersion, long endVersion) {
        return new DatasetDelta(this, beginVersion, endVersion);
    }

    // Indices (issue 18): the official org.lance index API, without protobuf types.

    /** The names of this version's indices, each once, in manifest order. */
    public List<String> listIndexes() {
        return new IndexCatalog(snapshot).names();
    }

    /** Every index segment of this version, in manifest order (unknown index types included). */
    public List<Index> getIndexes() {
        return new IndexCatalog(snapshot).segments();
    }

    /** One description per index name. */
    public List<IndexDescription> describeIndices() {
        return describeIndices(new IndexCriteria.Builder().build());
    }

    /** The descriptions of the indices matching {@code criteria}. */
    public List<IndexDescription> describeIndices(IndexCriteria criteria) {
        return new IndexCatalog(snapshot).describe(criteria);
    }

    /**
     * Statistics of index {@code name} as official 7.0.0 reports them: {@code index_type}, {@code name},
     * {@code num_indices}/{@code num_segments}, per segment {@code indices}/{@code segments} (BTREE: num_pages,
     * min, max; BITMAP: num_bitmaps; other types: empty), {@code num_indexed_fragments}, {@code num_indexed_rows},
     * {@code num_unindexed_fragments}, {@code num_unindexed_rows}, {@code num_indexed_rows_per_delta},
     * {@code updated_at_timestamp_ms}.
     */
    public Map<String, Object> getIndexStatistics(String name) {
        try {
            return new IndexCatalog(snapshot).statistics(name, env);
        } catch (IOException e) {
            throw new LanceIOException("cannot read index " + name + " of " + uri, e);
        }
    }

    /**
     * Live rows matching {@code filter} (only in the fragments {@code fragmentIds} when given), as official 7.0.0
     * counts them: fragments an index covers are answered through it, the others scanned. Index
     * {@code indexName} must exist.
     */
    public long countIndexedRows(String indexName, String filter, Optional<List<Integer>> fragmentIds) {
        if (filter == null || filter.isBlank()) {
            throw new IllegalArgumentException("filter cannot be null or empty");
        }
        new IndexCatalog(snapshot).segments(indexName);
        List<dev.plainlance.lance.pb.table.DataFragment> fragments = snapshot.fragments().stream()
                .filter(f ->
                        fragmentIds.map(ids -> ids.contains((int) f.getId())).orElse(true))
                .toList();
        try {
            return dev.plainlance.lance.scan.FilteredCount.count(snapshot.withFragments(fragments), filter, env);
        } catch (IOException e) {
            throw new LanceIOException("cannot scan " + uri, e);
        }
    }

    /**
     * Builds a BTREE, BITMAP or ZONEMAP index on one column over every fragment, as a new version (a CreateIndex
     * transaction; an index of the same name is replaced when {@code replace}, else refused). The files are the
     * ones official 7.0.0 writes and reads. A ZONEMAP takes {@code {"rows_per_zone": n}} as JSON parameters (8192
     * by default, as official). Returns the new segment.
     */
    public Index createIndex(
            List<String> columns, IndexType type, Optional<String> name, IndexParams params, boolean replace) {
        if (columns.size() != 1) {
            throw new IllegalArgumentException("a " + type + " index covers exactly one column, not " + columns);
        }
        apply(IndexChange.create(columns.get(0), type, name, replace, rowsPerZone(type, params)));
        String indexName = name.orElse(columns.get(0) + "_idx");
        return getIndexes().stream()
                .filter(i -> i.name().equals(indexName))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** An index key as a {@link Comparable}: binary keys as read-only {@link java.nio.ByteBuffer}s. */
    private static Comparable<?> comparable(Object key) {
        return key instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes).asReadOnlyBuffer() : (Comparable<?>) key;
    }

    /** The {@code rows_per_zone} of a ZONEMAP's JSON parameters; refused when not a positive integer. */
    private static java.util.OptionalLong rowsPerZone(IndexType type, IndexParams params) {
        if (type != IndexType.ZONEMAP || params.getJsonParams().isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(params.getJsonParams().get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "ZONEMAP parameters are not JSON: " + params.getJsonParams().get());
        }
        com.fasterxml.jackson.databind.JsonNode rows = json == null ? null : json.get("rows_per_zone");
        if (rows == null) {
            return java.util.OptionalLong.empty();
        }
        if (!rows.canConvertToLong() || !rows.isIntegralNumber() || rows.asLong() < 1) {
            throw new IllegalArgumentException("rows_per_zone must be a positive integer, not " + rows);
        }
        return java.util.OptionalLong.of(rows.asLong());
    }

    /**
     * The zones of the ZONEMAP index on {@code column} (a dotted path inside structs), every segment's in order, as
     * the official {@code getZonemapStats} gives them.
     *
     * @throws IllegalArgumentException if no ZONEMAP index covers the column
     */
    public List<dev.plainlance.lance.index.scalar.ZoneStats> getZonemapStats(String column) {
        IndexCatalog catalog = new IndexCatalog(snapshot);
        List<dev.plainlance.lance.index.scalar.ZoneStats> out = new ArrayList<>();
        boolean found = false;
        for (dev.plainlance.lance.pb.table.IndexMetadata segment : snapshot.indices()) {
            if (dev.plainlance.lance.index.IndexMetadatas.type(segment) != IndexType.ZONEMAP
                    || segment.getFieldsCount() != 1
                    || !catalog.columnName(segment.getFields(0))
                            .map(column::equals)
                            .orElse(false)) {
                continue;
            }
            found = true;
            try {
                dev.plainlance.lance.index.ZoneMapIndexReader zones =
                        (dev.plainlance.lance.index.ZoneMapIndexReader) dev.plainlance.lance.index.ScalarIndexes.open(
                                snapshot.bases(), segment, env.allocator(), env.caches());
                for (dev.plainlance.lance.index.ZoneMapIndexReader.Zone zone : zones.zones()) {
                    out.add(new dev.plainlance.lance.index.scalar.ZoneStats(
                            (int) zone.fragmentId(),
                            zone.zoneStart(),
                            zone.zoneLength(),
                            comparable(zone.min()),
                            comparable(zone.max()),
                            zone.nullCount()));
                }
            } catch (IOException e) {
                throw new LanceIOException("cannot read the ZONEMAP index on " + column + " of " + uri, e);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no ZONEMAP index covers column '" + column + "' of " + uri);
        }
        return out;
    }

    /**
     * {@link #createIndex(List, IndexType, Optional, IndexParams, boolean)} from {@code options}, as the official
     * {@code createIndex(IndexOptions)}. The options of distributed builds (fragment ids, an index uuid, untrained
     * indices, preprocessed data) are refused with an {@link UnsupportedOperationException} naming the option,
     * before anything is written.
     */
    public Index createIndex(IndexOptions options) {
        List<String> refused = new ArrayList<>();
        options.getFragmentIds().ifPresent(ids -> refused.add("fragment ids " + ids));
        options.getIndexUUID().ifPresent(uuid -> refused.add("index uuid " + uuid));
        options.getPreprocessedData().ifPresent(data -> refused.add("preprocessed data"));
        if (!options.isTrain()) {
            refused.add("train(false)");
        }
        if (!refused.isEmpty()) {
            throw new UnsupportedOperationException(
                    "distributed index builds are not implemented (" + String.join(", ", refused)
                            + "); plainlance builds BTREE, BITMAP and ZONEMAP indices over every fragment in one step");
        }
        return createIndex(
                options.getColumns(),
                options.getIndexType(),
                options.getIndexName(),
                options.getIndexParams(),
                options.isReplace());
    }

    /** Removes every segment of index {@code name}, as a new version; its files stay for older versions. */
    public void dropIndex(String name) {
        apply(IndexChange.drop(name));
    }

    /**
     * Folds the fragments the indices do not cover yet (appended since they were built) into them, as one new
     * version per index changed; only BTREE, BITMAP and ZONEMAP indices are optimized (a ZONEMAP keeps its zone
     * size).
     */
    public void optimizeIndices(OptimizeOptions options) {
        List<String> names = options.getIndexNames().orElseGet(() -> getIndexes().stream()
                .filter(i -> i.indexType() == IndexType.BTREE
                        || i.indexType() == IndexType.BITMAP
                        || i.indexType() == IndexType.ZONEMAP)
                .map(Index::name)
                .distinct()
                .toList());
        for (String name : names) {
            apply(IndexChange.optimize(name));
        }
    }

    /** Releases the allocator if the dataset created it. Readers it returned must be closed first. */
    @Override
    public void close() {
        closed = true;
        if (owned != null) {
            owned.close();
        }
    }

    private static Version toVersion(Manifest manifest) {
        Instant time = Instant.ofEpochSecond(
                manifest.getTimestamp().getSeconds(), manifest.getTimestamp().getNanos());
        return new Version(
                manifest.getVersion(), ZonedDateTime.ofInstant(time, ZoneOffset.UTC), ManifestSummary.of(manifest));
    }

    /**
     * Tags of this dataset, mirroring {@code org.lance.Dataset.Tags}. Tags live at the main root whichever branch
     * this instance shows; as in the official library, a version number alone names a version of main.
     */
    public final class Tags {
        public List<Tag> list() {
            return tagStore().list();
        }

        public long getVersion(String tag) {
            return tagStore().get(tag).version();
        }

        public void create(String tag, long version) {
            create(tag, Ref.ofMain(version));
        }

        /** Tags version {@code version} of {@code branch}. */
        public void create(String tag, long version, String branch) {
            create(tag, Ref.ofBranch(branch, version));
        }

        /** Tags the version {@code ref} names (the latest of a branch when it names no version). */
        public void create(String tag, Ref ref) {
            TagStore.validateName(tag);
            TableSnapshot target = resolve(ref);
            tagStore().create(tag, branchOf(target), target.location().orElseThrow());
        }

        public void update(String tag, long version) {
            update(tag, Ref.ofMain(version));
        }

        public void update(String tag, Ref ref) {
            TagStore.validateName(tag);
            TableSnapshot target = resolve(ref);
            tagStore().update(tag, branchOf(target), target.location().orElseThrow());
        }

        public void delete(String tag) {
            tagStore().delete(tag);
        }
    }

    /** Branches of this dataset, mirroring {@code org.lance.Dataset.Branches}; they live at the main root. */
    public final class Branches {
        /** Every branch, sorted by name. */
        public List<Branch> list() {
            return new BranchStore(roots().main()).list();
        }

        /**
         * Deletes branch {@code name}: its file first (it is no longer listed), then its root {@code tree/{name}}
         * (except the roots of branches nested below it). Files it inherited stay with their owners. A root left
         * without a branch file by a creation that did not finish is removed the same way.
         *
         * @throws NotFoundException if there is neither such a branch nor such a root
         * @throws dev.plainlance.lance.error.LanceException if another branch was created from it and reads its
         *     files
         */
        public void delete(String name) {
            BranchStore store = new BranchStore(roots().main());
            if (store.find(name).isEmpty()) {
                if (!store.deleteRoot(name)) {
                    store.get(name);
                }
                return;
            }
            for (Branch other : store.list()) {
                if (other.parentBranch().equals(Optional.of(name))) {
                    throw new dev.plainlance.lance.error.LanceException(
                            "branch '" + name + "' is the parent of branch '" + other.name()
                                    + "', which reads its files; delete '" + other.name() + "' first");
                }
            }
            store.deleteFile(name);
            store.deleteRoot(name);
        }

        public void replaceMetadata(String name, Map<String, String> metadata) {
            new BranchStore(roots().main()).replaceMetadata(name, metadata);
        }
    }
}
