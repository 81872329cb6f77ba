package dev.plainlance.lance.file.write;

import dev.plainlance.lance.io.PendingObject;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a {@link LanceFileWriter} appends the bytes of one file. Writes are sequential; nothing is read back. */
public interface OutputSink {
    /** Appends all remaining bytes of {@code bytes}. */
    void write(ByteBuffer bytes) throws IOException;

    /** Number of bytes written so far (the offset of the next byte). */
    long position();

    /** A sink appending to an object being written, published when the object is committed. */
    static OutputSink of(PendingObject pending) {
        return new OutputSink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                pending.write(bytes);
            }

            @Override
            public long position() {
                return pending.position();
            }
        };
    }
}
