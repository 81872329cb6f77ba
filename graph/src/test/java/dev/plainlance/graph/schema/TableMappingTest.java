package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Every {@code .pg} property type maps to its Arrow type, with metadata for what Arrow cannot say. */
class TableMappingTest {
    private static final String SOURCE = """
            node Thing {
                s: String @key
                b: Bool?
                i32: I32 @range(0..10)
                i64: I64
                u32: U32
                u64: U64
                f32: F32
                f64: F64 @range(-1.5..)
                d: Date
                ts: DateTime
                blob: Blob?
                vec: Vector(3)
                tags: [String]?
                nums: [I64]
                status: enum(open, closed) @index
                code: String @check("[A-Z]{3}") @unique
                @unique(b, i32)
            }
            node Other { n: I32 }
            edge Rel: Thing -> Other { w: F32? @index @unique(src, dst) }
            """;

    private static Field field(Schema schema, String name) {
        return schema.findField(name);
    }

    @Test
    void everyPropertyTypeHasItsArrowType() {
        Schema t = TableMapping.nodeTable(
                SchemaParser.parse(SOURCE, "t.pg").node("Thing").orElseThrow());
        assertEquals(ArrowType.Utf8.INSTANCE, field(t, "s").getType());
        assertEquals(ArrowType.Bool.INSTANCE, field(t, "b").getType());
        assertEquals(new ArrowType.Int(32, true), field(t, "i32").getType());
        assertEquals(new ArrowType.Int(64, true), field(t, "i64").getType());
        assertEquals(new ArrowType.Int(32, false), field(t, "u32").getType());
        assertEquals(new ArrowType.Int(64, false), field(t, "u64").getType());
        assertEquals(
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                field(t, "f32").getType());
        assertEquals(
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                field(t, "f64").getType());
        assertEquals(new ArrowType.Date(DateUnit.DAY), field(t, "d").getType());
        assertEquals(
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
                field(t, "ts").getType());
        assertEquals(ArrowType.LargeBinary.INSTANCE, field(t, "blob").getType());
        assertEquals(new ArrowType.FixedSizeList(3), field(t, "vec").getType());
        assertEquals(
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                field(t, "vec").getChildren().get(0).getType());
        assertEquals(ArrowType.List.INSTANCE, field(t, "tags").getType());
        assertEquals(
                ArrowType.Utf8.INSTANCE, field(t, "tags").getChildren().get(0).getType());
        assertEquals(
                new ArrowType.Int(64, true),
                field(t, "nums").getChildren().get(0).getType());
        assertEquals(ArrowType.Utf8.INSTANCE, field(t, "status").getType());
        assertEquals(
                List.of(
                        "id", "s", "b", "i32", "i64", "u32", "u64", "f32", "f64", "d", "ts", "blob", "vec", "tags",
                        "nums", "status", "code"),
                t.getFields().stream().map(Field::getName).toList());
    }

    @Test
    void nullabilityFollowsTheQuestionMark() {
        Schema t = TableMapping.nodeTable(
                SchemaParser.parse(SOURCE, "t.pg").node("Thing").orElseThrow());
        assertEquals(false, field(t, "id").isNullable());
        assertEquals(false, field(t, "s").isNullable());
        assertEquals(true, field(t, "b").isNullable());
        assertEquals(true, field(t, "tags").isNullable());
        assertEquals(false, field(t, "nums").isNullable());
    }

    @Test
    void metadataRecordsEnumValuesAndAnnotations() {
        Schema t = TableMapping.nodeTable(
                SchemaParser.parse(SOURCE, "t.pg").node("Thing").orElseThrow());
        assertEquals("enum(closed, open)", field(t, "status").getMetadata().get(TableMapping.PG_TYPE));
        assertEquals("@index", field(t, "status").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals("@key", field(t, "s").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals("@unique(b, i32)", field(t, "b").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals(
                "@unique(b, i32) @range(0..10)", field(t, "i32").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals("@range(-1.5..)", field(t, "f64").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals(
                "@unique @check(\"[A-Z]{3}\")", field(t, "code").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals("Vector(3)", field(t, "vec").getMetadata().get(TableMapping.PG_TYPE));
        assertEquals("[String]?", field(t, "tags").getMetadata().get(TableMapping.PG_TYPE));
        assertEquals("s", t.getCustomMetadata().get(TableMapping.PG_KEY));
    }

    @Test
    void edgeEndpointsCarryTheirConstraints() {
        Schema rel = TableMapping.edgeTable(
                SchemaParser.parse(SOURCE, "t.pg").edge("Rel").orElseThrow());
        assertEquals(
                List.of("id", "src", "dst", "w"),
                rel.getFields().stream().map(Field::getName).toList());
        assertEquals("@unique(src, dst)", field(rel, "src").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals("@index", field(rel, "w").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        assertEquals("Thing -> Other", rel.getCustomMetadata().get(TableMapping.PG_ENDPOINTS));
    }
}
