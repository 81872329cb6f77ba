package dev.plainlance.graph;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.scan.VersionChanges;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The entities that differ between two commits, per type: inserted, updated (some value changed) and deleted.
 * Computed from the tables' fragment lists, so its cost follows the size of the change: a table whose pin did not
 * move is not read, and of one that moved only new fragments and newly deleted rows are read. Rows a compaction
 * rewrote unchanged are not reported.
 *
 * @param changes sorted by type, then id
 * @param rowsRead how many rows were read to find them
 * @param oldRows where the older commit's table held each updated or deleted entity, by {@link #key}; may miss some
 * @param newRows where the newer commit's table holds each inserted or updated entity, by {@link #key}; may miss some
 */
public record GraphDiff(
        String fromCommit,
        String toCommit,
        List<EntityChange> changes,
        long rowsRead,
        Map<String, Long> oldRows,
        Map<String, Long> newRows) {

    public GraphDiff {
        changes = List.copyOf(changes);
        oldRows = Map.copyOf(oldRows);
        newRows = Map.copyOf(newRows);
    }

    /** The key of an entity in {@link #oldRows} and {@link #newRows}. */
    public static String key(String type, String id) {
        return type + "\u0000" + id;
    }

    /** Per type, how many entities were inserted, updated and deleted. */
    public SortedMap<String, ChangeCounts> counts() {
        SortedMap<String, ChangeCounts> out = new TreeMap<>();
        for (EntityChange c : changes) {
            ChangeCounts one =
                    switch (c.kind()) {
                        case INSERTED -> new ChangeCounts(1, 0, 0);
                        case UPDATED -> new ChangeCounts(0, 1, 0);
                        case DELETED -> new ChangeCounts(0, 0, 1);
                    };
            out.merge(c.type(), one, ChangeCounts::plus);
        }
        return out;
    }

    static GraphDiff between(GraphSnapshot from, GraphSnapshot to, Env env) {
        Set<String> types = new LinkedHashSet<>();
        to.schema().nodes().forEach(n -> types.add(n.name()));
        to.schema().edges().forEach(e -> types.add(e.name()));
        from.schema().nodes().forEach(n -> types.add(n.name()));
        from.schema().edges().forEach(e -> types.add(e.name()));
        List<EntityChange> changes = new ArrayList<>();
        long[] rowsRead = {0};
        Map<String, Long> oldRows = new HashMap<>();
        Map<String, Long> newRows = new HashMap<>();
        for (String type : types) {
            changes.addAll(typeChanges(from, to, type, env, rowsRead, oldRows, newRows));
        }
        changes.sort(Comparator.comparing(EntityChange::type).thenComparing(EntityChange::id));
        return new GraphDiff(from.commitId(), to.commitId(), changes, rowsRead[0], oldRows, newRows);
    }

    private static List<EntityChange> typeChanges(
            GraphSnapshot from,
            GraphSnapshot to,
            String type,
            Env env,
            long[] rowsRead,
            Map<String, Long> oldRows,
            Map<String, Long> newRows) {
        TypeRows newer = has(to, type) ? to.rows(type) : null;
        TypeRows older = has(from, type) ? from.rows(type) : null;
        TableSnapshot after = newer == null ? null : to.table(newer);
        TableSnapshot before = older == null ? null : from.table(older);
        boolean sameTable = after != null
                && before != null
                && to.view().state().path(newer.tableKey).isPresent()
                && to.view()
                        .state()
                        .path(newer.tableKey)
                        .equals(from.view().state().path(older.tableKey));
        if (sameTable && after.name().equals(before.name()) && after.version() == before.version()) {
            return List.of();
        }
        Map<String, Entity> removed = new HashMap<>();
        Map<String, Entity> added = new HashMap<>();
        try {
            if (sameTable && newer.schema.equals(older.schema)) {
                List<String> columns = new ArrayList<>();
                newer.schema.getFields().forEach(f -> columns.add(f.getName()));
                VersionChanges delta = new VersionChanges(before, after, columns, env);
                delta.removed((batch, rows) -> read(older, batch, rows, removed, oldRows));
                delta.added((batch, rows) -> read(newer, batch, rows, added, newRows));
            } else {
                if (before != null) {
                    from.scan(type, null, e -> removed.put(e.id(), e));
                }
                if (after != null) {
                    to.scan(type, null, e -> added.put(e.id(), e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + type + " between commits", e);
        }
        rowsRead[0] += removed.size() + added.size();
        List<EntityChange> out = new ArrayList<>();
        for (Map.Entry<String, Entity> e : added.entrySet()) {
            Entity old = removed.remove(e.getKey());
            if (old == null) {
                out.add(new EntityChange(EntityChange.Kind.INSERTED, type, e.getKey(), null, e.getValue()));
            } else if (!old.sameAs(e.getValue())) {
                out.add(new EntityChange(EntityChange.Kind.UPDATED, type, e.getKey(), old, e.getValue()));
            }
        }
        removed.forEach((id, old) -> out.add(new EntityChange(EntityChange.Kind.DELETED, type, id, old, null)));
        return out;
    }

    private static void read(
            TypeRows layout,
            org.apache.arrow.vector.VectorSchemaRoot batch,
            long[] addresses,
            Map<String, Entity> out,
            Map<String, Long> rows) {
        for (int row = 0; row < batch.getRowCount(); row++) {
            Entity e = layout.read(batch, row);
            out.put(e.id(), e);
            rows.put(key(e.type(), e.id()), addresses[row]);
        }
    }

    private static boolean has(GraphSnapshot snapshot, String type) {
        return snapshot.schema().node(type).isPresent()
                || snapshot.schema().edge(type).isPresent();
    }
}
