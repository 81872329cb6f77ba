package dev.plainlance.testkit;

/**
 * The simulated death of the process. An {@link Error}, so that no product code path that handles I/O failures
 * (retries, best-effort cleanups) can swallow it: a crash ends the operation like {@code kill -9}.
 */
public final class CrashException extends Error {
    public CrashException(String where) {
        super("simulated crash " + where);
    }
}
