package dev.plainlance.lance.maintenance;

import java.util.Optional;

/**
 * Which old versions {@code cleanupWithPolicy} removes, mirroring {@code org.lance.cleanup.CleanupPolicy}: a
 * version is old when it is older than {@code beforeTimestampMillis} and below {@code beforeVersion} (each only if
 * set; with neither, every version is old). The latest version, tagged versions and the versions named by
 * {@link #getRetainedVersions()} are never removed.
 */
public final class CleanupPolicy {
    private final Optional<Long> beforeTimestampMillis;
    private final Optional<Long> beforeVersion;
    private final Optional<Boolean> deleteUnverified;
    private final Optional<Boolean> errorIfTaggedOldVersions;
    private final java.util.Set<Long> retainedVersions;

    private CleanupPolicy(Builder b) {
        this.retainedVersions = java.util.Set.copyOf(b.retainedVersions);
        this.beforeTimestampMillis = b.beforeTimestampMillis;
        this.beforeVersion = b.beforeVersion;
        this.deleteUnverified = b.deleteUnverified;
        this.errorIfTaggedOldVersions = b.errorIfTaggedOldVersions;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Long> getBeforeTimestampMillis() {
        return beforeTimestampMillis;
    }

    public Optional<Long> getBeforeVersion() {
        return beforeVersion;
    }

    /**
     * Whether data, deletion and transaction files that no kept version references are removed even when no
     * removed version referenced them either (leftovers of failed writes — or files of writes in progress, so
     * set it only when no write is running). Default false.
     */
    public Optional<Boolean> getDeleteUnverified() {
        return deleteUnverified;
    }

    /** Whether cleanup fails, removing nothing, when a tagged version is old. Default true, as the official. */
    public Optional<Boolean> getErrorIfTaggedOldVersions() {
        return errorIfTaggedOldVersions;
    }

    /**
     * Versions kept whatever their age, with every file they reference: e.g. the versions a catalog pins (a
     * plainlance extension; the official policy has no such field). Empty by default.
     */
    public java.util.Set<Long> getRetainedVersions() {
        return retainedVersions;
    }

    /** Builds a {@link CleanupPolicy}. */
    public static final class Builder {
        private Optional<Long> beforeTimestampMillis = Optional.empty();
        private Optional<Long> beforeVersion = Optional.empty();
        private Optional<Boolean> deleteUnverified = Optional.empty();
        private Optional<Boolean> errorIfTaggedOldVersions = Optional.empty();
        private java.util.Set<Long> retainedVersions = java.util.Set.of();

        private Builder() {}

        /** See {@link CleanupPolicy#getRetainedVersions()}. */
        public Builder withRetainedVersions(java.util.Set<Long> versions) {
            this.retainedVersions = java.util.Set.copyOf(versions);
            return this;
        }

        public Builder withBeforeTimestampMillis(long millis) {
            this.beforeTimestampMillis = Optional.of(millis);
            return this;
        }

        public Builder withBeforeVersion(long version) {
            this.beforeVersion = Optional.of(version);
            return this;
        }

        public Builder withDeleteUnverified(boolean delete) {
            this.deleteUnverified = Optional.of(delete);
            return this;
        }

        public Builder withErrorIfTaggedOldVersions(boolean error) {
            this.errorIfTaggedOldVersions = Optional.of(error);
            return this;
        }

        public CleanupPolicy build() {
            return new CleanupPolicy(this);
        }
    }
}
