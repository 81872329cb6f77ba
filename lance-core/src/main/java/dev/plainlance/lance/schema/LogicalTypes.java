package dev.plainlance.lance.schema;

import dev.plainlance.lance.pb.file.Encoding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Lance logical type strings ({@code int32}, {@code timestamp:us:UTC}, {@code fixed_size_list:float:8}, ...) and their
 * Arrow equivalents, exactly as the Rust implementation spells them.
 *
 * <p>Only {@code struct}, {@code list[.struct]} and {@code large_list[.struct]} have Lance child fields. A fixed-size
 * list carries its item type inside the string and has no child field; on read its item is named {@code item} and is
 * nullable. Dictionary fields are read back with dictionary id = Lance field id and {@code ordered = false}.
 */
public final class LogicalTypes {
    /** Arrow field metadata key naming an extension type. */
    public static final String EXTENSION_NAME_KEY = "ARROW:extension:name";
    /** Arrow field metadata key holding an extension type's serialized parameters. */
    public static final String EXTENSION_METADATA_KEY = "ARROW:extension:metadata";
    /** Lance's JSON extension: {@code LargeBinary} storage, logical type {@code json}. */
    public static final String LANCE_JSON_EXTENSION = "lance.json";
    /** Arrow's canonical JSON extension: {@code Utf8}/{@code LargeUtf8} storage, also stored as {@code json}. */
    public static final String ARROW_JSON_EXTENSION = "arrow.json";
    /** Lance's bfloat16 extension on {@code FixedSizeBinary(2)}, only representable as a fixed-size list item. */
    public static final String BFLOAT16_EXTENSION = "lance.bfloat16";

    private static final String JSON = "json";
    private static final String DICT_PREFIX = "dict:";
    private static final String FSL_PREFIX = "fixed_size_list:";
    private static final String ITEM = "item";

    private LogicalTypes() {}

    /**
     * The logical type of an Arrow field: {@code json} for a JSON extension field, {@code dict:{value}:{key}:false}
     * for a dictionary-encoded field, otherwise derived from its type (and, for lists, its children).
     *
     * @throws UnsupportedLogicalTypeException naming the field if Lance cannot store the type
     */
    public static String toLogicalType(Field field) {
        String name = field.getName();
        DictionaryEncoding dictionary = field.getDictionary();
        if (dictionary != null) {
            String value = typeString(name, field.getType(), field.getChildren());
            if (hasChildren(value) || value.indexOf(':') >= 0) {
                throw unsupportedArrow(
                        name,
                        field.getType(),
                        "dictionary values must be a primitive type whose " + "logical type contains no ':'");
            }
            return DICT_PREFIX + value + ":" + typeString(name, dictionary.getIndexType(), List.of()) + ":false";
        }
        if (isJson(field)) {
            return JSON;
        }
        return typeString(name, field.getType(), field.getChildren());
    }

    /**
     * The Arrow field for a Lance field, given its already converted Lance children.
     *
     * @param dictionaryId the Arrow dictionary id used if the type is {@code dict:...}
     * @throws UnsupportedLogicalTypeException naming the field if the logical type is unknown or malformed
     * @throws InvalidSchemaException naming the field if the children do not fit the logical type
     */
    public static Field toArrowField(
            String name,
            String logicalType,
            boolean nullable,
            Map<String, String> metadata,
            List<Field> children,
            long dictionaryId) {
        switch (logicalType) {
            case "struct":
                return field(name, nullable, ArrowType.Struct.INSTANCE, metadata, children);
            case "list", "list.struct":
                return field(name, nullable, ArrowType.List.INSTANCE, metadata, List.of(onlyChild(name, children)));
            case "large_list", "large_list.struct":
                return field(
                        name, nullable, ArrowType.LargeList.INSTANCE, metadata, List.of(onlyChild(name, children)));
            default:
                break;
        }
        if (!children.isEmpty()) {
            throw new InvalidSchemaException("field '" + name + "' of logical type '" + logicalType
                    + "' cannot have child fields but has " + children.size());
        }
        Parse parse = new Parse(name, logicalType);
        if (logicalType.equals(JSON)) {
            Map<String, String> json = new HashMap<>(metadata);
            json.put(EXTENSION_NAME_KEY, LANCE_JSON_EXTENSION);
            return field(name, nullable, ArrowType.LargeBinary.INSTANCE, json, List.of());
        }
        if (logicalType.startsWith(DICT_PREFIX)) {
            String[] parts = logicalType.split(":", -1);
            if (parts.length != 4 || !parts[3].equals("false")) {
                throw parse.fail("expected dict:{value type}:{key type}:false");
            }
            ArrowType value = parse.primitive(parts[1]);
            if (!(parse.primitive(parts[2]) instanceof ArrowType.Int key)) {
                throw parse.fail("dictionary key type '" + parts[2] + "' is not an integer type");
            }
            DictionaryEncoding encoding = new DictionaryEncoding(dictionaryId, false, key);
            return new Field(name, new FieldType(nullable, value, encoding, metadata), List.of());
        }
        return parse.childless(name, logicalType, nullable, metadata);
    }

