package dev.plainlance.recovery;

import dev.plainlance.lance.error.LanceException;

/**
 * A sidecar that cannot be trusted: malformed JSON, a missing or wrong field, or a schema version this build does
 * not know. Recovery leaves it in place for an operator.
 */
public final class CorruptSidecarException extends LanceException {
    public CorruptSidecarException(String file, String problem) {
        super("recovery sidecar " + file + ": " + problem + "; left in place for an operator"
                + " ('plainlance catalog recover ROOT --quarantine ID' sets it aside)");
    }

    public CorruptSidecarException(String file, String problem, Throwable cause) {
        super(
                "recovery sidecar " + file + ": " + problem + "; left in place for an operator"
                        + " ('plainlance catalog recover ROOT --quarantine ID' sets it aside)",
                cause);
    }
}
