package dev.plainlance.lance.file.write;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.pb.file2.DirectEncoding;
import dev.plainlance.lance.pb.file2.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lance v2 container: page buffers each starting 64-byte aligned (gaps filled with {@code 0x48}), then global
 * buffer 0, the column metadata blocks, the column and global buffer offset tables and the 40-byte footer.
 */
final class FileLayout {
    static final int ALIGNMENT = 64;
    static final byte PAD = 0x48;
    private static final byte[] PADDING = filled(ALIGNMENT, PAD);
    /** Serialized {@code Any{"/lance.encodings.ColumnEncoding", ColumnEncoding{values{}}}}. */
    private static final byte[] COLUMN_ENCODING = Protos.any("/lance.encodings.ColumnEncoding", new byte[] {0x0a, 0x00});

    private final OutputSink sink;
    private final List<List<ColumnMetadata.Page>> pages = new ArrayList<>();

    FileLayout(OutputSink sink, int numColumns) {
        this.sink = sink;
        for (int i = 0; i < numColumns; i++) {
            pages.add(new ArrayList<>());
        }
    }

    long position() {
        return sink.position();
    }

    /** Writes the buffers of a page of column {@code column} and records its metadata. */
    void writePage(int column, EncodedPage page) {
        ColumnMetadata.Page.Builder builder = ColumnMetadata.Page.newBuilder()
                .setLength(page.length())
                .setPriority(page.priority())
                .setEncoding(direct(page.encoding()));
        for (Buf buf : page.buffers()) {
            builder.addBufferOffsets(writeAligned(buf));
            builder.addBufferSizes(buf.length());
        }
        pages.get(column).add(builder.build());
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

    /** Writes global buffer 0, the column metadata, the offset tables and the footer. */
    void finish(byte[] fileDescriptor, int major, int minor) {
        try {
            padToAlignment();
            long gbo = sink.position();
            sink.write(ByteBuffer.wrap(fileDescriptor));
            long columnMetaStart = sink.position();
            long[] cmoPositions = new long[pages.size()];
            long[] cmoSizes = new long[pages.size()];
            for (int i = 0; i < pages.size(); i++) {
                byte[] meta = ColumnMetadata.newBuilder()
                        .setEncoding(direct(COLUMN_ENCODING))
                        .addAllPages(pages.get(i))
                        .build()
                        .toByteArray();
                cmoPositions[i] = sink.position();
                cmoSizes[i] = meta.length;
                sink.write(ByteBuffer.wrap(meta));
            }
            long cmoStart = sink.position();
            ByteBuffer tables = ByteBuffer.allocate(16 * pages.size() + 16 + 40).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < pages.size(); i++) {
                tables.putLong(cmoPositions[i]).putLong(cmoSizes[i]);
            }
            long gboStart = cmoStart + 16L * pages.size();
            tables.putLong(gbo).putLong(fileDescriptor.length);
            tables.putLong(columnMetaStart).putLong(cmoStart).putLong(gboStart);
            tables.putInt(1).putInt(pages.size());
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
