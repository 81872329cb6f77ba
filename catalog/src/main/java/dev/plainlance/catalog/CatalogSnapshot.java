package dev.plainlance.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The catalog state at one {@code __manifest} version: immutable.
 *
 * @param manifestVersion the {@code __manifest} version this state was read from
 * @param schemaStamp the catalog format version written at creation
 * @param tables registered tables: key to path relative to the root
 * @param tombstones keys of dropped tables
 * @param pins per branch, per table key, the published version
 * @param abortedOperations multi-table operations recovery has aborted; a publish for them is refused
 * @param operationFloor the oldest catalog version a publish on behalf of an operation may have been planned on
 *     (0 = any): recovery raises it when it forgets aborted operations, so that the writers and recoverers that
 *     could still publish a forgotten one are refused (docs/multi-table-commits.md, "Forgetting aborted
 *     operations")
 * @param head the commit that produced this version
 * @param branchInfo the branches created with {@link CatalogChange.CreateBranch}, by name
 * @param heads the head commit of each branch; empty for a catalog that never had branches (every commit is then
 *     on main, and main's head is {@code head})
 */
public record CatalogSnapshot(
        long manifestVersion,
        int schemaStamp,
        SortedMap<String, String> tables,
        Set<String> tombstones,
        SortedMap<String, SortedMap<String, Pin>> pins,
        Set<String> abortedOperations,
        long operationFloor,
        CatalogCommit head,
        SortedMap<String, CatalogBranch> branchInfo,
        SortedMap<String, String> heads) {

    public static final String MAIN = "main";

    public CatalogSnapshot {
        tables = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tables));
        tombstones = Set.copyOf(tombstones);
        SortedMap<String, SortedMap<String, Pin>> copy = new TreeMap<>();
        pins.forEach(
                (branch, byKey) -> copy.put(branch, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(byKey))));
        pins = java.util.Collections.unmodifiableSortedMap(copy);
        abortedOperations = Set.copyOf(abortedOperations);
        if (operationFloor < 0) {
            throw new IllegalArgumentException("operation floor must not be negative: " + operationFloor);
        }
        branchInfo = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(branchInfo));
        heads = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(heads));
    }

    /** A state of a catalog without created branches. */
    public CatalogSnapshot(
            long manifestVersion,
            int schemaStamp,
            SortedMap<String, String> tables,
            Set<String> tombstones,
            SortedMap<String, SortedMap<String, Pin>> pins,
            Set<String> abortedOperations,
            long operationFloor,
            CatalogCommit head) {
        this(
                manifestVersion,
                schemaStamp,
                tables,
                tombstones,
                pins,
                abortedOperations,
                operationFloor,
                head,
                new TreeMap<>(),
                new TreeMap<>());
    }

    /** A state without an operation floor. */
    public CatalogSnapshot(
            long manifestVersion,
            int schemaStamp,
            SortedMap<String, String> tables,
            Set<String> tombstones,
            SortedMap<String, SortedMap<String, Pin>> pins,
            Set<String> abortedOperations,
            CatalogCommit head) {
        this(manifestVersion, schemaStamp, tables, tombstones, pins, abortedOperations, 0, head);
    }

    /** The pin of {@code key} on {@code branch}, if published. */
    public Optional<Pin> pin(String branch, String key) {
        return Optional.ofNullable(pins.getOrDefault(branch, new TreeMap<>()).get(key));
    }

    /** The published version of {@code key} on {@code branch}; 0 when the table has none yet. */
    public long pinnedVersion(String branch, String key) {
        return pin(branch, key).map(Pin::version).orElse(0L);
    }

    /** The path of a registered table. */
    public Optional<String> path(String key) {
        return Optional.ofNullable(tables.get(key));
    }

    /** Branches that pin at least one table, and created branches. */
    public Set<String> branches() {
        Set<String> out = new java.util.TreeSet<>(pins.keySet());
        out.addAll(branchInfo.keySet());
        return out;
    }

    /** The head commit of {@code branch}: the last commit that moved its pins, or its fork commit. */
    public Optional<String> headOf(String branch) {
        if (heads.isEmpty()) {
            return branch.equals(MAIN) ? Optional.of(head.id()) : Optional.empty();
        }
        return Optional.ofNullable(heads.get(branch));
    }

    public boolean isAborted(String operationId) {
        return abortedOperations.contains(operationId);
    }

    /** The pins of one branch. */
    public Map<String, Pin> pins(String branch) {
        return pins.getOrDefault(branch, new TreeMap<>());
    }
}
