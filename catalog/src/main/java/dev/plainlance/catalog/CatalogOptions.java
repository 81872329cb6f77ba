package dev.plainlance.catalog;

import dev.plainlance.lance.commit.Retry;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Injected time, ids and retry policy of a catalog, so that tests are deterministic.
 *
 * @param clock commit times
 * @param ids commit and operation ids
 * @param uuids Lance transaction uuids and data file names
 * @param retry bounds the reload-and-retry loop of a publish that lost the race for the next version
 */
public record CatalogOptions(Clock clock, Ulid ids, Supplier<UUID> uuids, Retry retry) {
    public CatalogOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(uuids, "uuids");
        Objects.requireNonNull(retry, "retry");
    }

    /** System clock, random ids, Lance's commit retry defaults. */
    public static CatalogOptions defaults() {
        return new CatalogOptions(Clock.systemUTC(), Ulid.system(), UUID::randomUUID, Retry.commitDefaults());
    }
}
