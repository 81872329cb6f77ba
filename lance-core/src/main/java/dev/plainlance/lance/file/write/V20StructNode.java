package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.SimpleStruct;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * The header column of a 2.0 struct: a single page without buffers, {@code SimpleStruct}, whose length is the
 * number of values written. Struct-level nulls are not stored (as in the official 2.0 writer); the children get
 * the same selection.
 */
final class V20StructNode extends V20Node {
    private final List<V20Node> children;
    private long count;

    V20StructNode(int column, List<V20Node> children) {
        super(column);
        this.children = List.copyOf(children);
    }

    @Override
    void append(FieldVector vector, Runs runs) {
        count += runs.count();
        StructVector struct = (StructVector) vector;
        for (int i = 0; i < children.size(); i++) {
            children.get(i).append((FieldVector) struct.getChildByOrdinal(i), runs);
        }
    }

    @Override
    long bufferedBytes() {
        long max = 0;
        for (V20Node child : children) {
            max = Math.max(max, child.bufferedBytes());
        }
        return max;
    }

    @Override
    void flush(FileLayout layout) {
        for (V20Node child : children) {
            child.flush(layout);
        }
    }

    @Override
    void release() {
        children.forEach(V20Node::release);
    }

    @Override
    void finish(FileLayout layout) {
        ArrayEncoding encoding = ArrayEncoding.newBuilder()
                .setStruct(SimpleStruct.getDefaultInstance())
                .build();
        layout.writePage(column, new EncodedPage(List.of(), Protos.any(Protos.ARRAY_ENCODING_20, encoding), count, 0));
        for (V20Node child : children) {
            child.finish(layout);
        }
    }
}
