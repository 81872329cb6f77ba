package dev.plainlance.lance.env;

import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A root allocator created the first time something asks for it, for owners that may never allocate: opening a
 * dataset to print its metadata allocates nothing, and creating Arrow's allocator (its logging, its allocation
 * manager lookup on the class path) was a measurable part of a short command's start-up. Thread-safe.
 */
public final class OnDemandAllocator implements Supplier<BufferAllocator>, AutoCloseable {
    private BufferAllocator allocator;
    private boolean closed;

    /**
     * The allocator, created now if it does not exist yet. After {@link #close()} it is a closed allocator, as a
     * root allocator created eagerly would be then: allocating from it fails.
     */
    @Override
    public synchronized BufferAllocator get() {
        if (allocator == null) {
            allocator = new RootAllocator();
            if (closed) {
                allocator.close();
            }
        }
        return allocator;
    }

    /** Whether the allocator was created. */
    public synchronized boolean created() {
        return allocator != null;
    }

    /** Closes the allocator if it was created (it then reports any memory still allocated, as Arrow does). */
    @Override
    public synchronized void close() {
        closed = true;
        if (allocator != null) {
            allocator.close();
        }
    }
}
