package dev.plainlance.recovery;

import dev.plainlance.lance.error.LanceException;

/**
 * A write to a table that a pending operation recovery refused names: the table stays blocked until an operator
 * sets the sidecar aside ({@code plainlance catalog recover ROOT --quarantine ID}). Nothing was written.
 */
public final class TableBlockedException extends LanceException {
    public TableBlockedException(String table, String operationId, LanceException refusal) {
        super("cannot write table " + table + ": pending operation " + operationId + " names it and recovery"
                + " refused it: " + refusal.getMessage());
    }
}
