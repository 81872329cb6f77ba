package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes the "rich" 10-row files written by the official Lance 7.0.0 library for every file
 * version (and one 2.0 file written by 0.39.0) and checks every value, including nulls.
 */
class RichFixtureTest {

    @ParameterizedTest
    @CsvSource({
        "rich_2.0.lance, 2.0, 16",
        "rich_2.0_by_0.39.0.lance, 2.0, 16",
        "rich_2.1.lance, 2.1, 14",
        "rich_2.2.lance, 2.2, 14",
        "rich_2.3.lance, 2.3, 14"
    })
    void decodesEveryValue(String file, String version, int columns) {
        LanceFileReader reader = FixtureFiles.open(file);
        assertEquals(version, reader.version().toString());
        assertEquals(10, reader.numRows());
        assertEquals(columns, reader.numColumns());
        assertEquals(
                "Schema<id: Int(32, true) not null, i64: Int(64, true), f32: FloatingPoint(SINGLE), "
                        + "f64: FloatingPoint(DOUBLE), s: Utf8, ls: LargeUtf8, bin: Binary, b: Bool, d: Date(DAY), "
                        + "ts: Timestamp(MICROSECOND, UTC), vec: FixedSizeList(8)<item: FloatingPoint(SINGLE)>, "
                        + "li: List<item: Int(32, true)>, st: Struct<a: Int(32, true), b: Utf8>>",
                reader.arrowSchema().toString());
        boolean lossyStructNulls = version.equals("2.0");
        for (int batchSize : new int[] {1, 3, 4, 10, 100}) {
            try (RootAllocator allocator = new RootAllocator()) {
                assertEquals(
                        expectedColumns(0, 10, lossyStructNulls),
                        FixtureFiles.readColumns(reader, allocator, batchSize),
                        "batch size " + batchSize);
            }
        }
    }

    @Test
    void decodesLaterRowsOfTheHistoryFixture() {
        LanceFileReader reader = FixtureFiles.open("history_overwrite_2.1.lance");
        try (RootAllocator allocator = new RootAllocator()) {
            assertEquals(expectedColumns(100, 5, false), FixtureFiles.readColumns(reader, allocator, 2));
        }
    }

    @Test
    void decodesTheTwentyThousandRowFile() {
        LanceFileReader reader = FixtureFiles.open("extras_deletions_2.1.lance");
        assertEquals(
                "Schema<id: Int(64, true) not null, value: FloatingPoint(DOUBLE) not null, name: Utf8 not null>",
                reader.arrowSchema().toString());
        try (RootAllocator allocator = new RootAllocator()) {
            List<List<Object>> columns = FixtureFiles.readColumns(reader, allocator, 4096);
            for (int i = 0; i < 20_000; i++) {
                assertEquals((long) i, columns.get(0).get(i));
                assertEquals((i % 1000) * 0.5, columns.get(1).get(i));
                assertTrue(((String) columns.get(2).get(i)).matches("nm[0-9a-f]{14}"), "name " + i);
            }
            assertEquals("nm00000000000000", columns.get(2).get(0));
            assertEquals("nmb8c63db1f324ec", columns.get(2).get(19_999));
        }
    }

    /**
     * Row v: column k (1..12) is null iff (v + k) % 7 == 0; li has v % 4 items with item 1 null
     * when v % 3 == 0; st.a is null when v % 4 == 1. Lance 2.0 does not store struct validity: a
     * null struct reads back as a struct whose children are null.
     */
    static List<List<Object>> expectedColumns(int first, int count, boolean lossyStructNulls) {
        List<List<Object>> columns = new ArrayList<>();
        for (int c = 0; c < 13; c++) {
            columns.add(new ArrayList<>());
        }
        for (int v = first; v < first + count; v++) {
            final int row = v;
            Object[] values = {
                v,
                (long) v * 1_000_000_007L,
                v * 0.5f,
                v * 0.25,
                "str_" + v,
                "large_" + v,
                Arrays.asList(v, v + 1, 255, 0),
                v % 2 == 0,
                19000 + v,
                1_700_000_000_000_000L + v * 1_000_000L,
                vector(v),
                listItems(v),
                struct(v)
            };
            for (int c = 0; c < 13; c++) {
                boolean isNull = c > 0 && (row + c) % 7 == 0;
                Object value = values[c];
                if (isNull) {
                    value = c == 12 && lossyStructNulls ? new TreeMap<String, Object>() : null;
                }
                columns.get(c).add(value);
            }
        }
        return columns;
    }

    private static List<Object> vector(int v) {
        List<Object> out = new ArrayList<>();
        for (int j = 0; j < 8; j++) {
            out.add(v + j * 0.125f);
        }
        return out;
    }

    private static List<Object> listItems(int v) {
        List<Object> out = new ArrayList<>();
        for (int j = 0; j < v % 4; j++) {
            out.add(j == 1 && v % 3 == 0 ? null : v + j);
        }
        return out;
    }

    private static Map<String, Object> struct(int v) {
        Map<String, Object> out = new TreeMap<>();
        if (v % 4 != 1) {
            out.put("a", v);
        }
        out.put("b", "s" + v);
        return out;
    }
}
