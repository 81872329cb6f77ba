package dev.plainlance.lance.file.write;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.pb.file2.DirectEncoding;
import dev.plainlance.lance.pb.file2.Encoding;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The Lance v2 container: page buffers each starting 64-byte aligned (gaps filled with {@code 0x48}), then global
 * buffer 0, the column metadata blocks, the column and global buffer offset tables and the 40-byte footer.
 *
 * <p>Pages are written in the order they are handed in, whether encoded on the caller's thread or, with
 * background encoding, on the writer's workers while the caller goes on (at most one pending page per worker), so
 * the file's bytes do not depend on the threads. Used by one thread at a time.
 */
final class FileLayout {
    static final int ALIGNMENT = 64;
    static final byte PAD = 0x48;
    private static final byte[] PADDING = filled(ALIGNMENT, PAD);
    /** Serialized {@code Any{"/lance.encodings.ColumnEncoding", ColumnEncoding{values{}}}}. */
    private static final byte[] COLUMN_ENCODING =
            Protos.any("/lance.encodings.ColumnEncoding", new byte[] {0x0a, 0x00});

    /** Serialized {@code Any{"/lance.encodings.ColumnEncoding", ColumnEncoding{blob{inner{values{}}}}}} (2.0 blobs). */
    private static final byte[] BLOB_COLUMN_ENCODING =
            Protos.any("/lance.encodings.ColumnEncoding", new byte[] {0x1a, 0x04, 0x0a, 0x02, 0x0a, 0x00});

    private final OutputSink sink;
    private final boolean background;
    private final Set<Integer> blobColumns = new HashSet<>();
    private final List<List<ColumnMetadata.Page>> pages = new ArrayList<>();
    private final ForkJoinPool workers;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Pages of fewer value bytes are encoded on the caller's thread: a hand-off would cost more than encoding. */
    private static final long INLINE_BYTES = 64 << 10;

    /** A page being encoded, and what to do on the caller's thread once it is written. */
    private record Pending(int column, long valueBytes, Future<EncodedPage> page, Runnable afterWrite) {}

    /** Value bytes of the pages handed in and not yet written. */
    private long pendingValueBytes;

    FileLayout(OutputSink sink, int numColumns, boolean background, ForkJoinPool workers) {
        this.sink = sink;
        this.background = background;
        this.workers = workers;
        for (int i = 0; i < numColumns; i++) {
            pages.add(new ArrayList<>());
        }
    }

    long position() {
        return sink.position();
    }

    /**
     * Encodes a page of column {@code column} (in the background when enabled and the page holds at least
     * {@link #INLINE_BYTES} value bytes) and writes it after every page handed
     * in before it; {@code afterWrite} then runs on the caller's thread. A failed encoding is rethrown by this or a
     * later call.
     */
    void submitPage(int column, long valueBytes, Callable<EncodedPage> encode, Runnable afterWrite) {
        if (!background || (valueBytes < INLINE_BYTES && pending.isEmpty())) {
            writePage(column, call(encode));
            afterWrite.run();
            return;
        }
        Future<EncodedPage> page =
                valueBytes < INLINE_BYTES ? CompletableFuture.completedFuture(call(encode)) : workers.submit(encode);
        pending.add(new Pending(column, valueBytes, page, afterWrite));
        pendingValueBytes += valueBytes;
        while (!pending.isEmpty()
                && (pending.size() > workers.getParallelism()
                        || pending.peek().page.isDone())) {
            writeOldest();
        }
    }

