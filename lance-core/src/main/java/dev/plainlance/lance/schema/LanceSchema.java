package dev.plainlance.lance.schema;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.pb.file.Encoding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Lance schema: top-level {@link LanceField}s plus schema metadata. Immutable.
 *
 * <p>Its protobuf form is the pre-order flattening of the field tree into {@code lance.file.Field} messages (parents
 * before children, {@code parent_id = -1} at top level) plus a {@code map<string, bytes>} of UTF-8 metadata values.
 * Every instance is known to convert to Arrow: construction fails on unknown logical types or misplaced children.
 */
public final class LanceSchema {
    /** Field metadata key marking a column as (part of) the unenforced primary key; true/1/yes mean set. */
    public static final String UNENFORCED_PRIMARY_KEY_KEY = "lance-schema:unenforced-primary-key";

    private final List<LanceField> fields;
    private final Map<String, String> metadata;
    private final List<LanceField> preOrder;
    private final Map<Integer, LanceField> byId;
    /** Converted up front, which validates the types; wrapped in a {@link #toArrow() Schema} on first use. */
    private final List<Field> arrowFields;
    /** Built on first use: loading Arrow's Schema class sets up Jackson readers, slow for a short command. */
    private volatile Schema arrow;

    private LanceSchema(List<LanceField> fields, Map<String, String> metadata) {
        this.fields = List.copyOf(fields);
        this.metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        List<LanceField> all = new ArrayList<>();
        this.fields.forEach(f -> addPreOrder(f, all));
        this.preOrder = List.copyOf(all);
        Map<Integer, LanceField> index = new HashMap<>();
        all.forEach(f -> index.put(f.id(), f));
        this.byId = Collections.unmodifiableMap(index);
        this.arrowFields = this.fields.stream().map(LanceField::toArrow).toList();
    }

    /**
     * Rebuilds a schema from its flattened protobuf fields and metadata. A field with {@code parent_id == -1} is top
     * level; any other field becomes the next child of the earlier field whose id is its {@code parent_id}. A
     * non-empty {@code extension_name} is copied into the metadata key {@code ARROW:extension:name}, a set
     * {@code unenforced_primary_key} into {@link #UNENFORCED_PRIMARY_KEY_KEY} unless present; an unknown encoding
     * number reads as {@code NONE}. The legacy v1 {@code dictionary} (offsets into an old manifest) and the retired
     * {@code storage_class} (field 11, written by old releases) are dropped.
     *
     * @throws InvalidSchemaException on a negative or duplicate id, or a parent id that no earlier field has
     * @throws UnsupportedLogicalTypeException on an unknown or malformed logical type
     */
    public static LanceSchema fromProto(
            List<dev.plainlance.lance.pb.file.Field> fields, Map<String, ByteString> schemaMetadata) {
        Map<Integer, dev.plainlance.lance.pb.file.Field> seen = new HashMap<>();
        Map<Integer, List<dev.plainlance.lance.pb.file.Field>> childrenOf = new HashMap<>();
        List<dev.plainlance.lance.pb.file.Field> topLevel = new ArrayList<>();
        for (dev.plainlance.lance.pb.file.Field f : fields) {
            if (f.getId() < 0) {
                throw new InvalidSchemaException("field '" + f.getName() + "' has negative id " + f.getId());
            }
            dev.plainlance.lance.pb.file.Field previous = seen.get(f.getId());
            if (previous != null) {
                throw new InvalidSchemaException("field '" + f.getName() + "' reuses id " + f.getId() + " of field '"
                        + previous.getName() + "'");
            }
            if (f.getParentId() == -1) {
                topLevel.add(f);
            } else if (seen.containsKey(f.getParentId())) {
                childrenOf
                        .computeIfAbsent(f.getParentId(), k -> new ArrayList<>())
                        .add(f);
            } else {
                throw new InvalidSchemaException("field '" + f.getName() + "' (id " + f.getId() + ") has parent id "
                        + f.getParentId() + " but no earlier field has that id");
            }
            seen.put(f.getId(), f);
        }
        List<LanceField> top =
                topLevel.stream().map(f -> fromProto(f, childrenOf)).toList();
        return new LanceSchema(top, decode(schemaMetadata));
    }

    /** Converts an Arrow schema, assigning field ids depth-first in pre-order starting at 0. */
    public static LanceSchema fromArrow(Schema schema) {
        return fromArrow(schema, 0);
    }

    /**
     * Converts an Arrow schema, assigning field ids depth-first in pre-order starting at {@code firstId}. Fixed-size
     * list items and dictionary values get no field (and no id) of their own.
     *
     * @throws UnsupportedLogicalTypeException naming the field if Lance cannot store one of the types
     * @throws IllegalArgumentException if {@code firstId} is negative
     */
    public static LanceSchema fromArrow(Schema schema, int firstId) {
        if (firstId < 0) {
            throw new IllegalArgumentException("first field id must be >= 0, not " + firstId);
        }
        int[] nextId = {firstId};
        List<LanceField> top =
                schema.getFields().stream().map(f -> fromArrow(f, -1, nextId)).toList();
        return new LanceSchema(top, schema.getCustomMetadata());
    }

