package dev.plainlance.lance.env;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The threads that decode and encode Lance file pages in the background: one daemon thread per
 * processor, shared by every file reader and writer of the process.
 */
public final class FileWorkers {
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ForkJoinPool POOL = new ForkJoinPool(
            THREADS,
            pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("lance-file-worker-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            },
            null,
            false);

    private FileWorkers() {}

    public static ForkJoinPool pool() {
        return POOL;
    }

    /** Number of worker threads. */
    public static int threads() {
        return THREADS;
    }
}
