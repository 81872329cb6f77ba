package dev.plainlance.lance.env;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The one retry utility of plainlance: bounded attempts with jittered exponential backoff, optionally bounded in
 * time too. Sleeping, jitter and the clock are injectable so that tests are deterministic.
 */
public final class Retry {
    /** Sleeps for the given duration. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One attempt; returning normally ends the loop. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run(int attempt) throws E;
    }

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private final LongSupplier jitter;
    /** No retry starts once this much time has passed since the first attempt; null for no bound. */
    private final Duration timeout;
    /** The clock {@link #timeout} is measured with, in milliseconds. */
    private final LongSupplier millis;

    public Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper, LongSupplier jitter) {
        this(maxAttempts, initialBackoff, maxBackoff, sleeper, jitter, null, () -> 0L);
    }

    private Retry(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Sleeper sleeper,
            LongSupplier jitter,
            Duration timeout,
            LongSupplier millis) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.timeout = timeout;
        this.millis = millis;
    }

    /** 20 attempts, 10 ms doubling to 2 s, real sleeps, random jitter: the defaults of Lance's commit loop. */
    public static Retry commitDefaults() {
        return new Retry(
                20,
                Duration.ofMillis(10),
                Duration.ofSeconds(2),
                d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
    }

    /** A single attempt: for compare-and-swap steps whose loser must not try again (exact commits, publishes). */
    public static Retry once() {
        return new Retry(1, Duration.ZERO, Duration.ZERO, d -> {}, () -> 0L);
    }

    /** No waiting, a seeded jitter: for tests. */
    public static Retry immediate(int maxAttempts, long seed) {
        Random random = new Random(seed);
        return new Retry(maxAttempts, Duration.ZERO, Duration.ZERO, d -> {}, () -> random.nextLong() >>> 1);
    }

    /** The same backoff, sleeper, jitter and time bound with {@code attempts} attempts at most. */
    public Retry withMaxAttempts(int attempts) {
        return new Retry(attempts, initialBackoff, maxBackoff, sleeper, jitter, timeout, millis);
    }

    /**
     * The same retry that starts no further attempt once {@code timeout} has passed since the first one began, by
     * the clock {@code millis} (the attempt running then is not interrupted).
     */
    public Retry withTimeout(Duration timeout, LongSupplier millis) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("retry timeout must not be negative, got " + timeout);
        }
        return new Retry(maxAttempts, initialBackoff, maxBackoff, sleeper, jitter, timeout, millis);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Runs {@code attempt} until it returns, retrying only when it throws an instance of {@code retryable} and
     * attempts (and time, when bounded) remain; the last retryable failure is rethrown when they run out.
     */
    public <T, E extends Exception> T run(Class<? extends Exception> retryable, Attempt<T, E> attempt) throws E {
        long start = timeout == null ? 0 : millis.getAsLong();
        for (int i = 1; ; i++) {
            try {
                return attempt.run(i);
            } catch (Exception e) {
                if (!retryable.isInstance(e) || i >= maxAttempts || timedOut(start)) {
                    throw e;
                }
                backoff(i);
            }
        }
    }

    private boolean timedOut(long start) {
        return timeout != null && millis.getAsLong() - start >= timeout.toMillis();
    }

    private void backoff(int attempt) {
        long cap = Math.min(maxBackoff.toNanos(), initialBackoff.toNanos() << Math.min(attempt - 1, 20));
        long nanos = cap <= 0 ? 0 : Math.floorMod(jitter.getAsLong(), cap + 1);
        try {
            sleeper.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off before retry " + (attempt + 1), e);
        }
    }
}
