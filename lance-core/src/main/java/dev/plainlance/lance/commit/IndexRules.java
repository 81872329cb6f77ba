package dev.plainlance.lance.commit;

import dev.plainlance.lance.index.IndexMetadatas;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.IndexSection;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.pb.table.UUID;
import dev.plainlance.lance.table.RowIdSequences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * What each operation does to the index section, as official 7.0.0's {@code Transaction::build_manifest}: indices
 * whose fields left the schema are dropped and same-name segments that cover no existing fragment are thinned
 * ({@code retain_relevant_indices}); compaction moves fragment bitmaps to the new fragments (stable row ids) or
 * replaces the remapped segments ({@code rewritten_indices}); CreateIndex replaces same-name segments. Index
 * metadata plainlance does not understand is carried verbatim.
 */
final class IndexRules {
    /** Name of the system index compaction records when it defers remapping. */
    static final String FRAG_REUSE_INDEX_NAME = "__lance_frag_reuse";

    static final String MEM_WAL_INDEX_NAME = "__lance_mem_wal";

    private IndexRules() {}

    static List<IndexMetadata> of(Optional<IndexSection> section) {
        return section.map(IndexSection::getIndicesList).orElse(List.of());
    }

    static Optional<IndexSection> section(List<IndexMetadata> indices) {
        return indices.isEmpty()
                ? Optional.empty()
                : Optional.of(IndexSection.newBuilder().addAllIndices(indices).build());
    }

    /**
     * {@code retain_relevant_indices}: drops indices on fields no longer in {@code schema} (system indices stay);
     * among same-name segments keeps those covering an existing fragment, or, when none does, the oldest unless
     * it is a vector index; a single vector index covering no existing fragment is dropped.
     */
    static List<IndexMetadata> retainRelevant(
            List<IndexMetadata> indices, List<Field> schema, List<DataFragment> fragments) {
        Set<Integer> fieldIds = new HashSet<>();
        schema.forEach(f -> fieldIds.add(f.getId()));
        List<IndexMetadata> kept = new ArrayList<>();
        for (IndexMetadata index : indices) {
            if (isSystem(index) || fieldIds.containsAll(index.getFieldsList())) {
                kept.add(index);
            }
        }
        RoaringBitmap existing = new RoaringBitmap();
        fragments.forEach(f -> existing.add((int) f.getId()));
        Map<String, List<IndexMetadata>> byName = new LinkedHashMap<>();
        for (IndexMetadata index : kept) {
            if (!index.getName().equals(FRAG_REUSE_INDEX_NAME)) {
                byName.computeIfAbsent(index.getName(), n -> new ArrayList<>()).add(index);
            }
        }
        Set<UUID> keep = new HashSet<>();
        for (List<IndexMetadata> sameName : byName.values()) {
            List<IndexMetadata> empty = new ArrayList<>();
            List<IndexMetadata> nonEmpty = new ArrayList<>();
            for (IndexMetadata index : sameName) {
                (coversNone(index, existing) ? empty : nonEmpty).add(index);
            }
            if (sameName.size() == 1) {
                IndexMetadata index = sameName.get(0);
                if (nonEmpty.contains(index) || !isVector(index)) {
                    keep.add(index.getUuid());
                }
            } else if (nonEmpty.isEmpty()) {
                empty.stream()
                        .min(Comparator.comparingLong(IndexMetadata::getDatasetVersion))
                        .filter(oldest -> !isVector(oldest))
                        .ifPresent(oldest -> keep.add(oldest.getUuid()));
            } else {
                nonEmpty.forEach(index -> keep.add(index.getUuid()));
            }
        }
        List<IndexMetadata> out = new ArrayList<>();
        for (IndexMetadata index : kept) {
            if (index.getName().equals(FRAG_REUSE_INDEX_NAME) || keep.contains(index.getUuid())) {
                out.add(index);
            }
        }
        return out;
    }

    /**
     * An Update's index changes: fragments whose {@code fields_modified} columns were rewritten leave the bitmaps
     * of indices on those fields; with stable row ids, the {@code pureRewrites} (new fragments holding only moved
     * rows) join the bitmaps of indices that covered every source fragment and no updated column; then
     * {@link #retainRelevant}.
     */
    static List<IndexMetadata> update(
            List<IndexMetadata> indices,
            Transaction.Update update,
            List<Long> pureRewrites,
            List<Field> schema,
            List<DataFragment> fragments) {
        Set<Integer> modified = new HashSet<>(update.getFieldsModifiedList());
        Set<Integer> preserving = new HashSet<>(update.getFieldsForPreservingFragBitmapList());
        List<Long> sources = new ArrayList<>(update.getRemovedFragmentIdsList());
        update.getUpdatedFragmentsList().forEach(f -> sources.add(f.getId()));
        List<IndexMetadata> out = new ArrayList<>();
        for (IndexMetadata index : indices) {
            Optional<RoaringBitmap> bitmap = IndexMetadatas.fragmentBitmap(index);
            if (bitmap.isEmpty()) {
                out.add(index);
                continue;
            }
            RoaringBitmap frags = bitmap.get();
            RoaringBitmap before = frags.clone();
            if (!modified.isEmpty() && index.getFieldsList().stream().anyMatch(modified::contains)) {
                update.getUpdatedFragmentsList().forEach(f -> frags.remove((int) f.getId()));
            }
            boolean coversUpdatedField = index.getFieldsList().stream().anyMatch(preserving::contains);
            if (!pureRewrites.isEmpty()
                    && !coversUpdatedField
                    && sources.stream().allMatch(id -> frags.contains(id.intValue()))) {
                pureRewrites.forEach(id -> frags.add(id.intValue()));
            }
            out.add(frags.equals(before) ? index : IndexMetadatas.withFragmentBitmap(index, frags));
        }
        return retainRelevant(out, schema, fragments);
    }

