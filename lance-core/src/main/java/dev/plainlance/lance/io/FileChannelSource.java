package dev.plainlance.lance.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link RandomAccessSource} over a local file, using positional reads. */
public final class FileChannelSource implements RandomAccessSource {
    private final FileChannel channel;
    private final long size;
    private final String name;

    private FileChannelSource(FileChannel channel, String name) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.name = name;
    }

    /** Opens {@code path} for reading; the caller must close the returned source. */
    public static FileChannelSource open(Path path) throws IOException {
        return new FileChannelSource(FileChannel.open(path, StandardOpenOption.READ), path.toString());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuffer read(long offset, int length) throws IOException {
        byte[] bytes = new byte[length < 0 ? 0 : length];
        readFully(offset, bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void readFully(long offset, byte[] destination, int at, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new EOFException(name + ": read of " + length + " bytes at " + offset + " beyond size " + size);
        }
        ByteBuffer buffer = ByteBuffer.wrap(destination, at, length);
        long position = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new EOFException(name + ": unexpected end of file at " + position);
            }
            position += n;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
