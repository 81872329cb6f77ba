package dev.plainlance.lance.file.v20;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Binary;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.Flat;

/**
 * Reads rows {@code [from, from + count)} of a 2.0 page whose encoding maps rows to byte ranges
 * (uncompressed Flat values, Binary over them, Nullable around either), reading only those bytes,
 * straight into the result's arrays. Other encodings are decoded page by page instead.
 */
final class V20RangeReads {
    private final ColumnPages pages;
    private final int page;

    private V20RangeReads(ColumnPages pages, int page) {
        this.pages = pages;
        this.page = page;
    }

    /** Whether rows of {@code encoding} can be read by byte range. */
    static boolean supports(ArrayEncoding encoding) {
        switch (encoding.getArrayEncodingCase()) {
            case NULLABLE:
                switch (encoding.getNullable().getNullabilityCase()) {
                    case NO_NULLS:
                        return supports(encoding.getNullable().getNoNulls().getValues());
                    case ALL_NULLS:
                        return true;
                    case SOME_NULLS:
                        return isFlat(encoding.getNullable().getSomeNulls().getValidity(), 1)
                                && supports(
                                        encoding.getNullable().getSomeNulls().getValues());
                    default:
                        return false;
                }
            case FLAT:
                return isFlat(encoding, 0);
            case BINARY: {
                Binary binary = encoding.getBinary();
                ArrayEncoding indices = unwrapNoNulls(binary.getIndices());
                return (isFlat(indices, 32) || isFlat(indices, 64)) && isFlat(binary.getBytes(), 8);
            }
            default:
                return false;
        }
    }

    /** Rows {@code [from, from + count)} of page {@code page}; {@code encoding} must be supported. */
    static ArrayData read(ColumnPages pages, int page, ArrayEncoding encoding, int from, int count) {
        return new V20RangeReads(pages, page).decode(encoding, from, count);
    }

    private ArrayData decode(ArrayEncoding encoding, int from, int count) {
        switch (encoding.getArrayEncodingCase()) {
            case NULLABLE:
                switch (encoding.getNullable().getNullabilityCase()) {
                    case NO_NULLS:
                        return decode(encoding.getNullable().getNoNulls().getValues(), from, count);
                    case ALL_NULLS:
                        return ArrayData.nulls(count);
                    default: {
                        byte[] validity = bits(
                                encoding.getNullable()
                                        .getSomeNulls()
                                        .getValidity()
                                        .getFlat(),
                                from,
                                count);
                        ArrayData values =
                                decode(encoding.getNullable().getSomeNulls().getValues(), from, count);
                        return values.withValidity(Bitmaps.and(validity, values.validity, count));
                    }
                }
            case FLAT: {
                Flat flat = encoding.getFlat();
                if (flat.getBitsPerValue() == 1) {
                    return ArrayData.bits(count, bits(flat, from, count), null);
                }
                int width = (int) (flat.getBitsPerValue() / 8);
                return ArrayData.fixed(
                        count, width, range(flat.getBuffer(), (long) from * width, (long) count * width), null);
            }
            default:
                return binary(encoding.getBinary(), from, count);
        }
    }

    /**
     * Value {@code i}'s end is index {@code i} (its start the previous index, or 0), less the null
     * adjustment when the index is at least that: such a value is null.
     */
    private ArrayData binary(Binary binary, int from, int count) {
        Flat indexFlat = unwrapNoNulls(binary.getIndices()).getFlat();
        int width = (int) (indexFlat.getBitsPerValue() / 8);
        int first = from == 0 ? 0 : from - 1;
        byte[] indices = range(indexFlat.getBuffer(), (long) first * width, (long) (from + count - first) * width);
        long adjustment = binary.getNullAdjustment();
        long start = from == 0 ? 0 : BinaryEnds.end(Bytes.uint(indices, 0, width), adjustment);
        BinaryEnds ends = BinaryEnds.decode(
                indices,
                from == 0 ? 0 : width,
                width,
                count,
                start,
                adjustment,
                bufferSize(binary.getBytes().getFlat().getBuffer()));
        byte[] bytes = range(binary.getBytes().getFlat().getBuffer(), start, ends.last() - start);
        return ArrayData.variable(count, ends.offsets(), bytes, ends.validity());
    }

    /** Bits {@code [from, from + count)} of a one-bit Flat buffer, shifted to start at bit 0. */
    private byte[] bits(Flat flat, int from, int count) {
        int firstByte = from >>> 3;
        int lastByte = Bitmaps.bytesFor((long) from + count);
        byte[] raw = range(flat.getBuffer(), firstByte, lastByte - firstByte);
        if ((from & 7) == 0) {
            return raw.length == Bitmaps.bytesFor(count) ? raw : java.util.Arrays.copyOf(raw, Bitmaps.bytesFor(count));
        }
        byte[] out = new byte[Bitmaps.bytesFor(count)];
        Bitmaps.copy(raw, from & 7, out, 0, count);
        return out;
    }

    /** Bytes {@code [offset, offset + length)} of a page buffer, in a new array. */
    private byte[] range(Buffer buffer, long offset, long length) {
        int index = bufferIndex(buffer);
        if (!(offset >= 0 && length >= 0 && offset + length <= pages.bufferSize(page, index))) {
            throw new DecodeException("rows need bytes [" + offset + ", +" + length + ") beyond page buffer " + index);
        }
        byte[] out = new byte[(int) length];
        pages.readBufferRange(page, index, (int) offset, (int) length, out);
        return out;
    }

    private long bufferSize(Buffer buffer) {
        return pages.bufferSize(page, bufferIndex(buffer));
    }

    private int bufferIndex(Buffer buffer) {
        DecodeException.check(buffer.getBufferType() == Buffer.BufferType.page, "only page buffers are supported");
        int index = buffer.getBufferIndex();
        if (!(index >= 0 && index < pages.bufferCount(page))) {
            throw new DecodeException("page buffer " + index + " does not exist");
        }
        return index;
    }

    private static ArrayEncoding unwrapNoNulls(ArrayEncoding encoding) {
        return encoding.hasNullable() && encoding.getNullable().hasNoNulls()
                ? encoding.getNullable().getNoNulls().getValues()
                : encoding;
    }

    /**
     * An uncompressed Flat of {@code bits} bits per value, or (for 0) of any whole-byte width or
     * one bit.
     */
    private static boolean isFlat(ArrayEncoding encoding, long bits) {
        if (!encoding.hasFlat() || encoding.getFlat().hasCompression()) {
            return false;
        }
        long actual = encoding.getFlat().getBitsPerValue();
        if (bits != 0) {
            return actual == bits;
        }
        return actual == 1 || actual > 0 && actual % 8 == 0 && actual <= 8 * 1024 * 1024;
    }
}
