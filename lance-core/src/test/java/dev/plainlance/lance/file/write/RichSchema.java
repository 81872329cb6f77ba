package dev.plainlance.lance.file.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test data: the "rich" schema of the official fixtures and a schema with every writable type. */
final class RichSchema {
    private RichSchema() {}

    static Field field(String name, boolean nullable, ArrowType type, Field... children) {
        return new Field(name, new FieldType(nullable, type, null, Map.of()), Arrays.asList(children));
    }

    static Field nullable(String name, ArrowType type, Field... children) {
        return field(name, true, type, children);
    }

    /** id int32 not null, i64, f32, f64, s, ls, bin, b, d, ts, vec FSL(8), li list int32, st struct{a, b}. */
    static Schema rich() {
        return new Schema(List.of(
                field("id", false, new ArrowType.Int(32, true)),
                nullable("i64", new ArrowType.Int(64, true)),
                nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                nullable("s", ArrowType.Utf8.INSTANCE),
                nullable("ls", ArrowType.LargeUtf8.INSTANCE),
                nullable("bin", ArrowType.Binary.INSTANCE),
                nullable("b", ArrowType.Bool.INSTANCE),
                nullable("d", new ArrowType.Date(DateUnit.DAY)),
                nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                nullable(
                        "vec",
                        new ArrowType.FixedSizeList(8),
                        nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
                nullable("li", ArrowType.List.INSTANCE, nullable("item", new ArrowType.Int(32, true))),
                nullable(
                        "st",
                        ArrowType.Struct.INSTANCE,
                        nullable("a", new ArrowType.Int(32, true)),
                        nullable("b", ArrowType.Utf8.INSTANCE))));
    }

    /** Row v of the rich data set (as in the official fixtures). */
    static List<List<Object>> richRows(int from, int to) {
        List<List<Object>> rows = new ArrayList<>();
        for (int v = from; v < to; v++) {
            List<Object> row = new ArrayList<>();
            row.add((long) v);
            row.add(nullIf(v, 1, (long) v * 1_000_000_007L));
            row.add(nullIf(v, 2, v * 0.5f));
            row.add(nullIf(v, 3, v * 0.25));
            row.add(nullIf(v, 4, "str_" + v));
            row.add(nullIf(v, 5, "large_" + v));
            row.add(nullIf(v, 6, new byte[] {(byte) v, (byte) (v + 1), (byte) 0xFF, 0}));
            row.add(nullIf(v, 7, v % 2 == 0));
            row.add(nullIf(v, 8, 19000L + v));
            row.add(nullIf(v, 9, 1_700_000_000_000_000L + v * 1_000_000L));
            List<Object> vec = new ArrayList<>();
            for (int j = 0; j < 8; j++) {
                vec.add(v + j * 0.125f);
            }
            row.add(nullIf(v, 10, vec));
            List<Object> li = new ArrayList<>();
            for (int j = 0; j < v % 4; j++) {
                li.add(j == 1 && v % 3 == 0 ? null : (long) (v + j));
            }
            row.add(nullIf(v, 11, li));
            row.add(nullIf(v, 12, Arrays.asList(v % 4 == 1 ? null : (long) v, "s" + v)));
            rows.add(row);
        }
        return rows;
    }

    private static Object nullIf(int v, int k, Object value) {
        return (v + k) % 7 == 0 ? null : value;
    }

    /** One nullable field of every writable leaf type plus nested combinations. */
    static Schema allTypes() {
        List<Field> fields = new ArrayList<>();
        int[] bits = {8, 16, 32, 64};
        for (int b : bits) {
            fields.add(nullable("i" + b, new ArrowType.Int(b, true)));
            fields.add(nullable("u" + b, new ArrowType.Int(b, false)));
        }
        fields.add(nullable("f16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)));
        fields.add(nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
        fields.add(nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
        fields.add(nullable("bool", ArrowType.Bool.INSTANCE));
        fields.add(nullable("utf8", ArrowType.Utf8.INSTANCE));
        fields.add(nullable("large_utf8", ArrowType.LargeUtf8.INSTANCE));
        fields.add(nullable("binary", ArrowType.Binary.INSTANCE));
        fields.add(nullable("large_binary", ArrowType.LargeBinary.INSTANCE));
        fields.add(nullable("fsb3", new ArrowType.FixedSizeBinary(3)));
        fields.add(nullable("date32", new ArrowType.Date(DateUnit.DAY)));
        fields.add(nullable("date64", new ArrowType.Date(DateUnit.MILLISECOND)));
        fields.add(nullable("time32s", new ArrowType.Time(TimeUnit.SECOND, 32)));
        fields.add(nullable("time32ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)));
        fields.add(nullable("time64us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)));
        fields.add(nullable("time64ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64)));
        fields.add(nullable("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)));
        fields.add(nullable("ts_ms_tz", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "America/New_York")));
        fields.add(nullable("dur_s", new ArrowType.Duration(TimeUnit.SECOND)));
        fields.add(nullable("dec128", new ArrowType.Decimal(38, 5, 128)));
        fields.add(nullable("dec256", new ArrowType.Decimal(76, 10, 256)));
        fields.add(nullable(
                "vec4",
                new ArrowType.FixedSizeList(4),
                nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
        fields.add(nullable(
                "vec128",
                new ArrowType.FixedSizeList(128),
                nullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
        fields.add(nullable("bools3", new ArrowType.FixedSizeList(3), nullable("item", ArrowType.Bool.INSTANCE)));
        fields.add(nullable("list_i32", ArrowType.List.INSTANCE, nullable("item", new ArrowType.Int(32, true))));
        fields.add(
                nullable("large_list_utf8", ArrowType.LargeList.INSTANCE, nullable("item", ArrowType.Utf8.INSTANCE)));
        fields.add(nullable(
                "list_list",
                ArrowType.List.INSTANCE,
                nullable("item", ArrowType.List.INSTANCE, nullable("item", new ArrowType.Int(64, true)))));
        fields.add(nullable(
                "struct",
                ArrowType.Struct.INSTANCE,
                nullable("x", new ArrowType.Int(16, true)),
                nullable("inner", ArrowType.Struct.INSTANCE, nullable("y", ArrowType.Utf8.INSTANCE)),
                nullable("l", ArrowType.List.INSTANCE, nullable("item", ArrowType.Bool.INSTANCE))));
        fields.add(nullable(
                "list_struct",
                ArrowType.List.INSTANCE,
                nullable(
                        "item",
                        ArrowType.Struct.INSTANCE,
                        nullable("p", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                        nullable("q", new ArrowType.FixedSizeList(2), nullable("item", new ArrowType.Int(8, false))))));
        fields.add(field("required_i64", false, new ArrowType.Int(64, true)));
        fields.add(field("required_utf8", false, ArrowType.Utf8.INSTANCE));
        return new Schema(fields);
    }
}
