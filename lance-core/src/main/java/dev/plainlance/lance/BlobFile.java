package dev.plainlance.lance;

import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.scan.BlobTakes;
import java.io.Closeable;
import java.io.IOException;

/**
 * One value of a blob column, as {@code org.lance.BlobFile}: a file-like view of {@link #size()} bytes of a data file
 * with a cursor. Nothing is read until a read method is called; the data file is then opened through the dataset's
 * storage (local or object store) and kept open until {@link #close()}. Safe for use from several threads.
 */
public final class BlobFile implements Closeable {
    private final BlobTakes.Blob blob;
    private RandomAccessSource source;
    private long cursor;
    private boolean closed;

    BlobFile(BlobTakes.Blob blob) {
        this.blob = blob;
    }

    /** The bytes from the cursor to the end (none if the cursor is past it); the cursor moves to the end. */
    public synchronized byte[] read() throws IOException {
        return readUpTo((int) Math.min(Integer.MAX_VALUE - 8, blob.size() - Math.min(cursor, blob.size())));
    }

    /** At most {@code len} bytes from the cursor, which moves past them (a cursor past the end moves back to it). */
    public synchronized byte[] readUpTo(int len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("len must be non-negative");
        }
        long from = Math.min(cursor, blob.size());
        int n = (int) Math.min(len, blob.size() - from);
        byte[] bytes = bytes(from, n);
        cursor = from + n;
        return bytes;
    }

    /**
     * The {@code len} bytes at {@code offset} of the blob; the cursor does not move.
     *
     * @throws IllegalArgumentException if the range ends after the blob
     */
    public synchronized byte[] readRange(long offset, int len) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be non-negative");
        }
        if (len < 0) {
            throw new IllegalArgumentException("len must be non-negative");
        }
        if (offset > blob.size() - len) {
            throw new IllegalArgumentException(
                    "Blob range end " + (offset + len) + " exceeds blob size " + blob.size());
        }
        return bytes(offset, len);
    }

    /** Moves the cursor to {@code newCursor} (past the end is allowed: later reads give no bytes). */
    public synchronized void seek(long newCursor) throws IOException {
        if (newCursor < 0) {
            throw new IllegalArgumentException("newCursor must be non-negative");
        }
        checkOpen();
        cursor = newCursor;
    }

    /** The cursor: where the next {@link #read()} or {@link #readUpTo(int)} starts. */
    public synchronized long tell() throws IOException {
        checkOpen();
        return cursor;
    }

    /** The blob's length in bytes (0 for a null or empty value). */
    public long size() {
        return blob.size();
    }

    /** Closes the data file if it was opened; reads fail after. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (source != null) {
            source.close();
            source = null;
        }
    }

    private byte[] bytes(long offset, int n) throws IOException {
        checkOpen();
        byte[] out = new byte[n];
        if (n == 0) {
            return out;
        }
        if (source == null) {
            RandomAccessSource opened = blob.storage().openRandomAccess(blob.key());
            long fileSize = opened.size();
            if (blob.position() > fileSize - blob.size()) {
                opened.close();
                throw BlobTakes.outside(blob.storage().describe(blob.key()), blob.position(), blob.size(), fileSize);
            }
            source = opened;
        }
        source.readFully(blob.position() + offset, out, 0, n);
        return out;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the blob file is closed");
        }
    }
}
