package dev.plainlance.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one publish does: the changes, the pinned versions they were computed from, and who publishes.
 *
 * @param changes applied in order to the current state
 * @param expectedVersions for each table the publish depends on, the pinned version it expects (0 = no pin yet);
 *     checked at exactly the state the new version replaces
 * @param actor who publishes
 * @param message free text for the history
 * @param operationId the multi-table operation published for, if any: refused once recovery aborted it
 * @param summary change counts by name, stored with the commit ({@link CatalogCommit#summary()}); keys not blank,
 *     counts 0 or more (else {@link IllegalArgumentException})
 * @param plannedOn for a publish on behalf of an operation: the {@code __manifest} version its publisher read before
 *     it wrote anything for the operation (a writer: before its sidecar; recovery: before it last found the sidecar
 *     still there). Refused when older than the state's {@link CatalogSnapshot#operationFloor()}; absent counts as
 *     0, so it is refused once any floor is set
 */
public record PublishRequest(
        List<CatalogChange> changes,
        SortedMap<TableRef, Long> expectedVersions,
        String actor,
        String message,
        Optional<String> operationId,
        Map<String, Long> summary,
        OptionalLong plannedOn) {

    public PublishRequest {
        changes = List.copyOf(changes);
        expectedVersions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(expectedVersions));
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(operationId, "operationId");
        summary = CatalogCommit.checkSummary(summary);
        Objects.requireNonNull(plannedOn, "plannedOn");
    }

    /** A request without the version it was planned on. */
    public PublishRequest(
            List<CatalogChange> changes,
            SortedMap<TableRef, Long> expectedVersions,
            String actor,
            String message,
            Optional<String> operationId,
            Map<String, Long> summary) {
        this(changes, expectedVersions, actor, message, operationId, summary, OptionalLong.empty());
    }

    /** A request without a summary. */
    public PublishRequest(
            List<CatalogChange> changes,
            SortedMap<TableRef, Long> expectedVersions,
            String actor,
            String message,
            Optional<String> operationId) {
        this(changes, expectedVersions, actor, message, operationId, Map.of());
    }

    public static PublishRequest of(
            List<CatalogChange> changes, Map<TableRef, Long> expectedVersions, String actor, String message) {
        return new PublishRequest(changes, new TreeMap<>(expectedVersions), actor, message, Optional.empty());
    }

    /** The same request on behalf of the multi-table operation {@code id}. */
    public PublishRequest forOperation(String id) {
        return new PublishRequest(changes, expectedVersions, actor, message, Optional.of(id), summary, plannedOn);
    }

    /**
     * The same request on behalf of the multi-table operation {@code id}, planned on {@code __manifest} version
     * {@code version}.
     */
    public PublishRequest forOperation(String id, long version) {
        return new PublishRequest(
                changes, expectedVersions, actor, message, Optional.of(id), summary, OptionalLong.of(version));
    }

    /** The same request with {@code counts} as its summary (replacing any earlier one). */
    public PublishRequest withSummary(Map<String, Long> counts) {
        return new PublishRequest(changes, expectedVersions, actor, message, operationId, counts, plannedOn);
    }
}
