package dev.plainlance.lance.file.write;

import dev.plainlance.lance.io.PendingObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.memory.ArrowBuf;

/**
 * The sidecar files of one data file, shared by its blob v2 columns as in official Lance 7.0.0: blob ids count up
 * from 1 in the order the files are started; values go into the current pack file until the next would make it
 * larger than the threshold, and a value too large for packing into a file of its own. Every file is committed
 * before the data file is finished.
 */
final class BlobV2Sidecars {
    private static final int COPY_CHUNK = 8 << 20;

    private final SidecarFiles files;
    private final long packThreshold;
    private int nextId = 1;
    private PendingObject pack;
    private int packId;
    private long packSize;

    BlobV2Sidecars(SidecarFiles files, long packThreshold) {
        this.files = files;
        this.packThreshold = packThreshold;
    }

    /** Writes {@code length} bytes of {@code data} from {@code from} into a file of their own; returns its id. */
    int dedicated(ArrowBuf data, long from, long length) {
        int id = nextId++;
        try (PendingObject file = files.create(id)) {
            copy(data, from, length, file);
            file.commit();
        } catch (IOException e) {
            throw failure(id, e);
        }
        return id;
    }

    /**
     * Appends {@code length} bytes of {@code data} from {@code from} to the current pack file, starting a new one
     * when they would make it larger than the threshold; returns the pack's id and the bytes' offset in it.
     */
    long[] pack(ArrowBuf data, long from, long length) {
        if (pack == null || packSize + length > packThreshold) {
            int id = nextId++;
            finish();
            try {
                pack = files.create(id);
            } catch (IOException e) {
                throw failure(id, e);
            }
            packId = id;
            packSize = 0;
        }
        long position = packSize;
        try {
            copy(data, from, length, pack);
        } catch (IOException e) {
            throw failure(packId, e);
        }
        packSize += length;
        return new long[] {packId, position};
    }

    /** Commits the current pack file, if any. */
    void finish() {
        if (pack == null) {
            return;
        }
        try (PendingObject done = pack) {
            pack = null;
            done.commit();
        } catch (IOException e) {
            throw failure(packId, e);
        }
    }

    /** Discards the current pack file, if any; files already committed stay. */
    void abandon() {
        if (pack != null) {
            try {
                pack.close();
            } catch (IOException e) {
                // the pack was never committed; nothing refers to it
            }
            pack = null;
        }
    }

    private static void copy(ArrowBuf data, long from, long length, PendingObject to) throws IOException {
        for (long done = 0; done < length; done += COPY_CHUNK) {
            to.write(data.nioBuffer(from + done, (int) Math.min(COPY_CHUNK, length - done)));
        }
    }

    private static UncheckedIOException failure(int id, IOException e) {
        return new UncheckedIOException(
                new IOException("cannot write blob sidecar file " + id + ": " + e.getMessage(), e));
    }
}
