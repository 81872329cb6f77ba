package dev.plainlance.lance.table;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.table.EncodedU64Array;
import dev.plainlance.lance.pb.table.RowDatasetVersionRun;
import dev.plainlance.lance.pb.table.RowDatasetVersionSequence;
import dev.plainlance.lance.pb.table.U64Segment;
import java.util.Arrays;
import java.util.function.LongPredicate;
import org.roaringbitmap.RoaringBitmap;

/**
 * Decodes a fragment's {@code RowDatasetVersionSequence} to one version per row. Each run covers as many rows as
 * its span holds values, whatever the span's encoding (the official compaction writes deletion-masked spans as
 * {@code range_with_bitmap}); without a sequence every row has version 1, as in the official library.
 */
public final class RowVersions {
    private RowVersions() {}

    /** The version of each of {@code rows} rows; {@code where} names the fragment in errors. */
    public static long[] expand(long rows, ByteString bytes, String where) {
        long[] out = new long[Math.toIntExact(rows)];
        if (bytes.isEmpty()) {
            Arrays.fill(out, 1);
            return out;
        }
        RowDatasetVersionSequence sequence;
        try {
            sequence = RowDatasetVersionSequence.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(where, "unreadable row version sequence: " + e.getMessage(), e);
        }
        int position = 0;
        for (RowDatasetVersionRun run : sequence.getRunsList()) {
            int length = Math.toIntExact(length(run.getSpan()));
            if (position + length > out.length) {
                throw new CorruptFileException(where, "row version sequence covers more than its " + rows + " rows");
            }
            Arrays.fill(out, position, position + length, run.getVersion());
            position += length;
        }
        if (position != out.length) {
            throw new CorruptFileException(where, "row version sequence covers " + position + " of " + rows + " rows");
        }
        return out;
    }

    /**
     * The offsets among {@code rows} rows whose version passes {@code test}, decoded run by run: the runs that fail
     * cost nothing beyond their header, so a fragment untouched since a version is checked from metadata alone.
     */
    public static RoaringBitmap matching(long rows, ByteString bytes, LongPredicate test, String where) {
        RoaringBitmap out = new RoaringBitmap();
        if (bytes.isEmpty()) {
            if (test.test(1)) {
                out.add(0L, rows);
            }
            return out;
        }
        RowDatasetVersionSequence sequence;
        try {
            sequence = RowDatasetVersionSequence.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(where, "unreadable row version sequence: " + e.getMessage(), e);
        }
        long position = 0;
        for (RowDatasetVersionRun run : sequence.getRunsList()) {
            long length = length(run.getSpan());
            if (position + length > rows) {
                throw new CorruptFileException(where, "row version sequence covers more than its " + rows + " rows");
            }
            if (test.test(run.getVersion())) {
                out.add(position, position + length);
            }
            position += length;
        }
        return out;
    }

    /** How many values a segment holds. */
    static long length(U64Segment span) {
        return switch (span.getSegmentCase()) {
            case RANGE -> span.getRange().getEnd() - span.getRange().getStart();
            case RANGE_WITH_HOLES ->
                span.getRangeWithHoles().getEnd()
                        - span.getRangeWithHoles().getStart()
                        - count(span.getRangeWithHoles().getHoles());
            case RANGE_WITH_BITMAP ->
                setBits(
                        span.getRangeWithBitmap().getBitmap(),
                        span.getRangeWithBitmap().getEnd()
                                - span.getRangeWithBitmap().getStart());
            case SORTED_ARRAY -> count(span.getSortedArray());
            case ARRAY -> count(span.getArray());
            case SEGMENT_NOT_SET -> 0;
        };
    }

    private static long count(EncodedU64Array array) {
        return switch (array.getArrayCase()) {
            case U16_ARRAY -> array.getU16Array().getOffsets().size() / 2;
            case U32_ARRAY -> array.getU32Array().getOffsets().size() / 4;
            case U64_ARRAY -> array.getU64Array().getValues().size() / 8;
            case ARRAY_NOT_SET -> 0;
        };
    }

    /** Set bits among the first {@code bits} bits (least significant first in each byte). */
    private static long setBits(ByteString bitmap, long bits) {
        long set = 0;
        for (int i = 0; i < bits && i / 8 < bitmap.size(); i++) {
            set += bitmap.byteAt(i / 8) >>> (i % 8) & 1;
        }
        return set;
    }
}
