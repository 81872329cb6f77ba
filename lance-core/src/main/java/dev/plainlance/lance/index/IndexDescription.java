package dev.plainlance.lance.index;

import java.util.List;

/**
 * All segments of one named index, as {@code org.lance.index.IndexDescription}.
 *
 * @param name the index name
 * @param fieldIds the indexed field ids
 * @param typeUrl the type URL of the index details ("" when absent)
 * @param indexType the kind of index as official 7.0.0 names it ("BTree", "Bitmap", ...)
 * @param rowsIndexed live rows in the existing fragments the segments cover
 * @param segments the segments
 * @param detailsJson the index details as JSON ({@code "{}"} for BTREE and BITMAP)
 */
public record IndexDescription(
        String name,
        List<Integer> fieldIds,
        String typeUrl,
        String indexType,
        long rowsIndexed,
        List<Index> segments,
        String detailsJson) {
    public IndexDescription {
        fieldIds = List.copyOf(fieldIds);
        segments = List.copyOf(segments);
    }

    public String getName() {
        return name;
    }

    public List<Integer> getFieldIds() {
        return fieldIds;
    }

    public String getTypeUrl() {
        return typeUrl;
    }

    public String getIndexType() {
        return indexType;
    }

    public long getRowsIndexed() {
        return rowsIndexed;
    }

    /** The segments (official name kept for parity with {@link #getSegments()}). */
    public List<Index> getMetadata() {
        return segments;
    }

    public List<Index> getSegments() {
        return segments;
    }

    public String getDetailsJson() {
        return detailsJson;
    }
}
