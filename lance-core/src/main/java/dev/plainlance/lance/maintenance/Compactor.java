package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.arrow.ObservedReader;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.file.write.BlobV2Options;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.index.IndexMetadatas;
import dev.plainlance.lance.index.ScalarIndexes;
import dev.plainlance.lance.index.VectorIndexRemap;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.scan.BlobValues;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.DataFileNames;
import dev.plainlance.lance.write.DatasetWriter;
import dev.plainlance.lance.write.FragmentWriter;
import dev.plainlance.lance.write.IndexBuilder;
import dev.plainlance.lance.write.WriteSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * Compaction as the official {@code compact_files}: the planned runs of small fragments (and fragments with many
 * deleted rows) are read, live rows only, and rewritten into new fragments of up to the target row count, then
 * committed as one Rewrite transaction with one group per run. New fragment ids are reserved first with
 * ReserveFragments commits, as the official library does: one per run without stable row ids, one for all runs
 * with them. With stable row ids, rows keep their ids and versions (and indices their content); without, the
 * BTREE and BITMAP segments covering rewritten fragments are written again for the new row addresses
 * ({@code rewritten_indices}) and fragments other indices cover are left alone.
 */
public final class Compactor {
    /** Told after each planned run of fragments has been rewritten. */
    @FunctionalInterface
    public interface Progress {
        void rewritten(int done, int total);
    }

    /** A staged compaction: the uncommitted Rewrite and what it will change. */
    public record StagedCompaction(Transaction transaction, CompactionMetrics metrics) {}

    private final DataFileNames names;

    private final Env env;
    private final BufferAllocator allocator;

    private final boolean reserveIds;

    /**
     * A compactor taking ids, clock and retry policy from {@code env}. With {@code reserveIds} new fragment ids are
     * reserved by ReserveFragments commits while staging (as the official library does); without, they are left
     * for the commit to assign, and staging commits nothing.
     */
    public Compactor(Env env, boolean reserveIds) {
        this.env = env;
        this.reserveIds = reserveIds;
        this.allocator = env.allocator();
        this.names = new DataFileNames(env.uuids());
    }

    /**
     * Writes the compacted fragments and commits the ReserveFragments versions; the Rewrite itself is returned
     * uncommitted, built at {@code dataset}'s version. Empty when there is nothing to compact.
     */
    public Optional<StagedCompaction> stage(TableSnapshot dataset, CompactionOptions options) throws IOException {
        return stage(dataset, options, (done, total) -> {});
    }

    /** {@link #stage(TableSnapshot, CompactionOptions)}, reporting each rewritten run to {@code progress}. */
    public Optional<StagedCompaction> stage(TableSnapshot dataset, CompactionOptions options, Progress progress)
            throws IOException {
        boolean stable = dataset.hasStableRowIds();
        List<RoaringBitmap> coverage = new ArrayList<>();
        RoaringBitmap pinned = new RoaringBitmap();
        Set<IndexMetadata> remappedVectors = new HashSet<>();
        for (IndexMetadata index : dataset.indices()) {
            RoaringBitmap covered = IndexMetadatas.fragmentBitmap(index).orElseGet(() -> allFragments(dataset));
            coverage.add(covered);
            if (stable || !reserveIds) {
                if (!stable) {
                    pinned.or(covered);
                }
            } else if (IndexMetadatas.fragmentBitmap(index).isPresent()
                    && VectorIndexRemap.remappable(dataset.bases(), index)) {
                remappedVectors.add(index);
            } else if (!ScalarIndexes.readable(index)) {
                // without stable row ids a rewrite moves the rows the index points at: plainlance remaps BTREE,
                // BITMAP and IVF segments with a FLAT sub-index (when the new fragment ids are known while
                // staging); the fragments other indices cover stay as they are
                pinned.or(covered);
            }
        }
        List<List<DataFragment>> tasks =
                CompactionPlanner.plan(dataset.manifest().getFragmentsList(), options, coverage, pinned);
        if (tasks.isEmpty()) {
            return Optional.empty();
        }
        Transaction.Rewrite.Builder rewrite = Transaction.Rewrite.newBuilder();
        CompactionMetrics metrics = CompactionMetrics.NONE;
        List<Transaction.Rewrite.RewriteGroup.Builder> groups = new ArrayList<>();
        for (List<DataFragment> task : tasks) {
            List<DataFragment> written = rewrite(dataset, task, options, stable);
            if (!stable && reserveIds) {
                written = withIds(written, reserve(dataset, written.size()));
            }
            groups.add(Transaction.Rewrite.RewriteGroup.newBuilder()
                    .addAllOldFragments(task)
                    .addAllNewFragments(written));
            metrics = metrics.plus(metrics(task, written));
            progress.rewritten(groups.size(), tasks.size());
        }
        if (stable && reserveIds) {
            long first = reserve(
                    dataset,
                    groups.stream().mapToInt(g -> g.getNewFragmentsCount()).sum());
            for (Transaction.Rewrite.RewriteGroup.Builder group : groups) {
                List<DataFragment> numbered = withIds(group.getNewFragmentsList(), first);
                first += numbered.size();
                group.clearNewFragments().addAllNewFragments(numbered);
            }
        }
        groups.forEach(rewrite::addGroups);
        if (!stable) {
            rewrite.addAllRewrittenIndices(remap(dataset, rewrite.getGroupsList(), remappedVectors));
        }
        env.hit(DatasetFailpoints.STAGED);
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(env.newUuid().toString())
                .setRewrite(rewrite)
                .build();
        return Optional.of(new StagedCompaction(txn, metrics));
    }

