package dev.plainlance.recovery;

import java.util.Objects;
import java.util.Optional;

/**
 * One table of an intent sidecar.
 *
 * @param tableKey the catalog key
 * @param path the table's path relative to the catalog root
 * @param expectedVersion the version pinned when the operation started (0 for a table it creates); the
 *     operation commits exactly {@code expectedVersion + 1}
 * @param transactionUuid the uuid of the staged Lance transaction: version {@code expectedVersion + 1} carries it
 *     exactly when this table's commit landed
 * @param lanceBranch the line of the table the operation commits on: the Lance branch its pin names, empty for the
 *     main line
 */
public record TableIntent(
        String tableKey, String path, long expectedVersion, String transactionUuid, Optional<String> lanceBranch) {
    public TableIntent {
        Objects.requireNonNull(lanceBranch, "lanceBranch");
        Objects.requireNonNull(tableKey, "tableKey");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(transactionUuid, "transactionUuid");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be >= 0: " + expectedVersion);
        }
    }

    /** An intent on the table's main line. */
    public TableIntent(String tableKey, String path, long expectedVersion, String transactionUuid) {
        this(tableKey, path, expectedVersion, transactionUuid, Optional.empty());
    }

    /** Whether {@code pin} names this intent's line. */
    boolean onLineOf(dev.plainlance.catalog.Pin pin) {
        return pin.lanceBranch().equals(lanceBranch);
    }
}
