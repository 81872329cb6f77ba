package dev.plainlance.graph.query;

import dev.plainlance.lance.error.LanceException;

/**
 * A query was asked for by a name its file does not have, or given arguments that do not fit its parameters: an
 * unknown parameter, a missing required one, or a value that is not of the parameter's type. Nothing was read or
 * written.
 */
public final class QueryArgumentException extends LanceException {
    private static final long serialVersionUID = 1L;

    public QueryArgumentException(String message) {
        super(message);
    }
}
