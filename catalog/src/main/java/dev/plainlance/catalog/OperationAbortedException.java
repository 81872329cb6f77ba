package dev.plainlance.catalog;

import dev.plainlance.lance.error.LanceException;

/** A publish for a multi-table operation that recovery has already aborted; nothing was published. */
public final class OperationAbortedException extends LanceException {
    private final String operationId;

    public OperationAbortedException(String operationId) {
        super("operation " + operationId + " was aborted by recovery; its changes are not published");
        this.operationId = operationId;
    }

    public String operationId() {
        return operationId;
    }
}
