package dev.plainlance.recovery;

import dev.plainlance.catalog.CatalogCommit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The intent of one multi-table operation, written to {@code __recovery/{operationId}.json} with put-if-absent
 * before any table commit, and deleted after the publish. Its presence tells recovery which table versions belong
 * to an operation that may be unfinished.
 *
 * @param summary the change counts of the operation's catalog commit, so that recovery publishes them too; empty in
 *     sidecars written before summaries existed
 * @param readPins tables the operation read but does not write, with the pins it read them at: recovery rolls the
 *     operation forward only while they still hold, and otherwise rolls it back; empty in older sidecars
 * @param mergeParents for a merge, the merged branch's head: the published commit records it as a further parent,
 *     whoever publishes it; empty otherwise
 */
public record IntentSidecar(
        int schemaVersion,
        String operationId,
        Instant startedAt,
        String branch,
        Optional<String> actor,
        String writer,
        List<TableIntent> tables,
        Map<String, Long> summary,
        Map<String, Long> readPins,
        List<String> mergeParents) {
    /** The sidecar format this build writes and reads. */
    public static final int SCHEMA_VERSION = 1;
    /** The folder of sidecars, relative to the catalog root. */
    public static final String DIR = "__recovery";

    public IntentSidecar {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(writer, "writer");
        tables = List.copyOf(tables);
        summary = CatalogCommit.checkSummary(summary);
        readPins = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(readPins));
        mergeParents = List.copyOf(mergeParents);
    }

    /** A sidecar of an operation that is not a merge. */
    public IntentSidecar(
            int schemaVersion,
            String operationId,
            Instant startedAt,
            String branch,
            Optional<String> actor,
            String writer,
            List<TableIntent> tables,
            Map<String, Long> summary,
            Map<String, Long> readPins) {
        this(schemaVersion, operationId, startedAt, branch, actor, writer, tables, summary, readPins, List.of());
    }

    /** The catalog changes that record this operation's merge parents in its commit. */
    List<dev.plainlance.catalog.CatalogChange> mergeChanges() {
        return mergeParents.stream()
                .map(p -> (dev.plainlance.catalog.CatalogChange)
                        new dev.plainlance.catalog.CatalogChange.MergeParent(branch, p))
                .toList();
    }

    /** A sidecar without read dependencies. */
    public IntentSidecar(
            int schemaVersion,
            String operationId,
            Instant startedAt,
            String branch,
            Optional<String> actor,
            String writer,
            List<TableIntent> tables,
            Map<String, Long> summary) {
        this(schemaVersion, operationId, startedAt, branch, actor, writer, tables, summary, Map.of());
    }

    /** The storage key of the sidecar of {@code operationId}. */
    public static String key(String operationId) {
        return DIR + "/" + operationId + ".json";
    }

    public String key() {
        return key(operationId);
    }
}
