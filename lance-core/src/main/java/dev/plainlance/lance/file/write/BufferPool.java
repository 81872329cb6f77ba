package dev.plainlance.lance.file.write;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Large byte arrays that encoded pages are done with, kept for the next pages so that encoding does not allocate
 * (and zero) fresh ones. A taken array holds stale bytes. Kept arrays are softly reachable, so the garbage collector
 * reclaims them when memory is short, and their total size is bounded; safe for concurrent use.
 */
final class BufferPool {
    private static final int MIN_BYTES = 64 << 10;
    private static final int MAX_BYTES = 64 << 20;
    private static final long MAX_KEPT_BYTES = 256L << 20;
    private static final List<SoftReference<byte[]>> FREE = new ArrayList<>();

    private BufferPool() {}

    /** An array of at least {@code size} bytes: the smallest kept one that fits, or a new one. */
    static byte[] take(int size) {
        if (size >= MIN_BYTES) {
            synchronized (FREE) {
                byte[] best = null;
                SoftReference<byte[]> bestRef = null;
                for (Iterator<SoftReference<byte[]>> it = FREE.iterator(); it.hasNext(); ) {
                    SoftReference<byte[]> ref = it.next();
                    byte[] array = ref.get();
                    if (array == null) {
                        it.remove();
                        continue;
                    }
                    if (array.length >= size && (best == null || array.length < best.length)) {
                        best = array;
                        bestRef = ref;
                    }
                }
                if (best != null) {
                    FREE.remove(bestRef);
                    return best;
                }
            }
        }
        return new byte[size];
    }

    /** Gives {@code array} back; the caller must not use it any more. */
    static void release(byte[] array) {
        if (array.length < MIN_BYTES || array.length > MAX_BYTES) {
            return;
        }
        synchronized (FREE) {
            long keptBytes = 0;
            for (Iterator<SoftReference<byte[]>> it = FREE.iterator(); it.hasNext(); ) {
                byte[] kept = it.next().get();
                if (kept == null) {
                    it.remove();
                } else {
                    keptBytes += kept.length;
                }
            }
            if (keptBytes + array.length <= MAX_KEPT_BYTES) {
                FREE.add(new SoftReference<>(array));
            }
        }
    }
}
