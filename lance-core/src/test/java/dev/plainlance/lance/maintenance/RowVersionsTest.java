package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.table.EncodedU64Array;
import dev.plainlance.lance.pb.table.RowDatasetVersionRun;
import dev.plainlance.lance.pb.table.RowDatasetVersionSequence;
import dev.plainlance.lance.pb.table.U64Segment;
import dev.plainlance.lance.table.RowVersions;
import org.junit.jupiter.api.Test;

class RowVersionsTest {
    private static RowDatasetVersionRun run(long version, U64Segment span) {
        return RowDatasetVersionRun.newBuilder()
                .setVersion(version)
                .setSpan(span)
                .build();
    }

    @Test
    void everySpanEncodingCountsItsValues() {
        U64Segment range = U64Segment.newBuilder()
                .setRange(U64Segment.Range.newBuilder().setStart(5).setEnd(7))
                .build();
        U64Segment bitmap = U64Segment.newBuilder()
                .setRangeWithBitmap(U64Segment.RangeWithBitmap.newBuilder()
                        .setStart(0)
                        .setEnd(4)
                        .setBitmap(ByteString.copyFrom(new byte[] {(byte) 0b1111_0101})))
                .build();
        U64Segment holes = U64Segment.newBuilder()
                .setRangeWithHoles(U64Segment.RangeWithHoles.newBuilder()
                        .setStart(0)
                        .setEnd(3)
                        .setHoles(EncodedU64Array.newBuilder()
                                .setU16Array(EncodedU64Array.U16Array.newBuilder()
                                        .setOffsets(ByteString.copyFrom(new byte[2])))))
                .build();
        U64Segment array = U64Segment.newBuilder()
                .setArray(EncodedU64Array.newBuilder()
                        .setU64Array(EncodedU64Array.U64Array.newBuilder().setValues(ByteString.copyFrom(new byte[8]))))
                .build();
        ByteString sequence = RowDatasetVersionSequence.newBuilder()
                .addRuns(run(2, range))
                .addRuns(run(3, bitmap))
                .addRuns(run(4, holes))
                .addRuns(run(5, array))
                .build()
                .toByteString();
        assertArrayEquals(
                new long[] {2, 2, 3, 3, 4, 4, 5},
                RowVersions.expand(7, sequence, "fragment 1"),
                "bits beyond the range's 4 values do not count");
        assertArrayEquals(new long[] {1, 1}, RowVersions.expand(2, ByteString.EMPTY, "fragment 1"));
        assertThrows(CorruptFileException.class, () -> RowVersions.expand(8, sequence, "fragment 1"));
    }
}
