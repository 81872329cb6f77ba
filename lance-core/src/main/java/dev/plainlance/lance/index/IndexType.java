package dev.plainlance.lance.index;

/**
 * The kinds of index a Lance dataset may carry, as {@code org.lance.index.IndexType}, plus {@link #UNKNOWN} for
 * index details plainlance does not recognise (reported, never fatal). plainlance reads, uses and builds
 * {@link #BTREE} and {@link #BITMAP}; the others are listed and carried through writes.
 */
public enum IndexType {
    SCALAR,
    BTREE,
    BITMAP,
    LABEL_LIST,
    INVERTED,
    NGRAM,
    FRAGMENT_REUSE,
    MEM_WAL,
    ZONEMAP,
    BLOOM_FILTER,
    VECTOR,
    IVF_FLAT,
    IVF_SQ,
    IVF_PQ,
    IVF_HNSW_SQ,
    IVF_HNSW_PQ,
    IVF_HNSW_FLAT,
    IVF_RQ,
    UNKNOWN;

    /** The name official 7.0.0 reports in {@code describeIndices} and statistics ("BTree", "Bitmap", ...). */
    public String displayName() {
        return switch (this) {
            case BTREE -> "BTree";
            case BITMAP -> "Bitmap";
            case LABEL_LIST -> "LabelList";
            case INVERTED -> "Inverted";
            case NGRAM -> "NGram";
            case FRAGMENT_REUSE -> "FragmentReuse";
            case MEM_WAL -> "MemWal";
            case ZONEMAP -> "ZoneMap";
            case BLOOM_FILTER -> "BloomFilter";
            case VECTOR -> "Vector";
            case SCALAR -> "Scalar";
            case UNKNOWN -> "Unknown";
            default -> name();
        };
    }
}
