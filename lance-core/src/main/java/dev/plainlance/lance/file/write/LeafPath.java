package dev.plainlance.lance.file.write;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.schema.LanceField;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The chain of fields from a top-level field down to one leaf: each node is a struct, a list (32- or 64-bit
 * offsets) or the leaf itself. Resolves the matching Arrow vectors of a batch.
 */
final class LeafPath {
    enum NodeKind {
        STRUCT,
        LIST,
        LARGE_LIST,
        LEAF
    }

    private final List<NodeKind> kinds;
    private final int[] childOrdinals;
    private final LeafType leafType;
    private final LanceField leafField;

    private LeafPath(List<NodeKind> kinds, int[] childOrdinals, LeafType leafType, LanceField leaf) {
        this.kinds = List.copyOf(kinds);
        this.childOrdinals = childOrdinals;
        this.leafType = leafType;
        this.leafField = leaf;
    }

    /** One path per leaf under {@code field}, in pre-order. */
    static List<LeafPath> leavesOf(LanceField field, Field arrow) {
        List<LeafPath> out = new ArrayList<>();
        collect(field, arrow, new ArrayList<>(), new ArrayList<>(), field.name(), out);
        return out;
    }

    private static void collect(
            LanceField field,
            Field arrow,
            List<NodeKind> kinds,
            List<Integer> ordinals,
            String name,
            List<LeafPath> out) {
        NodeKind kind = kindOf(arrow);
        kinds.add(kind);
        if (kind == NodeKind.LEAF) {
            LeafType type = LeafType.of(arrow, name);
            out.add(new LeafPath(
                    kinds, ordinals.stream().mapToInt(Integer::intValue).toArray(), type, field));
        } else {
            if (field.children().isEmpty()) {
                throw LeafType.unsupported(name, "structs without fields");
            }
            for (int i = 0; i < field.children().size(); i++) {
                LanceField child = field.children().get(i);
                ordinals.add(i);
                collect(child, arrow.getChildren().get(i), kinds, ordinals, name + "." + child.name(), out);
                ordinals.remove(ordinals.size() - 1);
            }
        }
        kinds.remove(kinds.size() - 1);
    }

    static NodeKind kindOf(Field arrow) {
        return switch (arrow.getType().getTypeID()) {
            case Struct -> NodeKind.STRUCT;
            case List -> NodeKind.LIST;
            case LargeList -> NodeKind.LARGE_LIST;
            case Null ->
                throw new UnsupportedFeatureException(
                        "column '" + arrow.getName() + "': the Lance file writer cannot write the null type");
            default -> NodeKind.LEAF;
        };
    }

    static boolean isList(NodeKind kind) {
        return kind == NodeKind.LIST || kind == NodeKind.LARGE_LIST;
    }

    /** Ordinals of the children leading from the top-level field to the leaf. */
    int[] childOrdinals() {
        return childOrdinals.clone();
    }

    int depth() {
        return kinds.size();
    }

    NodeKind kind(int node) {
        return kinds.get(node);
    }

    /** Number of list nodes at or below {@code node}. */
    int listsFrom(int node) {
        int count = 0;
        for (int i = node; i < kinds.size(); i++) {
            if (isList(kinds.get(i))) {
                count++;
            }
        }
        return count;
    }

    LeafType leafType() {
        return leafType;
    }

    LanceField leafField() {
        return leafField;
    }

    /** The vectors along the path, top-level vector first. */
    FieldVector[] resolve(FieldVector top) {
        FieldVector[] vectors = new FieldVector[kinds.size()];
        vectors[0] = top;
        for (int i = 1; i < vectors.length; i++) {
            FieldVector parent = vectors[i - 1];
            vectors[i] = switch (kinds.get(i - 1)) {
                case STRUCT -> (FieldVector) ((StructVector) parent).getChildByOrdinal(childOrdinals[i - 1]);
                case LIST -> ((ListVector) parent).getDataVector();
                case LARGE_LIST -> ((LargeListVector) parent).getDataVector();
                case LEAF -> throw new IllegalStateException("leaf inside path");
            };
        }
        return vectors;
    }

    /** Start offset of list element {@code index}. */
    static long listStart(FieldVector list, int index) {
        return list instanceof LargeListVector
                ? list.getOffsetBuffer().getLong(8L * index)
                : list.getOffsetBuffer().getInt(4L * index);
    }
}
