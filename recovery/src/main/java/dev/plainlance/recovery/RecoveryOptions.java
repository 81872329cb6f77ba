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
 * @param forgetAbortedAt how many aborted operations the catalog state may hold before a roll back forgets those
 *     whose sidecars are gone (at least 1); the set then stays below this plus the operations still being rolled
 *     back
 */
public record RecoveryOptions(CatalogOptions catalog, Duration lease, String writerKind, int forgetAbortedAt) {
    /** The default of {@link #forgetAbortedAt()}. */
    public static final int FORGET_ABORTED_AT = 32;

    public RecoveryOptions {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(writerKind, "writerKind");
        if (lease.isNegative()) {
            throw new IllegalArgumentException("lease must not be negative: " + lease);
        }
        if (forgetAbortedAt < 1) {
            throw new IllegalArgumentException("forgetAbortedAt must be at least 1: " + forgetAbortedAt);
        }
    }

    /** Options that forget aborted operations at the default size. */
    public RecoveryOptions(CatalogOptions catalog, Duration lease, String writerKind) {
        this(catalog, lease, writerKind, FORGET_ABORTED_AT);
    }

    public static RecoveryOptions defaults() {
        return new RecoveryOptions(CatalogOptions.defaults(), Duration.ofSeconds(30), "plainlance-multitable");
    }

    public RecoveryOptions withLease(Duration newLease) {
        return new RecoveryOptions(catalog, newLease, writerKind, forgetAbortedAt);
    }

    public RecoveryOptions withForgetAbortedAt(int size) {
        return new RecoveryOptions(catalog, lease, writerKind, size);
    }
}
