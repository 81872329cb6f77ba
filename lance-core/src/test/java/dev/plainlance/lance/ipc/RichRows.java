package dev.plainlance.lance.ipc;

import dev.plainlance.jsonl.CanonicalJsonLines;
import java.time.LocalDate;
import java.util.Base64;

/**
 * Canonical JSON of row {@code v} of the "rich" fixture schema, from the formula the fixtures were written with:
 * column k (1..12) is null iff (v+k) % 7 == 0; li has v%4 items (item 1 null when v%3==0); st.a null when v%4==1.
 */
final class RichRows {
    private RichRows() {}

    static String json(int v) {
        StringBuilder sb = new StringBuilder("{\"id\":").append(v);
        field(sb, v, 1, "i64", Long.toString(v * 1000000007L));
        field(sb, v, 2, "f32", Float.toString(v * 0.5f));
        field(sb, v, 3, "f64", Double.toString(v * 0.25));
        field(sb, v, 4, "s", "\"str_" + v + "\"");
        field(sb, v, 5, "ls", "\"large_" + v + "\"");
        field(
                sb,
                v,
                6,
                "bin",
                "\"" + Base64.getEncoder().encodeToString(new byte[] {(byte) v, (byte) (v + 1), (byte) 0xFF, 0})
                        + "\"");
        field(sb, v, 7, "b", Boolean.toString(v % 2 == 0));
        field(sb, v, 8, "d", "\"" + LocalDate.ofEpochDay(19000 + v) + "\"");
        field(sb, v, 9, "ts", Long.toString(1_700_000_000_000_000L + v * 1_000_000L));
        StringBuilder vec = new StringBuilder("[");
        for (int j = 0; j < 8; j++) {
            vec.append(j == 0 ? "" : ",").append(Float.toString(v + j * 0.125f));
        }
        field(sb, v, 10, "vec", vec.append(']').toString());
        StringBuilder li = new StringBuilder("[");
        for (int j = 0; j < v % 4; j++) {
            li.append(j == 0 ? "" : ",").append(j == 1 && v % 3 == 0 ? "null" : Integer.toString(v + j));
        }
        field(sb, v, 11, "li", li.append(']').toString());
        StringBuilder b = new StringBuilder();
        CanonicalJsonLines.appendString("s" + v, b);
        field(sb, v, 12, "st", "{\"a\":" + (v % 4 == 1 ? "null" : Integer.toString(v)) + ",\"b\":" + b + "}");
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, int v, int k, String name, String value) {
        sb.append(",\"").append(name).append("\":").append((v + k) % 7 == 0 ? "null" : value);
    }
}
