package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import java.util.Arrays;

/**
 * Page values split into mini-block chunks: per chunk a value count and the sizes of its value buffers, whose bytes
 * follow each other in one stream per buffer. Every chunk but the last holds a power of two values. The streams
 * come from the {@link BufferPool}; {@link #release()} gives them back.
 */
final class ValueChunks {
    final int buffersPerChunk;
    final GrowableBytes[] streams;
    CompressiveEncoding encoding;
    private int chunks;
    private int[] counts = new int[16];
    private int[] sizes;

    ValueChunks(int buffersPerChunk, int capacity) {
        this.buffersPerChunk = buffersPerChunk;
        this.streams = new GrowableBytes[buffersPerChunk];
        for (int i = 0; i < buffersPerChunk; i++) {
            streams[i] = GrowableBytes.pooled(capacity);
        }
        this.sizes = new int[16 * buffersPerChunk];
    }

    /** Records a chunk of {@code count} values whose buffers were just appended with the given sizes. */
    void addChunk(int count, int... bufferSizes) {
        if (chunks == counts.length) {
            counts = Arrays.copyOf(counts, 2 * chunks);
            sizes = Arrays.copyOf(sizes, 2 * chunks * buffersPerChunk);
        }
        counts[chunks] = count;
        System.arraycopy(bufferSizes, 0, sizes, chunks * buffersPerChunk, buffersPerChunk);
        chunks++;
    }

    /** Gives the streams' arrays back to the {@link BufferPool} once their bytes are copied out. */
    void release() {
        for (GrowableBytes stream : streams) {
            stream.release();
        }
    }

    int chunkCount() {
        return chunks;
    }

    int count(int chunk) {
        return counts[chunk];
    }

    int size(int chunk, int buffer) {
        return sizes[chunk * buffersPerChunk + buffer];
    }
}
