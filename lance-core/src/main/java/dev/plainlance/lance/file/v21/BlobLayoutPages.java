package dev.plainlance.lance.file.v21;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.pb.enc21.BlobLayout;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;

/**
 * The {@code BlobLayout} pages of blob columns (2.1+), at top level or inside structs: a mini-block page of 128-bit
 * descriptions ({@code PackedStruct{64, 64}} over {@code Flat{128}}, no levels inside) under the column's layers.
 */
public final class BlobLayoutPages {
    /** Bytes of one description: position then size, 8 bytes each. */
    public static final int WIDTH = 16;

    private static final int ALIGNMENT = 8;

    private BlobLayoutPages() {}

    /**
     * A {@code BlobLayout} page of a blob column at any depth (2.1+): {@code values} holds each row's description
     * (position then size, 8 bytes each), {@code definitions} each row's definition level, and {@code layers} the
     * page's repetition/definition layers, innermost first (the blob's own, then one per enclosing struct).
     */
    public record LayoutPage(byte[] values, int[] definitions, List<RepDefLayer> layers) {}

    /**
     * Each row's definition level: 0 for a value (empty ones too), else the level official Lance keeps in bits 16-31
     * of the position of a description of size 0 (1: the blob is null, 2: the struct around it, ...), whose position
     * is then cleared in {@code values}.
     */
    private static int[] definitions(byte[] values, List<RepDefLayer> layers) {
        int rows = values.length / WIDTH;
        int[] def = new int[rows];
        for (int i = 0; i < rows; i++) {
            long position = Bytes.i64(values, WIDTH * i);
            long size = Bytes.i64(values, WIDTH * i + 8);
            if (size == 0 && ((position >>> 16) & 0xFFFF) != 0) {
                def[i] = (int) ((position >>> 16) & 0xFFFF);
                DecodeException.check(
                        def[i] <= layers.size(),
                        "blob description " + i + " holds definition level " + def[i] + " of " + layers.size()
                                + " layers");
                for (int b = 0; b < 8; b++) {
                    values[WIDTH * i + b] = 0;
                }
            }
        }
        return def;
    }

    /** Decodes {@code page} of a blob column's {@code pages}, a {@code BlobLayout} page of {@code rows} rows. */
    public static LayoutPage decode(ColumnPages pages, int page, int rows) {
        PageLayout layout;
        try {
            layout = PageLayout.parseFrom(pages.encoding(page, V21LeafReader.PAGE_LAYOUT));
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed page layout", e);
        }
        DecodeException.check(
                layout.hasBlobLayout(), "blob page layout is " + layout.getLayoutCase() + ", not BLOB_LAYOUT");
        BlobLayout blob = layout.getBlobLayout();
        List<RepDefLayer> layers = blob.getLayersList();
        DecodeException.check(
                !layers.isEmpty()
                        && layers.stream()
                                .allMatch(l -> l == RepDefLayer.REPDEF_ALL_VALID_ITEM
                                        || l == RepDefLayer.REPDEF_NULLABLE_ITEM),
                "blob layers " + layers + " are not supported (blob columns inside lists are not)");
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
        return new LayoutPage(values, definitions(values, layers), layers);
    }

    /**
     * {@code count} descriptions as a {@code struct<position, size>} array, from {@code packed} (16 bytes a row,
     * position then size; null: all zero) and the struct's {@code validity}.
     */
    public static ArrayData descriptions(byte[] packed, int count, byte[] validity) {
        byte[] position = new byte[8 * count];
        byte[] size = new byte[8 * count];
        if (packed != null) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(packed, WIDTH * i, position, 8 * i, 8);
                System.arraycopy(packed, WIDTH * i + 8, size, 8 * i, 8);
            }
        }
        return ArrayData.struct(
                count,
                new ArrayData[] {ArrayData.fixed(count, 8, position, null), ArrayData.fixed(count, 8, size, null)},
                validity);
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
    private static byte[] chunkValues(byte[] meta, byte[] data, int rows) {
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
