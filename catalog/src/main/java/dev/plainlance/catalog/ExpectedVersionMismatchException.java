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
        this(
                table,
                expected,
                actual,
                "table " + table + " is pinned at version " + actual + ", not the expected " + expected);
    }

    private ExpectedVersionMismatchException(TableRef table, long expected, long actual, String message) {
        super(message);
        this.table = table;
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * A table whose newest version ({@code head}) is not its pin: an unfinished or refused operation holds it.
     * {@link #expected()} is the pin, {@link #actual()} the HEAD.
     */
    public static ExpectedVersionMismatchException headNotAtPin(TableRef table, long pin, long head) {
        return new ExpectedVersionMismatchException(
                table,
                pin,
                head,
                "table " + table + " is pinned at version " + pin + " but its HEAD is version " + head
                        + ": an unfinished operation holds it (see 'plainlance catalog status' and 'catalog recover')");
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
