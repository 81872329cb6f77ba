package dev.plainlance.lance.file.write;

import org.apache.arrow.vector.FieldVector;

/** Writes one top-level field of a 2.0 file: the field's column and the columns of its descendants. */
final class V20FieldWriter implements ColumnWriter {
    private final V20Node root;

    V20FieldWriter(V20Node root) {
        this.root = root;
    }

    @Override
    public void append(FieldVector top, int start, int end, long firstRow) {
        root.append(top, Runs.of(start, end));
    }

    @Override
    public long bufferedBytes() {
        return root.bufferedBytes();
    }

    @Override
    public void flush(FileLayout layout) {
        root.flush(layout);
    }

    @Override
    public void finish(FileLayout layout) {
        root.finish(layout);
    }

    @Override
    public void release() {
        root.release();
    }
}