    private static EncodedPage call(Callable<EncodedPage> encode) {
        try {
            return encode.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Value bytes of the pages handed in and not yet written (encoded, they may take less). */
    long pendingValueBytes() {
        return pendingValueBytes;
    }

    private void writeOldest() {
        Pending oldest = pending.poll();
        pendingValueBytes -= oldest.valueBytes;
        EncodedPage page;
        try {
            page = oldest.page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while encoding a page"));
        } catch (ExecutionException e) {
            abandon();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        write(oldest.column, page);
        oldest.afterWrite.run();
    }

    /** Gives up on the file (also after a failure): pages still being encoded are dropped, none is written. */
    void abandon() {
        for (Pending p : pending) {
            p.page.cancel(false);
        }
        pending.clear();
    }

    /** Writes every pending page. */
    private void drain() {
        while (!pending.isEmpty()) {
            writeOldest();
        }
    }

    /** Marks {@code column} as a 2.0 blob column: its metadata gets the blob column encoding. */
    void markBlobColumn(int column) {
        blobColumns.add(column);
    }

    /** Writes a blob value's bytes (64-byte aligned) after every pending page and returns their offset. */
    long writeBlob(byte[] array, int offset, int length) {
        drain();
        return writeAligned(new Buf(array, offset, length));
    }

    /** Writes a page of column {@code column} after the pending ones, and records its metadata. */
    void writePage(int column, EncodedPage page) {
        drain();
        write(column, page);
    }

    private void write(int column, EncodedPage page) {
        ColumnMetadata.Page.Builder builder = ColumnMetadata.Page.newBuilder()
                .setLength(page.length())
                .setPriority(page.priority())
                .setEncoding(direct(page.encoding()));
        for (Buf buf : page.buffers()) {
            builder.addBufferOffsets(writeAligned(buf));
            builder.addBufferSizes(buf.length());
        }
        pages.get(column).add(builder.build());
        if (page.pooled() != null) {
            BufferPool.release(page.pooled());
        }
    }

    /** Pads to the alignment, writes {@code buf} and returns its offset. */
    private long writeAligned(Buf buf) {
        try {
            padToAlignment();
            long offset = sink.position();
            sink.write(ByteBuffer.wrap(buf.array(), buf.offset(), buf.length()));
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void padToAlignment() throws IOException {
        int rem = (int) (sink.position() % ALIGNMENT);
        if (rem != 0) {
            sink.write(ByteBuffer.wrap(PADDING, 0, ALIGNMENT - rem));
        }
    }

    /**
     * Writes global buffer 0 (the file descriptor) and then {@code extraBuffers}, each 64-byte aligned, the column
     * metadata, the offset tables and the footer.
     */
    void finish(byte[] fileDescriptor, List<byte[]> extraBuffers, int major, int minor) {
        drain();
        try {
            List<byte[]> buffers = new ArrayList<>();
            buffers.add(fileDescriptor);
            buffers.addAll(extraBuffers);
            long[] bufferPositions = new long[buffers.size()];
            for (int i = 0; i < buffers.size(); i++) {
                padToAlignment();
                bufferPositions[i] = sink.position();
                sink.write(ByteBuffer.wrap(buffers.get(i)));
            }
            long columnMetaStart = sink.position();
            long[] cmoPositions = new long[pages.size()];
            long[] cmoSizes = new long[pages.size()];
            for (int i = 0; i < pages.size(); i++) {
                byte[] meta = ColumnMetadata.newBuilder()
                        .setEncoding(direct(blobColumns.contains(i) ? BLOB_COLUMN_ENCODING : COLUMN_ENCODING))
                        .addAllPages(pages.get(i))
                        .build()
                        .toByteArray();
                cmoPositions[i] = sink.position();
                cmoSizes[i] = meta.length;
                sink.write(ByteBuffer.wrap(meta));
            }
            long cmoStart = sink.position();
            ByteBuffer tables = ByteBuffer.allocate(16 * pages.size() + 16 * buffers.size() + 40)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < pages.size(); i++) {
                tables.putLong(cmoPositions[i]).putLong(cmoSizes[i]);
            }
            long gboStart = cmoStart + 16L * pages.size();
            for (int i = 0; i < buffers.size(); i++) {
                tables.putLong(bufferPositions[i]).putLong(buffers.get(i).length);
            }
            tables.putLong(columnMetaStart).putLong(cmoStart).putLong(gboStart);
            tables.putInt(buffers.size()).putInt(pages.size());
            tables.putShort((short) major).putShort((short) minor);
            tables.put("LANC".getBytes(StandardCharsets.US_ASCII));
            tables.flip();
            sink.write(tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Encoding direct(byte[] any) {
        return Encoding.newBuilder()
                .setDirect(DirectEncoding.newBuilder().setEncoding(ByteString.copyFrom(any)))
                .build();
    }

    private static byte[] filled(int n, byte value) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
