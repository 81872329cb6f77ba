package dev.plainlance.lance.file;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The fork/join pool in which data files are decoded: one daemon thread per processor, shared by
 * every reader of the process.
 */
public final class CodecPool {
    private static final ForkJoinPool POOL =
            new ForkJoinPool(
                    Runtime.getRuntime().availableProcessors(),
                    pool -> {
                        ForkJoinWorkerThread thread =
                                ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        thread.setName("lance-codec-" + thread.getPoolIndex());
                        thread.setDaemon(true);
                        return thread;
                    },
                    null,
                    false);

    private CodecPool() {}

    /** The shared pool. */
    public static ForkJoinPool get() {
        return POOL;
    }
}
