package dev.plainlance.lance.commit;

import dev.plainlance.lance.error.LanceException;

/**
 * Retryable conflict: a concurrent commit changed what this transaction was built from. Nothing of this
 * transaction is visible; re-read the dataset, redo the work and commit again.
 */
public class CommitConflictException extends LanceException {
    public CommitConflictException(String message) {
        super(message);
    }
}