    /**
     * The legacy per-field encoding Rust writes for a logical type: {@code DICTIONARY} for dictionaries,
     * {@code VAR_BINARY} for strings, binaries and JSON, {@code NONE} for {@code struct} and {@code null},
     * {@code PLAIN} for everything else (fixed-stride types and lists).
     */
    public static Encoding encodingOf(String logicalType) {
        if (logicalType.startsWith(DICT_PREFIX)) {
            return Encoding.DICTIONARY;
        }
        return switch (logicalType) {
            case "null", "struct" -> Encoding.NONE;
            case "string", "large_string", "binary", "large_binary", JSON -> Encoding.VAR_BINARY;
            default -> Encoding.PLAIN;
        };
    }

    /** Whether fields of this logical type have Lance child fields ({@code struct}, lists and large lists). */
    static boolean hasChildren(String logicalType) {
        return switch (logicalType) {
            case "struct", "list", "list.struct", "large_list", "large_list.struct" -> true;
            default -> false;
        };
    }

    private static boolean isJson(Field field) {
        String extension = field.getMetadata().get(EXTENSION_NAME_KEY);
        ArrowType.ArrowTypeID id = field.getType().getTypeID();
        return (LANCE_JSON_EXTENSION.equals(extension) && id == ArrowType.ArrowTypeID.LargeBinary)
                || (ARROW_JSON_EXTENSION.equals(extension)
                        && (id == ArrowType.ArrowTypeID.Utf8 || id == ArrowType.ArrowTypeID.LargeUtf8));
    }

