package dev.plainlance.lance.schema;

import dev.plainlance.lance.error.LanceException;

/**
 * A Lance schema is structurally broken: negative or duplicate field ids, a child whose parent does not precede it,
 * or a field whose children do not fit its logical type. The message names the offending field.
 */
public class InvalidSchemaException extends LanceException {
    public InvalidSchemaException(String message) {
        super(message);
    }
}