    /**
     * Official {@code remap_indices}: each segment covering rewritten fragments is written again (a new uuid) so that
     * its row addresses point at the new fragments. BTREE and BITMAP segments are built again over their fragments
     * after the rewrite; the IVF segments in {@code vectors} have their stored rows moved ({@link VectorIndexRemap}).
     */
    private List<Transaction.Rewrite.RewrittenIndex> remap(
            TableSnapshot dataset, List<Transaction.Rewrite.RewriteGroup> groups, Set<IndexMetadata> vectors)
            throws IOException {
        Set<Long> old = new HashSet<>();
        groups.forEach(g -> g.getOldFragmentsList().forEach(f -> old.add(f.getId())));
        List<Transaction.Rewrite.RewrittenIndex> out = new ArrayList<>();
        RewriteAddressMap addresses = null;
        for (IndexMetadata index : dataset.indices()) {
            Optional<RoaringBitmap> bitmap = IndexMetadatas.fragmentBitmap(index);
            if (!(ScalarIndexes.readable(index) || vectors.contains(index))
                    || bitmap.isEmpty()
                    || old.stream().noneMatch(id -> bitmap.get().contains(id.intValue()))) {
                continue;
            }
            if (vectors.contains(index)) {
                if (addresses == null) {
                    addresses = new RewriteAddressMap(dataset, groups, allocator);
                }
                out.add(rewritten(
                        index,
                        VectorIndexRemap.remap(
                                dataset.bases(), dataset.bases().own(), index, addresses, env.newUuid(), allocator)));
                continue;
            }
            List<DataFragment> fragments = new ArrayList<>();
            for (DataFragment f : dataset.fragments()) {
                if (bitmap.get().contains((int) f.getId()) && !old.contains(f.getId())) {
                    fragments.add(f);
                }
            }
            for (Transaction.Rewrite.RewriteGroup group : groups) {
                if (bitmap.get().contains((int) group.getOldFragments(0).getId())) {
                    fragments.addAll(group.getNewFragmentsList());
                }
            }
            fragments.sort(java.util.Comparator.comparingLong(DataFragment::getId));
            dev.plainlance.lance.schema.LanceField field = dataset.schema()
                    .fieldById(index.getFields(0))
                    .orElseThrow(() -> new IllegalStateException(
                            "index " + index.getName() + " is on a field not in " + dataset.name()));
            IndexMetadata remapped = IndexBuilder.like(index, dataset, env)
                    .build(
                            dataset.withFragments(fragments),
                            field,
                            IndexMetadatas.type(index),
                            index.getName(),
                            fragments);
            out.add(rewritten(index, remapped));
        }
        return out;
    }

    private static Transaction.Rewrite.RewrittenIndex rewritten(IndexMetadata old, IndexMetadata remapped) {
        return Transaction.Rewrite.RewrittenIndex.newBuilder()
                .setOldId(old.getUuid())
                .setNewId(remapped.getUuid())
                .setNewIndexDetails(remapped.getIndexDetails())
                .setNewIndexVersion(remapped.getIndexVersion())
                .build();
    }

