package dev.plainlance.lance.file.write;

import org.apache.arrow.vector.FieldVector;

/** Buffers the data of one column (2.1: one leaf; 2.0: one field) and writes it as pages. */
interface ColumnWriter {
    /**
     * Appends rows {@code [start, end)} of the top-level vector the column belongs to; {@code firstRow} is the file
     * row number of row {@code start}.
     */
    void append(FieldVector top, int start, int end, long firstRow);

    /** Bytes currently buffered for the open page. */
    long bufferedBytes();

    /** Writes the buffered rows (if any) as a page. */
    void flush(FileLayout layout);

    /** Writes everything that is left at the end of the file. */
    default void finish(FileLayout layout) {
        flush(layout);
    }

    /** Gives pooled buffers back once the file is finished (every page written); the column is not used after. */
    default void release() {}
}