    /**
     * The flattened protobuf fields in pre-order. {@code type} is never set, {@code extension_name} mirrors the
     * metadata key {@code ARROW:extension:name}, {@code unenforced_primary_key} mirrors
     * {@link #UNENFORCED_PRIMARY_KEY_KEY}.
     */
    public List<dev.plainlance.lance.pb.file.Field> toProto() {
        List<dev.plainlance.lance.pb.file.Field> out = new ArrayList<>(preOrder.size());
        for (LanceField f : preOrder) {
            dev.plainlance.lance.pb.file.Field.Builder b = dev.plainlance.lance.pb.file.Field.newBuilder()
                    .setName(f.name())
                    .setId(f.id())
                    .setParentId(f.parentId())
                    .setLogicalType(f.logicalType())
                    .setNullable(f.nullable())
                    .setEncoding(f.encoding())
                    .setExtensionName(f.metadata().getOrDefault(LogicalTypes.EXTENSION_NAME_KEY, ""))
                    .putAllMetadata(encode(f.metadata()))
                    .setUnenforcedPrimaryKey(isPrimaryKey(f.metadata().get(UNENFORCED_PRIMARY_KEY_KEY)));
            out.add(b.build());
        }
        return List.copyOf(out);
    }

    /** Schema metadata with UTF-8 encoded values, as stored in protobuf, sorted by key. */
    public Map<String, ByteString> metadataProto() {
        return encode(metadata);
    }

    /** This schema as Arrow; dictionary fields use their field id as dictionary id. */
    public Schema toArrow() {
        Schema schema = arrow;
        if (schema == null) {
            schema = new Schema(arrowFields, metadata);
            arrow = schema;
        }
        return schema;
    }

    /** {@link #toArrow()} under the official {@code org.lance.schema.LanceSchema} name. */
    public Schema asArrowSchema() {
        return toArrow();
    }

    /** The schema as readers return values: dictionary-encoded fields carry their value type. */
    public Schema toArrowValues() {
        return new Schema(fields.stream().map(LanceField::toArrowValues).toList(), metadata);
    }

    /** Top-level fields in schema order. */
    public List<LanceField> fields() {
        return fields;
    }

    /** Every field, parents before children, in the order of {@link #toProto()}. */
    public List<LanceField> allFieldsPreOrder() {
        return preOrder;
    }

    public Optional<LanceField> fieldById(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The largest field id, or -1 if the schema has no fields. */
    public int maxFieldId() {
        return preOrder.stream().mapToInt(LanceField::id).max().orElse(-1);
    }

    /** Schema metadata, sorted by key. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The schema restricted to the named top-level columns, in the order requested, with ids and metadata kept.
     *
     * @throws IllegalArgumentException naming the column if a name is unknown or requested twice
     */
    public LanceSchema project(List<String> columnNames) {
        Map<String, LanceField> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.putIfAbsent(f.name(), f));
        Set<String> requested = new HashSet<>();
        List<LanceField> projected = new ArrayList<>(columnNames.size());
        for (String name : columnNames) {
            LanceField f = byName.get(name);
            if (f == null) {
                throw new IllegalArgumentException("column '" + name + "' not found; columns are " + byName.keySet());
            }
            if (!requested.add(name)) {
                throw new IllegalArgumentException("column '" + name + "' requested more than once");
            }
            projected.add(f);
        }
        return new LanceSchema(projected, metadata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LanceSchema other && fields.equals(other.fields) && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * fields.hashCode() + metadata.hashCode();
    }

    @Override
    public String toString() {
        return "LanceSchema" + preOrder + (metadata.isEmpty() ? "" : " metadata=" + metadata);
    }

    private static LanceField fromProto(
            dev.plainlance.lance.pb.file.Field f, Map<Integer, List<dev.plainlance.lance.pb.file.Field>> childrenOf) {
        Map<String, String> metadata = decode(f.getMetadataMap());
        if (!f.getExtensionName().isEmpty()) {
            metadata.put(LogicalTypes.EXTENSION_NAME_KEY, f.getExtensionName());
        }
        if (f.getUnenforcedPrimaryKey()) {
            metadata.putIfAbsent(UNENFORCED_PRIMARY_KEY_KEY, "true");
        }
        Encoding encoding = f.getEncoding() == Encoding.UNRECOGNIZED ? Encoding.NONE : f.getEncoding();
        List<LanceField> children = childrenOf.getOrDefault(f.getId(), List.of()).stream()
                .map(c -> fromProto(c, childrenOf))
                .toList();
        return new LanceField(
                f.getId(),
                f.getParentId(),
                f.getName(),
                f.getLogicalType(),
                f.getNullable(),
                metadata,
                encoding,
                children);
    }

    private static LanceField fromArrow(Field f, int parentId, int[] nextId) {
        int id = nextId[0]++;
        String logicalType = LogicalTypes.toLogicalType(f);
        List<LanceField> children = LogicalTypes.hasChildren(logicalType)
                ? f.getChildren().stream().map(c -> fromArrow(c, id, nextId)).toList()
                : List.of();
        return new LanceField(
                id,
                parentId,
                f.getName(),
                logicalType,
                f.isNullable(),
                f.getMetadata(),
                LogicalTypes.encodingOf(logicalType),
                children);
    }

    private static void addPreOrder(LanceField f, List<LanceField> out) {
        out.add(f);
        f.children().forEach(c -> addPreOrder(c, out));
    }

    private static boolean isPrimaryKey(String value) {
        return value != null && Set.of("true", "1", "yes").contains(value.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> decode(Map<String, ByteString> proto) {
        Map<String, String> out = new TreeMap<>();
        proto.forEach((k, v) -> out.put(k, v.toStringUtf8()));
        return out;
    }

    /** Encodes an already sorted map, keeping its order. */
    private static Map<String, ByteString> encode(Map<String, String> sorted) {
        Map<String, ByteString> out = new LinkedHashMap<>();
        sorted.forEach((k, v) -> out.put(k, ByteString.copyFromUtf8(v)));
        return Collections.unmodifiableMap(out);
    }
}
