package dev.plainlance.lance.file;

import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.file.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Minimal mapping from Lance file schema fields (logical type strings) to Arrow fields, used by the
 * file reader only. Intended to be replaced by the table-level schema mapping when both are merged.
 *
 * <p>Arrow dictionary fields ({@code dict:...}) are mapped to their value type; the reader decodes
 * them to plain values.
 */
public final class FileSchemaMapping {
    private FileSchemaMapping() {}

    /** Arrow schema of the given top-level fields, with the file's schema metadata. */
    public static Schema toArrowSchema(
            List<FieldTree> roots, Map<String, com.google.protobuf.ByteString> metadata) {
        List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
        for (FieldTree root : roots) {
            fields.add(toArrowField(root));
        }
        return new Schema(fields, utf8(metadata));
    }

    /** Arrow field for a Lance field and its children. */
    public static org.apache.arrow.vector.types.pojo.Field toArrowField(FieldTree node) {
        Field field = node.field();
        String logical = field.getLogicalType();
        Map<String, String> metadata = utf8(field.getMetadataMap());
        if (logical.startsWith("fixed_size_list:")) {
            int split = logical.lastIndexOf(':');
            String itemType = logical.substring("fixed_size_list:".length(), split);
            int size = parseInt(logical.substring(split + 1), logical);
            org.apache.arrow.vector.types.pojo.Field item = itemField(itemType);
            return new org.apache.arrow.vector.types.pojo.Field(
                    field.getName(),
                    new FieldType(
                            field.getNullable(), new ArrowType.FixedSizeList(size), null, metadata),
                    List.of(item));
        }
        List<org.apache.arrow.vector.types.pojo.Field> children = new ArrayList<>();
        for (FieldTree child : node.children()) {
            children.add(toArrowField(child));
        }
        ArrowType type = nonListType(logical, node);
        return new org.apache.arrow.vector.types.pojo.Field(
                field.getName(),
                new FieldType(field.getNullable(), type, null, metadata),
                children);
    }

    private static org.apache.arrow.vector.types.pojo.Field itemField(String itemType) {
        if (itemType.startsWith("fixed_size_list:")) {
            int split = itemType.lastIndexOf(':');
            int size = parseInt(itemType.substring(split + 1), itemType);
            return new org.apache.arrow.vector.types.pojo.Field(
                    "item",
                    FieldType.nullable(new ArrowType.FixedSizeList(size)),
                    List.of(itemField(itemType.substring("fixed_size_list:".length(), split))));
        }
        if (itemType.equals("lance.bfloat16")) {
            return new org.apache.arrow.vector.types.pojo.Field(
                    "item",
                    new FieldType(
                            true,
                            new ArrowType.FixedSizeBinary(2),
                            null,
                            Map.of(
                                    "ARROW:extension:name",
                                    "lance.bfloat16",
                                    "ARROW:extension:metadata",
                                    "")),
                    List.of());
        }
        return new org.apache.arrow.vector.types.pojo.Field(
                "item", FieldType.nullable(primitive(itemType)), List.of());
    }

    private static ArrowType nonListType(String logical, FieldTree node) {
        switch (logical) {
            case "struct":
                return ArrowType.Struct.INSTANCE;
            case "list":
            case "list.struct":
                if (node.children().size() != 1) {
                    throw new DecodeException("list field " + node.name() + " needs one child");
                }
                return ArrowType.List.INSTANCE;
            case "large_list":
            case "large_list.struct":
                if (node.children().size() != 1) {
                    throw new DecodeException("list field " + node.name() + " needs one child");
                }
                return ArrowType.LargeList.INSTANCE;
            default:
                if (!(node.children().isEmpty())) {
                    throw new DecodeException(
                            "field "
                                    + node.name()
                                    + " of type "
                                    + logical
                                    + " cannot have children");
                }
                if (logical.startsWith("dict:")) {
                    return dictionaryValueType(logical);
                }
                return primitive(logical);
        }
    }

    /** {@code dict:<value type>:<key type>:<ordered>}; the value type may itself contain colons. */
    private static ArrowType dictionaryValueType(String logical) {
        String rest = logical.substring("dict:".length());
        int orderedSplit = rest.lastIndexOf(':');
        if (orderedSplit <= 0) {
            throw new DecodeException("malformed dictionary type " + logical);
        }
        int keySplit = rest.lastIndexOf(':', orderedSplit - 1);
        if (keySplit <= 0) {
            throw new DecodeException("malformed dictionary type " + logical);
        }
        return primitive(rest.substring(0, keySplit));
    }

    /** Arrow type of a non-nested logical type string. */
    static ArrowType primitive(String logical) {
        switch (logical) {
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
            case "json":
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
                return parameterized(logical);
        }
    }

    private static ArrowType parameterized(String logical) {
        String[] parts = logical.split(":", -1);
        switch (parts[0]) {
            case "timestamp":
                if (parts.length >= 3) {
                    String tz = logical.substring(parts[0].length() + parts[1].length() + 2);
                    return new ArrowType.Timestamp(
                            timeUnit(parts[1], logical), tz.equals("-") ? null : tz);
                }
                break;
            case "duration":
                if (parts.length == 2) {
                    return new ArrowType.Duration(timeUnit(parts[1], logical));
                }
                break;
            case "decimal":
                if (parts.length == 4 && (parts[1].equals("128") || parts[1].equals("256"))) {
                    return new ArrowType.Decimal(
                            parseInt(parts[2], logical),
                            parseInt(parts[3], logical),
                            parseInt(parts[1], logical));
                }
                break;
            case "fixed_size_binary":
                if (parts.length == 2) {
                    return new ArrowType.FixedSizeBinary(parseInt(parts[1], logical));
                }
                break;
            default:
                break;
        }
        throw new DecodeException("unsupported logical type '" + logical + "'");
    }

    private static TimeUnit timeUnit(String unit, String logical) {
        switch (unit) {
            case "s":
                return TimeUnit.SECOND;
            case "ms":
                return TimeUnit.MILLISECOND;
            case "us":
                return TimeUnit.MICROSECOND;
            case "ns":
                return TimeUnit.NANOSECOND;
            default:
                throw new DecodeException("unsupported time unit in '" + logical + "'");
        }
    }

    private static int parseInt(String text, String logical) {
        try {
            int value = Integer.parseInt(text);
            if (!(value > 0 || logical.startsWith("decimal"))) {
                throw new DecodeException("non-positive size in '" + logical + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DecodeException("malformed logical type '" + logical + "'");
        }
    }

    private static Map<String, String> utf8(Map<String, com.google.protobuf.ByteString> raw) {
        if (raw.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((key, value) -> out.put(key, value.toString(StandardCharsets.UTF_8)));
        return out;
    }
}
