package dev.plainlance.lance.env;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cached pools of daemon threads for work that waits on storage (opening files ahead, forcing bytes to disk) rather
 * than on the CPU, so it never occupies the decoding and encoding workers. Idle threads end after a minute.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** A new cached pool whose threads are named {@code prefix-1}, {@code prefix-2}, .... */
    public static ExecutorService cachedPool(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
