package dev.plainlance.lance.file.write;

import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.schema.LanceField;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The column of one field in a 2.0 file; list and struct columns feed the columns of their children. */
abstract class V20Node {
    final int column;

    V20Node(int column) {
        this.column = column;
    }

    /** Appends the selected values of {@code vector}. */
    abstract void append(FieldVector vector, Runs runs);

    /** Largest number of bytes buffered by this column or a descendant. */
    abstract long bufferedBytes();

    /** Writes the buffered values of this column and its descendants as pages. */
    abstract void flush(FileLayout layout);

    /** Writes everything that is left, including pages that are only written once per file. */
    void finish(FileLayout layout) {
        flush(layout);
    }

    /** Gives pooled buffers back once the file is finished; the node is not used after. */
    abstract void release();

    /**
     * Builds the columns of {@code field} and its descendants, numbering them in pre-order from
     * {@code columns.size()}; every created node is added to {@code columns}.
     */
    static V20Node create(LanceField field, Field arrow, String name, List<V20Node> columns) {
        int column = columns.size();
        LeafPath.NodeKind kind = LeafPath.kindOf(arrow);
        columns.add(null);
        V20Node node;
        switch (kind) {
            case STRUCT -> {
                if (field.children().isEmpty()) {
                    throw LeafType.unsupported(name, "structs without fields");
                }
                List<V20Node> children = new ArrayList<>();
                for (int i = 0; i < field.children().size(); i++) {
                    LanceField child = field.children().get(i);
                    children.add(create(child, arrow.getChildren().get(i), name + "." + child.name(), columns));
                }
                node = new V20StructNode(column, children);
            }
            case LIST, LARGE_LIST -> {
                LanceField child = field.children().get(0);
                V20Node items = create(child, arrow.getChildren().get(0), name + "." + child.name(), columns);
                node = new V20ListNode(column, items);
            }
            default -> {
                if (BlobFields.isBlob(field)) {
                    node = new V20BlobNode(column, name);
                    break;
                }
                LeafType type = LeafType.of(arrow, name);
                if (type.dimensions().length > 1) {
                    throw LeafType.unsupported(name, "nested fixed-size lists in Lance 2.0 files");
                }
                node = new V20LeafNode(column, type, arrow.getType().getTypeID() == ArrowType.ArrowTypeID.Utf8);
            }
        }
        columns.set(column, node);
        return node;
    }
}
