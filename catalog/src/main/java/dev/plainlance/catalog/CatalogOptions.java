package dev.plainlance.catalog;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.Retry;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

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

    /**
     * The environment the catalog's table writes run in: this clock and uuid source, {@code allocator}, and a
     * single attempt per commit (every catalog write is a compare-and-swap whose loser must not land later).
     */
    public Env tableEnv(BufferAllocator allocator) {
        return Env.defaults(allocator).withClock(clock).withUuids(uuids).withCommitRetry(Retry.once());
    }

    /** System clock, random ids, Lance's commit retry defaults. */
    public static CatalogOptions defaults() {
        return new CatalogOptions(Clock.systemUTC(), Ulid.system(), UUID::randomUUID, Retry.commitDefaults());
    }
}
