package dev.plainlance.lance.commit;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.List;

/** Failpoints of branch creation, after those of the clone's commit ({@link DatasetFailpoints}). */
public final class BranchFailpoints {
    /** The branch root's first manifest exists; {@code _refs/branches/{name}.json} is not written yet. */
    public static final Failpoint BRANCH_CLONED =
            Failpoint.define("branch.create.cloned", "branch root committed, branch file not yet written");

    public static final List<Failpoint> ALL = List.of(BRANCH_CLONED);

    private BranchFailpoints() {}
}
