package dev.plainlance.catalog;

import dev.plainlance.lance.error.LanceException;

/**
 * A publish expected a table at one pinned version and found another: someone published first. Nothing was
 * published. Retrying the same publish cannot succeed; the caller must start again from the new state.
 */
public final class ExpectedVersionMismatchException extends LanceException {
    private final TableRef table;
    private final long expected;
    private final long actual;

    public ExpectedVersionMismatchException(TableRef table, long expected, long actual) {
        super("table " + table + " is pinned at version " + actual + ", not the expected " + expected);
        this.table = table;
        this.expected = expected;
        this.actual = actual;
    }

    public TableRef table() {
        return table;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
