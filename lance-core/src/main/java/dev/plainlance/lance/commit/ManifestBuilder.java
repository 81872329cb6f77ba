package dev.plainlance.lance.commit;

import com.google.protobuf.Timestamp;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.pb.table.BasePath;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexSection;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.RowDatasetVersionRun;
import dev.plainlance.lance.pb.table.RowDatasetVersionSequence;
import dev.plainlance.lance.pb.table.RowIdSequence;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.pb.table.U64Segment;
import dev.plainlance.lance.table.FeatureFlags;
import dev.plainlance.lance.table.ManifestFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Derives the manifest of the next version from the current one and a transaction, following Lance's
 * {@code Transaction::build_manifest}: schema, fragment id assignment, stable row ids, config, feature flags,
 * {@code max_fragment_id} high-water mark, transaction file name. Pure: no I/O.
 */
public final class ManifestBuilder {
    /** What plainlance stamps into {@code Manifest.writer_version}. */
    public static final Manifest.WriterVersion WRITER_VERSION = Manifest.WriterVersion.newBuilder()
            .setLibrary("plainlance")
            .setVersion("0.1.0")
            .build();

    /** Options that apply when a transaction creates a dataset (read version 0). */
    public record NewDatasetOptions(String dataStorageVersion, boolean stableRowIds) {}

    private ManifestBuilder() {}