    /** Reads the task's live rows in order and writes them into new fragments (ids unassigned). */
    private List<DataFragment> rewrite(
            TableSnapshot dataset, List<DataFragment> task, CompactionOptions options, boolean stable)
            throws IOException {
        TableSnapshot view = dataset.withFragments(task);
        ScanOptions.Builder scan = new ScanOptions.Builder().withRowId(stable).withRowAddress(stable);
        options.getBatchSize().ifPresent(scan::batchSize);
        FragmentWriter writer = new FragmentWriter(
                dataset.storage(),
                dataset.schema(),
                DatasetWriter.fileVersion(dataset.fileFormatVersion()),
                Math.toIntExact(options.targetRows()),
                WriteSpec.DEFAULT_MAX_BYTES_PER_FILE,
                names,
                WriterOptions.defaults().withWorkers(env.workers()).withBlobs(BlobV2Options.rewrite()));
        int dataColumns = dataset.schema().fields().size();
        boolean blobs = BlobValues.needed(new LanceScanner(view, ScanOptions.defaults(), env).schema());
        if (!stable && !blobs) {
            try (ArrowReader reader = new LanceScanner(view, scan.build(), env).scanBatches()) {
                return writer.write(reader);
            }
        }
        if (!stable) {
            // blob columns: the rows' fragments (from their addresses) hold the bytes the new files copy
            scan.withRowAddress(true);
            try (ArrowReader reader = new ObservedReader(
                    new BlobValues(
                            view, new LanceScanner(view, scan.build(), env).scanBatches(), dataColumns, allocator),
                    dataColumns,
                    dataset.schema().toArrow(),
                    batch -> {},
                    allocator)) {
                return writer.write(reader);
            }
        }
        StableRowIds ids = new StableRowIds();
        StableRowIds.VersionLookup versions = new StableRowIds.VersionLookup();
        java.util.Map<Long, DataFragment> byId = new java.util.HashMap<>();
        task.forEach(f -> byId.put(f.getId(), f));
        ArrowReader scanned = new LanceScanner(view, scan.build(), env).scanBatches();
        try (ArrowReader reader = new ObservedReader(
                blobs ? new BlobValues(view, scanned, dataColumns + 1, allocator) : scanned,
                dataColumns,
                dataset.schema().toArrow(),
                batch -> {
                    UInt8Vector rowIds = (UInt8Vector) batch.getVector(dataColumns);
                    UInt8Vector addresses = (UInt8Vector) batch.getVector(dataColumns + 1);
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        long address = addresses.get(row);
                        ids.add(byId.get(address >>> 32), address & 0xffffffffL, rowIds.get(row), versions);
                    }
                },
                allocator)) {
            return ids.assign(writer.write(reader));
        }
    }

    /** Commits a ReserveFragments for {@code count} ids; returns the first reserved id. */
    private long reserve(TableSnapshot dataset, int count) {
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(env.newUuid().toString())
                .setReserveFragments(Transaction.ReserveFragments.newBuilder().setNumFragments(count))
                .build();
        TableSnapshot reserved = new Committer(dataset.storage(), env)
                .commit(txn, dataset.naming(), new ManifestBuilder.NewDatasetOptions("", false));
        long maxId = Integer.toUnsignedLong(reserved.manifest().getMaxFragmentId());
        return maxId + 1 - count;
    }

    private static RoaringBitmap allFragments(TableSnapshot dataset) {
        RoaringBitmap all = new RoaringBitmap();
        dataset.fragments().forEach(f -> all.add((int) f.getId()));
        return all;
    }

    private static List<DataFragment> withIds(List<DataFragment> fragments, long first) {
        List<DataFragment> out = new ArrayList<>();
        for (int i = 0; i < fragments.size(); i++) {
            out.add(fragments.get(i).toBuilder().setId(first + i).build());
        }
        return out;
    }

    private static CompactionMetrics metrics(List<DataFragment> old, List<DataFragment> written) {
        long filesRemoved = old.stream()
                .mapToLong(f -> f.getFilesCount() + (f.hasDeletionFile() ? 1 : 0))
                .sum();
        long filesAdded =
                written.stream().mapToLong(DataFragment::getFilesCount).sum();
        return new CompactionMetrics(old.size(), written.size(), filesRemoved, filesAdded);
    }
}