    private static String typeString(String name, ArrowType type, List<Field> children) {
        return switch (type.getTypeID()) {
            case Null -> "null";
            case Bool -> "bool";
            case Int -> intString(name, (ArrowType.Int) type);
            case FloatingPoint ->
                switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                    case HALF -> "halffloat";
                    case SINGLE -> "float";
                    case DOUBLE -> "double";
                };
            case Utf8 -> "string";
            case LargeUtf8 -> "large_string";
            case Binary -> "binary";
            case LargeBinary -> "large_binary";
            case Date -> ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? "date32:day" : "date64:ms";
            case Time -> timeString(name, (ArrowType.Time) type);
            case Timestamp -> timestampString(name, (ArrowType.Timestamp) type);
            case Duration -> "duration:" + unitString(((ArrowType.Duration) type).getUnit());
            case Decimal -> decimalString(name, (ArrowType.Decimal) type);
            case FixedSizeBinary -> "fixed_size_binary:" + ((ArrowType.FixedSizeBinary) type).getByteWidth();
            case FixedSizeList ->
                FSL_PREFIX + fixedSizeListItem(name, onlyChild(name, children)) + ":"
                        + ((ArrowType.FixedSizeList) type).getListSize();
            case Struct -> "struct";
            case List -> isStruct(onlyChild(name, children)) ? "list.struct" : "list";
            case LargeList -> isStruct(onlyChild(name, children)) ? "large_list.struct" : "large_list";
            default -> throw unsupportedArrow(name, type, "Lance has no logical type for it");
        };
    }

    private static String intString(String name, ArrowType.Int type) {
        int bits = type.getBitWidth();
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw unsupportedArrow(name, type, "bit width must be 8, 16, 32 or 64");
        }
        return (type.getIsSigned() ? "int" : "uint") + bits;
    }

    private static String timeString(String name, ArrowType.Time type) {
        TimeUnit unit = type.getUnit();
        boolean seconds = unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND;
        if (type.getBitWidth() != (seconds ? 32 : 64)) {
            throw unsupportedArrow(name, type, "time32 takes s|ms and time64 takes us|ns");
        }
        return (seconds ? "time32:" : "time64:") + unitString(unit);
    }

    private static String timestampString(String name, ArrowType.Timestamp type) {
        String tz = type.getTimezone();
        if (tz != null && (tz.indexOf(':') >= 0 || tz.equals("-"))) {
            throw unsupportedArrow(
                    name,
                    type,
                    "Lance cannot read back a time zone containing ':' or equal to '-'; "
                            + "use a named zone such as 'Etc/GMT-7'");
        }
        return "timestamp:" + unitString(type.getUnit()) + ":" + (tz == null ? "-" : tz);
    }

    private static String decimalString(String name, ArrowType.Decimal type) {
        if (type.getBitWidth() != 128 && type.getBitWidth() != 256) {
            throw unsupportedArrow(name, type, "only 128- and 256-bit decimals exist in Lance");
        }
        return "decimal:" + type.getBitWidth() + ":" + type.getPrecision() + ":" + type.getScale();
    }

    private static String fixedSizeListItem(String name, Field item) {
        if (item.getType().equals(new ArrowType.FixedSizeBinary(2))
                && BFLOAT16_EXTENSION.equals(item.getMetadata().get(EXTENSION_NAME_KEY))) {
            return BFLOAT16_EXTENSION;
        }
        if (item.getDictionary() != null) {
            throw unsupportedArrow(name, item.getType(), "a fixed-size list item cannot be dictionary-encoded");
        }
        String itemType = typeString(name, item.getType(), item.getChildren());
        if (hasChildren(itemType)) {
            throw unsupportedArrow(name, item.getType(), "a fixed-size list item cannot be a struct or a list");
        }
        return itemType;
    }

    private static boolean isStruct(Field field) {
        return field.getType().getTypeID() == ArrowType.ArrowTypeID.Struct;
    }

    private static <T> T onlyChild(String name, List<T> children) {
        if (children.size() != 1) {
            throw new InvalidSchemaException(
                    "list field '" + name + "' must have exactly one child field but has " + children.size());
        }
        return children.get(0);
    }

    private static String unitString(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> "s";
            case MILLISECOND -> "ms";
            case MICROSECOND -> "us";
            case NANOSECOND -> "ns";
        };
    }

    private static Field field(
            String name, boolean nullable, ArrowType type, Map<String, String> metadata, List<Field> children) {
        return new Field(name, new FieldType(nullable, type, null, metadata), children);
    }

    private static UnsupportedLogicalTypeException unsupportedArrow(String name, ArrowType type, String why) {
        return new UnsupportedLogicalTypeException(
                "field '" + name + "': Arrow type " + type + " cannot be stored in Lance: " + why);
    }

    /** Parsing context of one field's logical type string, so that every error names both. */
    private record Parse(String name, String logicalType) {

        UnsupportedLogicalTypeException fail(String why) {
            return new UnsupportedLogicalTypeException(
                    "field '" + name + "': unsupported logical type '" + logicalType + "': " + why);
        }

        /** A field without Lance children: a fixed-size list (with its generated item) or a primitive. */
        Field childless(String fieldName, String type, boolean nullable, Map<String, String> metadata) {
            if (!type.startsWith(FSL_PREFIX)) {
                return field(fieldName, nullable, primitive(type), metadata, List.of());
            }
            int sizeAt = type.lastIndexOf(':');
            if (sizeAt < FSL_PREFIX.length()) {
                throw fail("expected fixed_size_list:{item type}:{size}");
            }
            String itemType = type.substring(FSL_PREFIX.length(), sizeAt);
            int size = nonNegative(type.substring(sizeAt + 1));
            Field item = itemType.equals(BFLOAT16_EXTENSION)
                    ? field(
                            ITEM,
                            true,
                            new ArrowType.FixedSizeBinary(2),
                            Map.of(EXTENSION_NAME_KEY, BFLOAT16_EXTENSION, EXTENSION_METADATA_KEY, ""),
                            List.of())
                    : childless(ITEM, itemType, true, Map.of());
            return field(fieldName, nullable, new ArrowType.FixedSizeList(size), metadata, List.of(item));
        }

        /** A type without children and without dictionary or extension semantics. */
        ArrowType primitive(String type) {
            switch (type) {
                case "null":
                    return ArrowType.Null.INSTANCE;
                case "bool":
                    return ArrowType.Bool.INSTANCE;
                case "int8":
                    return new ArrowType.Int(8, true);
                case "int16":
                    return new ArrowType.Int(16, true);
                case "int32":
                    return new ArrowType.Int(32, true);
                case "int64":
                    return new ArrowType.Int(64, true);
                case "uint8":
                    return new ArrowType.Int(8, false);
                case "uint16":
                    return new ArrowType.Int(16, false);
                case "uint32":
                    return new ArrowType.Int(32, false);
                case "uint64":
                    return new ArrowType.Int(64, false);
                case "halffloat":
                    return new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);
                case "float":
                    return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
                case "double":
                    return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case "string":
                    return ArrowType.Utf8.INSTANCE;
                case "large_string":
                    return ArrowType.LargeUtf8.INSTANCE;
                case "binary":
                    return ArrowType.Binary.INSTANCE;
                case "large_binary":
                    return ArrowType.LargeBinary.INSTANCE;
                case "date32:day":
                    return new ArrowType.Date(DateUnit.DAY);
                case "date64:ms":
                    return new ArrowType.Date(DateUnit.MILLISECOND);
                case "time32:s":
                    return new ArrowType.Time(TimeUnit.SECOND, 32);
                case "time32:ms":
                    return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
                case "time64:us":
                    return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
                case "time64:ns":
                    return new ArrowType.Time(TimeUnit.NANOSECOND, 64);
                default:
                    break;
            }
            String[] parts = type.split(":", -1);
            switch (parts[0]) {
                case "timestamp":
                    arity(parts, 3, "timestamp:{unit}:{time zone or -}");
                    return new ArrowType.Timestamp(unit(parts[1]), parts[2].equals("-") ? null : parts[2]);
                case "duration":
                    arity(parts, 2, "duration:{unit}");
                    return new ArrowType.Duration(unit(parts[1]));
                case "decimal":
                    arity(parts, 4, "decimal:{128|256}:{precision}:{scale}");
                    if (!parts[1].equals("128") && !parts[1].equals("256")) {
                        throw fail("decimal width must be 128 or 256, not '" + parts[1] + "'");
                    }
                    return new ArrowType.Decimal(
                            integer(parts[2], 0, 255), integer(parts[3], -128, 127), Integer.parseInt(parts[1]));
                case "fixed_size_binary":
                    arity(parts, 2, "fixed_size_binary:{size}");
                    return new ArrowType.FixedSizeBinary(nonNegative(parts[1]));
                default:
                    throw fail("'" + type + "' is not a known primitive type");
            }
        }

        private void arity(String[] parts, int expected, String form) {
            if (parts.length != expected) {
                throw fail("expected " + form);
            }
        }

        private TimeUnit unit(String unit) {
            return switch (unit) {
                case "s" -> TimeUnit.SECOND;
                case "ms" -> TimeUnit.MILLISECOND;
                case "us" -> TimeUnit.MICROSECOND;
                case "ns" -> TimeUnit.NANOSECOND;
                default -> throw fail("unknown time unit '" + unit + "'");
            };
        }

        private int nonNegative(String text) {
            return integer(text, 0, Integer.MAX_VALUE);
        }

        private int integer(String text, int min, int max) {
            try {
                int value = Integer.parseInt(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw fail("'" + text + "' is not an integer in [" + min + ", " + max + "]");
        }
    }
}
