package dev.plainlance.lance.index;

import java.io.IOException;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** A loaded BTREE or BITMAP index segment: answers {@link ScalarQuery}s with the row ids it holds. */
public interface ScalarIndexReader {
    /**
     * The row ids (row addresses, or stable row ids when the dataset has them) of the rows matching
     * {@code query}; deleted rows are still included. {@code fullFragments} receives the fragments whose every
     * row matches (a BITMAP index may record them so).
     */
    RowIds search(ScalarQuery query, org.roaringbitmap.RoaringBitmap fullFragments, BufferAllocator allocator)
            throws IOException;

    /**
     * Whether {@link #search} returns row addresses even in a dataset with stable row ids (a ZONEMAP's zones are
     * ranges of addresses); BTREE and BITMAP segments return what the dataset's rows are keyed by.
     */
    default boolean returnsRowAddresses() {
        return false;
    }

    /** About how many bytes the loaded lookup holds, as a session's index cache weighs it. */
    long estimatedBytes();

    /** The type-specific statistics official 7.0.0 reports for the segment. */
    Map<String, Object> statistics();
}
