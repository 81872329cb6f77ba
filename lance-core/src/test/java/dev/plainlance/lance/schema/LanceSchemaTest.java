package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.pb.file.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class LanceSchemaTest {

    private static final ArrowType INT32 = new ArrowType.Int(32, true);
    private static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

    /**
     * a int32; s struct{x int32, l list[struct{p utf8, q fsl[float, 2]}]}; b large_list[utf8]; d dict[utf8, int8].
     */
    private static Schema nested() {
        Field element = struct(
                "element",
                leaf("p", ArrowType.Utf8.INSTANCE),
                new Field("q", FieldType.nullable(new ArrowType.FixedSizeList(2)), List.of(leaf("item", FLOAT))));
        return new Schema(
                List.of(
                        leaf("a", INT32),
                        struct(
                                "s",
                                leaf("x", INT32),
                                new Field("l", FieldType.nullable(ArrowType.List.INSTANCE), List.of(element))),
                        new Field(
                                "b",
                                FieldType.nullable(ArrowType.LargeList.INSTANCE),
                                List.of(leaf("item", ArrowType.Utf8.INSTANCE))),
                        new Field(
                                "d",
                                new FieldType(
                                        true,
                                        ArrowType.Utf8.INSTANCE,
                                        new DictionaryEncoding(0, false, new ArrowType.Int(8, true)),
                                        null),
                                List.of())),
                Map.of("schema-key", "schema-value"));
    }

    @Test
    void nestedFieldsAreFlattenedInPreOrder() {
        List<dev.plainlance.lance.pb.file.Field> proto =
                LanceSchema.fromArrow(nested()).toProto();

        assertEquals(
                List.of("a", "s", "x", "l", "element", "p", "q", "b", "item", "d"),
                proto.stream().map(dev.plainlance.lance.pb.file.Field::getName).toList());
        assertEquals(
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                proto.stream().map(dev.plainlance.lance.pb.file.Field::getId).toList());
        assertEquals(
                List.of(-1, -1, 1, 1, 3, 4, 4, -1, 7, -1),
                proto.stream()
                        .map(dev.plainlance.lance.pb.file.Field::getParentId)
                        .toList());
        assertEquals(
                List.of(
                        "int32",
                        "struct",
                        "int32",
                        "list.struct",
                        "struct",
                        "string",
                        "fixed_size_list:float:2",
                        "large_list",
                        "string",
                        "dict:string:int8:false"),
                proto.stream()
                        .map(dev.plainlance.lance.pb.file.Field::getLogicalType)
                        .toList());
        assertEquals(
                List.of(
                        Encoding.PLAIN,
                        Encoding.NONE,
                        Encoding.PLAIN,
                        Encoding.PLAIN,
                        Encoding.NONE,
                        Encoding.VAR_BINARY,
                        Encoding.PLAIN,
                        Encoding.PLAIN,
                        Encoding.VAR_BINARY,
                        Encoding.DICTIONARY),
                proto.stream()
                        .map(dev.plainlance.lance.pb.file.Field::getEncoding)
                        .toList());
        assertTrue(proto.stream().allMatch(f -> f.getType() == dev.plainlance.lance.pb.file.Field.Type.PARENT));
    }

    @Test
    void treeAccessors() {
        LanceSchema schema = LanceSchema.fromArrow(nested());

        assertEquals(
                List.of("a", "s", "b", "d"),
                schema.fields().stream().map(LanceField::name).toList());
        assertEquals(10, schema.allFieldsPreOrder().size());
        assertEquals("element", schema.fieldById(4).orElseThrow().name());
        assertEquals(
                List.of("p", "q"),
                schema.fieldById(4).orElseThrow().children().stream()
                        .map(LanceField::name)
                        .toList());
        assertTrue(schema.fieldById(10).isEmpty());
        assertEquals(9, schema.maxFieldId());
        assertEquals(Map.of("schema-key", "schema-value"), schema.metadata());
        assertThrows(UnsupportedOperationException.class, () -> schema.fields().clear());
        assertThrows(
                UnsupportedOperationException.class, () -> schema.metadata().clear());
        assertThrows(
                UnsupportedOperationException.class,
                () -> schema.fields().get(0).metadata().clear());
    }

    @Test
    void arrowFormUsesTheFieldIdAsDictionaryId() {
        Field d = LanceSchema.fromArrow(nested(), 20).toArrow().findField("d");

        assertEquals(new DictionaryEncoding(29, false, new ArrowType.Int(8, true)), d.getDictionary());
    }

    @Test
    void idsCanStartAnywhere() {
        LanceSchema schema = LanceSchema.fromArrow(nested(), 100);

        assertEquals(100, schema.allFieldsPreOrder().get(0).id());
        assertEquals(109, schema.maxFieldId());
        assertEquals(101, schema.fieldById(103).orElseThrow().parentId());
        assertEquals(-1, schema.fieldById(107).orElseThrow().parentId());
        assertThrows(IllegalArgumentException.class, () -> LanceSchema.fromArrow(nested(), -1));
    }

    @Test
    void emptySchema() {
        LanceSchema empty = LanceSchema.fromArrow(new Schema(List.of()));

        assertEquals(-1, empty.maxFieldId());
        assertTrue(empty.toProto().isEmpty());
        assertEquals(empty, LanceSchema.fromProto(List.of(), Map.of()));
    }

    @Test
    void topLevelParentIdIsWrittenAsTenByteVarint() {
        byte[] bytes = LanceSchema.fromArrow(new Schema(List.of(leaf("a", INT32))))
                .toProto()
                .get(0)
                .toByteArray();

        byte[] expected = {
            0x20,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            0x01
        };
        assertTrue(indexOf(bytes, expected) >= 0);
    }

    @Test
    void metadataIsUtf8InProtoAndStringsInArrow() {
        Field f = new Field("é", new FieldType(true, INT32, null, Map.of("größe", "日本 €")), List.of());
        LanceSchema schema = LanceSchema.fromArrow(new Schema(List.of(f), Map.of("ключ", "значение")));

        assertEquals(
                ByteString.copyFrom("日本 €".getBytes(StandardCharsets.UTF_8)),
                schema.toProto().get(0).getMetadataMap().get("größe"));
        assertEquals(
                Map.of("ключ", ByteString.copyFrom("значение".getBytes(StandardCharsets.UTF_8))),
                schema.metadataProto());
        LanceSchema back = LanceSchema.fromProto(schema.toProto(), schema.metadataProto());
        assertEquals(Map.of("größe", "日本 €"), back.toArrow().getFields().get(0).getMetadata());
        assertEquals(Map.of("ключ", "значение"), back.toArrow().getCustomMetadata());
    }

    @Test
    void extensionNameIsWrittenFromMetadataAndReadIntoIt() {
        Field json = new Field(
                "j",
                new FieldType(
                        true,
                        ArrowType.LargeBinary.INSTANCE,
                        null,
                        Map.of(LogicalTypes.EXTENSION_NAME_KEY, "lance.json")),
                List.of());
        dev.plainlance.lance.pb.file.Field written = LanceSchema.fromArrow(
                        new Schema(List.of(json, leaf("plain", INT32))))
                .toProto()
                .get(0);

        assertEquals("lance.json", written.getExtensionName());
        dev.plainlance.lance.pb.file.Field withoutMetadata =
                written.toBuilder().clearMetadata().build();
        LanceField read = LanceSchema.fromProto(List.of(withoutMetadata), Map.of())
                .fields()
                .get(0);
        assertEquals(Map.of(LogicalTypes.EXTENSION_NAME_KEY, "lance.json"), read.metadata());
        assertEquals(
                "",
                LanceSchema.fromArrow(new Schema(List.of(leaf("plain", INT32))))
                        .toProto()
                        .get(0)
                        .getExtensionName());
    }

    @Test
    void unenforcedPrimaryKeyFollowsTheMetadataFlag() {
        for (String value : List.of("true", "1", "YES")) {
            Field pk = new Field(
                    "id",
                    new FieldType(false, INT32, null, Map.of(LanceSchema.UNENFORCED_PRIMARY_KEY_KEY, value)),
                    List.of());
            assertTrue(
                    LanceSchema.fromArrow(new Schema(List.of(pk)))
                            .toProto()
                            .get(0)
                            .getUnenforcedPrimaryKey(),
                    value);
        }
        Field notPk = new Field(
                "id",
                new FieldType(false, INT32, null, Map.of(LanceSchema.UNENFORCED_PRIMARY_KEY_KEY, "false")),
                List.of());
        assertFalse(LanceSchema.fromArrow(new Schema(List.of(notPk)))
                .toProto()
                .get(0)
                .getUnenforcedPrimaryKey());

        dev.plainlance.lance.pb.file.Field flagOnly = protoField("id", 0, -1, "int32").toBuilder()
                .setUnenforcedPrimaryKey(true)
                .build();
        LanceSchema read = LanceSchema.fromProto(List.of(flagOnly), Map.of());
        assertEquals("true", read.fields().get(0).metadata().get(LanceSchema.UNENFORCED_PRIMARY_KEY_KEY));
        assertTrue(read.toProto().get(0).getUnenforcedPrimaryKey());
    }

    @Test
    void protoValuesThatTheTypeDoesNotDetermineArePreserved() {
        List<dev.plainlance.lance.pb.file.Field> proto = List.of(
                protoField("s", 7, -1, "struct").toBuilder()
                        .setNullable(true)
                        .setEncoding(Encoding.RLE)
                        .build(),
                protoField("x", 3, 7, "int64").toBuilder()
                        .putMetadata("k", ByteString.copyFromUtf8("v"))
                        .build(),
                protoField("y", 12, 7, "string").toBuilder()
                        .setEncoding(Encoding.NONE)
                        .build());
        Map<String, ByteString> metadata = Map.of("m", ByteString.copyFromUtf8("n"));
        LanceSchema schema = LanceSchema.fromProto(proto, metadata);

        assertEquals(proto, schema.toProto());
        assertEquals(metadata, schema.metadataProto());
        assertEquals(12, schema.maxFieldId());
    }

    @Test
    void childrenMayFollowLaterSiblingsOfTheirParent() {
        LanceSchema schema = LanceSchema.fromProto(
                List.of(
                        protoField("s", 0, -1, "struct"),
                        protoField("t", 1, -1, "int32"),
                        protoField("x", 2, 0, "int32"),
                        protoField("y", 3, 0, "int32")),
                Map.of());

        assertEquals(
                List.of("s", "x", "y", "t"),
                schema.toProto().stream()
                        .map(dev.plainlance.lance.pb.file.Field::getName)
                        .toList());
    }

    @Test
    void unknownEncodingNumberReadsAsNone() {
        dev.plainlance.lance.pb.file.Field odd =
                protoField("a", 0, -1, "int32").toBuilder().setEncodingValue(9).build();

        assertEquals(
                Encoding.NONE,
                LanceSchema.fromProto(List.of(odd), Map.of()).fields().get(0).encoding());
    }

    @Test
    void orphanChildIsInvalid() {
        InvalidSchemaException e = assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(
                        List.of(protoField("s", 0, -1, "struct"), protoField("orphan", 1, 5, "int32")), Map.of()));
        assertTrue(e.getMessage().contains("'orphan'") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void childBeforeItsParentIsInvalid() {
        InvalidSchemaException e = assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(
                        List.of(protoField("early", 1, 0, "int32"), protoField("s", 0, -1, "struct")), Map.of()));
        assertTrue(e.getMessage().contains("'early'"), e.getMessage());
    }

    @Test
    void ownParentIsInvalid() {
        assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(List.of(protoField("self", 0, 0, "struct")), Map.of()));
    }

    @Test
    void duplicateIdIsInvalid() {
        InvalidSchemaException e = assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(
                        List.of(protoField("first", 3, -1, "int32"), protoField("second", 3, -1, "int32")), Map.of()));
        assertTrue(e.getMessage().contains("'second'") && e.getMessage().contains("'first'"), e.getMessage());
    }

    @Test
    void negativeIdIsInvalid() {
        InvalidSchemaException e = assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(List.of(protoField("neg", -2, -1, "int32")), Map.of()));
        assertTrue(e.getMessage().contains("'neg'"), e.getMessage());
    }

    @Test
    void childrenThatDoNotFitTheParentTypeAreInvalid() {
        assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(
                        List.of(protoField("i", 0, -1, "int32"), protoField("x", 1, 0, "int32")), Map.of()));
        assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(
                        List.of(protoField("v", 0, -1, "fixed_size_list:float:2"), protoField("item", 1, 0, "float")),
                        Map.of()));
        assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(List.of(protoField("l", 0, -1, "list")), Map.of()));
        assertThrows(
                InvalidSchemaException.class,
                () -> LanceSchema.fromProto(
                        List.of(
                                protoField("l", 0, -1, "list"),
                                protoField("a", 1, 0, "int32"),
                                protoField("b", 2, 0, "int32")),
                        Map.of()));
    }

    @Test
    void unknownLogicalTypeInProtoIsRefusedNamingFieldAndString() {
        UnsupportedLogicalTypeException e = assertThrows(
                UnsupportedLogicalTypeException.class,
                () -> LanceSchema.fromProto(
                        List.of(protoField("s", 0, -1, "struct"), protoField("m", 1, 0, "map<int32>")), Map.of()));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("'map<int32>'"), e.getMessage());
    }

    @Test
    void childWithWrongParentIdCannotBeAttached() {
        LanceField child = new LanceField(5, 4, "c", "int32", true, Map.of(), Encoding.PLAIN, List.of());

        InvalidSchemaException e = assertThrows(
                InvalidSchemaException.class,
                () -> new LanceField(3, -1, "s", "struct", true, Map.of(), Encoding.NONE, List.of(child)));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("'s'"), e.getMessage());
    }

    @Test
    void projectKeepsRequestOrderIdsAndMetadata() {
        LanceSchema schema = LanceSchema.fromArrow(nested());
        LanceSchema projected = schema.project(List.of("d", "s"));

        assertEquals(
                List.of("d", "s"),
                projected.fields().stream().map(LanceField::name).toList());
        assertEquals(
                List.of(9, 1, 2, 3, 4, 5, 6),
                projected.allFieldsPreOrder().stream().map(LanceField::id).toList());
        assertEquals(schema.fieldById(1), projected.fieldById(1));
        assertTrue(projected.fieldById(0).isEmpty());
        assertEquals(schema.metadata(), projected.metadata());
        assertEquals(
                List.of("d", "s"),
                projected.toArrow().getFields().stream().map(Field::getName).toList());
    }

    @Test
    void projectRefusesUnknownAndRepeatedColumns() {
        LanceSchema schema = LanceSchema.fromArrow(nested());

        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> schema.project(List.of("a", "nope")));
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        IllegalArgumentException nestedName =
                assertThrows(IllegalArgumentException.class, () -> schema.project(List.of("x")));
        assertTrue(nestedName.getMessage().contains("'x'"), nestedName.getMessage());
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> schema.project(List.of("a", "a")));
        assertTrue(twice.getMessage().contains("'a'"), twice.getMessage());
    }

    private static dev.plainlance.lance.pb.file.Field protoField(String name, int id, int parentId, String type) {
        return dev.plainlance.lance.pb.file.Field.newBuilder()
                .setName(name)
                .setId(id)
                .setParentId(parentId)
                .setLogicalType(type)
                .setEncoding(LogicalTypes.encodingOf(type))
                .build();
    }

    private static Field leaf(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), List.of());
    }

    private static Field struct(String name, Field... children) {
        return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(children));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
