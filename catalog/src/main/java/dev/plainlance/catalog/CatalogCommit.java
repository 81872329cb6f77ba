package dev.plainlance.catalog;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of the catalog's commit history: one {@code __manifest} version.
 *
 * @param id ULID of this commit
 * @param parentId the previous commit's id; empty for the first
 * @param actor who published (a user name, or {@code plainlance:recovery})
 * @param time when it was published, from the injected clock
 * @param message free text
 * @param operationId the multi-table operation this commit belongs to, if any
 * @param manifestVersion the {@code __manifest} version that holds it
 * @param summary change counts by name (e.g. {@code node:Person.inserted}), sorted; empty when none were given
 * @param branch the branch whose head this commit became ({@code main} for a commit that set no pins)
 * @param parents the commits this one follows on its branch: the branch's previous head, then a merge's source
 *     head; {@code parentId} alone for a catalog that never had branches. Together they form the commit graph
 */
public record CatalogCommit(
        String id,
        Optional<String> parentId,
        String actor,
        Instant time,
        String message,
        Optional<String> operationId,
        long manifestVersion,
        Map<String, Long> summary,
        String branch,
        List<String> parents) {

    /** @throws IllegalArgumentException if a summary key is blank or a count is negative */
    public CatalogCommit {
        summary = checkSummary(summary);
        TableKeys.checkBranch(branch);
        parents = List.copyOf(parents);
    }

    /** A commit on main of a linear history: its parent is the previous commit. */
    public CatalogCommit(
            String id,
            Optional<String> parentId,
            String actor,
            Instant time,
            String message,
            Optional<String> operationId,
            long manifestVersion,
            Map<String, Long> summary) {
        this(
                id,
                parentId,
                actor,
                time,
                message,
                operationId,
                manifestVersion,
                summary,
                CatalogSnapshot.MAIN,
                parentId.map(List::of).orElse(List.of()));
    }

    /** This commit with {@code counts} as its summary. */
    CatalogCommit withSummary(Map<String, Long> counts) {
        return new CatalogCommit(
                id, parentId, actor, time, message, operationId, manifestVersion, counts, branch, parents);
    }

    /** This commit on {@code onBranch} with {@code graphParents}. */
    CatalogCommit withLineage(String onBranch, List<String> graphParents) {
        return new CatalogCommit(
                id, parentId, actor, time, message, operationId, manifestVersion, summary, onBranch, graphParents);
    }

    /**
     * A sorted, unmodifiable copy of {@code summary}, for writers that check a summary before writing anything.
     *
     * @throws IllegalArgumentException if a key is null or blank, or a count is null or negative
     */
    public static Map<String, Long> checkSummary(Map<String, Long> summary) {
        Objects.requireNonNull(summary, "summary");
        TreeMap<String, Long> copy = new TreeMap<>();
        for (Map.Entry<String, Long> entry : summary.entrySet()) {
            String key = entry.getKey();
            Long count = entry.getValue();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a summary key must not be blank: " + TableKeys.escaped(key));
            }
            if (count == null || count < 0) {
                throw new IllegalArgumentException(
                        "summary count " + TableKeys.escaped(key) + " must be 0 or more, not " + count);
            }
            copy.put(key, count);
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
