package dev.plainlance.lance.commit;

import dev.plainlance.lance.error.LanceException;

/**
 * The commit's outcome could not be determined: storage failed during the manifest write and kept failing while
 * checking whether the transaction landed. The transaction (identified by its uuid) may or may not be visible;
 * {@link dev.plainlance.lance.table.ManifestStore} can answer once storage recovers.
 */
public class CommitOutcomeUnknownException extends LanceException {
    private final String transactionUuid;

    public CommitOutcomeUnknownException(String transactionUuid, String message, Throwable cause) {
        super(message, cause);
        this.transactionUuid = transactionUuid;
    }

    public String transactionUuid() {
        return transactionUuid;
    }
}
