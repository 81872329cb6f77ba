package dev.plainlance.lance.env;

/**
 * The caches datasets share when opened with the same {@code Session}: the metadata of data files (footers, column
 * and page descriptions, schemas), keyed by where each file is and its size, and the loaded lookups of scalar index
 * segments, keyed by where their files are. Both hold only what immutable files say, so a stale entry cannot exist:
 * Lance never rewrites a data or index file in place.
 */
public final class SessionCaches {
    /** Official 7.0.0's default index cache size: 6 GiB. */
    public static final long DEFAULT_INDEX_CACHE_SIZE_BYTES = 6L << 30;

    /** Official 7.0.0's default metadata cache size: 1 GiB. */
    public static final long DEFAULT_METADATA_CACHE_SIZE_BYTES = 1L << 30;

    private static final SessionCaches SHARED =
            new SessionCaches(DEFAULT_INDEX_CACHE_SIZE_BYTES, DEFAULT_METADATA_CACHE_SIZE_BYTES);

    private final WeightedCache<Object> index;
    private final WeightedCache<Object> metadata;
    private volatile boolean closed;

    public SessionCaches(long indexCacheSizeBytes, long metadataCacheSizeBytes) {
        this.index = new WeightedCache<>(indexCacheSizeBytes);
        this.metadata = new WeightedCache<>(metadataCacheSizeBytes);
    }

    /** The caches of work done outside any dataset's session (catalogs, graphs, maintenance), with default sizes. */
    public static SessionCaches shared() {
        return SHARED;
    }

    /** Loaded scalar index lookups. */
    public WeightedCache<Object> index() {
        return index;
    }

    /** Parsed metadata of data files. */
    public WeightedCache<Object> metadata() {
        return metadata;
    }

    /** The estimated bytes both caches hold. */
    public long sizeBytes() {
        return index.sizeBytes() + metadata.sizeBytes();
    }

    /**
     * Drops everything both caches hold, and keeps nothing from now on; the process-wide {@link #shared()} caches
     * are only emptied, as other work goes on using them.
     */
    public void close() {
        if (this == SHARED) {
            index.clear();
            metadata.clear();
            return;
        }
        closed = true;
        index.close();
        metadata.close();
    }

    public boolean isClosed() {
        return closed;
    }
}
