package dev.plainlance.catalog;

/** A table key, branch name or table path that breaks its rule; the message shows the name escaped. */
public final class InvalidNameException extends IllegalArgumentException {
    public InvalidNameException(String message) {
        super(message);
    }
}
