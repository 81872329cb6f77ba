package dev.plainlance.lance.file.write;

import dev.plainlance.lance.io.PendingObject;
import java.io.IOException;

/**
 * Creates the sidecar files of the data file being written, where blob v2 values too large for it go
 * ({@code <data file stem>/<blob id>.blob}, see {@link dev.plainlance.lance.file.blob.BlobSidecars}). The writer
 * commits each one before the data file's footer is written, so a data file never refers to a sidecar that is not
 * there; a data file that is never published leaves its committed sidecars behind for its writer (or cleanup) to
 * delete.
 */
@FunctionalInterface
public interface SidecarFiles {
    /** Refuses every sidecar: for files that hold no blob v2 column. */
    SidecarFiles NONE = blobId -> {
        throw new IllegalStateException("this file writer was given no place for blob sidecar files");
    };

    /** Starts sidecar file {@code blobId}; nothing is visible before its commit. */
    PendingObject create(int blobId) throws IOException;
}
