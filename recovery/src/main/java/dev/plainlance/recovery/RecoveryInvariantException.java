package dev.plainlance.recovery;

import dev.plainlance.lance.error.LanceException;

/**
 * The catalog and a table contradict the protocol's invariants (for example a table's newest version is below its
 * pin), so no automatic decision is safe. Recovery touched nothing for this sidecar and left it in place.
 */
public final class RecoveryInvariantException extends LanceException {
    public RecoveryInvariantException(String sidecarFile, String problem) {
        super("cannot recover " + sidecarFile + ": " + problem + "; left in place for an operator"
                + " ('plainlance catalog recover ROOT --quarantine ID' sets it aside)");
    }
}
