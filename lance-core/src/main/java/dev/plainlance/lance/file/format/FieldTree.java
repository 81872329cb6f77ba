package dev.plainlance.lance.file.format;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.file.Field;
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
        for (Field field : flat) {
            refuseBlobV2(field);
        }
        for (Field field : flat) {
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
     * A blob v2 column (format 2.2) is stored as its description, a struct with the metadata key
     * {@code lance-encoding:blob} whose children have no field ids ({@code -1}): refused by name before it is
     * mistaken for a broken schema.
     */
    private static void refuseBlobV2(Field field) {
        if (field.getLogicalType().equals("struct") && field.getMetadataMap().containsKey("lance-encoding:blob")) {
            throw new UnsupportedFeatureException("column '" + field.getName()
                    + "' is a blob v2 column (lance.blob.v2, file format 2.2): plainlance cannot read it");
        }
    }
}
