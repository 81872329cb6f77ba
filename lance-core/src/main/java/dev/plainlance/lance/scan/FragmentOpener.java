package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.DaemonThreads;
import java.util.concurrent.ExecutorService;

/**
 * The threads that open the next fragment of a full scan while the current one is read: opening waits on storage
 * (on object storage, a request per data file), so it runs on daemon threads of its own rather than on the
 * decoding workers.
 */
final class FragmentOpener {
    private static final ExecutorService EXECUTOR = DaemonThreads.cachedPool("plainlance-fragment-open");

    private FragmentOpener() {}

    static ExecutorService executor() {
        return EXECUTOR;
    }
}
