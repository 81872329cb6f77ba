package dev.plainlance.lance;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Options for {@link Dataset#open}, mirroring {@code org.lance.ReadOptions}. Immutable; build with {@link Builder}. */
public final class ReadOptions {
    private final Optional<Long> version;
    private final Optional<String> tag;
    private final Clock clock;
    private final Map<String, String> storageOptions;
    private final Optional<Session> session;
    private final long indexCacheSizeBytes;
    private final long metadataCacheSizeBytes;

    private ReadOptions(Builder builder) {
        this.session = builder.session;
        this.indexCacheSizeBytes = builder.indexCacheSizeBytes;
        this.metadataCacheSizeBytes = builder.metadataCacheSizeBytes;
        this.version = builder.version;
        this.tag = builder.tag;
        this.clock = builder.clock;
        this.storageOptions = builder.storageOptions;
    }

    public static ReadOptions defaults() {
        return new Builder().build();
    }

    /** The version to open; empty means the latest. */
    public Optional<Long> getVersion() {
        return version;
    }

    /** A tag to open instead of a version. */
    public Optional<String> getTag() {
        return tag;
    }

    /** The clock used for timestamps of anything written through the dataset (tags). */
    public Clock getClock() {
        return clock;
    }

    /** Options of the storage the dataset is opened from, named as official Lance names them (e.g. aws_region). */
    public Map<String, String> getStorageOptions() {
        return storageOptions;
    }

    /** The session to share caches through; empty gives the dataset a session of its own. */
    public Optional<Session> getSession() {
        return session;
    }

    /** The index cache size of the dataset's own session (when no session is given). */
    public long getIndexCacheSizeBytes() {
        return indexCacheSizeBytes;
    }

    /** The metadata cache size of the dataset's own session (when no session is given). */
    public long getMetadataCacheSizeBytes() {
        return metadataCacheSizeBytes;
    }

    /** The session a dataset opened with these options uses. */
    Session sessionToUse() {
        return session.orElseGet(() -> Session.create(indexCacheSizeBytes, metadataCacheSizeBytes));
    }

    public static final class Builder {
        private Optional<Session> session = Optional.empty();
        private long indexCacheSizeBytes = Session.DEFAULT_INDEX_CACHE_SIZE_BYTES;
        private long metadataCacheSizeBytes = Session.DEFAULT_METADATA_CACHE_SIZE_BYTES;
        private Optional<Long> version = Optional.empty();
        private Optional<String> tag = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Map<String, String> storageOptions = Map.of();

        public Builder setVersion(long version) {
            if (version < 1) {
                throw new IllegalArgumentException("versions start at 1, got " + version);
            }
            this.version = Optional.of(version);
            return this;
        }

        public Builder setTag(String tag) {
            this.tag = Optional.of(tag);
            return this;
        }

        public Builder setClock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder setStorageOptions(Map<String, String> storageOptions) {
            this.storageOptions = Map.copyOf(storageOptions);
            return this;
        }

        /** Shares {@code session}'s caches (see {@link Session}); a closed session is refused when opening. */
        public Builder setSession(Session session) {
            this.session = Optional.of(java.util.Objects.requireNonNull(session, "session"));
            return this;
        }

        /** The index cache size of the dataset's own session; ignored when a session is given. */
        public Builder setIndexCacheSizeBytes(long bytes) {
            this.indexCacheSizeBytes = Session.Builder.checked(bytes, "index");
            return this;
        }

        /** The metadata cache size of the dataset's own session; ignored when a session is given. */
        public Builder setMetadataCacheSizeBytes(long bytes) {
            this.metadataCacheSizeBytes = Session.Builder.checked(bytes, "metadata");
            return this;
        }

        public ReadOptions build() {
            if (version.isPresent() && tag.isPresent()) {
                throw new IllegalArgumentException("give a version or a tag, not both");
            }
            return new ReadOptions(this);
        }
    }
}