    /**
     * The manifest file for {@code version}, built from {@code current} (empty when creating the dataset).
     * {@code restored} must hold the manifest of the target version for a Restore transaction.
     */
    public static ManifestFile build(
            Optional<ManifestFile> current,
            Optional<ManifestFile> restored,
            Transaction txn,
            long version,
            Instant now,
            NewDatasetOptions creation) {
        Manifest.Builder next;
        Optional<IndexSection> indices;
        switch (txn.getOperationCase()) {
            case APPEND -> {
                Manifest base = current.orElseThrow(
                                () -> new IllegalArgumentException("an append needs an existing dataset"))
                        .manifest();
                next = base.toBuilder();
                next.clearFragments();
                List<DataFragment> fragments = new ArrayList<>(base.getFragmentsList());
                fragments.addAll(assignIds(
                        firstFreeFragmentId(base),
                        usesStableRowIds(base),
                        txn.getAppend().getFragmentsList(),
                        version,
                        next));
                next.addAllFragments(sorted(fragments));
                indices = current.get().indexSection();
            }
            case OVERWRITE -> {
                Transaction.Overwrite op = txn.getOverwrite();
                if (current.isPresent()) {
                    next = current.get().manifest().toBuilder();
                    if (!creation.dataStorageVersion().isEmpty()) {
                        next.setDataFormat(dataFormat(creation.dataStorageVersion()));
                    }
                } else {
                    next = Manifest.newBuilder()
                            .setDataFormat(dataFormat(
                                    creation.dataStorageVersion().isEmpty() ? "2.1" : creation.dataStorageVersion()));
                    if (creation.stableRowIds()) {
                        next.setReaderFeatureFlags(FeatureFlags.STABLE_ROW_IDS);
                    }
                }
                next.clearFields().addAllFields(op.getSchemaList());
                next.clearSchemaMetadata().putAllSchemaMetadata(op.getSchemaMetadataMap());
                next.putAllConfig(op.getConfigUpsertValuesMap());
                next.clearFragments();
                boolean stable = usesStableRowIds(next.build());
                next.addAllFragments(sorted(assignIds(0, stable, op.getFragmentsList(), version, next)));
                indices = Optional.empty();
            }
            case RESTORE -> {
                ManifestFile target = restored.orElseThrow(
                        () -> new IllegalArgumentException("a restore needs the manifest of version "
                                + txn.getRestore().getVersion()));
                next = target.manifest().toBuilder();
                indices = target.indexSection();
            }
            case DELETE -> {
                ManifestFile base =
                        current.orElseThrow(() -> new IllegalArgumentException("a delete needs an existing dataset"));
                next = base.manifest().toBuilder();
                java.util.Map<Long, DataFragment> updated = new java.util.HashMap<>();
                txn.getDelete().getUpdatedFragmentsList().forEach(f -> updated.put(f.getId(), f));
                java.util.Set<Long> removed =
                        new java.util.HashSet<>(txn.getDelete().getDeletedFragmentIdsList());
                List<DataFragment> fragments = new ArrayList<>();
                for (DataFragment f : base.manifest().getFragmentsList()) {
                    if (!removed.contains(f.getId())) {
                        fragments.add(updated.getOrDefault(f.getId(), f));
                    }
                }
                next.clearFragments().addAllFragments(sorted(fragments));
                indices = IndexRules.section(IndexRules.retainRelevant(
                        IndexRules.of(base.indexSection()), next.getFieldsList(), next.getFragmentsList()));
            }
            case UPDATE -> {
                ManifestFile base =
                        current.orElseThrow(() -> new IllegalArgumentException("an update needs an existing dataset"));
                Transaction.Update update = txn.getUpdate();
                next = base.manifest().toBuilder();
                java.util.Map<Long, DataFragment> updated = new java.util.HashMap<>();
                update.getUpdatedFragmentsList().forEach(f -> updated.put(f.getId(), f));
                java.util.Set<Long> removed = new java.util.HashSet<>(update.getRemovedFragmentIdsList());
                List<DataFragment> fragments = new ArrayList<>();
                for (DataFragment f : base.manifest().getFragmentsList()) {
                    if (!removed.contains(f.getId())) {
                        fragments.add(updated.getOrDefault(f.getId(), f));
                    }
                }
                next.clearFragments();
                boolean stable = usesStableRowIds(base.manifest());
                List<DataFragment> added = assignIds(
                        firstFreeFragmentId(base.manifest()), stable, update.getNewFragmentsList(), version, next);
                fragments.addAll(added);
                next.addAllFragments(sorted(fragments));
                indices = IndexRules.section(IndexRules.update(
                        IndexRules.of(base.indexSection()),
                        update,
                        stable ? IndexRules.pureRewrites(update.getNewFragmentsList(), added) : List.of(),
                        next.getFieldsList(),
                        next.getFragmentsList()));
            }
            case UPDATE_CONFIG -> {
                ManifestFile base = current.orElseThrow(
                        () -> new IllegalArgumentException("a config update needs an existing dataset"));
                next = base.manifest().toBuilder();
                applyConfigUpdate(txn.getUpdateConfig(), next);
                indices = base.indexSection();
            }
            case MERGE, PROJECT, RESERVE_FRAGMENTS -> {
                ManifestFile base = current.orElseThrow(() ->
                        new IllegalArgumentException("a " + txn.getOperationCase() + " needs an existing dataset"));
                next = layoutChange(base.manifest(), txn, version);
                indices = txn.getOperationCase() == Transaction.OperationCase.RESERVE_FRAGMENTS
                        ? base.indexSection()
                        : IndexRules.section(IndexRules.retainRelevant(
                                IndexRules.of(base.indexSection()), next.getFieldsList(), next.getFragmentsList()));
            }
            case REWRITE -> {
                ManifestFile base =
                        current.orElseThrow(() -> new IllegalArgumentException("a rewrite needs an existing dataset"));
                List<DataFragment> fragments = new ArrayList<>(base.manifest().getFragmentsList());
                long[] counter = {firstFreeFragmentId(base.manifest())};
                List<Transaction.Rewrite.RewriteGroup> groups = new ArrayList<>();
                for (Transaction.Rewrite.RewriteGroup group : rewriteGroups(txn.getRewrite())) {
                    groups.add(replaceGroup(fragments, group, counter, version));
                }
                next = base.manifest().toBuilder().clearFragments().addAllFragments(sorted(fragments));
                indices = IndexRules.section(IndexRules.rewrite(
                        IndexRules.of(base.indexSection()),
                        txn.getRewrite(),
                        groups,
                        usesStableRowIds(base.manifest()),
                        version));
            }
            case CREATE_INDEX -> {
                ManifestFile base = current.orElseThrow(
                        () -> new IllegalArgumentException("an index creation needs an existing dataset"));
                next = base.manifest().toBuilder();
                indices = IndexRules.section(
                        IndexRules.createIndex(IndexRules.of(base.indexSection()), txn.getCreateIndex()));
            }
            case CLONE -> {
                ManifestFile source =
                        current.orElseThrow(() -> new IllegalArgumentException("a clone needs the manifest it clones"));
                int baseId = source.manifest().getBasePathsList().stream()
                                .mapToInt(BasePath::getId)
                                .max()
                                .orElse(-1)
                        + 1;
                next = cloned(source.manifest(), txn.getClone(), baseId);
                indices = source.indexSection().map(section -> {
                    IndexSection.Builder out = section.toBuilder().clearIndices();
                    section.getIndicesList()
                            .forEach(index -> out.addIndices(
                                    index.hasBaseId()
                                            ? index
                                            : index.toBuilder()
                                                    .setBaseId(baseId)
                                                    .build()));
                    return out.build();
                });
            }
            default ->
                throw new UnsupportedFeatureException(
                        "plainlance cannot commit " + txn.getOperationCase() + " transactions yet");
        }
        next.setVersion(version)
                .setVersionAuxData(0)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setTag(txn.getTag())
                .setWriterVersion(WRITER_VERSION)
                .setTransactionFile(transactionFileName(txn))
                .clearIndexSection()
                .clearTransactionSection();
        if (next.getFragmentsCount() > 0) {
            long maxId = next.getFragmentsList().stream()
                    .mapToLong(DataFragment::getId)
                    .max()
                    .orElseThrow();
            long highWater = next.hasMaxFragmentId() ? Math.max(next.getMaxFragmentId(), maxId) : maxId;
            next.setMaxFragmentId((int) highWater);
        }
        setFlags(next);
        return new ManifestFile(next.build(), Optional.of(txn), indices);
    }

