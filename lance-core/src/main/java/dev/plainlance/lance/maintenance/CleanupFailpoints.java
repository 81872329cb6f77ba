package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.List;

/** Failpoints of {@link VersionCleaner}, in the order a cleanup passes them. */
public final class CleanupFailpoints {
    /** Some of the old manifests are deleted, none of their files. */
    public static final Failpoint MANIFEST_DELETED =
            Failpoint.define("cleanup.delete.manifest_deleted", "one old manifest deleted, files untouched");
    /** Every old manifest is deleted; some unreferenced files are. */
    public static final Failpoint FILE_DELETED =
            Failpoint.define("cleanup.delete.file_deleted", "old manifests deleted, one unreferenced file deleted");

    public static final List<Failpoint> ALL = List.of(MANIFEST_DELETED, FILE_DELETED);

    private CleanupFailpoints() {}
}
