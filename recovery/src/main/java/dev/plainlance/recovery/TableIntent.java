package dev.plainlance.recovery;

import java.util.Objects;

/**
 * One table of an intent sidecar.
 *
 * @param tableKey the catalog key
 * @param path the table's path relative to the catalog root
 * @param expectedVersion the version pinned when the operation started (0 for a table it creates); the
 *     operation commits exactly {@code expectedVersion + 1}
 * @param transactionUuid the uuid of the staged Lance transaction: version {@code expectedVersion + 1} carries it
 *     exactly when this table's commit landed
 */
public record TableIntent(String tableKey, String path, long expectedVersion, String transactionUuid) {
    public TableIntent {
        Objects.requireNonNull(tableKey, "tableKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(transactionUuid, "transactionUuid");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be >= 0: " + expectedVersion);
        }
    }
}
