package dev.plainlance.graph;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * One commit of the graph's history.
 *
 * @param id the commit's ULID
 * @param parents the ids of the commits it follows: the branch's previous head (none for the first), then, for a
 *     merge, the merged branch's head
 * @param actor who committed it
 * @param time when it was published
 * @param message what it is for
 * @param changes per node or edge type it touched, what it did
 * @param branch the branch it was committed on
 */
public record GraphCommit(
        String id,
        List<String> parents,
        String actor,
        Instant time,
        String message,
        SortedMap<String, ChangeCounts> changes,
        String branch) {

    public GraphCommit {
        parents = List.copyOf(parents);
        java.util.Objects.requireNonNull(branch, "branch");
        changes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(changes));
    }
}
