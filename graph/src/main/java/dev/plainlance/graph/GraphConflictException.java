package dev.plainlance.graph;

import dev.plainlance.lance.commit.CommitConflictException;

/**
 * Another writer changed what this change read or wrote, and re-planning it on the newer graph did not land within
 * the retry bound. Nothing of it is visible. Retryable: run the change again.
 */
public final class GraphConflictException extends CommitConflictException {
    private static final long serialVersionUID = 1L;

    public GraphConflictException(String message) {
        super(message);
    }
}
