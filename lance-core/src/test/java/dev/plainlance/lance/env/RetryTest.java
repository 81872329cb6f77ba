package dev.plainlance.lance.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.commit.CommitConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final List<Duration> sleeps = new ArrayList<>();

    private Retry retry(int attempts) {
        return new Retry(attempts, Duration.ofMillis(10), Duration.ofMillis(50), sleeps::add, () -> Long.MAX_VALUE);
    }

    @Test
    void retriesOnlyTheRetryableTypeAndStopsAtTheBound() {
        AtomicInteger calls = new AtomicInteger();
        CommitConflictException last = assertThrows(
                CommitConflictException.class, () -> retry(4).run(CommitConflictException.class, attempt -> {
                    calls.incrementAndGet();
                    throw new CommitConflictException("attempt " + attempt);
                }));
        assertEquals(4, calls.get());
        assertEquals("attempt 4", last.getMessage());
        assertEquals(3, sleeps.size());
        assertTrue(sleeps.stream().allMatch(d -> d.compareTo(Duration.ofMillis(50)) <= 0));
    }

    @Test
    void noRetryStartsOnceTheTimeoutHasPassed() {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        Retry bounded = retry(100).withTimeout(Duration.ofMillis(25), () -> now.getAndAdd(10));
        assertThrows(
                CommitConflictException.class,
                () -> bounded.run(CommitConflictException.class, attempt -> {
                    calls.incrementAndGet();
                    throw new CommitConflictException("attempt " + attempt);
                }));
        // the clock reads 0 at the start, then 10, 20 and 30 after the failures: the third is not retried
        assertEquals(3, calls.get());
        assertEquals(3, bounded.withMaxAttempts(3).maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> retry(2).withTimeout(Duration.ofMillis(-1), () -> 0L));
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> retry(5).run(
                        CommitConflictException.class, attempt -> {
                            calls.incrementAndGet();
                            throw boom;
                        })));
        assertEquals(1, calls.get());
    }

    @Test
    void returnsTheFirstSuccess() {
        int result = retry(5).run(CommitConflictException.class, attempt -> {
            if (attempt < 3) {
                throw new CommitConflictException("not yet");
            }
            return attempt;
        });
        assertEquals(3, result);
        assertEquals(2, sleeps.size());
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        Retry full = new Retry(6, Duration.ofMillis(10), Duration.ofMillis(50), sleeps::add, () -> Long.MAX_VALUE - 1);
        assertThrows(
                CommitConflictException.class,
                () -> full.run(CommitConflictException.class, attempt -> {
                    throw new CommitConflictException("x");
                }));
        for (int i = 1; i < sleeps.size(); i++) {
            assertTrue(sleeps.get(i).toNanos() <= Math.min(50_000_000L, 10_000_000L << i));
        }
    }
}
