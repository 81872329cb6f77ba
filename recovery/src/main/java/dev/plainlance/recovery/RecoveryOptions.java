package dev.plainlance.recovery;

import dev.plainlance.catalog.CatalogOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a catalog session.
 *
 * @param catalog injected clock, ids and retry policy
 * @param lease how long a writer owns its operation: recovery leaves a sidecar younger than this alone (the writer
 *     may still be working) and acts on older ones. Safety never depends on it, only liveness: a crashed writer
 *     delays other writers of its tables by at most this long.
 * @param writerKind recorded in sidecars and audit records
 */
public record RecoveryOptions(CatalogOptions catalog, Duration lease, String writerKind) {
    public RecoveryOptions {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(writerKind, "writerKind");
        if (lease.isNegative()) {
            throw new IllegalArgumentException("lease must not be negative: " + lease);
        }
    }

    public static RecoveryOptions defaults() {
        return new RecoveryOptions(CatalogOptions.defaults(), Duration.ofSeconds(30), "plainlance-multitable");
    }

    public RecoveryOptions withLease(Duration newLease) {
        return new RecoveryOptions(catalog, newLease, writerKind);
    }
}
