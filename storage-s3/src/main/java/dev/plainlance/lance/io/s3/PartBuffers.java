package dev.plainlance.lance.io.s3;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;

/**
 * Arrays of {@link S3RandomAccessSource#MAX_REQUEST} bytes for the parts a scan fetches ahead, kept once a file is
 * read so that the next file's parts are not allocated (and zeroed) again: at 4 MiB each they are humongous objects
 * to the garbage collector. At most {@link #KEPT} are kept, softly reachable; safe for concurrent use.
 */
final class PartBuffers {
    static final int KEPT = 32;

    private static final ArrayDeque<SoftReference<byte[]>> FREE = new ArrayDeque<>();

    private PartBuffers() {}

    /** An array of at least {@code length} bytes: a kept one if {@code length} fits in a part, else a new one. */
    static byte[] take(int length) {
        if (length <= S3RandomAccessSource.MAX_REQUEST) {
            synchronized (FREE) {
                for (SoftReference<byte[]> ref; (ref = FREE.poll()) != null; ) {
                    byte[] kept = ref.get();
                    if (kept != null) {
                        return kept;
                    }
                }
            }
            if (length > S3RandomAccessSource.MAX_REQUEST / 2) {
                return new byte[S3RandomAccessSource.MAX_REQUEST];
            }
        }
        return new byte[length];
    }

    /** Gives a part's array back; nobody may read or write it after. Arrays of other sizes are left to the GC. */
    static void release(byte[] array) {
        if (array.length != S3RandomAccessSource.MAX_REQUEST) {
            return;
        }
        synchronized (FREE) {
            if (FREE.size() < KEPT) {
                FREE.push(new SoftReference<>(array));
            }
        }
    }

    /** How many arrays are kept (for tests). */
    static int kept() {
        synchronized (FREE) {
            return FREE.size();
        }
    }
}
