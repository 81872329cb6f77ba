package dev.plainlance.lance.error;

/** Base of every error plainlance reports about a dataset. Messages name the object and the problem. */
public class LanceException extends RuntimeException {
    public LanceException(String message) {
        super(message);
    }

    public LanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
