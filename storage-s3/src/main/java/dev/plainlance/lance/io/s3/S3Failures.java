package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.ObjectNotFoundException;
import java.io.EOFException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns AWS SDK exceptions into the storage's typed, one-line {@link IOException}s. */
final class S3Failures {
    private S3Failures() {}

    /**
     * A failure that may pass if the request is sent again: no response (connection, timeout), throttling, a
     * server error, or a conflicting concurrent conditional write (409).
     */
    static final class Transient extends IOException {
        /** Whether the request may have taken effect although it failed (no response, or a server error). */
        final boolean mayHaveHappened;

        Transient(String message, boolean mayHaveHappened, Throwable cause) {
            super(message, cause);
            this.mayHaveHappened = mayHaveHappened;
        }
    }

    /**
     * The typed exception for {@code e}, raised by request {@code op} on {@code location}: not found, already
     * exists (412), past the end (416), {@link Transient}, or a plain {@link IOException}.
     */
    static IOException of(String op, String location, SdkException e) {
        if (e instanceof SdkClientException) {
            return new Transient(op + " " + location + " got no response: " + oneLine(e.getMessage()), true, e);
        }
        if (!(e instanceof S3Exception)) {
            return new IOException(op + " " + location + " failed: " + oneLine(e.getMessage()), e);
        }
        S3Exception s3 = (S3Exception) e;
        int status = s3.statusCode();
        String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
        String what = op + " " + location + " failed: HTTP " + status + (code == null ? "" : " " + code);
        if ("NoSuchBucket".equals(code)) {
            return new IOException(what + " (the bucket does not exist)", e);
        }
        if (status == 404) {
            return withCause(new ObjectNotFoundException(location), e);
        }
        if (status == 412) {
            return withCause(new ObjectAlreadyExistsException(location), e);
        }
        if (status == 416) {
            return withCause(new EOFException(what + " (range past the end)"), e);
        }
        if (status == 409 || status == 429) {
            return new Transient(what, false, e);
        }
        if (status >= 500) {
            return new Transient(what, true, e);
        }
        return new IOException(what, e);
    }

    private static IOException withCause(IOException typed, Throwable cause) {
        typed.initCause(cause);
        return typed;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
