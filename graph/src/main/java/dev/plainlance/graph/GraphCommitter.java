package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Publishes one graph change as one multi-table commit, planned on one snapshot: it lands only if no table it
 * wrote or read changed since that snapshot, and carries its change counts per type in the catalog commit.
 */
final class GraphCommitter {
    private static final String[] COUNT_KINDS = {"inserted", "updated", "deleted"};

    private GraphCommitter() {}

    /**
     * @throws CommitConflictException when a table it wrote or read changed since {@code base}
     */
    static CatalogCommit commit(
            CatalogSession session,
            GraphSnapshot base,
            Collection<TableWrite> writes,
            Collection<String> readTables,
            String actor,
            String message) {
        return commit(session, base, writes, readTables, actor, message, Optional.empty());
    }

    /**
     * As {@link #commit(CatalogSession, GraphSnapshot, Collection, Collection, String, String)}, recording
     * {@code mergedFrom} as a further parent (a merge); a merge that writes nothing still commits, to record it.
     */
    static CatalogCommit commit(
            CatalogSession session,
            GraphSnapshot base,
            Collection<TableWrite> writes,
            Collection<String> readTables,
            String actor,
            String message,
            Optional<String> mergedFrom) {
        MultiTableCommit commit = session.newCommit(base.branch())
                .basedOn(base.view().state())
                .actor(actor)
                .message(message);
        mergedFrom.ifPresent(commit::mergedFrom);
        SortedMap<String, Long> summary = new TreeMap<>();
        boolean any = false;
        for (TableWrite write : writes) {
            if (write.isEmpty()) {
                continue;
            }
            any = true;
            commit.apply(write.layout().tableKey, write.operation());
            ChangeCounts c = write.counts();
            long[] values = {c.inserted(), c.updated(), c.deleted()};
            for (int i = 0; i < values.length; i++) {
                if (values[i] != 0) {
                    summary.put(write.layout().type + "." + COUNT_KINDS[i], values[i]);
                }
            }
        }
        if (!any) {
            return mergedFrom.isPresent()
                    ? GraphMerger.recordMerge(session, base, readTables, actor, message, mergedFrom.get())
                    : headCommit(session, base);
        }
        for (String key : readTables) {
            commit.expecting(key);
        }
        commit.summary(summary);
        return commit.commit().published().head();
    }

    /** The commit {@code base} shows; looked up in the history when its branch's head is not the newest commit. */
    static CatalogCommit headCommit(CatalogSession session, GraphSnapshot base) {
        CatalogCommit newest = base.view().state().head();
        if (newest.id().equals(base.commitId())) {
            return newest;
        }
        return session.catalog().log().stream()
                .filter(c -> c.id().equals(base.commitId()))
                .findFirst()
                .orElse(newest);
    }

    /** The change counts a catalog commit carries, by type. */
    static SortedMap<String, ChangeCounts> counts(CatalogCommit commit) {
        SortedMap<String, ChangeCounts> out = new TreeMap<>();
        for (Map.Entry<String, Long> e : commit.summary().entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            if (dot <= 0) {
                continue;
            }
            String type = e.getKey().substring(0, dot);
            String kind = e.getKey().substring(dot + 1);
            long v = e.getValue();
            ChangeCounts add =
                    switch (kind) {
                        case "inserted" -> new ChangeCounts(v, 0, 0);
                        case "updated" -> new ChangeCounts(0, v, 0);
                        case "deleted" -> new ChangeCounts(0, 0, v);
                        default -> ChangeCounts.NONE;
                    };
            out.merge(type, add, ChangeCounts::plus);
        }
        return out;
    }

    static GraphCommit toGraphCommit(CatalogCommit commit) {
        return toGraphCommit(commit, Optional.empty());
    }

    /** The graph commit of {@code commit}; a parent that is the catalog's creation is not a graph commit. */
    static GraphCommit toGraphCommit(CatalogCommit commit, Optional<String> catalogCreation) {
        List<String> parents = new ArrayList<>();
        commit.parents().stream()
                .filter(p -> !catalogCreation.map(p::equals).orElse(false))
                .forEach(parents::add);
        return new GraphCommit(
                commit.id(), parents, commit.actor(), commit.time(), commit.message(), counts(commit), commit.branch());
    }
}
