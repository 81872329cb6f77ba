package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.pb.enc21.PageLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Files written by {@link LanceFileWriter} read back exactly with plainlance's reader, for both versions. */
class LanceFileWriterRoundTripTest {

    @ParameterizedTest
    @EnumSource(
            value = LanceFileVersion.class,
            names = {"V2_0", "V2_1"})
    void richRowsRoundTrip(LanceFileVersion version) {
        Schema schema = RichSchema.rich();
        List<List<List<Object>>> batches = List.of(RichSchema.richRows(0, 10), RichSchema.richRows(10, 2000));
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written = RoundTrip.write(schema, batches, version, WriterOptions.defaults(), allocator);
            List<String> expected = RoundTrip.expected(schema, batches, allocator);
            if (version == LanceFileVersion.V2_0) {
                expected = expected.stream()
                        .map(l -> l.replace("\"st\":null", "\"st\":{\"a\":null,\"b\":null}"))
                        .toList();
            }
            for (int batchSize : new int[] {7, 1024, 5000}) {
                assertEquals(expected, RoundTrip.readBack(written.bytes(), allocator, batchSize));
            }
            int[] fields = version == LanceFileVersion.V2_1
                    ? new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15}
                    : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
            assertArrayEquals(fields, written.summary().fields());
            assertEquals(2000, written.summary().rows());
            assertEquals(written.bytes().length, written.summary().fileSizeBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = LanceFileVersion.class,
            names = {"V2_0", "V2_1"})
    void lowCardinalityStringsRoundTrip(LanceFileVersion version) throws Exception {
        Schema schema = new Schema(List.of(
                RichSchema.nullable("s", ArrowType.Utf8.INSTANCE),
                RichSchema.nullable("ls", ArrowType.LargeUtf8.INSTANCE)));
        List<List<Object>> rows = new ArrayList<>();
        String[] words = {"red", "green", "", "blue", "日本"};
        for (int i = 0; i < 5000; i++) {
            rows.add(Arrays.asList(i % 11 == 0 ? null : words[i % 5], words[(i / 7) % 5]));
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written =
                    RoundTrip.write(schema, List.of(rows), version, WriterOptions.defaults(), allocator);
            assertEquals(
                    RoundTrip.expected(schema, List.of(rows), allocator),
                    RoundTrip.readBack(written.bytes(), allocator, 999));
            if (version == LanceFileVersion.V2_1) {
                for (int column = 0; column < 2; column++) {
                    PageLayout layout = PageLayout.parseFrom(Any.parseFrom(FileMetadata.columns(written.bytes())
                                    .get(column)
                                    .getPages(0)
                                    .getEncoding()
                                    .getDirect()
                                    .getEncoding())
                            .getValue());
                    assertEquals(5, layout.getMiniBlockLayout().getNumDictionaryItems());
                    assertTrue(layout.getMiniBlockLayout().getValueCompression().hasInlineBitpacking());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = LanceFileVersion.class,
            names = {"V2_0", "V2_1"})
    void fileWithoutRows(LanceFileVersion version) {
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written =
                    RoundTrip.write(RichSchema.rich(), List.of(), version, WriterOptions.defaults(), allocator);
            assertEquals(0, written.summary().rows());
            assertEquals(List.of(), RoundTrip.readBack(written.bytes(), allocator, 10));
        }
    }
}
