package dev.plainlance.lance.file.write;

/**
 * How blob v2 columns (format 2.2) are written, as official Lance 7.0.0 writes them. A value of at most 64 KiB stays
 * in the data file; a larger one of at most 4 MiB goes to a pack file shared with other values; a larger one to a
 * file of its own.
 *
 * @param packFileSizeThreshold a pack file takes no further value once that value would make it larger than this
 *     (1 GiB by default, as the official writer); a value larger than this still gets a pack file to itself
 * @param allowExternalOutsideBases whether a value may be a URI (the {@code uri} child) naming an object elsewhere.
 *     The official library accepts such URIs inside the external bases registered with a dataset, and anywhere only
 *     with this option; plainlance registers no such bases, so without it every URI is refused
 */
public record BlobV2Options(long packFileSizeThreshold, boolean allowExternalOutsideBases) {
    /** Values of at most this many bytes are kept in the data file. */
    public static final int INLINE_MAX_BYTES = 64 << 10;

    /** Values of more than this many bytes get a file of their own. */
    public static final int DEDICATED_MIN_BYTES = (4 << 20) + 1;

    /** The official writer's pack file size threshold. */
    public static final long DEFAULT_PACK_FILE_SIZE_THRESHOLD = 1L << 30;

    public BlobV2Options {
        if (packFileSizeThreshold < 1) {
            throw new IllegalArgumentException(
                    "the blob pack file size threshold must be at least 1 byte, not " + packFileSizeThreshold);
        }
    }

    public static BlobV2Options defaults() {
        return new BlobV2Options(DEFAULT_PACK_FILE_SIZE_THRESHOLD, false);
    }

    /**
     * For rewrites of stored rows (compaction, update, merge insert): URIs are kept, having been accepted when they
     * were first written.
     */
    public static BlobV2Options rewrite() {
        return new BlobV2Options(DEFAULT_PACK_FILE_SIZE_THRESHOLD, true);
    }
}
