package dev.plainlance.lance.io.s3;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that fetch hinted ranges ahead of reads, read several objects at once and create several at once
 * ({@link S3Storage#putAllIfAbsent}), shared by every S3 storage in the JVM: at most {@link #THREADS} requests in
 * flight, the rest queued. Their tasks never wait for other tasks of the pool: work started from a pool thread
 * runs on that thread ({@link #onPoolThread}). They are daemon threads that end when idle.
 */
final class S3ReadPool {
    static final int THREADS = 32;

    private static final ThreadPoolExecutor POOL = pool();

    private S3ReadPool() {}

    private static ThreadPoolExecutor pool() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(THREADS, THREADS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new PoolThread(task, "plainlance-s3-read-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Whether the caller is one of the pool's threads, which must not wait for the pool's other tasks. */
    static boolean onPoolThread() {
        return Thread.currentThread() instanceof PoolThread;
    }

    private static final class PoolThread extends Thread {
        PoolThread(Runnable task, String name) {
            super(task, name);
        }
    }

    /** Completes {@code result} with {@code fetch}'s value (or its failure) on a pool thread, unless cancelled. */
    static <T> void submit(CompletableFuture<T> result, Supplier<T> fetch) {
        POOL.execute(() -> {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(fetch.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
    }
}
