package dev.plainlance.lance.file.write;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Large arrays that encoded pages are done with, kept for the next pages so that encoding does not allocate (and
 * zero) fresh ones. A taken array holds stale values. Kept arrays are softly reachable, so the garbage collector
 * reclaims them when memory is short, and their total size is bounded; safe for concurrent use.
 */
final class BufferPool {
    private static final int MIN_BYTES = 64 << 10;
    private static final int MAX_BYTES = 64 << 20;
    private static final long MAX_KEPT_BYTES = 256L << 20;
    private static final long MIB = 1 << 20;
    private static final Shelf<byte[]> BYTES = new Shelf<>(1, a -> a.length, byte[]::new);
    private static final Shelf<long[]> LONGS = new Shelf<>(8, a -> a.length, long[]::new);

    private BufferPool() {}

    /**
     * An array of at least {@code size} bytes: the smallest kept one that fits, or a new one. New arrays are
     * rounded up (to a power of two below 1 MiB, to whole MiB above) so that kept ones fit later requests of about
     * the same size.
     */
    static byte[] take(int size) {
        return BYTES.take(size);
    }

    /** Gives {@code array} back; the caller must not use it any more. */
    static void release(byte[] array) {
        BYTES.release(array);
    }

    /** An array of at least {@code size} longs, as {@link #take(int)}. */
    static long[] takeLongs(int size) {
        return LONGS.take(size);
    }

    /** {@code bytes} rounded up to its size class (see {@link #take(int)}). */
    static long sizeClass(long bytes) {
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
            return bytes;
        }
        return bytes <= MIB ? Long.highestOneBit(bytes - 1) << 1 : (bytes + MIB - 1) / MIB * MIB;
    }

    /** Gives {@code array} back; the caller must not use it any more. */
    static void releaseLongs(long[] array) {
        LONGS.release(array);
    }

    /** The kept arrays of one element type, bounded by their size in bytes. */
    private static final class Shelf<T> {
        private final List<SoftReference<T>> free = new ArrayList<>();
        private final int elementBytes;
        private final ToIntFunction<T> lengthOf;
        private final IntFunction<T> allocate;

        Shelf(int elementBytes, ToIntFunction<T> lengthOf, IntFunction<T> allocate) {
            this.elementBytes = elementBytes;
            this.lengthOf = lengthOf;
            this.allocate = allocate;
        }

        private long bytesOf(T array) {
            return (long) elementBytes * lengthOf.applyAsInt(array);
        }

        /** An array of at least {@code length} elements. */
        T take(int length) {
            long bytes = (long) elementBytes * length;
            if (bytes >= MIN_BYTES) {
                synchronized (free) {
                    T best = null;
                    SoftReference<T> bestRef = null;
                    for (Iterator<SoftReference<T>> it = free.iterator(); it.hasNext(); ) {
                        SoftReference<T> ref = it.next();
                        T array = ref.get();
                        if (array == null) {
                            it.remove();
                            continue;
                        }
                        long size = bytesOf(array);
                        if (size >= bytes && (best == null || size < bytesOf(best))) {
                            best = array;
                            bestRef = ref;
                        }
                    }
                    if (best != null) {
                        free.remove(bestRef);
                        return best;
                    }
                }
            }
            return allocate.apply((int) (sizeClass(bytes) / elementBytes));
        }

        void release(T array) {
            long size = bytesOf(array);
            if (size < MIN_BYTES || size > MAX_BYTES) {
                return;
            }
            synchronized (free) {
                long keptBytes = 0;
                for (Iterator<SoftReference<T>> it = free.iterator(); it.hasNext(); ) {
                    T kept = it.next().get();
                    if (kept == null) {
                        it.remove();
                    } else {
                        keptBytes += bytesOf(kept);
                    }
                }
                if (keptBytes + size <= MAX_KEPT_BYTES) {
                    free.add(new SoftReference<>(array));
                }
            }
        }
    }
}
