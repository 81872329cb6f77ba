package dev.plainlance.lance.schema;

import dev.plainlance.lance.pb.file.Encoding;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One field of a Lance schema. Immutable; {@code metadata} is kept sorted by key so that its protobuf form is
 * deterministic.
 *
 * @param id field id, unique within the schema
 * @param parentId id of the enclosing field, or -1 at top level
 * @param name the field's own name (not a dotted path)
 * @param logicalType the Lance logical type string, see {@link LogicalTypes}
 * @param metadata Arrow field metadata, including {@code ARROW:extension:*} keys
 * @param encoding the legacy per-field encoding hint that Rust still writes
 * @param children Lance child fields; only {@code struct} and (large) lists have any, each with
 *     {@code parentId == id}
 */
public record LanceField(
        int id,
        int parentId,
        String name,
        String logicalType,
        boolean nullable,
        Map<String, String> metadata,
        Encoding encoding,
        List<LanceField> children) {

    /** @throws InvalidSchemaException if a child's {@code parentId} is not this field's {@code id} */
    public LanceField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logicalType, "logicalType");
        Objects.requireNonNull(encoding, "encoding");
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        children = List.copyOf(children);
        for (LanceField child : children) {
            if (child.parentId() != id) {
                throw new InvalidSchemaException("field '" + child.name() + "' (id " + child.id() + ") has parent id "
                        + child.parentId() + " but is a child of field '" + name + "' (id " + id + ")");
            }
        }
    }

    /**
     * This field as an Arrow field (dictionary id = field id).
     *
     * @throws UnsupportedLogicalTypeException if the logical type of this field or a descendant is not understood
     * @throws InvalidSchemaException if the children do not fit the logical type
     */
    public Field toArrow() {
        List<Field> arrowChildren = children.stream().map(LanceField::toArrow).toList();
        return LogicalTypes.toArrowField(name, logicalType, nullable, metadata, arrowChildren, id);
    }

    /**
     * This field as readers return its values: like {@link #toArrow()}, with dictionary encodings (here and in
     * descendants) replaced by their value type; a blob column, at any depth, reads as its description
     * ({@link BlobFields}).
     */
    public Field toArrowValues() {
        if (BlobFields.isBlobV2(this)) {
            return BlobFields.descriptionV2Field(name);
        }
        if (BlobFields.isBlob(this)) {
            return BlobFields.descriptionField(toArrow());
        }
        Field field = toArrow();
        return new Field(
                field.getName(),
                new org.apache.arrow.vector.types.pojo.FieldType(
                        field.isNullable(), field.getType(), null, field.getMetadata()),
                children.isEmpty()
                        ? field.getChildren().stream()
                                .map(LanceField::withoutDictionaries)
                                .toList()
                        : children.stream().map(LanceField::toArrowValues).toList());
    }

    /** {@code field} with its dictionary encoding and its descendants' replaced by their value types. */
    private static Field withoutDictionaries(Field field) {
        return new Field(
                field.getName(),
                new org.apache.arrow.vector.types.pojo.FieldType(
                        field.isNullable(), field.getType(), null, field.getMetadata()),
                field.getChildren().stream()
                        .map(LanceField::withoutDictionaries)
                        .toList());
    }
}