    /**
     * The schema and fragment changes of add columns (Merge: the op's schema and complete fragment list), drop
     * columns (Project: the op's schema; data files left without a field are removed) and ReserveFragments
     * ({@code max_fragment_id} advances by the count).
     */
    private static Manifest.Builder layoutChange(Manifest base, Transaction txn, long version) {
        Manifest.Builder next = base.toBuilder();
        switch (txn.getOperationCase()) {
            case MERGE ->
                next.clearFields()
                        .addAllFields(txn.getMerge().getSchemaList())
                        .clearFragments()
                        .addAllFragments(sorted(txn.getMerge().getFragmentsList()));
            case PROJECT -> {
                java.util.Set<Integer> kept = new java.util.HashSet<>();
                txn.getProject().getSchemaList().forEach(f -> kept.add(f.getId()));
                next.clearFields()
                        .addAllFields(txn.getProject().getSchemaList())
                        .clearFragments();
                for (DataFragment fragment : base.getFragmentsList()) {
                    DataFragment.Builder f = fragment.toBuilder().clearFiles();
                    fragment.getFilesList().stream()
                            .filter(file -> file.getFieldsList().stream().anyMatch(kept::contains))
                            .forEach(f::addFiles);
                    next.addFragments(f);
                }
            }
            case RESERVE_FRAGMENTS ->
                next.setMaxFragmentId((base.hasMaxFragmentId() ? base.getMaxFragmentId() : 0)
                        + txn.getReserveFragments().getNumFragments());
            default -> throw new IllegalArgumentException("not a layout change: " + txn.getOperationCase());
        }
        return next;
    }

    /** The rewrite's groups; without groups, the deprecated top-level old/new fragment lists form one group. */
    public static List<Transaction.Rewrite.RewriteGroup> rewriteGroups(Transaction.Rewrite rewrite) {
        if (rewrite.getGroupsCount() > 0 || rewrite.getOldFragmentsCount() == 0) {
            return rewrite.getGroupsList();
        }
        return List.of(Transaction.Rewrite.RewriteGroup.newBuilder()
                .addAllOldFragments(rewrite.getOldFragmentsList())
                .addAllNewFragments(rewrite.getNewFragmentsList())
                .build());
    }

