package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.operation.MergeInsert;
import dev.plainlance.lance.operation.UpdateWhere;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a multi-table action chain: a multi-table commit, possibly crashed by the writer, then a read-write
 * open that runs recovery, possibly crashed too and finished by the next open. Afterwards both tables together show
 * the state before the commit or after it, never a mix, and the model adopts it; an acknowledged commit must show,
 * and so must one whose writer crashed after committing every table it changes. A table whose rows the commit
 * leaves alone (a delete matching nothing) keeps its version; one it changes moves by exactly one version when the
 * change shows, and by at most two (a restore after the commit) when it was rolled back.
 */
record CatalogAction(Kind kind, int pick, Optional<CrashSpec> writerCrash, Optional<CrashSpec> recoveryCrash) {
    enum Kind {
        APPEND_BOTH,
        MOVE_A_TO_B,
        OVERWRITE_A_APPEND_B,
        DELETE_FROM_BOTH,
        APPEND_A_DELETE_MISSING_FROM_B,
        MERGE_A_UPDATE_B,
        INTERLEAVED,
        RACED_BY_WRITER,
        RACED_BY_RECOVERY,
        RESTAGED_AFTER_RACE
    }

    /** What {@code MERGE_A_UPDATE_B} adds to the id it renames in table b. */
    static final long RENAMED = 1_000_000;

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + pick + ")"
                + writerCrash.map(c -> " writer crashing at " + c).orElse("")
                + recoveryCrash.map(c -> ", recovery crashing at " + c).orElse("");
    }

    void apply(CatalogModel model) {
        if (kind == Kind.INTERLEAVED) {
            interleaved(model);
            return;
        }
        if (kind == Kind.RACED_BY_WRITER || kind == Kind.RACED_BY_RECOVERY || kind == Kind.RESTAGED_AFTER_RACE) {
            raced(model);
            return;
        }
        Map<String, List<Long>> before = CatalogModel.copy(model.tables);
        Map<String, List<Long>> after = CatalogModel.copy(model.tables);
        long fresh = model.nextId++;
        List<Long> a = before.get("a");
        Long victim = a.isEmpty() ? null : a.get(pick % a.size());
        switch (kind) {
            case APPEND_BOTH -> {
                after.get("a").add(fresh);
                after.get("b").add(fresh + 1000);
            }
            case MOVE_A_TO_B -> {
                after.get("a").remove(victim);
                after.get("b").add(victim == null ? fresh : victim);
            }
            case OVERWRITE_A_APPEND_B -> {
                after.put("a", new ArrayList<>(List.of(fresh)));
                after.get("b").add(fresh + 1000);
            }
            case DELETE_FROM_BOTH -> {
                after.get("a").remove(victim);
                after.get("b")
                        .remove(
                                before.get("b").isEmpty()
                                        ? null
                                        : before.get("b").get(0));
            }
            case APPEND_A_DELETE_MISSING_FROM_B -> after.get("a").add(fresh);
            case MERGE_A_UPDATE_B -> mergeAUpdateB(after, before, fresh);
            default -> throw new IllegalStateException(kind + " is not a plain commit");
        }
        after.values().forEach(ids -> ids.sort(null));
        boolean crashed = crash(model, writerCrash, () -> commit(model, before, fresh, victim));
        if (crashed) {
            model.storage = model.storage.restart();
            if (crash(
                    model, recoveryCrash, () -> model.open(OpenMode.READ_WRITE).close())) {
                model.storage = model.storage.restart();
            }
        }
        try (CatalogSession session = model.open(OpenMode.READ_WRITE)) {
            Map<String, List<Long>> visible = model.visible(session);
            if (crashed && crashedAfterEveryTableCommitted(before, after)) {
                assertEquals(
                        after,
                        visible,
                        this + ": the writer crashed after committing every table it changes,"
                                + " so recovery must roll it forward");
            } else if (crashed) {
                assertTrue(
                        visible.equals(before) || visible.equals(after),
                        this + ": the tables show " + visible + ", neither " + before + " nor " + after);
            } else {
                assertEquals(after, visible, this + " was acknowledged");
            }
            Map<String, Long> versions = model.pinnedVersions(session);
            checkVersionMoves(model.versions, versions, before, after, visible);
            model.tables = CatalogModel.copy(visible);
            model.versions = versions;
        }
    }

    /** The model of {@code MERGE_A_UPDATE_B}: {@code fresh} upserted into a, b's first id renamed. */
    private static void mergeAUpdateB(Map<String, List<Long>> after, Map<String, List<Long>> before, long fresh) {
        after.get("a").add(fresh);
        List<Long> b = before.get("b");
        if (!b.isEmpty()) {
            after.get("b").remove(b.get(0));
            after.get("b").add(b.get(0) + RENAMED);
        }
    }

    /** Whether the writer's crash point lies after the table commit of every table the operation changes. */
    private boolean crashedAfterEveryTableCommitted(Map<String, List<Long>> before, Map<String, List<Long>> after) {
        long changed = CatalogModel.TABLES.stream()
                .filter(key -> !before.get(key).equals(after.get(key)))
                .count();
        return writerCrash
                .flatMap(CrashSpec::failpoint)
                .map(point -> point == RecoveryFailpoints.PUBLISHED
                        || point == RecoveryFailpoints.SIDECAR_DELETED
                        || point == RecoveryFailpoints.TABLE_COMMITTED
                                && writerCrash.get().n() == changed)
                .orElse(false);
    }

    private void checkVersionMoves(
            Map<String, Long> from,
            Map<String, Long> to,
            Map<String, List<Long>> before,
            Map<String, List<Long>> after,
            Map<String, List<Long>> visible) {
        for (String key : CatalogModel.TABLES) {
            long was = from.get(key);
            long now = to.get(key);
            String move = this + ": table " + key + " went from version " + was + " to " + now;
            if (before.get(key).equals(after.get(key))) {
                assertEquals(was, now, move + " although the commit leaves its rows alone");
            } else if (visible.equals(after)) {
                assertEquals(was + 1, now, move + " for one change");
            } else {
                assertTrue(now >= was && now <= was + 2, move + " for a rolled-back change");
            }
        }
    }

    /**
     * A writer dies (at its crash point, by default between phases A and B), then a live writer, whose lease
     * leaves the dead writer's sidecar alone, commits to the same tables, and only then does recovery run. The
     * dead writer's change is all or nothing, and the live writer's change is there exactly when it was
     * acknowledged (it may lose the race for a version the dead writer took).
     */
    private void interleaved(CatalogModel model) {
        Map<String, List<Long>> before = CatalogModel.copy(model.tables);
        long dead = model.nextId++;
        long live = model.nextId++;
        CatalogAction deadWriter = new CatalogAction(
                Kind.APPEND_BOTH,
                pick,
                Optional.of(writerCrash.orElse(
                        CrashSpec.atFailpoint(dev.plainlance.recovery.RecoveryFailpoints.SIDECAR_WRITTEN, 1))),
                Optional.empty());
        if (crash(model, deadWriter.writerCrash, () -> deadWriter.commit(model, before, dead, null))) {
            model.storage = model.storage.restart();
        }
        boolean acknowledged;
        try (CatalogSession session = model.openDeferring()) {
            session.newCommit(model.branch)
                    .append("a", Rows.of(List.of(live), model.allocator))
                    .append("b", Rows.of(List.of(live + 1000), model.allocator))
                    .commit();
            acknowledged = true;
        } catch (dev.plainlance.lance.error.LanceException lost) {
            acknowledged = false;
        }
        if (crash(model, recoveryCrash, () -> model.open(OpenMode.READ_WRITE).close())) {
            model.storage = model.storage.restart();
        }
        try (CatalogSession session = model.open(OpenMode.READ_WRITE)) {
            Map<String, List<Long>> visible = model.visible(session);
            List<Map<String, List<Long>>> allowed = new ArrayList<>();
            for (boolean deadLanded : new boolean[] {false, true}) {
                Map<String, List<Long>> state = CatalogModel.copy(before);
                for (long id : deadLanded
                        ? (acknowledged ? List.of(dead, live) : List.of(dead))
                        : (acknowledged ? List.of(live) : List.<Long>of())) {
                    state.get("a").add(id);
                    state.get("b").add(id + 1000);
                }
                state.values().forEach(ids -> ids.sort(null));
                allowed.add(state);
            }
            assertTrue(
                    allowed.contains(visible),
                    this + ": the tables show " + visible + ", expected one of " + allowed
                            + " (live writer acknowledged: " + acknowledged + ")");
            model.tables = CatalogModel.copy(visible);
            model.versions = model.pinnedVersions(session);
        }
    }

    /**
     * Two processes interleaved at a failpoint, without crashes. {@code RACED_BY_WRITER}: once the writer has
     * written its sidecar, another writer commits to one of its tables first, so the writer loses that table's
     * version and must roll itself back (it is not acknowledged; the other writer is). {@code RACED_BY_RECOVERY}:
     * once the writer has committed both tables, a recovering process rolls its operation forward first, so the
     * writer's own publish finds its change already published and must report success.
     */
    private void raced(CatalogModel model) {
        Map<String, List<Long>> before = CatalogModel.copy(model.tables);
        long writer = model.nextId++;
        long other = model.nextId++;
        String otherTable = pick % 2 == 0 ? "a" : "b";
        boolean restaged = kind == Kind.RESTAGED_AFTER_RACE;
        boolean byWriter = kind == Kind.RACED_BY_WRITER || restaged;
        dev.plainlance.lance.failpoint.Failpoint at = byWriter
                ? dev.plainlance.recovery.RecoveryFailpoints.SIDECAR_WRITTEN
                : dev.plainlance.recovery.RecoveryFailpoints.TABLE_COMMITTED;
        int hit = byWriter ? 1 : 2;
        int[] seen = {0};
        boolean[] otherAcknowledged = {false};
        Runnable interloper = () -> {
            if (byWriter) {
                try (CatalogSession session = model.openDeferring()) {
                    session.newCommit(model.branch)
                            .append(otherTable, Rows.of(List.of(other), model.allocator))
                            .commit();
                    otherAcknowledged[0] = true;
                }
            } else {
                model.open(OpenMode.READ_WRITE).close();
            }
        };
        boolean acknowledged;
        try (dev.plainlance.lance.failpoint.Failpoints.Scope scope =
                dev.plainlance.lance.failpoint.Failpoints.install(p -> {
                    if (p == at && ++seen[0] == hit) {
                        interloper.run();
                    }
                })) {
            new CatalogAction(
                            restaged ? Kind.MERGE_A_UPDATE_B : Kind.APPEND_BOTH,
                            pick,
                            Optional.empty(),
                            Optional.empty())
                    .commit(
                            model,
                            before,
                            writer,
                            before.get("a").isEmpty() ? null : before.get("a").get(0));
            acknowledged = true;
        } catch (dev.plainlance.lance.error.LanceException lost) {
            acknowledged = false;
        }
        Map<String, List<Long>> expected = CatalogModel.copy(before);
        if (otherAcknowledged[0]) {
            expected.get(otherTable).add(other);
        }
        if (acknowledged && restaged) {
            mergeAUpdateB(expected, before, writer);
        } else if (acknowledged) {
            expected.get("a").add(writer);
            expected.get("b").add(writer + 1000);
        }
        expected.values().forEach(ids -> ids.sort(null));
        assertEquals(byWriter, otherAcknowledged[0], "the other writer's commit succeeds");
        assertEquals(
                !byWriter || restaged,
                acknowledged,
                restaged
                        ? "the raced writer stages its upsert and update again on the newer state and succeeds"
                        : byWriter
                                ? "the raced writer, retrying nothing, cannot succeed"
                                : "a writer whose operation was rolled forward by recovery succeeds");
        try (CatalogSession session = model.open(OpenMode.READ_WRITE)) {
            assertEquals(expected, model.visible(session), this + ": both or neither of the writer's tables");
            model.tables = CatalogModel.copy(expected);
            model.versions = model.pinnedVersions(session);
        }
    }

    /** Runs {@code work} with {@code crash} armed; whether it crashed. */
    private static boolean crash(CatalogModel model, Optional<CrashSpec> crash, Runnable work) {
        crash.ifPresent(c -> c.arm(model.storage));
        try {
            work.run();
            return false;
        } catch (CrashException expected) {
            model.crashes++;
            return true;
        } finally {
            model.storage.disarm();
        }
    }

    private void commit(CatalogModel model, Map<String, List<Long>> before, long fresh, Long victim) {
        MergeInsert merge = null;
        try (CatalogSession session = model.open(OpenMode.READ_WRITE)) {
            MultiTableCommit commit = session.newCommit(model.branch)
                    .actor("chain")
                    .withConflictRetries(kind == Kind.MERGE_A_UPDATE_B ? 3 : 0);
            switch (kind) {
                case APPEND_BOTH ->
                    commit.append("a", Rows.of(List.of(fresh), model.allocator))
                            .append("b", Rows.of(List.of(fresh + 1000), model.allocator));
                case MOVE_A_TO_B ->
                    commit.delete("a", "id = " + (victim == null ? -1 : victim))
                            .append("b", Rows.of(List.of(victim == null ? fresh : victim), model.allocator));
                case OVERWRITE_A_APPEND_B ->
                    commit.overwrite("a", Rows.of(List.of(fresh), model.allocator))
                            .append("b", Rows.of(List.of(fresh + 1000), model.allocator));
                case DELETE_FROM_BOTH ->
                    commit.delete("a", "id = " + (victim == null ? -1 : victim))
                            .delete(
                                    "b",
                                    "id = "
                                            + (before.get("b").isEmpty()
                                                    ? -1
                                                    : before.get("b").get(0)));
                case APPEND_A_DELETE_MISSING_FROM_B ->
                    commit.append("a", Rows.of(List.of(fresh), model.allocator)).delete("b", "id = -1");
                case MERGE_A_UPDATE_B -> {
                    List<Long> source = victim == null ? List.of(fresh) : List.of(victim, fresh);
                    merge = new MergeInsert(
                            new MergeInsertParams(List.of("id")).withMatchedUpdateAll(),
                            Rows.of(source, model.allocator));
                    long renamed =
                            before.get("b").isEmpty() ? -1 : before.get("b").get(0);
                    commit.apply("a", merge)
                            .apply(
                                    "b",
                                    new UpdateWhere(Optional.of("id = " + renamed), Map.of("id", "id + " + RENAMED)));
                }
                default -> throw new IllegalStateException(kind + " is not a plain commit");
            }
            commit.commit();
        } finally {
            if (merge != null) {
                merge.close();
            }
        }
    }
}
