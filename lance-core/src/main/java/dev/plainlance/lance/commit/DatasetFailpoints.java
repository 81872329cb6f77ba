package dev.plainlance.lance.commit;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.List;

/** Failpoints of the single-dataset write path, in the order a commit passes them. */
public final class DatasetFailpoints {
    /** Data (and deletion) files are written; no transaction or manifest names them yet. */
    public static final Failpoint STAGED =
            Failpoint.define("dataset.write.staged", "data files written, nothing committed");
    /** {@code _transactions/*.txn} is written; the manifest is not. */
    public static final Failpoint TRANSACTION_WRITTEN = Failpoint.define(
            "dataset.commit.transaction_written", "transaction file written, manifest not yet created");
    /** The new manifest exists (the commit is durable); the version hint is not yet updated. */
    public static final Failpoint MANIFEST_WRITTEN =
            Failpoint.define("dataset.commit.manifest_written", "manifest created, version hint not yet updated");

    public static final List<Failpoint> ALL = List.of(STAGED, TRANSACTION_WRITTEN, MANIFEST_WRITTEN);

    private DatasetFailpoints() {}
}
