package dev.plainlance.lance.write;

import dev.plainlance.lance.file.write.BlobV2Options;
import java.util.Optional;

/**
 * How a write lays out its data: the write-side half of {@code WriteParams}, free of the public facade so that
 * the write path does not depend on it.
 *
 * @param mode create, append or overwrite
 * @param dataStorageVersion the file format of a new or overwritten dataset ("2.0", "2.1" or "2.2"); empty keeps the
 *     dataset's, or 2.1 for a new one
 * @param v2ManifestPaths whether a new dataset names its manifests the V2 way
 * @param stableRowIds whether a new dataset gets stable row ids
 * @param maxRowsPerFile the largest number of rows in one data file
 * @param maxBytesPerFile the estimated size after which a data file is finished: a soft limit, checked after each
 *     batch, so a file may exceed it by about a batch
 * @param fsstStrings whether string pages are FSST-compressed
 * @param blobs where blob v2 columns place their values
 */
public record WriteSpec(
        Mode mode,
        Optional<String> dataStorageVersion,
        boolean v2ManifestPaths,
        boolean stableRowIds,
        int maxRowsPerFile,
        long maxBytesPerFile,
        boolean fsstStrings,
        BlobV2Options blobs) {

    /** What a write does to the rows already there. */
    public enum Mode {
        /** Fails if the dataset exists. */
        CREATE,
        /** Adds rows; creates the dataset if it does not exist. */
        APPEND,
        /** Replaces rows and schema; creates the dataset if it does not exist. */
        OVERWRITE
    }

    public static final int DEFAULT_MAX_ROWS_PER_FILE = 1024 * 1024;
    /** 90 GiB, as the official library. */
    public static final long DEFAULT_MAX_BYTES_PER_FILE = 90L << 30;

    public WriteSpec {
        if (maxRowsPerFile < 1) {
            throw new IllegalArgumentException("maxRowsPerFile must be at least 1, not " + maxRowsPerFile);
        }
        if (maxBytesPerFile < 1) {
            throw new IllegalArgumentException("maxBytesPerFile must be at least 1, not " + maxBytesPerFile);
        }
        java.util.Objects.requireNonNull(blobs, "blobs");
    }

    /** The defaults of {@code WriteParams} with the given mode. */
    public static WriteSpec of(Mode mode) {
        return new WriteSpec(
                mode,
                Optional.empty(),
                true,
                false,
                DEFAULT_MAX_ROWS_PER_FILE,
                DEFAULT_MAX_BYTES_PER_FILE,
                false,
                BlobV2Options.defaults());
    }
}
