package dev.plainlance.graph;

import dev.plainlance.lance.error.LanceException;

/**
 * A conditional change ({@code ifCommit}) found the graph at another commit than the one it was conditioned on.
 * Nothing was written; read again and decide again.
 */
public final class PreconditionFailedException extends LanceException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public PreconditionFailedException(String expected, String actual) {
        super("the graph is at commit " + actual + ", not at " + expected + " as the change requires");
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
