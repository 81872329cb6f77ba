package dev.plainlance.lance.file.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A sink appending to a {@link FileChannel} from its current position. The caller closes the channel. */
public final class FileChannelSink implements OutputSink {
    private final FileChannel channel;
    private long position;

    public FileChannelSink(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes);
        }
    }

    @Override
    public long position() {
        return position;
    }
}
