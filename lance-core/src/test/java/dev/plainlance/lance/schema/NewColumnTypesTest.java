package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.expr.Expressions;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class NewColumnTypesTest {
    private static final Schema INPUT = new Schema(List.of(
            new Field("i32", FieldType.notNullable(new ArrowType.Int(32, true)), null),
            new Field("i16", FieldType.notNullable(new ArrowType.Int(16, true)), null),
            new Field("f32", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null),
            new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    private static String field(String sql) {
        Field f = NewColumnTypes.field("x", Expressions.parse(sql), Expressions.bind(sql, INPUT), INPUT);
        return f.getType() + (f.isNullable() ? "?" : "");
    }

    @Test
    void literalsTakeTheColumnTypeAndArithmeticTheWiderOne() {
        assertEquals("Int(32, true)", field("i32 * 2"));
        assertEquals("Int(32, true)", field("3 - i32"));
        assertEquals("Int(32, true)", field("i32 + i16"));
        assertEquals("Int(64, true)", field("(i32 + 1) * 2"), "a literal next to an expression stays Int64");
        assertEquals("Int(64, true)", field("i32 * 2 + i16"), "only the top-level operation is resolved");
        assertEquals("Int(32, true)", field("i32 + (i16 * 2)"), "column op (x op y) takes the column's type");
        assertEquals("FloatingPoint(SINGLE)?", field("f32 + i16"));
        assertEquals("FloatingPoint(DOUBLE)?", field("f32 + i32"));
    }

    @Test
    void nullabilityFollowsTheInputs() {
        assertEquals("Bool?", field("s LIKE 'a%'"));
        assertEquals("Bool", field("s IS NULL"));
        assertEquals("Bool", field("i32 > 3 AND i16 < 2"));
        assertEquals("Bool?", field("i32 > 3 AND f32 < 2"));
    }
}
