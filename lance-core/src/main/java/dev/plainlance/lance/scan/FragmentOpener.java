package dev.plainlance.lance.scan;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that open the next fragment of a full scan while the current one is read: opening waits on storage
 * (on object storage, a request per data file), so it runs on daemon threads of its own rather than on the
 * decoding workers. Idle threads end after a minute.
 */
final class FragmentOpener {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "plainlance-fragment-open-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private FragmentOpener() {}

    static ExecutorService executor() {
        return EXECUTOR;
    }
}
