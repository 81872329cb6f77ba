package dev.plainlance.lance.file.write;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;

/** A blob column inside a struct of a 2.0 file: its pages of descriptions, written as a top-level one's. */
final class V20BlobNode extends V20Node {
    private final BlobColumn blobs;
    private final String name;

    V20BlobNode(int column, String name) {
        super(column);
        this.name = name;
        this.blobs = new BlobColumn(column, false, name, new int[0]);
    }

    @Override
    void append(FieldVector vector, Runs runs) {
        if (!(vector instanceof LargeVarBinaryVector values)) {
            throw LeafType.unsupported(
                    name, "a blob column of type " + vector.getField().getType());
        }
        blobs.append(values, runs);
    }

    @Override
    long bufferedBytes() {
        return blobs.bufferedBytes();
    }

    @Override
    void flush(FileLayout layout) {
        blobs.flush(layout);
    }

    @Override
    void release() {}
}
