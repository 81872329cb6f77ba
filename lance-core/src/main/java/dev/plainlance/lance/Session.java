package dev.plainlance.lance;

import dev.plainlance.lance.env.SessionCaches;

/**
 * Caches that datasets opened with it share, mirroring {@code org.lance.Session}: the metadata of the data files
 * read (footers, column and page descriptions, schemas), so that opening a file again reads no metadata, and the
 * loaded lookups of BTREE and BITMAP index segments. Each is bounded by its size in bytes (estimated) and drops the
 * least recently used entries first. A dataset opened without a session gets one of its own with the sizes of its
 * {@link ReadOptions} (by default 6 GiB of index and 1 GiB of metadata, as the official library); pass one session
 * in {@link ReadOptions.Builder#setSession} to share them between datasets, or between versions of one. Everything
 * cached describes immutable files, so sharing never shows a stale value. Thread-safe.
 */
public final class Session implements java.io.Closeable {
    /** The official default: 6 GiB. */
    public static final long DEFAULT_INDEX_CACHE_SIZE_BYTES = SessionCaches.DEFAULT_INDEX_CACHE_SIZE_BYTES;

    /** The official default: 1 GiB. */
    public static final long DEFAULT_METADATA_CACHE_SIZE_BYTES = SessionCaches.DEFAULT_METADATA_CACHE_SIZE_BYTES;

    private final SessionCaches caches;

    Session(SessionCaches caches) {
        this.caches = caches;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A session with the default cache sizes. */
    public static Session create() {
        return builder().build();
    }

    /** A session of these cache sizes (0 caches nothing). */
    public static Session create(long indexCacheSizeBytes, long metadataCacheSizeBytes) {
        return builder()
                .indexCacheSizeBytes(indexCacheSizeBytes)
                .metadataCacheSizeBytes(metadataCacheSizeBytes)
                .build();
    }

    /** The estimated bytes the caches hold now. */
    public long sizeBytes() {
        return caches.sizeBytes();
    }

    /** Whether {@code other} shares this session's caches. */
    public boolean isSameAs(Session other) {
        return other != null && other.caches == caches;
    }

    public boolean isClosed() {
        return caches.isClosed();
    }

    /**
     * Drops what the caches hold; datasets still using the session keep working, without caching. Opening a dataset
     * with a closed session is refused.
     */
    @Override
    public void close() {
        caches.close();
    }

    SessionCaches caches() {
        return caches;
    }

    @Override
    public String toString() {
        return "Session{index=" + caches.index().sizeBytes() + "/"
                + caches.index().capacityBytes() + " bytes, metadata="
                + caches.metadata().sizeBytes() + "/" + caches.metadata().capacityBytes() + " bytes"
                + (isClosed() ? ", closed" : "") + "}";
    }

    /** Builds a {@link Session}; sizes default to the official ones. */
    public static final class Builder {
        private long indexCacheSizeBytes = DEFAULT_INDEX_CACHE_SIZE_BYTES;
        private long metadataCacheSizeBytes = DEFAULT_METADATA_CACHE_SIZE_BYTES;

        public Builder indexCacheSizeBytes(long bytes) {
            this.indexCacheSizeBytes = checked(bytes, "index");
            return this;
        }

        public Builder metadataCacheSizeBytes(long bytes) {
            this.metadataCacheSizeBytes = checked(bytes, "metadata");
            return this;
        }

        public Session build() {
            return new Session(new SessionCaches(indexCacheSizeBytes, metadataCacheSizeBytes));
        }

        static long checked(long bytes, String cache) {
            if (bytes < 0) {
                throw new IllegalArgumentException("the " + cache + " cache size must not be negative, not " + bytes);
            }
            return bytes;
        }
    }
}
