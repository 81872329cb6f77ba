package dev.plainlance.lance.file.blob;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.PagedReader;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.PackedStruct;
import dev.plainlance.lance.pb.enc21.BlobLayout;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;

/**
 * Reads the descriptions of a top-level blob column, {@code struct<position: uint64, size: uint64>}, as official
 * Lance 7.0.0 writes them. 2.0: each page is a {@code PackedStruct} of two 64-bit flats in one page buffer of 16
 * bytes per row (a null blob is described as position 1, size 0, and is not null). 2.1: each page is a
 * {@code BlobLayout} around a mini-block page of 128-bit values ({@code PackedStruct{64, 64}} over {@code Flat{128}},
 * no levels); with a {@code NULLABLE_ITEM} layer a row of size 0 whose position holds a definition level
 * ({@code def << 16}) is null.
 */
public final class BlobDescriptionReader extends PagedReader {
    static final int WIDTH = 16;
    private static final String ARRAY_ENCODING = "lance.encodings.ArrayEncoding";
    private static final String PAGE_LAYOUT = "lance.encodings21.PageLayout";
    private static final int ALIGNMENT = 8;

    private final boolean structural;

    /** A reader of the blob column {@code pages}, of a 2.1+ file when {@code structural}, else of a 2.0 file. */
    public BlobDescriptionReader(ColumnPages pages, boolean structural) {
        super(pages);
        this.structural = structural;
    }

