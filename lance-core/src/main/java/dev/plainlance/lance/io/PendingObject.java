package dev.plainlance.lance.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A new object being written sequentially, for objects too large to build in memory (data files). Nothing is
 * visible until {@link #commit()}, which publishes the bytes with {@link Storage#putIfAbsent} semantics: atomic,
 * exclusive and durable on return. {@link #close()} without a commit discards the bytes.
 */
public interface PendingObject extends AutoCloseable {

    /** Appends all remaining bytes of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException;

    /** Bytes written so far. */
    long position();

    /**
     * Tells the storage that no more bytes follow, so it may start making them durable in the background while the
     * caller does other work; {@link #commit()} still waits for whatever remains. Optional; the default does nothing.
     */
    default void finishWriting() throws IOException {}

    /** Publishes the object; throws {@link ObjectAlreadyExistsException} if the key exists. */
    void commit() throws IOException;

    /** Discards the bytes unless committed; idempotent. */
    @Override
    void close() throws IOException;
}
