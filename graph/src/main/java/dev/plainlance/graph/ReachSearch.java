package dev.plainlance.graph;

import dev.plainlance.graph.query.Typed;

/**
 * The nodes one traversal step reaches from one node over one edge type, with Omnigraph's semantics: one hop gives
 * the distinct neighbours; {@code min..max} hops search breadth first, expand each node once (the start counts as
 * visited, so it is reached again only through a self-loop) and report each node once, at the first hop it is
 * reached at, when that hop is within the bounds. The first calls mark what they visit in hash sets sized by it;
 * after {@value #CALLS_BEFORE_ARRAYS} calls (a search from many nodes) marks move to arrays over the node ordinals,
 * reused by every later call, so a call costs what it visits either way. Not thread-safe.
 */
final class ReachSearch {
    private final EdgeAdjacency edges;
    private final Typed.Direction direction;
    private final int minHops;
    private final int maxHops;
    private static final int CALLS_BEFORE_ARRAYS = 16;

    private final int extent;
    private int calls;
    private int[] visited;
    private int[] emitted;
    private IntIntMap visitedSet;
    private IntIntMap emittedSet;
    private int mark;
    private Traversal.IntList out = new Traversal.IntList();

    /**
     * @param direction OUT follows edges from their source, IN from their destination, BOTH either way
     * @param maxHops already capped at 1 when the edge's two ends are different node types
     */
    ReachSearch(EdgeAdjacency edges, Typed.Direction direction, int minHops, int maxHops, int extent) {
        this.edges = edges;
        this.direction = direction;
        this.minHops = minHops;
        this.maxHops = maxHops;
        this.extent = extent;
    }

    /** The nodes reached from {@code start}, each once; valid until the next call. */
    Traversal.IntList from(int start) {
        return from(start, Long.MAX_VALUE);
    }

    /**
     * The first {@code cap} nodes reached from {@code start} (all of a hop's nodes in the order its edges are met);
     * valid until the next call.
     */
    Traversal.IntList from(int start, long cap) {
        mark++;
        if (++calls == CALLS_BEFORE_ARRAYS) {
            visited = new int[extent];
            emitted = new int[extent];
        }
        if (visited == null) {
            visitedSet = new IntIntMap();
            emittedSet = new IntIntMap();
        }
        out = new Traversal.IntList();
        if (minHops == 1 && maxHops == 1) {
            EdgeAdjacency.EdgeVisitor step = (neighbor, slot) -> emit(neighbor);
            if (direction != Typed.Direction.IN) {
                edges.forEachOut(start, step);
            }
            if (direction != Typed.Direction.OUT) {
                edges.forEachIn(start, step);
            }
            return out;
        }
        if (minHops == 0) {
            emit(start);
        }
        visit(start);
        Traversal.IntList frontier = new Traversal.IntList();
        frontier.add(start);
        for (int hop = 1; hop <= maxHops && frontier.size() > 0 && out.size() < cap; hop++) {
            boolean report = hop >= minHops;
            Traversal.IntList next = new Traversal.IntList();
            for (int i = 0; i < frontier.size() && out.size() < cap; i++) {
                int node = frontier.get(i);
                EdgeAdjacency.EdgeVisitor step = (neighbor, slot) -> {
                    if (neighbor == node) {
                        if (report) {
                            emit(neighbor);
                        }
                    } else if (visit(neighbor)) {
                        next.add(neighbor);
                        if (report) {
                            emit(neighbor);
                        }
                    }
                };
                if (direction != Typed.Direction.IN) {
                    edges.forEachOut(node, step);
                }
                if (direction != Typed.Direction.OUT) {
                    edges.forEachIn(node, step);
                }
            }
            frontier = next;
        }
        return out;
    }

    private boolean visit(int node) {
        if (visited == null) {
            return visitedSet.putIfAbsent(node, 0);
        }
        ensure(node);
        if (visited[node] == mark) {
            return false;
        }
        visited[node] = mark;
        return true;
    }

    private void emit(int node) {
        if (emitted == null) {
            if (emittedSet.putIfAbsent(node, 0)) {
                out.add(node);
            }
            return;
        }
        ensure(node);
        if (emitted[node] != mark) {
            emitted[node] = mark;
            out.add(node);
        }
    }

    private void ensure(int node) {
        if (node >= visited.length) {
            int size = Math.max(node + 1, visited.length * 2);
            visited = java.util.Arrays.copyOf(visited, size);
            emitted = java.util.Arrays.copyOf(emitted, size);
        }
    }
}
