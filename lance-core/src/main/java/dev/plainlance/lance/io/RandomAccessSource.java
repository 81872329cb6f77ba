package dev.plainlance.lance.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Minimal random-access byte source a Lance file is read from.
 *
 * <p>{@link #read} returns exactly {@code length} bytes or throws, and may be called concurrently
 * from several threads (the reader decodes several batches, and the columns of a batch, in parallel).
 */
public interface RandomAccessSource extends Closeable {

    /** Total size of the source in bytes. */
    long size();

    /**
     * Reads {@code length} bytes starting at {@code offset}.
     *
     * @return a buffer positioned at 0 whose remaining bytes are the requested range
     * @throws java.io.EOFException if the range extends beyond the end of the source
     */
    ByteBuffer read(long offset, int length) throws IOException;

    /**
     * Reads {@code length} bytes starting at {@code offset} into {@code destination} from {@code
     * at}, so that callers can reuse their buffers; by default through {@link #read}.
     *
     * @throws java.io.EOFException if the range extends beyond the end of the source
     */
    default void readFully(long offset, byte[] destination, int at, int length) throws IOException {
        ByteBuffer buffer = read(offset, length);
        if (buffer.remaining() != length) {
            throw new IOException(name() + ": returned " + buffer.remaining() + " bytes, expected " + length);
        }
        buffer.get(destination, at, length);
    }

    /**
     * A hint that the ranges will be read soon, in about this order. A source with expensive requests (object
     * storage) may fetch them ahead, merging near ones and fetching several at once; reads return the same bytes
     * either way. By default the hint is ignored. Never fails: a range it cannot fetch ahead is read when asked.
     */
    default void prefetch(List<ByteRange> ranges) {}

    /** Name of the source (e.g. a path), used in error messages. */
    String name();

    @Override
    default void close() throws IOException {}
}
