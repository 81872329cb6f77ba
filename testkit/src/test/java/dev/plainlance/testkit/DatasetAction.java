package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * One step of a dataset action chain: an operation through the {@code Dataset} API, possibly crashed. {@code pick}
 * chooses the row or version the operation works on, relative to the state it meets, so that shrinking keeps
 * chains valid. After a crash the storage restarts to its durable state; the dataset must then show exactly the
 * rows before or after the operation, and the model adopts whichever it shows.
 */
record DatasetAction(Kind kind, int pick, Optional<CrashSpec> crash) {
    enum Kind {
        APPEND,
        DELETE,
        MERGE_INSERT,
        OVERWRITE,
        RESTORE,
        TAG,
        COMPACT
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + pick + ")"
                + crash.map(c -> " crashing at " + c).orElse("");
    }

    void apply(DatasetModel model) {
        List<Long> before = model.latestIds();
        long beforeVersion = model.latestVersion();
        List<Long> after = new ArrayList<>(before);
        long restoreTarget = new ArrayList<>(model.versions.keySet()).get(pick % model.versions.size());
        String tag = "t" + model.nextId;
        long fresh = model.nextId++;
        switch (kind) {
            case APPEND -> after.add(fresh);
            case DELETE -> after.remove(before.isEmpty() ? null : before.get(pick % before.size()));
            case MERGE_INSERT -> after.add(fresh);
            case OVERWRITE -> after = new ArrayList<>(List.of(fresh));
            case RESTORE -> after = new ArrayList<>(model.versions.get(restoreTarget));
            default -> {}
        }
        after.sort(null);
        crash.ifPresent(c -> c.arm(model.storage));
        boolean crashed = false;
        try {
            perform(model, before, fresh, restoreTarget, tag);
        } catch (CrashException expected) {
            crashed = true;
            model.crashes++;
        } finally {
            model.storage.disarm();
        }
        if (crashed) {
            model.storage = model.storage.restart();
        }
        try (Dataset latest = model.open(null)) {
            List<Long> visible = Rows.ids(latest);
            if (crashed) {
                assertTrue(
                        visible.equals(before) || visible.equals(after),
                        this + ": the dataset shows " + visible + ", neither the rows before " + before + " nor after "
                                + after);
            } else {
                assertEquals(after, visible, this + " was acknowledged");
            }
            for (long v = beforeVersion + 1; v <= latest.version(); v++) {
                try (Dataset at = latest.checkoutVersion(v)) {
                    model.versions.put(v, Rows.ids(at));
                }
            }
            assertTrue(latest.version() >= beforeVersion, "no acknowledged version lost");
            if (kind == Kind.TAG
                    && latest.tags().list().stream().anyMatch(t -> t.getName().equals(tag))) {
                model.tags.put(tag, beforeVersion);
            }
            assertTrue(crashed || kind != Kind.TAG || model.tags.containsKey(tag), "acknowledged tag " + tag);
        }
    }

    private void perform(DatasetModel model, List<Long> before, long fresh, long restoreTarget, String tag) {
        switch (kind) {
            case APPEND -> model.write(List.of(fresh), WriteParams.WriteMode.APPEND);
            case OVERWRITE -> model.write(List.of(fresh), WriteParams.WriteMode.OVERWRITE);
            case DELETE -> {
                try (Dataset ds = model.open(null)) {
                    ds.delete(before.isEmpty() ? "id < 0" : "id = " + before.get(pick % before.size()));
                }
            }
            case MERGE_INSERT -> {
                List<Long> upserts = new ArrayList<>(List.of(fresh));
                if (!before.isEmpty()) {
                    upserts.add(0, before.get(pick % before.size()));
                }
                try (Dataset ds = model.open(null);
                        ArrowReader source = Rows.of(upserts, model.allocator);
                        MergeInsertResult merged =
                                ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), source)) {
                    assertEquals(upserts.size() - 1, merged.stats().numUpdatedRows());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case RESTORE -> {
                try (Dataset ds = model.open(restoreTarget)) {
                    ds.restore();
                }
            }
            case TAG -> {
                try (Dataset ds = model.open(null)) {
                    ds.tags().create(tag, ds.version());
                }
            }
            case COMPACT -> {
                try (Dataset ds = model.open(null)) {
                    ds.compact();
                }
            }
        }
    }
}