    /**
     * Removes the group's old fragments and adds its new ones (ids from {@code counter} when 0); returns the group
     * with the new fragments' ids.
     */
    private static Transaction.Rewrite.RewriteGroup replaceGroup(
            List<DataFragment> fragments, Transaction.Rewrite.RewriteGroup group, long[] counter, long version) {
        for (DataFragment old : group.getOldFragmentsList()) {
            if (!fragments.removeIf(f -> f.getId() == old.getId())) {
                throw new CommitConflictException("version " + version + " no longer holds fragment " + old.getId()
                        + ", which a rewrite replaces; compact again");
            }
        }
        Transaction.Rewrite.RewriteGroup.Builder numbered = group.toBuilder().clearNewFragments();
        for (DataFragment fragment : group.getNewFragmentsList()) {
            DataFragment f = fragment.getId() == 0
                    ? fragment.toBuilder().setId(counter[0]++).build()
                    : fragment;
            fragments.add(f);
            numbered.addNewFragments(f);
        }
        return numbered.build();
    }

    /** Applies new-style {@code UpdateMap}s and old-style upsert/delete fields to the config and metadata maps. */
    private static void applyConfigUpdate(Transaction.UpdateConfig update, Manifest.Builder next) {
        next.putAllConfig(update.getUpsertValuesMap());
        update.getDeleteKeysList().forEach(next::removeConfig);
        if (update.hasConfigUpdates()) {
            Transaction.UpdateMap map = update.getConfigUpdates();
            if (map.getReplace()) {
                next.clearConfig();
            }
            for (Transaction.UpdateMapEntry entry : map.getUpdateEntriesList()) {
                if (entry.hasValue()) {
                    next.putConfig(entry.getKey(), entry.getValue());
                } else {
                    next.removeConfig(entry.getKey());
                }
            }
        }
        if (update.hasTableMetadataUpdates()) {
            Transaction.UpdateMap map = update.getTableMetadataUpdates();
            if (map.getReplace()) {
                next.clearTableMetadata();
            }
            for (Transaction.UpdateMapEntry entry : map.getUpdateEntriesList()) {
                if (entry.hasValue()) {
                    next.putTableMetadata(entry.getKey(), entry.getValue());
                } else {
                    next.removeTableMetadata(entry.getKey());
                }
            }
        }
        if (update.hasSchemaMetadataUpdates()
                || update.getFieldMetadataUpdatesCount() > 0
                || update.getSchemaMetadataCount() > 0
                || update.getFieldMetadataCount() > 0) {
            throw new UnsupportedFeatureException("plainlance cannot commit schema or field metadata updates yet");
        }
    }

    /** {@code {read_version}-{uuid}.txn}, the name of the transaction's file under {@code _transactions/}. */
    public static String transactionFileName(Transaction txn) {
        return txn.getReadVersion() + "-" + txn.getUuid() + ".txn";
    }

    /**
     * New fragments with id 0 take ids from {@code max_fragment_id + 1} (0 for an overwrite); with stable row ids
     * every new fragment gets its row id range and version sequences, and {@code next_row_id} advances.
     */
    private static List<DataFragment> assignIds(
            long firstId, boolean stable, List<DataFragment> fragments, long version, Manifest.Builder next) {
        long counter = firstId;
        long nextRowId = next.getNextRowId();
        List<DataFragment> out = new ArrayList<>();
        for (DataFragment fragment : fragments) {
            DataFragment.Builder f = fragment.toBuilder();
            if (fragment.getId() == 0) {
                f.setId(counter++);
            }
            if (stable && !fragment.hasInlineRowIds() && !fragment.hasExternalRowIds()) {
                long rows = fragment.getPhysicalRows();
                f.setInlineRowIds(RowIdSequence.newBuilder()
                        .addSegments(range(nextRowId, nextRowId + rows))
                        .build()
                        .toByteString());
                RowDatasetVersionSequence versions = RowDatasetVersionSequence.newBuilder()
                        .addRuns(RowDatasetVersionRun.newBuilder()
                                .setSpan(range(0, rows))
                                .setVersion(version))
                        .build();
                f.setInlineCreatedAtVersions(versions.toByteString());
                f.setInlineLastUpdatedAtVersions(versions.toByteString());
                nextRowId += rows;
            }
            out.add(f.build());
        }
        next.setNextRowId(nextRowId);
        return out;
    }

