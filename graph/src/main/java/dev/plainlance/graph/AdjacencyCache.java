package dev.plainlance.graph;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The adjacency a {@link Graph} keeps for its snapshots: node ordinals keyed by (table path, version) and edge
 * adjacency keyed by (table path, version, the node ordinals of both ends). Only published versions are cached: a
 * published version of a table path never changes (the catalog gives every created table a fresh path and Lance
 * writes each version once), so a key can never name other data, whatever crashed or committed meanwhile. A new
 * version is derived from the newest cached older version of the same path when there is one (reading only what
 * changed), else built by a scan. Least recently used entries go beyond {@link #CAPACITY} per kind; a snapshot
 * keeps what it uses for its own life.
 */
final class AdjacencyCache {
    /** Entries kept per kind. */
    static final int CAPACITY = 16;

    /** A table version: its path relative to the catalog root, and its version. */
    record TableId(String path, long version) {}

    /** Full scans and derivations so far, for tests and measurements. */
    final AtomicLong nodeBuilds = new AtomicLong();

    final AtomicLong nodeDerivations = new AtomicLong();
    final AtomicLong edgeBuilds = new AtomicLong();
    final AtomicLong edgeDerivations = new AtomicLong();
    /** Derivations whose overlay was folded into a new base. */
    final AtomicLong folds = new AtomicLong();

    /** Overlays fold into a new base past {@code max(foldMinimum, size / 8)} entries. */
    volatile int foldMinimum = Integer.getInteger("plainlance.graph.adjacencyFoldMinimum", 4096);
    /** When false, every new version is built by a full scan (for measuring the difference). */
    volatile boolean derive = true;

    private final LinkedHashMap<TableId, Memo<NodeOrdinals>> nodes = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<EdgeKey, Memo<EdgeAdjacency>> edges = new LinkedHashMap<>(16, 0.75f, true);

    private record EdgeKey(TableId table, long fromSerial, long toSerial) {}

    /** Computes a value once; a failure is not kept. */
    private static final class Memo<T> {
        private volatile T value;

        synchronized T get(Supplier<T> compute) {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }

        T done() {
            return value;
        }
    }

    /**
     * The node ordinals of {@code id}; {@code table} loads the snapshot when it must be read. {@code cached} is false
     * for a staged (unpublished) version, which is then built and not kept.
     */
    NodeOrdinals nodes(TableId id, Supplier<TableSnapshot> table, Env env, boolean cached) {
        if (!cached) {
            nodeBuilds.incrementAndGet();
            return NodeOrdinals.build(id, table.get(), env);
        }
        Memo<NodeOrdinals> memo = memo(nodes, id);
        return get(nodes, id, memo, () -> {
            NodeOrdinals older = derive ? newest(nodes, id, o -> o.table) : null;
            if (older != null) {
                nodeDerivations.incrementAndGet();
                NodeOrdinals derived = older.derive(id, table.get(), env, foldMinimum);
                if (derived.base != older.base) {
                    folds.incrementAndGet();
                }
                return derived;
            }
            nodeBuilds.incrementAndGet();
            return NodeOrdinals.build(id, table.get(), env);
        });
    }

    /** The adjacency of edge type {@code type} at {@code id} over {@code from} and {@code to} (see {@link #nodes}). */
    EdgeAdjacency edges(
            TableId id,
            String type,
            Supplier<TableSnapshot> table,
            NodeOrdinals from,
            NodeOrdinals to,
            Env env,
            boolean cached) {
        if (!cached) {
            edgeBuilds.incrementAndGet();
            return EdgeAdjacency.build(id, type, table.get(), from, to, env);
        }
        EdgeKey key = new EdgeKey(id, from.serial, to.serial);
        Memo<EdgeAdjacency> memo = memo(edges, key);
        return get(edges, key, memo, () -> {
            EdgeAdjacency older = derive ? newestEdges(id, from, to) : null;
            if (older != null) {
                edgeDerivations.incrementAndGet();
                EdgeAdjacency derived = older.derive(id, table.get(), from, to, env, foldMinimum);
                if (derived.base != older.base) {
                    folds.incrementAndGet();
                }
                return derived;
            }
            edgeBuilds.incrementAndGet();
            return EdgeAdjacency.build(id, type, table.get(), from, to, env);
        });
    }

    private <K, T> Memo<T> memo(LinkedHashMap<K, Memo<T>> map, K key) {
        synchronized (this) {
            Memo<T> memo = map.computeIfAbsent(key, k -> new Memo<>());
            Iterator<Map.Entry<K, Memo<T>>> oldest = map.entrySet().iterator();
            while (map.size() > CAPACITY && oldest.hasNext()) {
                if (oldest.next().getValue() != memo) {
                    oldest.remove();
                }
            }
            return memo;
        }
    }

    private <K, T> T get(LinkedHashMap<K, Memo<T>> map, K key, Memo<T> memo, Supplier<T> compute) {
        try {
            return memo.get(compute);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                map.remove(key, memo);
            }
            throw e;
        }
    }

    /** The cached value of the same path with the highest version below {@code id}'s. */
    private synchronized <T> T newest(LinkedHashMap<TableId, Memo<T>> map, TableId id, Function<T, TableId> tableOf) {
        T best = null;
        for (Memo<T> memo : map.values()) {
            T value = memo.done();
            if (value != null) {
                TableId at = tableOf.apply(value);
                if (at.path().equals(id.path())
                        && at.version() < id.version()
                        && (best == null || at.version() > tableOf.apply(best).version())) {
                    best = value;
                }
            }
        }
        return best;
    }

    /** The cached adjacency of the same path, version not above {@code id}'s, over the same ordinal spaces. */
    private synchronized EdgeAdjacency newestEdges(TableId id, NodeOrdinals from, NodeOrdinals to) {
        EdgeAdjacency best = null;
        for (Memo<EdgeAdjacency> memo : edges.values()) {
            EdgeAdjacency value = memo.done();
            if (value != null
                    && value.table.path().equals(id.path())
                    && value.table.version() <= id.version()
                    && value.base.fromSpace == from.space()
                    && value.base.toSpace == to.space()
                    && (best == null || value.table.version() > best.table.version())) {
                best = value;
            }
        }
        return best;
    }
}
