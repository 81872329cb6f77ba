package dev.plainlance.lance.file.blob;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.PagedReader;
import dev.plainlance.lance.file.v21.BlobLayoutPages;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.PackedStruct;
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
    static final int WIDTH = BlobLayoutPages.WIDTH;
    private static final String ARRAY_ENCODING = "lance.encodings.ArrayEncoding";

    private final boolean structural;

    /** A reader of the blob column {@code pages}, of a 2.1+ file when {@code structural}, else of a 2.0 file. */
    public BlobDescriptionReader(ColumnPages pages, boolean structural) {
        super(pages);
        this.structural = structural;
    }

    @Override
    public ArrayData read(long start, int count) {
        ArrayData packed = super.read(start, count);
        return BlobLayoutPages.descriptions(
                packed.kind == ArrayData.Kind.FIXED ? packed.data : null, count, packed.validity);
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
        BlobLayoutPages.LayoutPage decoded = BlobLayoutPages.decode(pages, page, rows);
        List<RepDefLayer> layers = decoded.layers();
        DecodeException.check(
                layers.equals(List.of(RepDefLayer.REPDEF_ALL_VALID_ITEM))
                        || layers.equals(List.of(RepDefLayer.REPDEF_NULLABLE_ITEM)),
                "blob layers " + layers + " of a top-level blob column");
        byte[] validity = null;
        if (layers.get(0) == RepDefLayer.REPDEF_NULLABLE_ITEM) {
            validity = Bitmaps.allSet(rows);
            int[] def = decoded.definitions();
            for (int i = 0; i < rows; i++) {
                if (def[i] != 0) {
                    validity[i >>> 3] &= (byte) ~(1 << (i & 7));
                }
            }
        }
        return ArrayData.fixed(rows, WIDTH, decoded.values(), validity);
    }
}
