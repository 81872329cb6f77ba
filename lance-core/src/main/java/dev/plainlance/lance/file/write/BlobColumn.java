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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * A blob column ({@code lance-encoding:blob}) as official Lance 7.0.0 writes it, at top level or inside structs:
 * each non-empty value's bytes go into the data file on their own (64-byte aligned), and the column's pages hold one
 * description per row, {@code (position, size)} as two u64. Empty values are described as {@code (0, 0)}. A null
 * one is {@code (1, 0)} in 2.0; in 2.1 it is {@code (level << 16, 0)}, its definition level under the page's layers
 * (innermost first: the blob, then each struct around it; a layer with nulls is {@code NULLABLE_ITEM} and takes the
 * next level, so a null struct around a blob is level 2 when the blob has nulls too). Values are kept until the page
 * is written, so a page holds about {@link WriterOptions#maxPageBytes()} of them (or one larger value).
 */
final class BlobColumn implements ColumnWriter {
    private static final int WIDTH = 16;
    private static final int CHUNK_VALUES = 256;
    private static final int ALIGNMENT = 8;
    private static final long NULL_20 = 1;

    private final int column;
    private final boolean structural;
    private final String name;
    /** Ordinals of the struct children leading from the top-level vector to the blob's; empty at top level. */
    private final int[] childOrdinals;

    private GrowableBytes bytes = new GrowableBytes(0);
    private long[] ends = new long[64];
    /** Per row: 0 for a value, else 1 + the layer that is null (0: the blob, 1: its struct, ...). */
    private byte[] nulls = new byte[64];
    /** Bit {@code p} set when some buffered row is null at layer {@code p}. */
    private long nullLayers;

    private int rows;
    private long firstRow = -1;

    BlobColumn(int column, boolean structural, String name, int[] childOrdinals) {
        this.column = column;
        this.structural = structural;
        this.name = name;
        this.childOrdinals = childOrdinals.clone();
    }

    @Override
    public void append(FieldVector top, int start, int end, long firstRowOfRange) {
        FieldVector[] chain = new FieldVector[childOrdinals.length + 1];
        chain[0] = top;
        for (int k = 0; k < childOrdinals.length; k++) {
            chain[k + 1] = (FieldVector) ((StructVector) chain[k]).getChildByOrdinal(childOrdinals[k]);
        }
        if (!(chain[childOrdinals.length] instanceof LargeVarBinaryVector values)) {
            throw LeafType.unsupported(
                    name,
                    "a blob column of type "
                            + chain[childOrdinals.length].getField().getType());
        }
        if (firstRow < 0) {
            firstRow = firstRowOfRange;
        }
        for (int i = start; i < end; i++) {
            int layer = -1;
            for (int d = 0; d < chain.length && layer < 0; d++) {
                if (chain[d].isNull(i)) {
                    layer = chain.length - 1 - d;
                }
            }
            add(values, i, layer);
        }
    }

    /** Appends the rows {@code runs} selects of {@code values} (a 2.0 blob column inside a struct). */
    void append(LargeVarBinaryVector values, Runs runs) {
        if (firstRow < 0) {
            firstRow = 0;
        }
        for (int r = 0; r < runs.size(); r++) {
            for (int i = runs.start(r); i < runs.end(r); i++) {
                add(values, i, values.isNull(i) ? 0 : -1);
            }
        }
    }

    /** Adds row {@code i} of {@code values}, or a null at {@code nullLayer} when that is not negative. */
    private void add(LargeVarBinaryVector values, int i, int nullLayer) {
        if (rows == ends.length) {
            ends = Arrays.copyOf(ends, 2 * rows);
            nulls = Arrays.copyOf(nulls, 2 * rows);
        }
        if (nullLayer >= 0) {
            nulls[rows] = (byte) (nullLayer + 1);
            nullLayers |= 1L << nullLayer;
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

    @Override
    public long bufferedBytes() {
        return (long) bytes.size() + (long) WIDTH * rows;
    }

    @Override
    public void flush(FileLayout layout) {
        if (rows == 0) {
            return;
        }
        int depth = childOrdinals.length + 1;
        List<RepDefLayer> layers = new ArrayList<>(depth);
        long[] nullPosition = new long[depth];
        int level = 1;
        for (int p = 0; p < depth; p++) {
            boolean nullable = (nullLayers & (1L << p)) != 0;
            layers.add(nullable ? RepDefLayer.REPDEF_NULLABLE_ITEM : RepDefLayer.REPDEF_ALL_VALID_ITEM);
            nullPosition[p] = structural ? (long) (nullable ? level++ : 0) << 16 : NULL_20;
        }
        byte[] descriptions = new byte[WIDTH * rows];
        long start = 0;
        for (int i = 0; i < rows; i++) {
            long size = ends[i] - start;
            long position = 0;
            if (nulls[i] != 0) {
                position = nullPosition[nulls[i] - 1];
            } else if (size > 0) {
                position = layout.writeBlob(bytes.array(), (int) start, (int) size);
            }
            GrowableBytes.setLong(descriptions, WIDTH * i, position);
            GrowableBytes.setLong(descriptions, WIDTH * i + 8, size);
            start = ends[i];
        }
        EncodedPage page = structural
                ? blobLayoutPage(descriptions, rows, layers, firstRow)
                : packedStructPage(descriptions, rows, firstRow);
        layout.writePage(column, page);
        bytes = new GrowableBytes(0);
        rows = 0;
        nullLayers = 0;
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

    /**
     * A 2.1 blob page under {@code layers}: the descriptions in mini-block chunks of {@value #CHUNK_VALUES}, no levels
     * inside.
     */
    private static EncodedPage blobLayoutPage(byte[] descriptions, int rows, List<RepDefLayer> layers, long firstRow) {
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
                        .addAllLayers(layers))
                .build();
        return new EncodedPage(
                List.of(Buf.of(meta), Buf.of(data)), Protos.any(Protos.PAGE_LAYOUT_21, layout), rows, firstRow);
    }
}