    /**
     * The ids ({@code numbered}) of the new fragments whose every row already carried a row id in the transaction
     * ({@code original}: rows moved, none inserted).
     */
    static List<Long> pureRewrites(List<DataFragment> original, List<DataFragment> numbered) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            DataFragment fragment = original.get(i);
            if (fragment.hasInlineRowIds() && RowIdSequences.length(fragment, "update") == fragment.getPhysicalRows()) {
                ids.add(numbered.get(i).getId());
            }
        }
        return ids;
    }

    /**
     * A Rewrite's index changes, given its groups with their new fragment ids assigned: with stable row ids every
     * bitmap moves from the old fragments of a covered group to its new ones; otherwise each
     * {@code rewritten_indices} entry gives its segment a new uuid (the remapped files) and moves its bitmap.
     */
    static List<IndexMetadata> rewrite(
            List<IndexMetadata> indices,
            Transaction.Rewrite rewrite,
            List<Transaction.Rewrite.RewriteGroup> groups,
            boolean stableRowIds,
            long version) {
        Map<UUID, Transaction.Rewrite.RewrittenIndex> rewritten = new LinkedHashMap<>();
        for (Transaction.Rewrite.RewrittenIndex r : rewrite.getRewrittenIndicesList()) {
            if (rewritten.put(r.getOldId(), r) != null) {
                throw new IllegalArgumentException(
                        "a rewrite remaps index " + IndexMetadatas.uuid(r.getOldId()) + " twice");
            }
        }
        List<IndexMetadata> out = new ArrayList<>();
        for (IndexMetadata index : indices) {
            Transaction.Rewrite.RewrittenIndex r = rewritten.remove(index.getUuid());
            if (stableRowIds || r != null) {
                RoaringBitmap bitmap = IndexMetadatas.fragmentBitmap(index).orElse(null);
                if (bitmap == null) {
                    if (r != null) {
                        throw new IllegalArgumentException(
                                "index " + index.getName() + " stores no fragment bitmap and cannot be remapped");
                    }
                    out.add(index);
                    continue;
                }
                IndexMetadata moved = IndexMetadatas.withFragmentBitmap(index, moved(bitmap, groups, version));
                if (r != null) {
                    // the remapped files are new, in the dataset's own _indices: their sizes are not known here, so
                    // none are recorded
                    IndexMetadata.Builder b =
                            moved.toBuilder().setUuid(r.getNewId()).clearFiles().clearBaseId();
                    if (r.hasNewIndexDetails()) {
                        b.setIndexDetails(r.getNewIndexDetails());
                    }
                    b.setIndexVersion(r.getNewIndexVersion());
                    moved = b.build();
                }
                out.add(moved);
            } else {
                out.add(index);
            }
        }
        if (!rewritten.isEmpty()) {
            throw new CommitConflictException("version " + version + " no longer has index "
                    + IndexMetadatas.uuid(rewritten.keySet().iterator().next()) + ", which a rewrite remaps;"
                    + " compact again");
        }
        return out;
    }

    /** {@code recalculate_fragment_bitmap}: each group fully covered moves to its new fragments. */
    private static RoaringBitmap moved(RoaringBitmap old, List<Transaction.Rewrite.RewriteGroup> groups, long version) {
        RoaringBitmap out = old.clone();
        for (Transaction.Rewrite.RewriteGroup group : groups) {
            long covered = group.getOldFragmentsList().stream()
                    .filter(f -> old.contains((int) f.getId()))
                    .count();
            if (covered == 0) {
                continue;
            }
            if (covered != group.getOldFragmentsCount()) {
                throw new IllegalArgumentException(
                        "a rewrite group mixes indexed and unindexed fragments (version " + version + ")");
            }
            group.getOldFragmentsList().forEach(f -> out.remove((int) f.getId()));
            group.getNewFragmentsList().forEach(f -> out.add((int) f.getId()));
        }
        return out;
    }

    /** CreateIndex: drops segments sharing a name with a new one and the removed ones, then adds the new ones. */
    static List<IndexMetadata> createIndex(List<IndexMetadata> indices, Transaction.CreateIndex op) {
        Set<String> names = new HashSet<>();
        op.getNewIndicesList().forEach(i -> names.add(i.getName()));
        Set<UUID> removed = new HashSet<>();
        op.getRemovedIndicesList().forEach(i -> removed.add(i.getUuid()));
        List<IndexMetadata> out = new ArrayList<>();
        for (IndexMetadata index : indices) {
            if (!names.contains(index.getName()) && !removed.contains(index.getUuid())) {
                out.add(index);
            }
        }
        out.addAll(op.getNewIndicesList());
        return out;
    }

    static boolean isSystem(IndexMetadata index) {
        return index.getName().equals(FRAG_REUSE_INDEX_NAME) || index.getName().equals(MEM_WAL_INDEX_NAME);
    }

    private static boolean isVector(IndexMetadata index) {
        return index.hasIndexDetails() && index.getIndexDetails().getTypeUrl().endsWith("VectorIndexDetails");
    }

    /** No fragment bitmap, or one naming no existing fragment. */
    private static boolean coversNone(IndexMetadata index, RoaringBitmap existing) {
        return IndexMetadatas.fragmentBitmap(index)
                .map(b -> !RoaringBitmap.intersects(b, existing))
                .orElse(true);
    }
}
