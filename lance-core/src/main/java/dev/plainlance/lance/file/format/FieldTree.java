package dev.plainlance.lance.file.format;

import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.schema.BlobFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A Lance schema field with its children, rebuilt from the flattened pre-order field list. */
public final class FieldTree {
    private final Field field;
    private final List<FieldTree> children = new ArrayList<>();

    private FieldTree(Field field) {
        this.field = field;
    }

    public Field field() {
        return field;
    }

    public String name() {
        return field.getName();
    }

    public String logicalType() {
        return field.getLogicalType();
    }

    public List<FieldTree> children() {
        return Collections.unmodifiableList(children);
    }

    /** Rebuilds the top-level fields; parents must precede their children. */
    public static List<FieldTree> build(List<Field> flat) {
        Map<Integer, FieldTree> byId = new HashMap<>();
        List<FieldTree> roots = new ArrayList<>();
        for (Field field : withoutBlobV2Descriptions(flat)) {
            FieldTree node = new FieldTree(field);
            if (byId.put(field.getId(), node) != null) {
                throw new DecodeException("duplicate field id " + field.getId());
            }
            if (field.getParentId() < 0) {
                roots.add(node);
            } else {
                FieldTree parent = byId.get(field.getParentId());
                if (parent == null) {
                    throw new DecodeException(
                            "field " + field.getName() + " has unknown parent " + field.getParentId());
                }
                parent.children.add(node);
            }
        }
        return roots;
    }

    /**
     * {@code flat} without the description fields of blob v2 columns. A blob v2 column (format 2.2, official 7.0.0)
     * is stored as one struct field with the metadata key {@code lance-encoding:blob}, followed by the five fields
     * of its description ({@code kind, position, size, blob_id, blob_uri}) with id and parent id -1; its single
     * column holds the descriptions, which the reader decodes as a whole.
     *
     * @throws DecodeException if such a struct is not followed by exactly those five fields
     */
    public static List<Field> withoutBlobV2Descriptions(List<Field> flat) {
        List<Field> out = new ArrayList<>(flat.size());
        for (int i = 0; i < flat.size(); i++) {
            Field field = flat.get(i);
            out.add(field);
            if (BlobFields.isBlobV2(field.getLogicalType(), field.getMetadataMap())) {
                List<String> names = BlobFields.DESCRIPTION_V2;
                for (int k = 0; k < names.size(); k++) {
                    int at = i + 1 + k;
                    DecodeException.check(
                            at < flat.size()
                                    && flat.get(at).getId() == -1
                                    && flat.get(at).getName().equals(names.get(k)),
                            "blob v2 column '" + field.getName() + "' lacks its description field " + names.get(k));
                }
                i += names.size();
            }
        }
        return out;
    }
}
