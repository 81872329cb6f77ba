package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.pb.file.Encoding;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogicalTypesTest {

    private static final Map<String, String> BFLOAT16 = Map.of(LogicalTypes.EXTENSION_NAME_KEY, "lance.bfloat16");

    static Stream<Arguments> primitives() {
        return Stream.of(
                Arguments.of(ArrowType.Null.INSTANCE, "null", Encoding.NONE),
                Arguments.of(ArrowType.Bool.INSTANCE, "bool", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(8, true), "int8", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(16, true), "int16", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(32, true), "int32", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(64, true), "int64", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(8, false), "uint8", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(16, false), "uint16", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(32, false), "uint32", Encoding.PLAIN),
                Arguments.of(new ArrowType.Int(64, false), "uint64", Encoding.PLAIN),
                Arguments.of(new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), "halffloat", Encoding.PLAIN),
                Arguments.of(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), "float", Encoding.PLAIN),
                Arguments.of(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), "double", Encoding.PLAIN),
                Arguments.of(ArrowType.Utf8.INSTANCE, "string", Encoding.VAR_BINARY),
                Arguments.of(ArrowType.LargeUtf8.INSTANCE, "large_string", Encoding.VAR_BINARY),
                Arguments.of(ArrowType.Binary.INSTANCE, "binary", Encoding.VAR_BINARY),
                Arguments.of(ArrowType.LargeBinary.INSTANCE, "large_binary", Encoding.VAR_BINARY),
                Arguments.of(new ArrowType.Date(DateUnit.DAY), "date32:day", Encoding.PLAIN),
                Arguments.of(new ArrowType.Date(DateUnit.MILLISECOND), "date64:ms", Encoding.PLAIN),
                Arguments.of(new ArrowType.Time(TimeUnit.SECOND, 32), "time32:s", Encoding.PLAIN),
                Arguments.of(new ArrowType.Time(TimeUnit.MILLISECOND, 32), "time32:ms", Encoding.PLAIN),
                Arguments.of(new ArrowType.Time(TimeUnit.MICROSECOND, 64), "time64:us", Encoding.PLAIN),
                Arguments.of(new ArrowType.Time(TimeUnit.NANOSECOND, 64), "time64:ns", Encoding.PLAIN),
                Arguments.of(new ArrowType.Timestamp(TimeUnit.SECOND, null), "timestamp:s:-", Encoding.PLAIN),
                Arguments.of(
                        new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Europe/Paris"),
                        "timestamp:ms:Europe/Paris",
                        Encoding.PLAIN),
                Arguments.of(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), "timestamp:us:UTC", Encoding.PLAIN),
                Arguments.of(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), "timestamp:ns:-", Encoding.PLAIN),
                Arguments.of(new ArrowType.Duration(TimeUnit.SECOND), "duration:s", Encoding.PLAIN),
                Arguments.of(new ArrowType.Duration(TimeUnit.MILLISECOND), "duration:ms", Encoding.PLAIN),
                Arguments.of(new ArrowType.Duration(TimeUnit.MICROSECOND), "duration:us", Encoding.PLAIN),
                Arguments.of(new ArrowType.Duration(TimeUnit.NANOSECOND), "duration:ns", Encoding.PLAIN),
                Arguments.of(new ArrowType.Decimal(10, 2, 128), "decimal:128:10:2", Encoding.PLAIN),
                Arguments.of(new ArrowType.Decimal(60, -3, 256), "decimal:256:60:-3", Encoding.PLAIN),
                Arguments.of(new ArrowType.FixedSizeBinary(16), "fixed_size_binary:16", Encoding.PLAIN));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("primitives")
    void primitiveTypesMapBothWays(ArrowType type, String logicalType, Encoding encoding) {
        Field arrow = new Field("c", new FieldType(false, type, null, Map.of("k", "v")), List.of());

        assertEquals(logicalType, LogicalTypes.toLogicalType(arrow));
        assertEquals(arrow, LogicalTypes.toArrowField("c", logicalType, false, Map.of("k", "v"), List.of(), 0));
        assertEquals(encoding, LogicalTypes.encodingOf(logicalType));
    }

    @Test
    void fixedSizeListOfFloat() {
        Field vec = fsl("vec", 8, leaf("element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), false));

        assertEquals("fixed_size_list:float:8", LogicalTypes.toLogicalType(vec));
        assertEquals(Encoding.PLAIN, LogicalTypes.encodingOf("fixed_size_list:float:8"));
    }

    @Test
    void fixedSizeListReadsBackWithANullableItemNamedItem() {
        Field read = LogicalTypes.toArrowField("vec", "fixed_size_list:float:8", true, Map.of(), List.of(), 0);

        assertEquals(
                fsl("vec", 8, leaf("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true)), read);
    }

    @Test
    void nestedFixedSizeListBothWays() {
        Field inner = fsl("inner", 2, leaf("x", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), false));
        Field outer = fsl("m", 4, inner);

        assertEquals("fixed_size_list:fixed_size_list:float:2:4", LogicalTypes.toLogicalType(outer));
        Field expected = fsl(
                "m", 4, fsl("item", 2, leaf("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true)));
        assertEquals(
                expected,
                LogicalTypes.toArrowField(
                        "m", "fixed_size_list:fixed_size_list:float:2:4", true, Map.of(), List.of(), 0));
    }

    @Test
    void fixedSizeListOfTimestampKeepsTheColonsOfItsItemType() {
        String lt = "fixed_size_list:timestamp:us:UTC:3";
        Field read = LogicalTypes.toArrowField("t", lt, true, Map.of(), List.of(), 0);

        assertEquals(
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
                read.getChildren().get(0).getType());
        assertEquals(lt, LogicalTypes.toLogicalType(read));
    }

    @Test
    void bfloat16FixedSizeListBothWays() {
        Field vec = fsl(
                "v",
                4,
                new Field("e", new FieldType(false, new ArrowType.FixedSizeBinary(2), null, BFLOAT16), List.of()));

        assertEquals("fixed_size_list:lance.bfloat16:4", LogicalTypes.toLogicalType(vec));
        Field item = LogicalTypes.toArrowField("v", "fixed_size_list:lance.bfloat16:4", true, Map.of(), List.of(), 0)
                .getChildren()
                .get(0);
        assertEquals(new ArrowType.FixedSizeBinary(2), item.getType());
        assertEquals(
                Map.of(LogicalTypes.EXTENSION_NAME_KEY, "lance.bfloat16", LogicalTypes.EXTENSION_METADATA_KEY, ""),
                item.getMetadata());
    }

    @Test
    void structAndListsDependOnTheirChildren() {
        Field x = leaf("x", new ArrowType.Int(32, true), true);
        Field struct = new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(x));

        assertEquals("struct", LogicalTypes.toLogicalType(struct));
        assertEquals("list", LogicalTypes.toLogicalType(list(ArrowType.List.INSTANCE, x)));
        assertEquals("list.struct", LogicalTypes.toLogicalType(list(ArrowType.List.INSTANCE, struct)));
        assertEquals("large_list", LogicalTypes.toLogicalType(list(ArrowType.LargeList.INSTANCE, x)));
        assertEquals("large_list.struct", LogicalTypes.toLogicalType(list(ArrowType.LargeList.INSTANCE, struct)));
        assertEquals(Encoding.NONE, LogicalTypes.encodingOf("struct"));
        for (String lt : List.of("list", "list.struct", "large_list", "large_list.struct")) {
            assertEquals(Encoding.PLAIN, LogicalTypes.encodingOf(lt), lt);
        }
    }

    @Test
    void structAndListsReadBackWithTheGivenChildren() {
        Field x = leaf("x", new ArrowType.Int(32, true), true);
        Field struct = new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(x));

        assertEquals(struct, LogicalTypes.toArrowField("s", "struct", true, Map.of(), List.of(x), 0));
        assertEquals(
                list(ArrowType.List.INSTANCE, struct),
                LogicalTypes.toArrowField("l", "list.struct", true, Map.of(), List.of(struct), 0));
        assertEquals(
                list(ArrowType.LargeList.INSTANCE, x),
                LogicalTypes.toArrowField("l", "large_list", true, Map.of(), List.of(x), 0));
    }

    @Test
    void dictionaryBothWays() {
        DictionaryEncoding written = new DictionaryEncoding(99, true, new ArrowType.Int(16, false));
        Field dict = new Field("d", new FieldType(true, ArrowType.Utf8.INSTANCE, written, Map.of("k", "v")), List.of());

        assertEquals("dict:string:uint16:false", LogicalTypes.toLogicalType(dict));
        assertEquals(Encoding.DICTIONARY, LogicalTypes.encodingOf("dict:string:uint16:false"));
        Field read = LogicalTypes.toArrowField("d", "dict:string:uint16:false", true, Map.of("k", "v"), List.of(), 7);
        assertEquals(
                new Field(
                        "d",
                        new FieldType(
                                true,
                                ArrowType.Utf8.INSTANCE,
                                new DictionaryEncoding(7, false, new ArrowType.Int(16, false)),
                                Map.of("k", "v")),
                        List.of()),
                read);
    }

    @Test
    void lanceJsonBothWays() {
        Field json = new Field(
                "j",
                new FieldType(
                        true,
                        ArrowType.LargeBinary.INSTANCE,
                        null,
                        Map.of(LogicalTypes.EXTENSION_NAME_KEY, "lance.json", "k", "v")),
                List.of());

        assertEquals("json", LogicalTypes.toLogicalType(json));
        assertEquals(Encoding.VAR_BINARY, LogicalTypes.encodingOf("json"));
        assertEquals(json, LogicalTypes.toArrowField("j", "json", true, Map.of("k", "v"), List.of(), 0));
    }

    @Test
    void arrowJsonIsStoredAsJsonAndReadBackAsLanceJson() {
        Field arrowJson = new Field(
                "j",
                new FieldType(
                        true, ArrowType.Utf8.INSTANCE, null, Map.of(LogicalTypes.EXTENSION_NAME_KEY, "arrow.json")),
                List.of());

        assertEquals("json", LogicalTypes.toLogicalType(arrowJson));
        Field read = LogicalTypes.toArrowField("j", "json", true, arrowJson.getMetadata(), List.of(), 0);
        assertEquals(ArrowType.LargeBinary.INSTANCE, read.getType());
        assertEquals("lance.json", read.getMetadata().get(LogicalTypes.EXTENSION_NAME_KEY));
    }

    @Test
    void jsonExtensionNameOnTheWrongStorageTypeIsIgnored() {
        Field utf8 = new Field(
                "j",
                new FieldType(
                        true, ArrowType.Utf8.INSTANCE, null, Map.of(LogicalTypes.EXTENSION_NAME_KEY, "lance.json")),
                List.of());
        Field binary = new Field(
                "j",
                new FieldType(
                        true,
                        ArrowType.LargeBinary.INSTANCE,
                        null,
                        Map.of(LogicalTypes.EXTENSION_NAME_KEY, "arrow.json")),
                List.of());

        assertEquals("string", LogicalTypes.toLogicalType(utf8));
        assertEquals("large_binary", LogicalTypes.toLogicalType(binary));
    }

    static Stream<Field> unstorableArrowFields() {
        Field x = leaf("x", new ArrowType.Int(32, true), true);
        Field struct = new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(x));
        return Stream.of(
                new Field("bad", FieldType.nullable(new ArrowType.Map(false)), List.of(struct)),
                new Field("bad", FieldType.nullable(new ArrowType.Union(UnionMode.Sparse, new int[] {0})), List.of(x)),
                leaf("bad", ArrowType.Utf8View.INSTANCE, true),
                leaf("bad", new ArrowType.Interval(org.apache.arrow.vector.types.IntervalUnit.DAY_TIME), true),
                leaf("bad", new ArrowType.Int(24, true), true),
                leaf("bad", new ArrowType.Time(TimeUnit.SECOND, 64), true),
                leaf("bad", new ArrowType.Time(TimeUnit.NANOSECOND, 32), true),
                leaf("bad", new ArrowType.Decimal(10, 2, 64), true),
                leaf("bad", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "+07:00"), true),
                leaf("bad", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "-"), true),
                fsl("bad", 2, struct),
                fsl("bad", 2, list(ArrowType.List.INSTANCE, x)),
                fsl(
                        "bad",
                        2,
                        new Field(
                                "i",
                                new FieldType(
                                        true,
                                        ArrowType.Utf8.INSTANCE,
                                        new DictionaryEncoding(1, false, new ArrowType.Int(8, true)),
                                        null),
                                List.of())),
                new Field(
                        "bad",
                        new FieldType(
                                true,
                                new ArrowType.Timestamp(TimeUnit.SECOND, null),
                                new DictionaryEncoding(1, false, new ArrowType.Int(8, true)),
                                null),
                        List.of()),
                new Field(
                        "bad",
                        new FieldType(
                                true,
                                ArrowType.Struct.INSTANCE,
                                new DictionaryEncoding(1, false, new ArrowType.Int(8, true)),
                                null),
                        List.of(x)));
    }

    @ParameterizedTest
    @MethodSource("unstorableArrowFields")
    void unstorableArrowTypesAreRefusedNamingTheField(Field field) {
        UnsupportedLogicalTypeException e =
                assertThrows(UnsupportedLogicalTypeException.class, () -> LogicalTypes.toLogicalType(field));
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
    }

    @Test
    void arrowListWithoutItemIsInvalid() {
        Field broken = new Field("l", FieldType.nullable(ArrowType.List.INSTANCE), List.of());

        InvalidSchemaException e = assertThrows(InvalidSchemaException.class, () -> LogicalTypes.toLogicalType(broken));
        assertTrue(e.getMessage().contains("'l'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "int",
                "int33",
                "INT32",
                "int32 ",
                "map",
                "blob",
                "struct.list",
                "date32:ms",
                "date64:day",
                "time32:us",
                "time64:s",
                "time:us",
                "timestamp:us",
                "timestamp:xs:UTC",
                "timestamp:us:+07:00",
                "duration",
                "duration:h",
                "decimal:64:10:2",
                "decimal:128:x:2",
                "decimal:128:10",
                "decimal:128:300:2",
                "decimal:128:10:200",
                "fixed_size_binary",
                "fixed_size_binary:-1",
                "fixed_size_binary:abc",
                "fixed_size_binary:4:4",
                "fixed_size_list:float",
                "fixed_size_list:8",
                "fixed_size_list::8",
                "fixed_size_list:float:",
                "fixed_size_list:float:-1",
                "fixed_size_list:struct:2",
                "fixed_size_list:list:2",
                "fixed_size_list:json:2",
                "fixed_size_list:dict:string:int8:false:2",
                "fixed_size_list:floaty:2",
                "dict:string:int32",
                "dict:string:int32:true",
                "dict:string:float:false",
                "dict:struct:int32:false",
                "dict:json:int32:false",
                "dict:string:int32:false:x",
                "dict::int32:false"
            })
    void malformedLogicalTypesAreRefusedNamingFieldAndString(String logicalType) {
        UnsupportedLogicalTypeException e = assertThrows(
                UnsupportedLogicalTypeException.class,
                () -> LogicalTypes.toArrowField("col", logicalType, true, Map.of(), List.of(), 0));
        assertTrue(
                e.getMessage().contains("'col'") && e.getMessage().contains("'" + logicalType + "'"), e.getMessage());
    }

    @Test
    void childrenMustFitTheLogicalType() {
        Field x = leaf("x", new ArrowType.Int(32, true), true);

        for (String lt : List.of("list", "list.struct", "large_list", "large_list.struct")) {
            assertThrows(
                    InvalidSchemaException.class,
                    () -> LogicalTypes.toArrowField("l", lt, true, Map.of(), List.of(), 0),
                    lt);
            assertThrows(
                    InvalidSchemaException.class,
                    () -> LogicalTypes.toArrowField("l", lt, true, Map.of(), List.of(x, x), 0),
                    lt);
        }
        for (String lt : List.of("int32", "fixed_size_list:float:2", "dict:string:int8:false", "json")) {
            InvalidSchemaException e = assertThrows(
                    InvalidSchemaException.class,
                    () -> LogicalTypes.toArrowField("leaf", lt, true, Map.of(), List.of(x), 0),
                    lt);
            assertTrue(e.getMessage().contains("'leaf'"), e.getMessage());
        }
    }

    @Test
    void timestampWithoutZoneReadsBackWithNullZone() {
        Field read = LogicalTypes.toArrowField("t", "timestamp:ns:-", true, Map.of(), List.of(), 0);

        assertNull(((ArrowType.Timestamp) read.getType()).getTimezone());
    }

    private static Field leaf(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null, null), List.of());
    }

    private static Field fsl(String name, int size, Field item) {
        return new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(size)), List.of(item));
    }

    private static Field list(ArrowType type, Field item) {
        return new Field("l", FieldType.nullable(type), List.of(item));
    }
}
