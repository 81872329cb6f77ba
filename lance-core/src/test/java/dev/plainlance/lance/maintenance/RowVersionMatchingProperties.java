package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.pb.table.RowDatasetVersionRun;
import dev.plainlance.lance.pb.table.RowDatasetVersionSequence;
import dev.plainlance.lance.pb.table.U64Segment;
import dev.plainlance.lance.table.RowVersions;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@link RowVersions#matching} selects exactly the rows whose expanded version passes the test. */
class RowVersionMatchingProperties {
    @Property(tries = 200)
    void matchingAgreesWithExpand(
            @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 40) Integer> runLengths,
            @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 9) Integer> runVersions,
            @ForAll @IntRange(min = 0, max = 9) int begin,
            @ForAll @IntRange(min = 0, max = 9) int end) {
        RowDatasetVersionSequence.Builder sequence = RowDatasetVersionSequence.newBuilder();
        long rows = 0;
        for (int i = 0; i < Math.min(runLengths.size(), runVersions.size()); i++) {
            sequence.addRuns(RowDatasetVersionRun.newBuilder()
                    .setVersion(runVersions.get(i))
                    .setSpan(U64Segment.newBuilder()
                            .setRange(
                                    U64Segment.Range.newBuilder().setStart(rows).setEnd(rows + runLengths.get(i)))));
            rows += runLengths.get(i);
        }
        ByteString bytes = sequence.getRunsCount() == 0
                ? ByteString.EMPTY
                : sequence.build().toByteString();
        long[] versions = RowVersions.expand(rows, bytes, "fragment 0");
        int[] expected = IntStream.range(0, versions.length)
                .filter(r -> versions[r] > begin && versions[r] <= end)
                .toArray();
        assertArrayEquals(
                expected,
                RowVersions.matching(rows, bytes, v -> v > begin && v <= end, "fragment 0")
                        .toArray());
    }
}
