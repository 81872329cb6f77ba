package dev.plainlance.lance.file.write;

import dev.plainlance.lance.file.FileWorkers;
import java.util.ArrayList;
import java.util.List;

/**
 * Large byte arrays that encoded pages are done with, kept for the next pages so that encoding does not allocate
 * (and zero) fresh ones. A taken array holds stale bytes. Holds at most a few arrays, each of bounded size; safe for
 * concurrent use.
 */
final class BufferPool {
    private static final int MIN_BYTES = 64 << 10;
    private static final int MAX_BYTES = 64 << 20;
    private static final int MAX_KEPT = 4 * FileWorkers.threads() + 4;
    private static final List<byte[]> FREE = new ArrayList<>();

    private BufferPool() {}

    /** An array of at least {@code size} bytes: the smallest kept one that fits, or a new one. */
    static byte[] take(int size) {
        if (size >= MIN_BYTES) {
            synchronized (FREE) {
                int best = -1;
                for (int i = 0; i < FREE.size(); i++) {
                    int length = FREE.get(i).length;
                    if (length >= size && (best < 0 || length < FREE.get(best).length)) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    return FREE.remove(best);
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
            if (FREE.size() == MAX_KEPT) {
                int smallest = 0;
                for (int i = 1; i < FREE.size(); i++) {
                    if (FREE.get(i).length < FREE.get(smallest).length) {
                        smallest = i;
                    }
                }
                if (FREE.get(smallest).length >= array.length) {
                    return;
                }
                FREE.remove(smallest);
            }
            FREE.add(array);
        }
    }
}
