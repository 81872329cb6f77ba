package dev.plainlance.catalog;

import dev.plainlance.lance.error.LanceException;

/** The catalog's {@code __manifest} is missing, malformed, or stamped by a newer plainlance than this one. */
public final class CatalogFormatException extends LanceException {
    public CatalogFormatException(String message) {
        super(message);
    }
}
