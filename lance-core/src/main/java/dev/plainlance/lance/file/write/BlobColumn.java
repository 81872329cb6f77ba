package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.Flat;
import dev.plainlance.lance.pb.enc20.Nullable;
import dev.plainlance.lance.pb.enc20.PackedStruct;
import dev.plainlance.lance.pb.enc21.BlobLayout;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;

/**
 * A top-level blob column ({@code lance-encoding:blob}) as official Lance 7.0.0 writes it: each non-empty value's
 * bytes go into the data file on their own (64-byte aligned), and the column's pages hold one description per row,
 * {@code (position, size)} as two u64. Empty values are described as {@code (0, 0)}; a null one as {@code (1, 0)} in
 * 2.0 and as {@code (1 << 16, 0)} (definition level 1) under a {@code NULLABLE_ITEM} layer in 2.1. Values are kept
 * until the page is written, so a page holds about {@link WriterOptions#maxPageBytes()} of them (or one larger value).
 */
final class BlobColumn implements ColumnWriter {
    private static final int WIDTH = 16;
    private static final int CHUNK_VALUES = 256;
    private static final int ALIGNMENT = 8;
    private static final long NULL_20 = 1;
    private static final long NULL_21 = 1L << 16;

    private final int column;
    private final boolean structural;
    private final String name;
    private GrowableBytes bytes = new GrowableBytes(0);
    private long[] ends = new long[64];
    private byte[] nulls = new byte[64];
    private int rows;
    private long firstRow = -1;

    BlobColumn(int column, boolean structural, String name) {
        this.column = column;
        this.structural = structural;
        this.name = name;
    }

    @Override
    public void append(FieldVector top, int start, int end, long firstRowOfRange) {
        if (!(top instanceof LargeVarBinaryVector values)) {
            throw LeafType.unsupported(
                    name, "a blob column of type " + top.getField().getType());
        }
        if (firstRow < 0) {
            firstRow = firstRowOfRange;
        }
        for (int i = start; i < end; i++) {
            if (rows == ends.length) {
                ends = Arrays.copyOf(ends, 2 * rows);
                nulls = Arrays.copyOf(nulls, 2 * rows);
            }
            if (values.isNull(i)) {
                nulls[rows] = 1;
            } else {
                long from = values.getOffsetBuffer().getLong((long) i * 8);
                long length = values.getOffsetBuffer().getLong((long) (i + 1) * 8) - from;
                if (length > Integer.MAX_VALUE - 64 - bytes.size()) {
                    throw LeafType.unsupported(name, "a blob of " + length + " bytes");
                }
                bytes.put(values.getDataBuffer(), from, (int) length);
                nulls[rows] = 0;
            }
            ends[rows++] = bytes.size();
        }
    }

    @Override
    public long bufferedBytes() {
        return (long) bytes.size() + (long) WIDTH * rows;
    }

    @Override
    public void flush(FileLayout layout) {
        if (rows == 0) {
            return;
        }
        byte[] descriptions = new byte[WIDTH * rows];
        boolean anyNull = false;
        long start = 0;
        for (int i = 0; i < rows; i++) {
            long size = ends[i] - start;
            long position = 0;
            if (nulls[i] != 0) {
                anyNull = true;
                position = structural ? NULL_21 : NULL_20;
            } else if (size > 0) {
                position = layout.writeBlob(bytes.array(), (int) start, (int) size);
            }
            GrowableBytes.setLong(descriptions, WIDTH * i, position);
            GrowableBytes.setLong(descriptions, WIDTH * i + 8, size);
            start = ends[i];
        }
        EncodedPage page = structural
                ? blobLayoutPage(descriptions, rows, anyNull, firstRow)
                : packedStructPage(descriptions, rows, firstRow);
        layout.writePage(column, page);
        bytes = new GrowableBytes(0);
        rows = 0;
        firstRow = -1;
    }

    private static EncodedPage packedStructPage(byte[] descriptions, int rows, long firstRow) {
        ArrayEncoding u64 = ArrayEncoding.newBuilder()
                .setNullable(Nullable.newBuilder()
                        .setNoNulls(Nullable.NoNull.newBuilder()
                                .setValues(ArrayEncoding.newBuilder()
                                        .setFlat(Flat.newBuilder()
                                                .setBitsPerValue(64)
                                                .setBuffer(Buffer.getDefaultInstance())))))
                .build();
        ArrayEncoding encoding = ArrayEncoding.newBuilder()
                .setPackedStruct(
                        PackedStruct.newBuilder().addInner(u64).addInner(u64).setBuffer(Buffer.getDefaultInstance()))
                .build();
        return new EncodedPage(
                List.of(Buf.of(descriptions)), Protos.any("/lance.encodings.ArrayEncoding", encoding), rows, firstRow);
    }

    /** A 2.1 blob page: the descriptions in mini-block chunks of {@value #CHUNK_VALUES}, no levels inside. */
    private static EncodedPage blobLayoutPage(byte[] descriptions, int rows, boolean anyNull, long firstRow) {
        int chunks = (rows + CHUNK_VALUES - 1) / CHUNK_VALUES;
        GrowableBytes meta = new GrowableBytes(2 * chunks);
        GrowableBytes data = new GrowableBytes(descriptions.length + ALIGNMENT * chunks);
        for (int c = 0; c < chunks; c++) {
            int first = c * CHUNK_VALUES;
            int count = Math.min(CHUNK_VALUES, rows - first);
            int chunkStart = data.size();
            data.putShort(0);
            data.putShort(WIDTH * count);
            data.padTo(ALIGNMENT, chunkStart, (byte) 0xFE);
            data.put(descriptions, WIDTH * first, WIDTH * count);
            int chunkBytes = data.size() - chunkStart;
            int log = c == chunks - 1 ? 0 : Integer.numberOfTrailingZeros(CHUNK_VALUES);
            meta.putShort(((chunkBytes / ALIGNMENT - 1) << 4) | log);
        }
        MiniBlockLayout inner = MiniBlockLayout.newBuilder()
                .setValueCompression(CompressiveEncoding.newBuilder()
                        .setPackedStruct(dev.plainlance.lance.pb.enc21.PackedStruct.newBuilder()
                                .addBitsPerValue(64)
                                .addBitsPerValue(64)
                                .setValues(MiniBlockValueEncoder.flatEncoding(128))))
                .addLayers(RepDefLayer.REPDEF_ALL_VALID_ITEM)
                .setNumBuffers(1)
                .setNumItems(rows)
                .build();
        PageLayout layout = PageLayout.newBuilder()
                .setBlobLayout(BlobLayout.newBuilder()
                        .setInnerLayout(PageLayout.newBuilder().setMiniBlockLayout(inner))
                        .addLayers(anyNull ? RepDefLayer.REPDEF_NULLABLE_ITEM : RepDefLayer.REPDEF_ALL_VALID_ITEM))
                .build();
        return new EncodedPage(
                List.of(Buf.of(meta), Buf.of(data)), Protos.any(Protos.PAGE_LAYOUT_21, layout), rows, firstRow);
    }
}
