package dev.plainlance.graph;

import java.util.SortedMap;

/**
 * What a merge did.
 *
 * @param outcome up to date (nothing to do), fast-forward (the target had not changed since the common ancestor) or
 *     a three-way merge
 * @param source the merged branch
 * @param target the branch merged into
 * @param baseCommit the newest common ancestor commit
 * @param commitId the target's head after the merge: the merge commit (whose parents are the target's previous head
 *     and the source's head), or the unchanged head when up to date
 * @param applied per type, the entities the merge inserted, updated and deleted on the target
 * @param rowsRead the rows read to find both branches' changes since the ancestor
 */
public record MergeResult(
        Outcome outcome,
        String source,
        String target,
        String baseCommit,
        String commitId,
        SortedMap<String, ChangeCounts> applied,
        long rowsRead) {

    /** How a merge ended. */
    public enum Outcome {
        ALREADY_UP_TO_DATE,
        FAST_FORWARD,
        MERGED
    }

    public MergeResult {
        applied = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(applied));
    }
}
