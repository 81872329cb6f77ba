package dev.plainlance.lance.index;

/**
 * The files of BTREE and BITMAP segments under {@code _indices/{uuid}/}, as official 7.0.0 names them. BTREE:
 * {@code page_data.lance} ({@code values}, {@code ids: uint64}; every indexed value with its row id, sorted, nulls
 * first, in pages of {@code batch_size} rows) and {@code page_lookup.lance} ({@code min}, {@code max},
 * {@code null_count: uint32}, {@code page_idx: uint32}; schema metadata {@code batch_size}). BITMAP:
 * {@code bitmap_page_lookup.lance} ({@code keys}, {@code bitmaps: binary} serialized {@code RowIdTreeMap}s).
 */
public final class IndexLayout {
    public static final String BTREE_LOOKUP_FILE = "page_lookup.lance";
    public static final String BTREE_PAGES_FILE = "page_data.lance";
    public static final String BITMAP_LOOKUP_FILE = "bitmap_page_lookup.lance";
    /** A ZONEMAP segment's one file: per zone of rows, its bounds and counts. */
    public static final String ZONEMAP_FILE = "zonemap.lance";
    /** Schema metadata key of {@link #ZONEMAP_FILE}: the live rows per zone. */
    public static final String ROWS_PER_ZONE_KEY = "rows_per_zone";
    /** Official 7.0.0's default live rows per zone. */
    public static final long DEFAULT_ROWS_PER_ZONE = 8192;

    private IndexLayout() {}
}
