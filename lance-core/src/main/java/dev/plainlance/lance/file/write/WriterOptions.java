package dev.plainlance.lance.file.write;

import dev.plainlance.lance.env.FileWorkers;
import java.util.concurrent.ForkJoinPool;

/**
 * Options of a {@link LanceFileWriter}.
 *
 * @param maxPageBytes a column's buffered data is written as a page once it reaches this size; it also bounds the
 *     memory the writer holds per column (apart from single rows larger than this)
 * @param fsstStrings FSST-compress string pages of 2.1 files holding at least 32 KiB when that saves at least 10 %, as
 *     the official writer does (files about as small as the official ones); on by default
 * @param backgroundEncoding encode pages on {@code workers} while the caller goes on appending (the file's bytes are
 *     the same either way); on by default
 * @param workers the threads pages are encoded on; by default the process-wide
 *     {@link dev.plainlance.lance.env.FileWorkers}
 * @param blobs how blob v2 columns place their values; the official defaults by default
 */
public record WriterOptions(
        long maxPageBytes, boolean fsstStrings, boolean backgroundEncoding, ForkJoinPool workers, BlobV2Options blobs) {
    /** 8 MiB per page, like the official writer's per-column buffer. */
    public static final long DEFAULT_MAX_PAGE_BYTES = 8L * 1024 * 1024;

    public WriterOptions {
        if (maxPageBytes < 1 || maxPageBytes > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(
                    "maxPageBytes must be in [1, " + Integer.MAX_VALUE / 4 + "], not " + maxPageBytes);
        }
        java.util.Objects.requireNonNull(blobs, "blobs");
    }

    public static WriterOptions defaults() {
        return new WriterOptions(DEFAULT_MAX_PAGE_BYTES, true, true, FileWorkers.pool(), BlobV2Options.defaults());
    }

    public WriterOptions withMaxPageBytes(long bytes) {
        return new WriterOptions(bytes, fsstStrings, backgroundEncoding, workers, blobs);
    }

    public WriterOptions withFsstStrings(boolean fsst) {
        return new WriterOptions(maxPageBytes, fsst, backgroundEncoding, workers, blobs);
    }

    public WriterOptions withWorkers(ForkJoinPool pool) {
        return new WriterOptions(maxPageBytes, fsstStrings, backgroundEncoding, pool, blobs);
    }

    public WriterOptions withBackgroundEncoding(boolean background) {
        return new WriterOptions(maxPageBytes, fsstStrings, background, workers, blobs);
    }

    public WriterOptions withBlobs(BlobV2Options options) {
        return new WriterOptions(maxPageBytes, fsstStrings, backgroundEncoding, workers, options);
    }
}
