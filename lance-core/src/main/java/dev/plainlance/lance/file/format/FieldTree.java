package dev.plainlance.lance.file.format;

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
}