    private static boolean usesStableRowIds(Manifest manifest) {
        return (manifest.getReaderFeatureFlags() & FeatureFlags.STABLE_ROW_IDS) != 0;
    }

    private static U64Segment range(long start, long end) {
        return U64Segment.newBuilder()
                .setRange(U64Segment.Range.newBuilder().setStart(start).setEnd(end))
                .build();
    }

    private static long firstFreeFragmentId(Manifest manifest) {
        if (manifest.hasMaxFragmentId()) {
            return Integer.toUnsignedLong(manifest.getMaxFragmentId()) + 1;
        }
        return manifest.getFragmentsList().stream()
                .mapToLong(DataFragment::getId)
                .map(id -> id + 1)
                .max()
                .orElse(0);
    }

    private static List<DataFragment> sorted(List<DataFragment> fragments) {
        List<DataFragment> out = new ArrayList<>(fragments);
        out.sort(Comparator.comparingLong(DataFragment::getId));
        return out;
    }

    private static Manifest.DataStorageFormat dataFormat(String version) {
        return Manifest.DataStorageFormat.newBuilder()
                .setFileFormat("lance")
                .setVersion(version)
                .build();
    }

    /**
     * A shallow clone of {@code source} (Lance's Clone): the same content, on branch {@code clone.branch_name}
     * (cleared for a plain clone), with a new base path {@code baseId} naming the source root, to which every file
     * without a base id now points.
     */
    private static Manifest.Builder cloned(Manifest source, Transaction.Clone clone, int baseId) {
        Manifest.Builder next = source.toBuilder();
        BasePath.Builder base =
                BasePath.newBuilder().setId(baseId).setIsDatasetRoot(true).setPath(clone.getRefPath());
        if (clone.hasRefName()) {
            base.setName(clone.getRefName());
        }
        next.addBasePaths(base);
        if (clone.hasBranchName()) {
            next.setBranch(clone.getBranchName());
        } else {
            next.clearBranch();
        }
        next.clearFragments();
        for (DataFragment fragment : source.getFragmentsList()) {
            DataFragment.Builder f = fragment.toBuilder();
            for (int i = 0; i < f.getFilesCount(); i++) {
                if (!f.getFiles(i).hasBaseId()) {
                    f.setFiles(i, f.getFiles(i).toBuilder().setBaseId(baseId));
                }
            }
            if (f.hasDeletionFile() && !f.getDeletionFile().hasBaseId()) {
                f.setDeletionFile(f.getDeletionFile().toBuilder().setBaseId(baseId));
            }
            next.addFragments(f);
        }
        return next;
    }

    /** Recomputes the feature flags from the content, keeping stable row ids once enabled. */
    private static void setFlags(Manifest.Builder next) {
        boolean stable = (next.getReaderFeatureFlags() & FeatureFlags.STABLE_ROW_IDS) != 0
                || next.getFragmentsList().stream().anyMatch(f -> f.hasInlineRowIds() || f.hasExternalRowIds());
        long both = 0;
        if (next.getFragmentsList().stream().anyMatch(DataFragment::hasDeletionFile)) {
            both |= FeatureFlags.DELETION_FILES;
        }
        if (stable) {
            both |= FeatureFlags.STABLE_ROW_IDS;
        }
        if (next.getBasePathsCount() > 0) {
            both |= FeatureFlags.BASE_PATHS;
        }
        long writer = both | (next.getConfigCount() > 0 ? FeatureFlags.TABLE_CONFIG : 0);
        next.setReaderFeatureFlags(both).setWriterFeatureFlags(writer);
    }
}
