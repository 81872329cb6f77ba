package dev.plainlance.lance.file.v20;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.codec.Fsst;
import dev.plainlance.lance.file.codec.Gather;
import dev.plainlance.lance.file.codec.GeneralCompression;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Binary;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.Dictionary;
import dev.plainlance.lance.pb.enc20.Flat;
import dev.plainlance.lance.pb.enc20.Nullable;

/**
 * Decodes one Lance 2.0 page ({@link ArrayEncoding} tree plus the page's buffers) into {@link
 * ArrayData}. Supports Nullable, Flat (optionally zstd/lz4 compressed), FixedSizeList, Binary,
 * Dictionary, Fsst and FixedSizeBinary.
 */
final class V20PageDecoder {
    private final byte[][] buffers;
    private final boolean arrowDictionary;

    /**
     * @param arrowDictionary true when the column is an Arrow dictionary column (real keys) rather
     *     than a string column the writer dictionary-encoded (keys shifted by one, 0 = null)
     */
    V20PageDecoder(byte[][] buffers, boolean arrowDictionary) {
        this.buffers = buffers;
        this.arrowDictionary = arrowDictionary;
    }

    /** Decodes {@code rows} values of {@code encoding}. */
    ArrayData decode(ArrayEncoding encoding, int rows) {
        switch (encoding.getArrayEncodingCase()) {
            case NULLABLE:
                return nullable(encoding.getNullable(), rows);
            case FLAT:
                return flat(encoding.getFlat(), rows);
            case FIXED_SIZE_LIST: {
                int dimension = encoding.getFixedSizeList().getDimension();
                DecodeException.check(dimension > 0, "fixed-size list dimension must be positive");
                ArrayData items = decode(encoding.getFixedSizeList().getItems(), Math.multiplyExact(rows, dimension));
                return ArrayData.fixedList(rows, dimension, items, null);
            }
            case BINARY:
                return binary(encoding.getBinary(), rows);
            case DICTIONARY:
                return dictionary(encoding.getDictionary(), rows);
            case FSST:
                return Fsst.parse(encoding.getFsst().getSymbolTable().toByteArray())
                        .decompress(decode(encoding.getFsst().getBinary(), rows));
            case FIXED_SIZE_BINARY: {
                int width = encoding.getFixedSizeBinary().getByteWidth();
                byte[] bytes = rawBytes(encoding.getFixedSizeBinary().getBytes());
                DecodeException.check((long) width * rows <= bytes.length, "fixed-size binary buffer too short");
                int[] offsets = new int[rows + 1];
                for (int i = 0; i <= rows; i++) {
                    offsets[i] = i * width;
                }
                return ArrayData.variable(rows, offsets, bytes, null);
            }
            default:
                throw new DecodeException("unsupported 2.0 encoding " + encoding.getArrayEncodingCase());
        }
    }

    private ArrayData nullable(Nullable nullable, int rows) {
        switch (nullable.getNullabilityCase()) {
            case NO_NULLS:
                return decode(nullable.getNoNulls().getValues(), rows);
            case ALL_NULLS:
                return ArrayData.nulls(rows);
            case SOME_NULLS: {
                ArrayData validity = decode(nullable.getSomeNulls().getValidity(), rows);
                DecodeException.check(
                        validity.kind == ArrayData.Kind.BITS && validity.validity == null,
                        "validity must be a plain bitmap");
                ArrayData values = decode(nullable.getSomeNulls().getValues(), rows);
                return values.withValidity(Bitmaps.and(validity.data, values.validity, rows));
            }
            default:
                throw new DecodeException("nullable encoding without a variant");
        }
    }

    private ArrayData flat(Flat flat, int rows) {
        long bits = flat.getBitsPerValue();
        byte[] data = flatBytes(flat);
        if (bits == 1) {
            return ArrayData.bits(rows, data, null);
        }
        if (!(bits > 0 && bits % 8 == 0 && bits <= 8 * 1024 * 1024)) {
            throw new DecodeException("unsupported flat width " + bits);
        }
        return ArrayData.fixed(rows, (int) (bits / 8), data, null);
    }

    private byte[] flatBytes(Flat flat) {
        byte[] raw = buffer(flat.getBuffer());
        GeneralCompression.Scheme scheme = flat.hasCompression()
                ? GeneralCompression.fromName(flat.getCompression().getScheme())
                : null;
        return scheme == null ? raw : GeneralCompression.decompress(scheme, raw, 0, raw.length);
    }

    /** The whole byte buffer behind a byte-wide Flat encoding (the data of Binary values). */
    private byte[] rawBytes(ArrayEncoding encoding) {
        DecodeException.check(
                encoding.hasFlat() && encoding.getFlat().getBitsPerValue() == 8,
                "binary bytes must use an 8-bit flat encoding");
        return flatBytes(encoding.getFlat());
    }

    private ArrayData binary(Binary binary, int rows) {
        ArrayData indices = decode(binary.getIndices(), rows);
        DecodeException.check(
                indices.kind == ArrayData.Kind.FIXED && (indices.width == 4 || indices.width == 8),
                "binary indices must be 32- or 64-bit");
        byte[] bytes = rawBytes(binary.getBytes());
        BinaryEnds ends =
                BinaryEnds.decode(indices.data, 0, indices.width, rows, 0, binary.getNullAdjustment(), bytes.length);
        return ArrayData.variable(rows, ends.offsets(), bytes, Bitmaps.and(ends.validity(), indices.validity, rows));
    }

    /**
     * Lance's automatic string dictionary stores index 0 for null rows and {@code k} for item
     * {@code k - 1}; Arrow dictionary columns store the real keys.
     */
    private ArrayData dictionary(Dictionary dictionary, int rows) {
        ArrayData indices = decode(dictionary.getIndices(), rows);
        DecodeException.check(
                indices.kind == ArrayData.Kind.FIXED || indices.kind == ArrayData.Kind.NULL,
                "dictionary indices must be integers");
        ArrayData items = decode(dictionary.getItems(), dictionary.getNumDictionaryItems());
        if (!(items.kind == ArrayData.Kind.VARIABLE || items.kind == ArrayData.Kind.FIXED)) {
            throw new DecodeException("unsupported dictionary items " + items.kind);
        }
        return Gather.gather(items, indices, arrowDictionary ? 0 : 1);
    }

    private byte[] buffer(Buffer buffer) {
        DecodeException.check(buffer.getBufferType() == Buffer.BufferType.page, "only page buffers are supported");
        int index = buffer.getBufferIndex();
        if (index >= buffers.length) {
            throw new DecodeException("page buffer " + index + " does not exist");
        }
        return buffers[index];
    }
}