    @Override
    public ArrayData read(long start, int count) {
        ArrayData packed = super.read(start, count);
        byte[] position = new byte[8 * count];
        byte[] size = new byte[8 * count];
        if (packed.kind == ArrayData.Kind.FIXED) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(packed.data, WIDTH * i, position, 8 * i, 8);
                System.arraycopy(packed.data, WIDTH * i + 8, size, 8 * i, 8);
            }
        }
        return ArrayData.struct(
                count,
                new ArrayData[] {ArrayData.fixed(count, 8, position, null), ArrayData.fixed(count, 8, size, null)},
                packed.validity);
    }

    @Override
    protected ArrayData decodePage(int page) {
        int rows = DecodeException.toInt(pages.length(page), "page length");
        return structural ? decodeBlobLayout(page, rows) : decodePackedStruct(page, rows);
    }

    private ArrayData decodePackedStruct(int page, int rows) {
        ArrayEncoding encoding;
        try {
            encoding = ArrayEncoding.parseFrom(pages.encoding(page, ARRAY_ENCODING));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed 2.0 page encoding", e);
        }
        DecodeException.check(
                encoding.hasPackedStruct(),
                "blob page encoding is " + encoding.getArrayEncodingCase() + ", not PACKED_STRUCT");
        PackedStruct packed = encoding.getPackedStruct();
        DecodeException.check(
                packed.getInnerCount() == 2 && is64(packed.getInner(0)) && is64(packed.getInner(1)),
                "blob descriptions must pack two 64-bit values");
        Buffer buffer = packed.getBuffer();
        DecodeException.check(buffer.getBufferType() == Buffer.BufferType.page, "only page buffers are supported");
        byte[] data = pages.readBuffer(page, buffer.getBufferIndex());
        DecodeException.check(data.length >= (long) WIDTH * rows, "blob description buffer too short");
        return ArrayData.fixed(rows, WIDTH, data, null);
    }

    private static boolean is64(ArrayEncoding inner) {
        ArrayEncoding values = inner;
        if (values.hasNullable() && values.getNullable().hasNoNulls()) {
            values = values.getNullable().getNoNulls().getValues();
        }
        return values.hasFlat() && values.getFlat().getBitsPerValue() == 64;
    }

    private ArrayData decodeBlobLayout(int page, int rows) {
        PageLayout layout;
        try {
            layout = PageLayout.parseFrom(pages.encoding(page, PAGE_LAYOUT));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed page layout", e);
        }
        DecodeException.check(
                layout.hasBlobLayout(), "blob page layout is " + layout.getLayoutCase() + ", not BLOB_LAYOUT");
        BlobLayout blob = layout.getBlobLayout();
        List<RepDefLayer> layers = blob.getLayersList();
        DecodeException.check(
                layers.equals(List.of(RepDefLayer.REPDEF_ALL_VALID_ITEM))
                        || layers.equals(List.of(RepDefLayer.REPDEF_NULLABLE_ITEM)),
                "blob layers " + layers + " are not supported (only top-level blob columns are)");
        DecodeException.check(
                blob.getInnerLayout().hasMiniBlockLayout(),
                "blob descriptions in a " + blob.getInnerLayout().getLayoutCase() + " page are not supported");
        MiniBlockLayout inner = blob.getInnerLayout().getMiniBlockLayout();
        DecodeException.check(
                inner.getLayersList().equals(List.of(RepDefLayer.REPDEF_ALL_VALID_ITEM))
                        && !inner.hasDictionary()
                        && inner.getNumBuffers() == 1
                        && isPacked128(inner.getValueCompression()),
                "unsupported blob description encoding "
                        + inner.getValueCompression().getCompressionCase());
        DecodeException.check(
                inner.getNumItems() == rows,
                "blob description page holds " + inner.getNumItems() + " items for " + rows + " rows");
        DecodeException.check(pages.bufferCount(page) >= 2, "blob description page buffers missing");
        byte[] values = chunkValues(pages.readBuffer(page, 0), pages.readBuffer(page, 1), rows);
        byte[] validity = null;
        if (layers.get(0) == RepDefLayer.REPDEF_NULLABLE_ITEM) {
            validity = Bitmaps.allSet(rows);
            for (int i = 0; i < rows; i++) {
                long position = Bytes.i64(values, WIDTH * i);
                long size = Bytes.i64(values, WIDTH * i + 8);
                if (size == 0 && ((position >>> 16) & 0xFFFF) != 0) {
                    validity[i >>> 3] &= (byte) ~(1 << (i & 7));
                }
            }
        }
        return ArrayData.fixed(rows, WIDTH, values, validity);
    }

    private static boolean isPacked128(CompressiveEncoding encoding) {
        return encoding.hasPackedStruct()
                && encoding.getPackedStruct().getBitsPerValueList().equals(List.of(64L, 64L))
                && encoding.getPackedStruct().getValues().hasFlat()
                && encoding.getPackedStruct().getValues().getFlat().getBitsPerValue() == 128;
    }

    /**
     * The 16-byte values of the mini-block chunks: {@code meta} holds a u16 per chunk ({@code (bytes / 8 - 1) << 4
     * | log2(values)}, the last chunk's count being what is left); each chunk starts with a u16 level count (0 here)
     * and the u16 size of its one value buffer, padded to 8 bytes, then the values.
     */
    static byte[] chunkValues(byte[] meta, byte[] data, int rows) {
        DecodeException.check(meta.length % 2 == 0, "odd mini-block metadata size");
        byte[] out = new byte[Math.multiplyExact(rows, WIDTH)];
        int chunks = meta.length / 2;
        int at = 0;
        int done = 0;
        for (int c = 0; c < chunks; c++) {
            int word = Bytes.u16(meta, 2 * c);
            int bytes = ((word >>> 4) + 1) * ALIGNMENT;
            int count = c == chunks - 1 ? rows - done : 1 << (word & 0xF);
            DecodeException.check(
                    count >= 0 && count <= rows - done, "mini-block chunks hold more than " + rows + " values");
            DecodeException.check(
                    at + ALIGNMENT <= data.length && bytes <= data.length - at,
                    "mini-block chunk " + c + " lies outside its buffer");
            DecodeException.check(Bytes.u16(data, at) == 0, "blob descriptions carry no levels");
            int size = Bytes.u16(data, at + 2);
            DecodeException.check(
                    size == WIDTH * count && ALIGNMENT + size <= bytes,
                    "mini-block chunk " + c + " has " + size + " value bytes for " + count + " descriptions");
            System.arraycopy(data, at + ALIGNMENT, out, WIDTH * done, size);
            done += count;
            at += bytes;
        }
        DecodeException.check(done == rows, "mini-block chunks hold " + done + " values, expected " + rows);
        return out;
    }
}
