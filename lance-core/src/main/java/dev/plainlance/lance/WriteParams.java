package dev.plainlance.lance;

import dev.plainlance.lance.write.WriteSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Options of dataset writes, mirroring {@code org.lance.WriteParams}. Immutable; build with {@link Builder}.
 * Defaults follow the official library: mode CREATE, data storage version 2.1, V2 manifest names,
 * 1,048,576 rows per file, no stable row ids.
 */
public final class WriteParams {
    /** How a write relates to existing data. */
    public enum WriteMode {
        CREATE,
        APPEND,
        OVERWRITE
    }

    public static final int DEFAULT_MAX_ROWS_PER_FILE = WriteSpec.DEFAULT_MAX_ROWS_PER_FILE;

    private final WriteMode mode;
    private final Optional<String> dataStorageVersion;
    private final boolean enableV2ManifestPaths;
    private final boolean enableStableRowIds;
    private final int maxRowsPerFile;
    private final Optional<Integer> maxRowsPerGroup;
    private final long maxBytesPerFile;
    private final boolean fsstStrings;
    private final Optional<Boolean> allowExternalBlobOutsideBases;
    private final Optional<Long> blobPackFileSizeThreshold;
    private final Map<String, String> storageOptions;

    private WriteParams(Builder builder) {
        this.mode = builder.mode;
        this.dataStorageVersion = builder.dataStorageVersion;
        this.enableV2ManifestPaths = builder.enableV2ManifestPaths;
        this.enableStableRowIds = builder.enableStableRowIds;
        this.maxRowsPerFile = builder.maxRowsPerFile;
        this.maxRowsPerGroup = builder.maxRowsPerGroup;
        this.maxBytesPerFile = builder.maxBytesPerFile;
        this.fsstStrings = builder.fsstStrings;
        this.allowExternalBlobOutsideBases = builder.allowExternalBlobOutsideBases;
        this.blobPackFileSizeThreshold = builder.blobPackFileSizeThreshold;
        this.storageOptions = builder.storageOptions;
    }

    /** The write mode's name (CREATE, APPEND or OVERWRITE), as the official getter gives it. */
    public Optional<String> getMode() {
        return Optional.of(mode.name());
    }

    /** The requested file format version ("2.0", "2.1" or "2.2"), if any; new datasets default to 2.1. */
    public Optional<String> getDataStorageVersion() {
        return dataStorageVersion;
    }

    public Optional<Boolean> getEnableV2ManifestPaths() {
        return Optional.of(enableV2ManifestPaths);
    }

    public Optional<Boolean> getEnableStableRowIds() {
        return Optional.of(enableStableRowIds);
    }

    public Optional<Integer> getMaxRowsPerFile() {
        return Optional.of(maxRowsPerFile);
    }

    /** The row group size asked for, if any; see {@link Builder#withMaxRowsPerGroup}. */
    public Optional<Integer> getMaxRowsPerGroup() {
        return maxRowsPerGroup;
    }

    /** The size after which a data file is finished (a soft limit; default 90 GiB, as the official library). */
    public Optional<Long> getMaxBytesPerFile() {
        return Optional.of(maxBytesPerFile);
    }

    /** Whether 2.1 string pages are FSST-compressed (a plainlance option; see {@link Builder#withFsstStrings}). */
    public boolean isFsstStrings() {
        return fsstStrings;
    }

    /** Whether blob v2 values may be URIs of objects anywhere, if set; see {@link Builder#withAllowExternalBlobOutsideBases}. */
    public Optional<Boolean> getAllowExternalBlobOutsideBases() {
        return allowExternalBlobOutsideBases;
    }

    /** The size a blob v2 pack file grows to, if set; see {@link Builder#withBlobPackFileSizeThreshold}. */
    public Optional<Long> getBlobPackFileSizeThreshold() {
        return blobPackFileSizeThreshold;
    }

    /** Options of the storage written to, named as official Lance names them (e.g. aws_region). */
    public Map<String, String> getStorageOptions() {
        return storageOptions;
    }

    /** The write-side settings, as the write path takes them. */
    public dev.plainlance.lance.write.WriteSpec toWriteSpec() {
        return new dev.plainlance.lance.write.WriteSpec(
                dev.plainlance.lance.write.WriteSpec.Mode.valueOf(mode.name()),
                dataStorageVersion,
                enableV2ManifestPaths,
                enableStableRowIds,
                maxRowsPerFile,
                maxBytesPerFile,
                fsstStrings,
                new dev.plainlance.lance.file.write.BlobV2Options(
                        blobPackFileSizeThreshold.orElse(
                                dev.plainlance.lance.file.write.BlobV2Options.DEFAULT_PACK_FILE_SIZE_THRESHOLD),
                        allowExternalBlobOutsideBases.orElse(false)));
    }

