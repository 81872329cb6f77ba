package dev.plainlance.graph.schema;

import dev.plainlance.lance.error.LanceException;

/** A node's key values cannot make an {@code id}: missing, null, of the wrong Java type, or a non-finite float. */
public final class InvalidKeyException extends LanceException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }
}
