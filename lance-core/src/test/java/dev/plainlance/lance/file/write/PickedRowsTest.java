package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.file.format.LanceFileVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rows picked far apart (separate spans for fields that cannot pick) read as the rows at their positions. */
class PickedRowsTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "tags",
                    FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(new Field("item", FieldType.nullable(new ArrowType.Int(64, true)), null))),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    @ParameterizedTest
    @EnumSource(
            value = LanceFileVersion.class,
            names = {"V2_0", "V2_1"})
    void farApartRowsReadAsTheRowsAtTheirPositions(LanceFileVersion version) {
        List<List<Object>> rows = new ArrayList<>();
        for (long r = 0; r < 10_000; r++) {
            rows.add(List.of(r, List.of(r, r * 2), "name " + r));
        }
        int[] picks = {0, 1, 2, 1_500, 1_501, 4_000, 9_998, 9_999};
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written = RoundTrip.write(
                    SCHEMA, List.of(rows), version, WriterOptions.defaults().withMaxPageBytes(4096), allocator);
            List<String> all = RoundTrip.expected(SCHEMA, List.of(rows), allocator);
            List<String> expected = new ArrayList<>();
            for (int pick : picks) {
                expected.add(all.get(pick));
            }
            assertEquals(expected, RoundTrip.readPicked(written.bytes(), allocator, picks, picks.length));
        }
    }
}
