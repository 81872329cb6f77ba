package dev.plainlance.catalog;

import java.time.Instant;
import java.util.Optional;

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
 */
public record CatalogCommit(
        String id,
        Optional<String> parentId,
        String actor,
        Instant time,
        String message,
        Optional<String> operationId,
        long manifestVersion) {}
