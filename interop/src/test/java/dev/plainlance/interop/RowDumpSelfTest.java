package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.jsonl.CanonicalJsonLines;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.junit.jupiter.api.Test;

/** Guards the row comparison of the row interop tests: it must see every difference and label it precisely. */
class RowDumpSelfTest {
    private static RowDump.Rows rows(List<String> columns, String[]... rows) {
        return new RowDump.Rows(columns, List.of(rows), List.of(rows.length));
    }

    private static final RowDump.Context CTX = new RowDump.Context("2.1", "t v1", "scan", Map.of("f", "flat{32}"));

    @Test
    void aDifferentCellIsReportedWithColumnEncodingRowIdAndBothValues() {
        RowDump.Rows official = rows(List.of("id", "f"), new String[] {"7", "0.0"}, new String[] {"8", "\"NaN\""});
        RowDump.Rows plain = rows(List.of("id", "f"), new String[] {"7", "-0.0"}, new String[] {"8", "\"NaN\""});
        List<String> d = RowDump.differences(CTX, official, plain);
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).contains("column 'f' [encoding: flat{32}]: 1 of 2 rows differ"), d.get(0));
        assertTrue(d.get(0).contains("row 0 (id=7): expected 0.0 actual -0.0"), d.get(0));
        assertEquals(List.of(), RowDump.differences(CTX, official, official));
    }

    @Test
    void missingRowsAndOtherColumnsAreReported() {
        RowDump.Rows official = rows(List.of("id", "f"), new String[] {"7", "1.0"}, new String[] {"8", "2.0"});
        RowDump.Rows fewer = rows(List.of("id", "f"), new String[] {"7", "1.0"});
        RowDump.Rows reordered = rows(List.of("f", "id"), new String[] {"1.0", "7"}, new String[] {"2.0", "8"});
        assertEquals(List.of("row count: expected 2 actual 1"), RowDump.differences(CTX, official, fewer));
        assertEquals(
                List.of("columns: expected [id, f] actual [f, id]"), RowDump.differences(CTX, official, reordered));
        assertNotEquals(
                List.of(),
                RowDump.problems(CTX, official, new RowDump.Outcome(null, new IllegalStateException("boom"))));
    }

    /** Text equality of canonical cells is bit equality of floats (NaN payloads aside, as the format says). */
    @Test
    void canonicalFloatTextSeparatesEveryBitPatternButNaNs() {
        try (BufferAllocator allocator = new RootAllocator();
                Float4Vector f = new Float4Vector("f", allocator);
                Float8Vector d = new Float8Vector("d", allocator)) {
            float[] floats = {
                0.0f,
                -0.0f,
                Float.MIN_VALUE,
                Float.intBitsToFloat(2),
                1.0f,
                Math.nextUp(1.0f),
                Float.NaN,
                Float.intBitsToFloat(0x7fc00001)
            };
            double[] doubles = {
                0.0,
                -0.0,
                Double.MIN_VALUE,
                1.0,
                Math.nextUp(1.0),
                Double.NaN,
                Double.longBitsToDouble(0x7ff8000000000001L)
            };
            f.allocateNew(floats.length);
            d.allocateNew(doubles.length);
            for (int i = 0; i < floats.length; i++) {
                f.set(i, floats[i]);
            }
            for (int i = 0; i < doubles.length; i++) {
                d.set(i, doubles[i]);
            }
            f.setValueCount(floats.length);
            d.setValueCount(doubles.length);
            CanonicalJsonLines json = new CanonicalJsonLines();
            for (int i = 0; i < floats.length; i++) {
                for (int j = 0; j < floats.length; j++) {
                    boolean sameBits = Float.floatToIntBits(floats[i]) == Float.floatToIntBits(floats[j]);
                    assertEquals(sameBits, text(json, f, i).equals(text(json, f, j)), floats[i] + " vs " + floats[j]);
                }
            }
            for (int i = 0; i < doubles.length; i++) {
                for (int j = 0; j < doubles.length; j++) {
                    boolean sameBits = Double.doubleToLongBits(doubles[i]) == Double.doubleToLongBits(doubles[j]);
                    assertEquals(sameBits, text(json, d, i).equals(text(json, d, j)), doubles[i] + " vs " + doubles[j]);
                }
            }
        }
    }

    private static String text(CanonicalJsonLines json, org.apache.arrow.vector.ValueVector v, int i) {
        StringBuilder sb = new StringBuilder();
        json.appendValue(v, i, sb);
        return sb.toString();
    }
}
