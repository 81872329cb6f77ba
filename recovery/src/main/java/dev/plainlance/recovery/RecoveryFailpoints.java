package dev.plainlance.recovery;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.List;

/** Failpoints of the multi-table commit (phases A–D) and of the recovery sweep, in the order they are passed. */
public final class RecoveryFailpoints {
    public static final Failpoint STAGED =
            Failpoint.define("multitable.commit.staged", "phase A: every table's data files written, no sidecar yet");
    public static final Failpoint SIDECAR_WRITTEN = Failpoint.define(
            "multitable.commit.sidecar_written", "phase A done: intent sidecar written, no table committed");
    public static final Failpoint TABLE_COMMITTED = Failpoint.define(
            "multitable.commit.table_committed", "phase B: one more table committed (hit after each table)");
    public static final Failpoint PUBLISHED =
            Failpoint.define("multitable.commit.published", "phase C done: pins published, sidecar not yet deleted");
    public static final Failpoint SIDECAR_DELETED = Failpoint.define(
            "multitable.commit.sidecar_deleted", "phase D done: sidecar deleted, commit not yet acknowledged");

    public static final Failpoint FORKED = Failpoint.define(
            "multitable.commit.forked",
            "a branch's first write of a table: its Lance branch created, the branch's pin not yet moved onto it");

    public static final Failpoint LISTED =
            Failpoint.define("recovery.sweep.listed", "recovery listed the pending sidecars, none read yet");
    public static final Failpoint BEFORE_RESTORE = Failpoint.define(
            "recovery.sweep.before_restore",
            "roll back decided and recorded (operation aborted), no table restored yet");
    public static final Failpoint BEFORE_PUBLISH = Failpoint.define(
            "recovery.sweep.before_publish", "tables classified (and restored on roll back), pins not yet published");
    public static final Failpoint BEFORE_AUDIT =
            Failpoint.define("recovery.sweep.before_audit", "outcome published, audit record not yet written");
    public static final Failpoint BEFORE_SIDECAR_DELETE =
            Failpoint.define("recovery.sweep.before_sidecar_delete", "audit record written, sidecar not yet deleted");

    public static final List<Failpoint> WRITER =
            List.of(STAGED, SIDECAR_WRITTEN, TABLE_COMMITTED, PUBLISHED, SIDECAR_DELETED);
    public static final List<Failpoint> RECOVERY =
            List.of(LISTED, BEFORE_RESTORE, BEFORE_PUBLISH, BEFORE_AUDIT, BEFORE_SIDECAR_DELETE);
    public static final List<Failpoint> ALL = List.of(
            STAGED,
            SIDECAR_WRITTEN,
            TABLE_COMMITTED,
            PUBLISHED,
            SIDECAR_DELETED,
            LISTED,
            BEFORE_RESTORE,
            BEFORE_PUBLISH,
            BEFORE_AUDIT,
            BEFORE_SIDECAR_DELETE);

    /** Failpoints passed only by commits on branches made with {@code CatalogSession.createBranch}. */
    public static final List<Failpoint> BRANCHING = List.of(FORKED);

    private RecoveryFailpoints() {}
}
