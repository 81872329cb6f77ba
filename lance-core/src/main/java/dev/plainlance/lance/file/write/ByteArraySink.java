package dev.plainlance.lance.file.write;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** An in-memory sink backed by a {@link ByteArrayOutputStream}. */
public final class ByteArraySink implements OutputSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void write(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.write(copy, 0, copy.length);
        }
    }

    @Override
    public long position() {
        return out.size();
    }

    /** A copy of everything written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
