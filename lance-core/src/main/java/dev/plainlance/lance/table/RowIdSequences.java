package dev.plainlance.lance.table;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.EncodedU64Array;
import dev.plainlance.lance.pb.table.RowIdSequence;
import dev.plainlance.lance.pb.table.U64Segment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Expands a fragment's stable row id sequence ({@code rowids.proto}) into one id per physical row. */
public final class RowIdSequences {
    private RowIdSequences() {}

    /** How many row ids an inline sequence holds. */
    public static long length(DataFragment fragment, String where) {
        try {
            long n = 0;
            for (U64Segment segment :
                    RowIdSequence.parseFrom(fragment.getInlineRowIds()).getSegmentsList()) {
                n += values(segment, where).length;
            }
            return n;
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(
                    where, "row id sequence of fragment " + fragment.getId() + " does not parse", e);
        }
    }

    /**
     * The smallest and largest id an inline sequence can hold ({@code {1, 0}} when empty), from the segments'
     * bounds without expanding ranges.
     */
    public static long[] bounds(DataFragment fragment, String where) {
        refuseExternal(fragment, where);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try {
            for (U64Segment segment :
                    RowIdSequence.parseFrom(fragment.getInlineRowIds()).getSegmentsList()) {
                long[] b = segmentBounds(segment, where);
                if (b[0] <= b[1]) {
                    min = Math.min(min, b[0]);
                    max = Math.max(max, b[1]);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(
                    where, "row id sequence of fragment " + fragment.getId() + " does not parse", e);
        }
        return min <= max ? new long[] {min, max} : new long[] {1, 0};
    }

    private static void refuseExternal(DataFragment fragment, String where) {
        if (fragment.hasExternalRowIds()) {
            throw new UnsupportedFeatureException(where + ": fragment " + fragment.getId()
                    + " keeps its row ids in an external file, which plainlance does not read yet");
        }
    }

    private static long[] segmentBounds(U64Segment segment, String where) {
        switch (segment.getSegmentCase()) {
            case RANGE:
                return new long[] {
                    segment.getRange().getStart(), segment.getRange().getEnd() - 1
                };
            case RANGE_WITH_HOLES:
                return new long[] {
                    segment.getRangeWithHoles().getStart(),
                    segment.getRangeWithHoles().getEnd() - 1
                };
            case RANGE_WITH_BITMAP:
                return new long[] {
                    segment.getRangeWithBitmap().getStart(),
                    segment.getRangeWithBitmap().getEnd() - 1
                };
            default:
                long[] values = values(segment, where);
                return values.length == 0
                        ? new long[] {1, 0}
                        : new long[] {
                            java.util.Arrays.stream(values).min().getAsLong(),
                            java.util.Arrays.stream(values).max().getAsLong()
                        };
        }
    }

    public static long[] expand(DataFragment fragment, String where) {
        refuseExternal(fragment, where);
        RowIdSequence sequence;
        try {
            sequence = RowIdSequence.parseFrom(fragment.getInlineRowIds());
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(
                    where, "row id sequence of fragment " + fragment.getId() + " does not parse", e);
        }
        long physical = fragment.getPhysicalRows();
        long[] ids = new long[Math.toIntExact(physical)];
        int n = 0;
        for (U64Segment segment : sequence.getSegmentsList()) {
            long[] values = values(segment, where);
            if (n + values.length > ids.length) {
                throw new CorruptFileException(
                        where,
                        "row id sequence of fragment " + fragment.getId() + " is longer than its " + physical
                                + " rows");
            }
            System.arraycopy(values, 0, ids, n, values.length);
            n += values.length;
        }
        if (n != ids.length) {
            throw new CorruptFileException(
                    where,
                    "row id sequence of fragment " + fragment.getId() + " has " + n + " ids for " + physical + " rows");
        }
        return ids;
    }

    private static long[] values(U64Segment segment, String where) {
        switch (segment.getSegmentCase()) {
            case RANGE:
                return range(segment.getRange().getStart(), segment.getRange().getEnd(), where);
            case RANGE_WITH_HOLES: {
                long[] holes = decode(segment.getRangeWithHoles().getHoles(), where);
                long start = segment.getRangeWithHoles().getStart();
                long end = segment.getRangeWithHoles().getEnd();
                java.util.Arrays.sort(holes);
                long[] all = range(start, end, where);
                return java.util.Arrays.stream(all)
                        .filter(v -> java.util.Arrays.binarySearch(holes, v) < 0)
                        .toArray();
            }
            case RANGE_WITH_BITMAP: {
                long start = segment.getRangeWithBitmap().getStart();
                long end = segment.getRangeWithBitmap().getEnd();
                byte[] bitmap = segment.getRangeWithBitmap().getBitmap().toByteArray();
                long[] all = range(start, end, where);
                if (bitmap.length * 8L < all.length) {
                    throw new CorruptFileException(where, "row id bitmap is shorter than its range");
                }
                return java.util.stream.IntStream.range(0, all.length)
                        .filter(i -> (bitmap[i >>> 3] & (1 << (i & 7))) != 0)
                        .mapToLong(i -> all[i])
                        .toArray();
            }
            case SORTED_ARRAY:
                return decode(segment.getSortedArray(), where);
            case ARRAY:
                return decode(segment.getArray(), where);
            default:
                throw new CorruptFileException(where, "row id segment has no known kind");
        }
    }

    private static long[] range(long start, long end, String where) {
        if (end < start || end - start > Integer.MAX_VALUE) {
            throw new CorruptFileException(where, "invalid row id range " + start + ".." + end);
        }
        long[] out = new long[(int) (end - start)];
        for (int i = 0; i < out.length; i++) {
            out[i] = start + i;
        }
        return out;
    }

    private static long[] decode(EncodedU64Array array, String where) {
        switch (array.getArrayCase()) {
            case U16_ARRAY:
                return offsets(
                        array.getU16Array().getBase(), array.getU16Array().getOffsets(), 2, where);
            case U32_ARRAY:
                return offsets(
                        array.getU32Array().getBase(), array.getU32Array().getOffsets(), 4, where);
            case U64_ARRAY:
                return offsets(0, array.getU64Array().getValues(), 8, where);
            default:
                throw new CorruptFileException(where, "encoded row id array has no known width");
        }
    }

    private static long[] offsets(long base, ByteString bytes, int width, String where) {
        if (bytes.size() % width != 0) {
            throw new CorruptFileException(
                    where, "row id array of " + bytes.size() + " bytes is not a multiple of " + width);
        }
        ByteBuffer buf = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[bytes.size() / width];
        for (int i = 0; i < out.length; i++) {
            long v =
                    switch (width) {
                        case 2 -> Short.toUnsignedLong(buf.getShort(i * 2));
                        case 4 -> Integer.toUnsignedLong(buf.getInt(i * 4));
                        default -> buf.getLong(i * 8);
                    };
            out[i] = base + v;
        }
        return out;
    }
}
