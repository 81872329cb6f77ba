package dev.plainlance.lance.error;

/**
 * Base of every error plainlance reports about a dataset. Messages name the object and the problem; their
 * non-printable characters (which may come from a damaged file) are escaped by {@link Printable#escape}.
 */
public class LanceException extends RuntimeException {
    public LanceException(String message) {
        super(Printable.escape(message));
    }

    public LanceException(String message, Throwable cause) {
        super(Printable.escape(message), cause);
    }
}
