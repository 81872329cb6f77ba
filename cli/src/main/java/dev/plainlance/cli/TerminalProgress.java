package dev.plainlance.cli;

import java.io.PrintWriter;

/**
 * A one-line progress display ({@code \r}-rewritten) on stderr, shown only when the process runs on a terminal;
 * piped or redirected output never carries it.
 */
final class TerminalProgress {
    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private long count;

    private TerminalProgress(PrintWriter err, boolean enabled, String label) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
    }

    /** Progress for {@code label} (e.g. "rows read"), shown when stdout is a terminal. */
    static TerminalProgress of(PrintWriter err, String label) {
        return new TerminalProgress(err, System.console() != null, label);
    }

    void add(long n) {
        count += n;
        if (enabled) {
            err.print("\r" + label + ": " + count);
            err.flush();
        }
    }

    /** Shows {@code count} as the count so far. */
    void at(long count) {
        add(count - this.count);
    }

    /** Shows {@code done} out of {@code total}. */
    void show(long done, long total) {
        count = done;
        if (enabled) {
            err.print("\r" + label + ": " + done + "/" + total);
            err.flush();
        }
    }

    /** Ends the progress line, if one was shown. */
    void done() {
        if (enabled && count > 0) {
            err.println();
            err.flush();
        }
    }
}
