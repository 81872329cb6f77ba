package dev.plainlance.lance.env;

import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.FailpointHandler;
import dev.plainlance.lance.failpoint.Failpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Everything a table operation takes from its surroundings, in one immutable value (on the model of Delta
 * Kernel's {@code Engine}): the clock, the source of transaction uuids and random ids, the Arrow allocator, the
 * threads that encode and decode pages, the failpoint handler and the retry policy for lost commit races. Operations never reach for a process-wide clock,
 * random source or allocator of their own, so a test that passes {@link #deterministic} gets the same ids, times
 * and backoff on every run.
 *
 * <p>The allocator and the worker pool stay owned by whoever created them; an {@code Env} closes neither.
 */
public final class Env {
    private final Clock clock;
    private final Supplier<UUID> uuids;
    private final LongSupplier randomIds;
    private final Supplier<BufferAllocator> allocator;
    private final ForkJoinPool workers;
    private final FailpointHandler failpoints;
    private final Retry commitRetry;
    private final SessionCaches caches;
    private final ReadMetrics readMetrics;

    private Env(
            Clock clock,
            Supplier<UUID> uuids,
            LongSupplier randomIds,
            Supplier<BufferAllocator> allocator,
            ForkJoinPool workers,
            FailpointHandler failpoints,
            Retry commitRetry,
            SessionCaches caches,
            ReadMetrics readMetrics) {
        this.workers = Objects.requireNonNull(workers, "workers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uuids = Objects.requireNonNull(uuids, "uuids");
        this.randomIds = Objects.requireNonNull(randomIds, "randomIds");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.failpoints = Objects.requireNonNull(failpoints, "failpoints");
        this.commitRetry = Objects.requireNonNull(commitRetry, "commitRetry");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.readMetrics = Objects.requireNonNull(readMetrics, "readMetrics");
    }

    /**
     * Today's production behaviour: the system UTC clock, random uuids and ids, the process-wide file workers (one
     * daemon thread per processor), the process-wide failpoint switch
     * ({@link Failpoints}, a no-op unless a test or {@code --halt-at} installs a handler) and Lance's commit retry
     * defaults.
     */
    public static Env defaults(BufferAllocator allocator) {
        return defaults(fixed(allocator));
    }

    /**
     * {@link #defaults(BufferAllocator)} with an allocator taken from {@code allocator} when first needed (e.g. an
     * {@link OnDemandAllocator}), so that work that allocates nothing never creates one. The supplier must return
     * the same allocator every time.
     */
    public static Env defaults(Supplier<BufferAllocator> allocator) {
        return new Env(
                Clock.systemUTC(),
                UUID::randomUUID,
                () -> ThreadLocalRandom.current().nextLong(Long.MAX_VALUE),
                Objects.requireNonNull(allocator, "allocator"),
                FileWorkers.pool(),
                Failpoints::hit,
                Retry.commitDefaults(),
                SessionCaches.shared(),
                ReadMetrics.DISCARD);
    }

    private static Supplier<BufferAllocator> fixed(BufferAllocator allocator) {
        Objects.requireNonNull(allocator, "allocator");
        return () -> allocator;
    }

    /**
     * A reproducible environment for tests: uuids and ids drawn from one seeded generator, the given clock, no
     * waiting between commit retries, and the process-wide failpoint switch.
     */
    public static Env deterministic(long seed, Clock clock, BufferAllocator allocator) {
        Random random = new Random(seed);
        return new Env(
                clock,
                () -> new UUID(random.nextLong(), random.nextLong()),
                () -> random.nextLong() >>> 1,
                fixed(allocator),
                FileWorkers.pool(),
                Failpoints::hit,
                new Retry(20, Duration.ZERO, Duration.ZERO, d -> {}, () -> 0L),
                SessionCaches.shared(),
                ReadMetrics.DISCARD);
    }

    public Clock clock() {
        return clock;
    }

    /** A fresh transaction or operation uuid. */
    public UUID newUuid() {
        return uuids.get();
    }

    /** The uuid source itself, for components that draw several. */
    public Supplier<UUID> uuids() {
        return uuids;
    }

    /** A fresh non-negative random id (deletion files and the like). */
    public long newRandomId() {
        return randomIds.getAsLong();
    }

    /** The id source itself, for components that draw several. */
    public LongSupplier randomIds() {
        return randomIds;
    }

    public BufferAllocator allocator() {
        return allocator.get();
    }

    /**
     * The threads pages are encoded and decoded on. Writers and readers only hand work to it; the file bytes and
     * batch order do not depend on it.
     */
    public ForkJoinPool workers() {
        return workers;
    }

    /** The retry policy for lost version races and re-staged operations. */
    public Retry commitRetry() {
        return commitRetry;
    }

    /** The caches reads share: a dataset's session's, else the process-wide {@link SessionCaches#shared()}. */
    public SessionCaches caches() {
        return caches;
    }

    /** What reads count into: {@link ReadMetrics#DISCARD} unless a scan collects statistics. */
    public ReadMetrics readMetrics() {
        return readMetrics;
    }

    /** Reads counting into {@code metrics}. */
    public Env withReadMetrics(ReadMetrics metrics) {
        return new Env(clock, uuids, randomIds, allocator, workers, failpoints, commitRetry, caches, metrics);
    }

    /** Reads through {@code newCaches} (a dataset's session). */
    public Env withCaches(SessionCaches newCaches) {
        return new Env(clock, uuids, randomIds, allocator, workers, failpoints, commitRetry, newCaches, readMetrics);
    }

    /** Reports that execution reached {@code point}; the handler may throw or halt (an injected crash). */
    public void hit(Failpoint point) {
        failpoints.reached(point);
    }

    public Env withClock(Clock newClock) {
        return new Env(newClock, uuids, randomIds, allocator, workers, failpoints, commitRetry, caches, readMetrics);
    }

    public Env withAllocator(BufferAllocator newAllocator) {
        return new Env(
                clock, uuids, randomIds, fixed(newAllocator), workers, failpoints, commitRetry, caches, readMetrics);
    }

    /** Runs page encoding and decoding on {@code pool} (e.g. a host's own pool, or a single thread in tests). */
    public Env withWorkers(ForkJoinPool pool) {
        return new Env(clock, uuids, randomIds, allocator, pool, failpoints, commitRetry, caches, readMetrics);
    }

    public Env withFailpoints(FailpointHandler handler) {
        return new Env(clock, uuids, randomIds, allocator, workers, handler, commitRetry, caches, readMetrics);
    }

    public Env withCommitRetry(Retry retry) {
        return new Env(clock, uuids, randomIds, allocator, workers, failpoints, retry, caches, readMetrics);
    }

    public Env withUuids(Supplier<UUID> newUuids) {
        return new Env(clock, newUuids, randomIds, allocator, workers, failpoints, commitRetry, caches, readMetrics);
    }
}
