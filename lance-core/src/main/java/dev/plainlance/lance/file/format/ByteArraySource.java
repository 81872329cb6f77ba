package dev.plainlance.lance.file.format;

import dev.plainlance.lance.io.RandomAccessSource;
import java.io.EOFException;
import java.nio.ByteBuffer;

/** {@link RandomAccessSource} over an in-memory byte array (not copied). */
public final class ByteArraySource implements RandomAccessSource {
    private final byte[] bytes;
    private final String name;

    public ByteArraySource(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public ByteBuffer read(long offset, int length) throws EOFException {
        if (offset < 0 || length < 0 || offset > bytes.length - (long) length) {
            throw new EOFException(
                    name + ": read of " + length + " bytes at " + offset + " beyond size " + bytes.length);
        }
        return ByteBuffer.wrap(bytes, (int) offset, length).slice();
    }

    @Override
    public String name() {
        return name;
    }
}
