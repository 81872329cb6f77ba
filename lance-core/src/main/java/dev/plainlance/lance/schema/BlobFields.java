package dev.plainlance.lance.schema;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

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

    /** The field readers return for blob column {@code field}: its description struct, same name and metadata. */
    public static Field descriptionField(Field field) {
        return new Field(
                field.getName(),
                new FieldType(true, ArrowType.Struct.INSTANCE, null, field.getMetadata()),
                List.of(
                        new Field(POSITION, FieldType.nullable(UINT64), null),
                        new Field(SIZE, FieldType.nullable(UINT64), null)));
    }
}
