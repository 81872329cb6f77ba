package dev.plainlance.lance.error;

import java.io.IOException;

/** An I/O failure of the underlying storage while reading or writing a dataset. */
public class LanceIOException extends LanceException {
    public LanceIOException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
