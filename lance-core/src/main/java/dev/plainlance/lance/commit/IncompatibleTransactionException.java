package dev.plainlance.lance.commit;

import dev.plainlance.lance.error.LanceException;

/**
 * Incompatible conflict: a concurrent commit makes this transaction meaningless (for example an overwrite or a
 * restore landed under an append). Nothing of this transaction is visible; retrying it as is cannot succeed.
 */
public class IncompatibleTransactionException extends LanceException {
    public IncompatibleTransactionException(String message) {
        super(message);
    }
}
