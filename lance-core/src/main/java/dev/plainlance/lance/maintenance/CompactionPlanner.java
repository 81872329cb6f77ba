package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.pb.table.DataFragment;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which fragments a compaction rewrites, as the official {@code plan_compaction} decides: walking fragments in id
 * order, a fragment is a candidate to be rewritten on its own when its share of deleted rows exceeds the
 * threshold, or together with its neighbours when it has fewer physical rows than the target. Runs of adjacent
 * candidates covered by the same indices form bins (indexed and unindexed fragments never mix); a bin of one
 * neighbour-candidate is left alone; bins are split so that each holds at least the target number of live rows
 * when enough remain. Fragments in {@code pinned} (those an index covers that the compaction cannot remap) are
 * never candidates.
 */
final class CompactionPlanner {
    private CompactionPlanner() {}

    /** The tasks: each a run of adjacent fragments to rewrite together, in dataset order. */
    static List<List<DataFragment>> plan(List<DataFragment> fragments, CompactionOptions options) {
        return plan(fragments, options, List.of(), new RoaringBitmap());
    }

    /** The tasks, given each index's fragment bitmap and the fragments that must stay. */
    static List<List<DataFragment>> plan(
            List<DataFragment> fragments,
            CompactionOptions options,
            List<RoaringBitmap> indexCoverage,
            RoaringBitmap pinned) {
        List<List<DataFragment>> tasks = new ArrayList<>();
        List<DataFragment> bin = new ArrayList<>();
        boolean binRewritesItself = false;
        List<Integer> binIndices = List.of();
        for (DataFragment fragment : fragments) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < indexCoverage.size(); i++) {
                if (indexCoverage.get(i).contains((int) fragment.getId())) {
                    indices.add(i);
                }
            }
            if (!bin.isEmpty() && !indices.equals(binIndices)) {
                flush(bin, binRewritesItself, options.targetRows(), tasks);
                bin = new ArrayList<>();
                binRewritesItself = false;
            }
            binIndices = indices;
            if (pinned.contains((int) fragment.getId())) {
                flush(bin, binRewritesItself, options.targetRows(), tasks);
                bin = new ArrayList<>();
                binRewritesItself = false;
                continue;
            }
            long physical = fragment.getPhysicalRows();
            long deleted = deletedRows(fragment);
            boolean itself =
                    options.materializes() && physical > 0 && (double) deleted / physical > options.threshold();
            boolean small = physical < options.targetRows();
            if (itself || small) {
                bin.add(fragment);
                binRewritesItself |= itself;
            } else {
                flush(bin, binRewritesItself, options.targetRows(), tasks);
                bin = new ArrayList<>();
                binRewritesItself = false;
            }
        }
        flush(bin, binRewritesItself, options.targetRows(), tasks);
        return tasks;
    }

    private static void flush(
            List<DataFragment> bin, boolean rewritesItself, long target, List<List<DataFragment>> tasks) {
        if (bin.isEmpty() || bin.size() == 1 && !rewritesItself) {
            return;
        }
        int start = 0;
        while (start < bin.size()) {
            int end = start;
            long rows = 0;
            while (rows < target && end < bin.size()) {
                rows += liveRows(bin.get(end++));
            }
            long remaining = 0;
            for (int i = end; i < bin.size(); i++) {
                remaining += liveRows(bin.get(i));
            }
            if (remaining < target) {
                end = bin.size();
            }
            tasks.add(List.copyOf(bin.subList(start, end)));
            start = end;
        }
    }

    static long deletedRows(DataFragment fragment) {
        return fragment.hasDeletionFile() ? fragment.getDeletionFile().getNumDeletedRows() : 0;
    }

    static long liveRows(DataFragment fragment) {
        return fragment.getPhysicalRows() - deletedRows(fragment);
    }
}
