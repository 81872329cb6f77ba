package dev.plainlance.lance.schema;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Blob columns as official Lance 7.0.0 keeps them: a {@code large_binary} field whose metadata has the key
 * {@code lance-encoding:blob}. Its values are stored out of line in the data file; scans return each value's
 * description, {@code struct<position: uint64, size: uint64>} (the bytes' place in that file).
 */
public final class BlobFields {
    /** Field metadata key marking a blob column. */
    public static final String BLOB_KEY = "lance-encoding:blob";
    /** Name of the description's child holding the value's offset in the data file. */
    public static final String POSITION = "position";
    /** Name of the description's child holding the value's length. */
    public static final String SIZE = "size";

    private static final ArrowType UINT64 = new ArrowType.Int(64, false);

    private BlobFields() {}

    /** Whether a field of this logical type and metadata is a blob column. */
    public static boolean isBlob(String logicalType, Map<String, ?> metadata) {
        return "large_binary".equals(logicalType) && metadata.containsKey(BLOB_KEY);
    }

    public static boolean isBlob(LanceField field) {
        return isBlob(field.logicalType(), field.metadata());
    }

    /**
     * Arrow extension name of official Lance's blob v2 columns (file format 2.2): scans return their descriptions
     * ({@link #descriptionV2Field}); writers take {@code struct<data: large_binary, uri: utf8>} values.
     */
    public static final String BLOB_V2_EXTENSION = "lance.blob.v2";

    /** Names of the children of a blob v2 description, in their stored order. */
    public static final List<String> DESCRIPTION_V2 = List.of("kind", "position", "size", "blob_id", "blob_uri");

    /**
     * Whether {@code field} is a blob v2 column: a struct with the extension name {@link #BLOB_V2_EXTENSION}
     * (the dataset's schema), or a struct with the metadata key {@link #BLOB_KEY} (a data file's schema).
     */
    public static boolean isBlobV2(LanceField field) {
        return isBlobV2(field.logicalType(), field.metadata());
    }

    /** {@link #isBlobV2(LanceField)} of a field of this logical type and metadata. */
    public static boolean isBlobV2(String logicalType, Map<String, ?> metadata) {
        return "struct".equals(logicalType)
                && (BLOB_V2_EXTENSION.equals(String.valueOf(metadata.get("ARROW:extension:name")))
                        || metadata.containsKey(BLOB_KEY));
    }

    /**
     * The field scans return for blob v2 column {@code name}, as official 7.0.0 returns it:
     * {@code struct<kind: uint8, position: uint64, size: uint64, blob_id: uint32, blob_uri: utf8>}, children not
     * null. Kind 0: the bytes are in the data file at {@code position}; 1: at {@code position} of a pack file shared
     * by several blobs; 2: in a file of their own; 3: at {@code blob_uri}. A null value is described as all zeros.
     */
    public static Field descriptionV2Field(String name) {
        return new Field(
                name,
                new FieldType(true, ArrowType.Struct.INSTANCE, null, DESCRIPTION_V2_METADATA),
                List.of(
                        new Field(DESCRIPTION_V2.get(0), FieldType.notNullable(new ArrowType.Int(8, false)), null),
                        new Field(DESCRIPTION_V2.get(1), FieldType.notNullable(UINT64), null),
                        new Field(DESCRIPTION_V2.get(2), FieldType.notNullable(UINT64), null),
                        new Field(DESCRIPTION_V2.get(3), FieldType.notNullable(new ArrowType.Int(32, false)), null),
                        new Field(DESCRIPTION_V2.get(4), FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
    }

    /** The metadata of a blob v2 description as official 7.0.0 scans return it. */
    private static final Map<String, String> DESCRIPTION_V2_METADATA =
            Map.of(BLOB_KEY, "true", "lance-encoding:packed", "true");

    /** Whether {@code field} is a blob v2 column's description as scans return it ({@link #descriptionV2Field}). */
    public static boolean isDescriptionV2(Field field) {
        return field.getType() instanceof ArrowType.Struct
                && field.getMetadata() != null
                && field.getMetadata().containsKey(BLOB_KEY)
                && field.getChildren().stream().map(Field::getName).toList().equals(DESCRIPTION_V2);
    }

    /** The blob v2 column a writer takes: {@code struct<data: large_binary, uri: utf8>} with the extension name. */
    public static Field valueV2Field(String name) {
        return new Field(
                name,
                new FieldType(
                        true,
                        ArrowType.Struct.INSTANCE,
                        null,
                        Map.of("ARROW:extension:name", BLOB_V2_EXTENSION, "ARROW:extension:metadata", "")),
                List.of(
                        new Field("data", FieldType.nullable(ArrowType.LargeBinary.INSTANCE), null),
                        new Field("uri", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    }

    /** The field readers return for blob column {@code field}: its description struct, same name and metadata. */
    public static Field descriptionField(Field field) {
        return new Field(
                field.getName(),
                new FieldType(true, ArrowType.Struct.INSTANCE, null, field.getMetadata()),
                List.of(
                        new Field(POSITION, FieldType.nullable(UINT64), null),
                        new Field(SIZE, FieldType.nullable(UINT64), null)));
    }

    /**
     * {@code schema} with each blob description field ({@link #descriptionField}), top-level or inside structs,
     * turned back into the nullable {@code large_binary} blob column it describes, as a writer takes it.
     */
    public static Schema withValues(Schema schema) {
        return new Schema(
                schema.getFields().stream().map(BlobFields::withValues).toList(), schema.getCustomMetadata());
    }

    /** {@code field} with every blob description in it, at any depth, turned back into its blob column. */
    private static Field withValues(Field field) {
        if (isDescriptionV2(field)) {
            return valueV2Field(field.getName());
        }
        if (isDescription(field)) {
            return valueField(field);
        }
        if (field.getChildren().isEmpty()) {
            return field;
        }
        return new Field(
                field.getName(),
                field.getFieldType(),
                field.getChildren().stream().map(BlobFields::withValues).toList());
    }

    /** Whether {@code field} is a (not v2) blob column's description as scans return it. */
    public static boolean isDescription(Field field) {
        return field.getType() instanceof ArrowType.Struct
                && field.getMetadata() != null
                && field.getMetadata().containsKey(BLOB_KEY)
                && !isDescriptionV2(field);
    }

    /** The blob column whose description is {@code field}: same name and metadata, {@code large_binary}. */
    public static Field valueField(Field field) {
        return new Field(
                field.getName(), new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, field.getMetadata()), null);
    }
}
