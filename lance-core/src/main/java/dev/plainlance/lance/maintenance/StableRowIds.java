package dev.plainlance.lance.maintenance;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.RowDatasetVersionRun;
import dev.plainlance.lance.pb.table.RowDatasetVersionSequence;
import dev.plainlance.lance.pb.table.RowIdSequence;
import dev.plainlance.lance.pb.table.U64Segment;
import dev.plainlance.lance.table.RowVersions;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries stable row ids and their version sequences from compacted fragments to the new ones, as the official
 * {@code rechunk_stable_row_ids} and {@code recalc_versions_for_rewritten_fragments} do: the live rows keep their
 * ids, created-at and last-updated-at versions, in scan order. Missing version sequences mean version 1.
 */
final class StableRowIds {
    private final List<Long> ids = new ArrayList<>();
    private final List<Long> created = new ArrayList<>();
    private final List<Long> updated = new ArrayList<>();

    /** Records one live row of {@code fragment} at physical {@code offset} with stable id {@code rowId}. */
    void add(DataFragment fragment, long offset, long rowId, VersionLookup versions) {
        ids.add(rowId);
        created.add(versions.created(fragment, offset));
        updated.add(versions.updated(fragment, offset));
    }

    /** The new fragments with their row ids and version sequences, taking rows in order. */
    List<DataFragment> assign(List<DataFragment> fragments) {
        List<DataFragment> out = new ArrayList<>();
        int next = 0;
        for (DataFragment fragment : fragments) {
            int end = next + Math.toIntExact(fragment.getPhysicalRows());
            out.add(fragment.toBuilder()
                    .setInlineRowIds(rowIds(ids.subList(next, end)).toByteString())
                    .setInlineCreatedAtVersions(
                            versions(created.subList(next, end)).toByteString())
                    .setInlineLastUpdatedAtVersions(
                            versions(updated.subList(next, end)).toByteString())
                    .build());
            next = end;
        }
        if (next != ids.size()) {
            throw new IllegalStateException("compaction wrote " + next + " rows but read " + ids.size());
        }
        return out;
    }

    private static RowIdSequence rowIds(List<Long> values) {
        RowIdSequence.Builder sequence = RowIdSequence.newBuilder();
        int start = 0;
        for (int i = 1; i <= values.size(); i++) {
            if (i == values.size() || values.get(i) != values.get(i - 1) + 1) {
                sequence.addSegments(range(values.get(start), values.get(i - 1) + 1));
                start = i;
            }
        }
        return sequence.build();
    }

    private static RowDatasetVersionSequence versions(List<Long> values) {
        RowDatasetVersionSequence.Builder sequence = RowDatasetVersionSequence.newBuilder();
        int start = 0;
        for (int i = 1; i <= values.size(); i++) {
            if (i == values.size() || !values.get(i).equals(values.get(i - 1))) {
                sequence.addRuns(RowDatasetVersionRun.newBuilder()
                        .setSpan(range(start, i))
                        .setVersion(values.get(start)));
                start = i;
            }
        }
        return sequence.build();
    }

    private static U64Segment range(long start, long end) {
        return U64Segment.newBuilder()
                .setRange(U64Segment.Range.newBuilder().setStart(start).setEnd(end))
                .build();
    }

    /** Per-row versions of old fragments, decoded once per fragment. */
    static final class VersionLookup {
        private final java.util.Map<Long, long[]> created = new java.util.HashMap<>();
        private final java.util.Map<Long, long[]> updated = new java.util.HashMap<>();

        long created(DataFragment fragment, long offset) {
            return created.computeIfAbsent(
                            fragment.getId(), id -> expand(fragment, fragment.getInlineCreatedAtVersions()))[
                    Math.toIntExact(offset)];
        }

        /** Without a last-updated sequence, rows were last updated when created. */
        long updated(DataFragment fragment, long offset) {
            if (fragment.getInlineLastUpdatedAtVersions().isEmpty()) {
                return created(fragment, offset);
            }
            return updated.computeIfAbsent(
                            fragment.getId(), id -> expand(fragment, fragment.getInlineLastUpdatedAtVersions()))[
                    Math.toIntExact(offset)];
        }

        private static long[] expand(DataFragment fragment, ByteString bytes) {
            return RowVersions.expand(fragment.getPhysicalRows(), bytes, "fragment " + fragment.getId());
        }
    }
}
