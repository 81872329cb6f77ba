package dev.plainlance.lance;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.commit.Retry;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.ipc.Takes;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.maintenance.Compactor;
import dev.plainlance.lance.maintenance.RemovalStats;
import dev.plainlance.lance.maintenance.VersionCleaner;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.merge.MergeInsertResult;
import dev.plainlance.lance.merge.MergeInserter;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.schema.ColumnAdder;
import dev.plainlance.lance.schema.ColumnDropper;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.table.FeatureFlags;
import dev.plainlance.lance.table.ManifestFile;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.Tag;
import dev.plainlance.lance.table.TagStore;
import dev.plainlance.lance.write.DataFileNames;
import dev.plainlance.lance.write.DatasetWriter;
import dev.plainlance.lance.write.RowDeleter;
import java.io.Closeable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Lance dataset opened at one version, mirroring {@code org.lance.Dataset}. An instance shows one version at a
 * time: reads see that version, {@link #checkoutVersion} and {@link #checkoutTag} return new instances, and a
 * write through this instance (restore, config, ...) commits a new version and moves this instance to it.
 */
public final class Dataset implements Closeable {
    private final String uri;
    private final ManifestStore manifests;
    private final TagStore tags;
    private final BufferAllocator allocator;
    private final boolean ownsAllocator;
    private final Clock clock;
    /** The version this instance shows; replaced (never mutated) when this instance commits. */
    private volatile Snapshot snapshot;

    /** One loaded version: where its manifest is, the decoded file, and its schema. Immutable. */
    private record Snapshot(ManifestStore.Location location, ManifestFile file, LanceSchema schema) {
        static Snapshot load(ManifestStore manifests, ManifestStore.Location location) {
            ManifestFile file = manifests.load(location);
            FeatureFlags.checkReadable(file.manifest(), manifests.storage().describe(location.key()));
            return new Snapshot(
                    location,
                    file,
                    LanceSchema.fromProto(
                            file.manifest().getFieldsList(), file.manifest().getSchemaMetadataMap()));
        }
    }

    private Dataset(
            String uri,
            ManifestStore manifests,
            TagStore tags,
            ManifestStore.Location location,
            BufferAllocator allocator,
            boolean ownsAllocator,
            Clock clock) {
        this(uri, manifests, tags, Snapshot.load(manifests, location), allocator, ownsAllocator, clock);
    }

    private Dataset(
            String uri,
            ManifestStore manifests,
            TagStore tags,
            Snapshot snapshot,
            BufferAllocator allocator,
            boolean ownsAllocator,
            Clock clock) {
        this.uri = uri;
        this.manifests = manifests;
        this.tags = tags;
        this.allocator = allocator;
        this.ownsAllocator = ownsAllocator;
        this.clock = clock;
        this.snapshot = snapshot;
    }

    /**
     * Opens the latest version of the dataset at {@code uri} (a local path or {@code file://} URI). Data read
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
        return open(Storages.forUri(uri), uri, options, allocator, false);
    }

    /** Opens the version or tag named by {@code options}, or the latest. */
    public static Dataset open(String uri, ReadOptions options) {
        return open(Storages.forUri(uri), uri, options);
    }

    /** Opens a dataset held by any {@link Storage}; {@code uri} is only used to name it. */
    public static Dataset open(Storage storage, String uri, ReadOptions options) {
        return open(storage, uri, options, new RootAllocator(), true);
    }

    private static Dataset open(
            Storage storage, String uri, ReadOptions options, BufferAllocator allocator, boolean ownsAllocator) {
        ManifestStore manifests = new ManifestStore(storage);
        TagStore tags = new TagStore(manifests, options.getClock());
        ManifestStore.Location location;
        if (options.getTag().isPresent()) {
            location = manifests.locate(tags.get(options.getTag().get()).version());
        } else if (options.getVersion().isPresent()) {
            location = manifests.locate(options.getVersion().get());
        } else {
            location = manifests
                    .latest()
                    .orElseThrow(() -> new NotFoundException("no Lance dataset at " + uri + ": "
                            + storage.describe("_versions") + " holds no manifest"));
        }
        try {
            return new Dataset(uri, manifests, tags, location, allocator, ownsAllocator, options.getClock());
        } catch (RuntimeException e) {
            if (ownsAllocator) {
                allocator.close();
            }
            throw e;
        }
    }

    /**
     * Writes {@code data} to {@code uri} as the official {@code Dataset.create} does: CREATE fails if a dataset
     * exists, APPEND adds fragments (creating the dataset if absent), OVERWRITE replaces the content. Data files
     * are written first and become visible together, in one new version. Scans of the returned dataset
     * allocate from {@code allocator}.
     */
    public static Dataset create(BufferAllocator allocator, ArrowReader data, String uri, WriteParams params) {
        LocalStorage storage = Storages.forUri(uri);
        return write(storage, uri, data, params, ReadOptions.defaults().getClock(), allocator, false);
    }

    /** Creates an empty dataset with {@code schema}. */
    public static Dataset create(BufferAllocator allocator, String uri, Schema schema, WriteParams params) {
        try (ArrowReader empty = ArrowReaders.empty(schema, allocator)) {
            return create(allocator, empty, uri, params);
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot create " + uri, e);
        }
    }

    /** Writes {@code data} into any {@link Storage}; see {@link #create(BufferAllocator, ArrowReader, String, WriteParams)}. */
    public static Dataset write(Storage storage, String uri, ArrowReader data, WriteParams params, Clock clock) {
        return write(storage, uri, data, params, clock, new RootAllocator(), true);
    }

    private static Dataset write(
            Storage storage,
            String uri,
            ArrowReader data,
            WriteParams params,
            Clock clock,
            BufferAllocator allocator,
            boolean ownsAllocator) {
        try {
            DatasetWriter.StagedWrite staged =
                    new DatasetWriter(storage, DataFileNames.random(), java.util.UUID::randomUUID).stage(data, params);
            ManifestStore.Location committed = new Committer(storage, clock, Retry.commitDefaults())
                    .commit(staged.transaction(), staged.naming(), staged.creation());
            ManifestStore manifests = new ManifestStore(storage);
            return new Dataset(
                    uri, manifests, new TagStore(manifests, clock), committed, allocator, ownsAllocator, clock);
        } catch (java.io.IOException e) {
            if (ownsAllocator) {
                allocator.close();
            }
            throw new LanceIOException("cannot write to " + uri, e);
        } catch (RuntimeException e) {
            if (ownsAllocator) {
                allocator.close();
            }
            throw e;
        }
    }

    public String uri() {
        return uri;
    }

    /** The version this instance shows. */
    public long version() {
        return snapshot.location().version();
    }

    /** The version this instance shows, with time and summary. */
    public Version getVersion() {
        return toVersion(manifest());
    }

    /** The newest committed version, looked up now. */
    public long latestVersion() {
        return manifests.latest().map(ManifestStore.Location::version).orElseThrow();
    }

    /** Every committed version, ascending. */
    public List<Version> listVersions() {
        Snapshot current = snapshot;
        List<Version> versions = new ArrayList<>();
        for (ManifestStore.Location each : manifests.list()) {
            Manifest manifest = each.version() == current.location().version()
                    ? current.file().manifest()
                    : manifests.load(each).manifest();
            versions.add(toVersion(manifest));
        }
        return versions;
    }

    /** This dataset at {@code version}; the new instance shares this one's allocator. */
    public Dataset checkoutVersion(long version) {
        return new Dataset(uri, manifests, tags, manifests.locate(version), allocator, false, clock);
    }

    public Dataset checkoutTag(String tag) {
        return checkoutVersion(tags.get(tag).version());
    }

    /** The dataset's schema as Arrow; field ids are kept in {@link #getLanceSchema()}. */
    public Schema getSchema() {
        return snapshot.schema().toArrow();
    }

    public LanceSchema getLanceSchema() {
        return snapshot.schema();
    }

    public List<Fragment> getFragments() {
        return manifest().getFragmentsList().stream()
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
        return ManifestSummary.of(manifest()).totalRows();
    }

    public Optional<Transaction> readTransaction() {
        return manifests.transaction(snapshot.file()).map(Transaction::new);
    }

    public Map<String, String> getConfig() {
        return Map.copyOf(manifest().getConfigMap());
    }

    public Map<String, String> getTableMetadata() {
        return Map.copyOf(manifest().getTableMetadataMap());
    }

    /** The data storage (file format) version: "2.0", "2.1", "2.2", or "0.1" for legacy files. */
    public String getLanceFileFormatVersion() {
        Manifest manifest = manifest();
        if (manifest.hasDataFormat() && !manifest.getDataFormat().getVersion().isEmpty()) {
            return manifest.getDataFormat().getVersion();
        }
        return getFragments().stream()
                .flatMap(f -> f.metadata().getFiles().stream())
                .findFirst()
                .map(f ->
                        f.getFileMajorVersion() == 0 && f.getFileMinorVersion() < 3 ? "0.1" : f.getFileFormatVersion())
                .orElse("2.0");
    }

    public boolean hasStableRowIds() {
        return (manifest().getReaderFeatureFlags() & FeatureFlags.STABLE_ROW_IDS) != 0;
    }

    /** The raw manifest of this version, unknown fields included. */
    public Manifest manifest() {
        return snapshot.file().manifest();
    }

    /** The manifest naming scheme of this version's file. */
    public dev.plainlance.lance.table.ManifestNaming manifestNaming() {
        return snapshot.location().naming();
    }

    /** Size in bytes of this version's manifest file. */
    public long manifestSize() {
        return snapshot.location().size();
    }

    public Tags tags() {
        return new Tags();
    }

    /**
     * Makes the version this instance shows the latest again, as a new version (the official {@code restore()});
     * this instance then shows the new version.
     */
    public void restore() {
        commit(txn -> txn.setRestore(
                dev.plainlance.lance.pb.table.Transaction.Restore.newBuilder().setVersion(version())));
    }

    /**
     * Deletes the rows matching the SQL {@code predicate} (e.g. {@code "id % 3 = 0"}), as a new version: touched
     * fragments get new deletion files, fully deleted fragments are dropped. Bad SQL or unknown columns throw
     * {@link dev.plainlance.lance.expr.ExpressionParseException} naming the position; nothing is written then.
     */
    public void delete(String predicate) {
        try {
            commitTransaction(new RowDeleter(allocator, java.util.concurrent.ThreadLocalRandom.current()::nextLong)
                    .stage(this, predicate));
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot delete from " + uri, e);
        }
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
        try {
            dev.plainlance.lance.write.RowUpdater.StagedUpdate staged = new dev.plainlance.lance.write.RowUpdater(
                            allocator,
                            DataFileNames.random(),
                            java.util.concurrent.ThreadLocalRandom.current()::nextLong,
                            java.util.UUID::randomUUID)
                    .stage(this, predicate, updates);
            commitTransaction(staged.transaction());
            return staged.rowsUpdated();
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot update " + uri, e);
        }
    }

    /**
     * Merges {@code source} into this version on the key columns of {@code params} (upsert, insert-if-absent,
     * replace-a-range, ...; see {@link MergeInsertParams}), as one new version. The source is read into memory. A
     * commit race lost to a conflicting writer is redone against the newest version, up to
     * {@link MergeInsertParams#conflictRetries()} times. Like the official library, this instance keeps showing its
     * version; the result holds a new instance at the committed one (close it too).
     */
    public MergeInsertResult mergeInsert(MergeInsertParams params, ArrowReader source) {
        try {
            List<org.apache.arrow.vector.VectorSchemaRoot> rows =
                    MergeInserter.readSource(source, newScan().schema(), uri, allocator);
            try {
                MergeInserter inserter = new MergeInserter(
                        allocator,
                        DataFileNames.random(),
                        java.util.concurrent.ThreadLocalRandom.current()::nextLong,
                        java.util.UUID::randomUUID);
                Retry retry = new Retry(
                        params.conflictRetries() + 1,
                        java.time.Duration.ofMillis(10),
                        java.time.Duration.ofSeconds(2),
                        d -> Thread.sleep(d.toMillis()),
                        () -> java.util.concurrent.ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
                return retry.run(dev.plainlance.lance.commit.CommitConflictException.class, attempt -> {
                    try (Dataset base = attempt == 1 ? checkoutVersion(version()) : checkoutLatest()) {
                        MergeInserter.StagedMerge staged = inserter.stage(base, params, rows, attempt);
                        ManifestStore.Location committed = new Committer(storage(), clock, Retry.commitDefaults())
                                .commit(
                                        staged.transaction(),
                                        manifestNaming(),
                                        new ManifestBuilder.NewDatasetOptions("", false));
                        return new MergeInsertResult(
                                new Dataset(uri, manifests, tags, committed, allocator, false, clock), staged.stats());
                    }
                });
            } finally {
                rows.forEach(org.apache.arrow.vector.VectorSchemaRoot::close);
            }
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot merge into " + uri, e);
        }
    }

    private Dataset checkoutLatest() {
        return new Dataset(uri, manifests, tags, manifests.latest().orElseThrow(), allocator, false, clock);
    }

    /** Live rows matching the SQL {@code filter}. */
    public long countRows(String filter) {
        try {
            return RowDeleter.matches(this, filter).values().stream()
                    .mapToLong(b -> b.getLongCardinality())
                    .sum();
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot scan " + uri, e);
        }
    }

    /** Replaces the table config with {@code config}, as a new version. */
    public void updateConfig(Map<String, String> config) {
        dev.plainlance.lance.pb.table.Transaction.UpdateMap.Builder update =
                dev.plainlance.lance.pb.table.Transaction.UpdateMap.newBuilder().setReplace(true);
        config.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e ->
                        update.addUpdateEntries(dev.plainlance.lance.pb.table.Transaction.UpdateMapEntry.newBuilder()
                                .setKey(e.getKey())
                                .setValue(e.getValue())));
        commit(txn -> txn.setUpdateConfig(dev.plainlance.lance.pb.table.Transaction.UpdateConfig.newBuilder()
                .setConfigUpdates(update)));
    }

    /** Removes config keys, as a new version. */
    public void deleteConfigKeys(java.util.Set<String> keys) {
        dev.plainlance.lance.pb.table.Transaction.UpdateMap.Builder update =
                dev.plainlance.lance.pb.table.Transaction.UpdateMap.newBuilder();
        keys.stream()
                .sorted()
                .forEach(k ->
                        update.addUpdateEntries(dev.plainlance.lance.pb.table.Transaction.UpdateMapEntry.newBuilder()
                                .setKey(k)));
        commit(txn -> txn.setUpdateConfig(dev.plainlance.lance.pb.table.Transaction.UpdateConfig.newBuilder()
                .setConfigUpdates(update)));
    }

    /**
     * Adds columns computed by SQL expressions over existing columns (e.g. {@code "id * 2"}), as a new version: each
     * fragment gets a data file with the new columns. {@code batchSize} rows are evaluated at a time. Bad SQL or
     * unknown columns throw {@link dev.plainlance.lance.expr.ExpressionParseException}; nothing is committed then.
     */
    public void addColumns(SqlExpressions expressions, Optional<Long> batchSize) {
        try {
            commitTransaction(new ColumnAdder(DataFileNames.random(), java.util.UUID::randomUUID)
                    .stage(this, expressions, batchSize));
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot add columns to " + uri, e);
        }
    }

    /** Adds all-null (nullable) columns, as a new version; a schema change only, as the official library. */
    public void addColumns(List<Field> fields) {
        commitTransaction(new ColumnAdder(DataFileNames.random(), java.util.UUID::randomUUID).stageNulls(this, fields));
    }

    /** Adds the fields of {@code schema} as all-null columns; see {@link #addColumns(List)}. */
    public void addColumns(Schema schema) {
        addColumns(schema.getFields());
    }

    /** Drops top-level columns, as a new version; a schema change only (files stay for older versions). */
    public void dropColumns(List<String> columns) {
        commitTransaction(new ColumnDropper(java.util.UUID::randomUUID).stage(this, columns));
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
        try {
            Optional<Compactor.StagedCompaction> staged = new Compactor(
                            DataFileNames.random(), java.util.UUID::randomUUID, clock, Retry.commitDefaults())
                    .stage(this, options, progress);
            if (staged.isEmpty()) {
                return CompactionMetrics.NONE;
            }
            commitTransaction(staged.get().transaction());
            return staged.get().metrics();
        } catch (java.io.IOException e) {
            throw new LanceIOException("cannot compact " + uri, e);
        }
    }

    /** Removes the versions {@code policy} selects and the files only they reference; see {@link VersionCleaner}. */
    public RemovalStats cleanupWithPolicy(CleanupPolicy policy) {
        refuseIfCatalogTable("clean up");
        return new VersionCleaner(storage(), clock).clean(policy);
    }

    /**
     * Removes versions older than {@code olderThan} (by this dataset's clock) that are not among the newest
     * {@code keepVersions}; tagged versions are kept silently.
     */
    public RemovalStats cleanupOldVersions(java.time.Duration olderThan, int keepVersions) {
        if (keepVersions < 1) {
            throw new IllegalArgumentException(
                    "keepVersions must be at least 1 (the latest is always kept), not " + keepVersions);
        }
        refuseIfCatalogTable("clean up");
        List<ManifestStore.Location> versions = manifests.list();
        long firstKept =
                versions.get(Math.max(0, versions.size() - keepVersions)).version();
        return cleanupWithPolicy(CleanupPolicy.builder()
                .withBeforeTimestampMillis(clock.instant().minus(olderThan).toEpochMilli())
                .withBeforeVersion(firstKept)
                .withErrorIfTaggedOldVersions(false)
                .build());
    }

    /**
     * @throws dev.plainlance.lance.maintenance.CatalogTableException if a plainlance catalog owns this table (its
     *     config carries {@link dev.plainlance.lance.maintenance.CatalogTableException#MARKER})
     */
    private void refuseIfCatalogTable(String action) {
        String key = manifest().getConfigMap().get(dev.plainlance.lance.maintenance.CatalogTableException.MARKER);
        if (key != null) {
            throw new dev.plainlance.lance.maintenance.CatalogTableException(uri, key, action);
        }
    }

    /**
     * Commits a transaction built at this instance's version, then shows the new version. The transaction gets a
     * fresh uuid and this version as its read version.
     */
    private void commit(java.util.function.Consumer<dev.plainlance.lance.pb.table.Transaction.Builder> operation) {
        dev.plainlance.lance.pb.table.Transaction.Builder txn = dev.plainlance.lance.pb.table.Transaction.newBuilder()
                .setReadVersion(version())
                .setUuid(java.util.UUID.randomUUID().toString());
        operation.accept(txn);
        commitTransaction(txn.build());
    }

    /** Commits a staged transaction (see {@code dev.plainlance.lance.write}) and shows the new version. */
    public void commitTransaction(dev.plainlance.lance.pb.table.Transaction txn) {
        ManifestStore.Location committed = new Committer(storage(), clock, Retry.commitDefaults())
                .commit(txn, manifestNaming(), new ManifestBuilder.NewDatasetOptions("", false));
        snapshot = Snapshot.load(manifests, committed);
    }

    /**
     * A read-only view of this version holding only {@code fragments} (which must belong to it): scans and takes
     * of the view read just those fragments. Shares this instance's allocator.
     */
    public Dataset withFragments(List<dev.plainlance.lance.pb.table.DataFragment> fragments) {
        Snapshot current = snapshot;
        Manifest restricted = current.file().manifest().toBuilder()
                .clearFragments()
                .addAllFragments(fragments)
                .build();
        return new Dataset(
                uri,
                manifests,
                tags,
                new Snapshot(
                        current.location(),
                        new ManifestFile(
                                restricted,
                                current.file().transaction(),
                                current.file().indexSection()),
                        current.schema()),
                allocator,
                false,
                clock);
    }

    /** The storage the dataset lives in. */
    public Storage storage() {
        return manifests.storage();
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    /** A scan of every column of this version. */
    public LanceScanner newScan() {
        return newScan(ScanOptions.defaults());
    }

    /** A scan of this version, configured by {@code options}. */
    public LanceScanner newScan(ScanOptions options) {
        return new LanceScanner(this, options, allocator);
    }

    /** The live rows at positions {@code indices} of the scan order, in request order. */
    public ArrowReader take(List<Long> indices, List<String> columns) {
        return Takes.byIndex(this, indices, columns, allocator);
    }

    /** The rows with the given row ids (row addresses unless the dataset has stable row ids), in request order. */
    public ArrowReader takeRows(List<Long> rowIds, List<String> columns) {
        return Takes.byRowId(this, rowIds, columns, allocator);
    }

    /** Releases the allocator if the dataset created it. Readers it returned must be closed first. */
    @Override
    public void close() {
        if (ownsAllocator) {
            allocator.close();
        }
    }

    private static Version toVersion(Manifest manifest) {
        Instant time = Instant.ofEpochSecond(
                manifest.getTimestamp().getSeconds(), manifest.getTimestamp().getNanos());
        return new Version(
                manifest.getVersion(), ZonedDateTime.ofInstant(time, ZoneOffset.UTC), ManifestSummary.of(manifest));
    }

    /** Tags of this dataset, mirroring {@code org.lance.Dataset.Tags}. */
    public final class Tags {
        public List<Tag> list() {
            return tags.list();
        }

        public long getVersion(String tag) {
            return tags.get(tag).version();
        }

        public void create(String tag, long version) {
            tags.create(tag, version);
        }

        public void update(String tag, long version) {
            tags.update(tag, version);
        }

        public void delete(String tag) {
            tags.delete(tag);
        }
    }
}