    /** A builder holding these params, for the write builders' setters to change. */
    Builder toBuilder() {
        Builder builder = new Builder()
                .withMode(mode)
                .withEnableV2ManifestPaths(enableV2ManifestPaths)
                .withEnableStableRowIds(enableStableRowIds)
                .withMaxRowsPerFile(maxRowsPerFile)
                .withMaxBytesPerFile(maxBytesPerFile)
                .withFsstStrings(fsstStrings)
                .withStorageOptions(storageOptions);
        dataStorageVersion.ifPresent(builder::withDataStorageVersion);
        maxRowsPerGroup.ifPresent(builder::withMaxRowsPerGroup);
        allowExternalBlobOutsideBases.ifPresent(builder::withAllowExternalBlobOutsideBases);
        blobPackFileSizeThreshold.ifPresent(builder::withBlobPackFileSizeThreshold);
        return builder;
    }

    public static final class Builder {
        private WriteMode mode = WriteMode.CREATE;
        private Optional<String> dataStorageVersion = Optional.empty();
        private boolean enableV2ManifestPaths = true;
        private boolean enableStableRowIds;
        private int maxRowsPerFile = DEFAULT_MAX_ROWS_PER_FILE;
        private Optional<Integer> maxRowsPerGroup = Optional.empty();
        private long maxBytesPerFile = dev.plainlance.lance.write.WriteSpec.DEFAULT_MAX_BYTES_PER_FILE;
        private boolean fsstStrings = true;
        private Optional<Boolean> allowExternalBlobOutsideBases = Optional.empty();
        private Optional<Long> blobPackFileSizeThreshold = Optional.empty();
        private Map<String, String> storageOptions = Map.of();

        public Builder withMode(WriteMode mode) {
            this.mode = mode;
            return this;
        }

        /** "2.0" (also "0.3"), "2.1" (also "stable") or "2.2". Other versions are refused. */
        public Builder withDataStorageVersion(String version) {
            this.dataStorageVersion = Optional.of(normalize(version));
            return this;
        }

        public Builder withEnableV2ManifestPaths(boolean enable) {
            this.enableV2ManifestPaths = enable;
            return this;
        }

        public Builder withEnableStableRowIds(boolean enable) {
            this.enableStableRowIds = enable;
            return this;
        }

        public Builder withMaxRowsPerFile(int rows) {
            if (rows <= 0) {
                throw new IllegalArgumentException("max rows per file must be positive, got " + rows);
            }
            this.maxRowsPerFile = rows;
            return this;
        }

        /**
         * Rows per row group of legacy (0.1) data files. Files of format 2.0 and later have no row groups, so this
         * changes nothing in what plainlance writes, as it changes nothing in what official 7.0.0 writes in those
         * formats; it is kept so that code written for the official builder ports unchanged.
         */
        public Builder withMaxRowsPerGroup(int rows) {
            if (rows <= 0) {
                throw new IllegalArgumentException("max rows per group must be positive, got " + rows);
            }
            this.maxRowsPerGroup = Optional.of(rows);
            return this;
        }

        /**
         * Finishes a data file once this many bytes of it are written and starts the next. A soft limit, as in the
         * official library: it is checked after each batch, so a file may exceed it by about a batch.
         */
        public Builder withMaxBytesPerFile(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max bytes per file must be positive, got " + bytes);
            }
            this.maxBytesPerFile = bytes;
            return this;
        }

        /**
         * Whether string pages of 2.1 files holding at least 32 KiB are FSST-compressed (when that saves at least
         * 10 %), as the official writer does: files about as small as the official ones. On by default; off writes
         * plain pages, larger and somewhat faster to write. A plainlance option, not in {@code org.lance.WriteParams}.
         */
        public Builder withFsstStrings(boolean fsst) {
            this.fsstStrings = fsst;
            return this;
        }

        /**
         * Whether a blob v2 value given as a URI (the {@code uri} child of a {@code lance.blob.v2} column) may name
         * an object anywhere; it is then kept as that absolute URI, and read from there. Off by default, and then
         * such a value is refused, as official 7.0.0 refuses a URI outside a dataset's registered external bases
         * (plainlance registers none). Either way a URI that is not absolute is refused.
         */
        public Builder withAllowExternalBlobOutsideBases(boolean allow) {
            this.allowExternalBlobOutsideBases = Optional.of(allow);
            return this;
        }

        /**
         * The size a blob v2 pack file may reach: values of 64 KiB to 4 MiB go into a pack file until the next one
         * would make it larger than this, then into a new one. 1 GiB by default, as in official 7.0.0.
         */
        public Builder withBlobPackFileSizeThreshold(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("the blob pack file size threshold must be positive, got " + bytes);
            }
            this.blobPackFileSizeThreshold = Optional.of(bytes);
            return this;
        }

        public Builder withStorageOptions(Map<String, String> storageOptions) {
            this.storageOptions = Map.copyOf(storageOptions);
            return this;
        }

        public WriteParams build() {
            return new WriteParams(this);
        }

        private static String normalize(String version) {
            return switch (version) {
                case "2.0", "0.3" -> "2.0";
                case "2.1", "stable" -> "2.1";
                case "2.2" -> "2.2";
                default ->
                    throw new IllegalArgumentException("unsupported data storage version '" + version
                            + "': plainlance writes 2.1 (default, also 'stable'), 2.2 and 2.0 (also '0.3')");
            };
        }
    }
}
