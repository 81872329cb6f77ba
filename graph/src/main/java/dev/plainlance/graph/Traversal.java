package dev.plainlance.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Searches over the adjacency of some edge types of one snapshot, in one {@link Direction}. A node is a "state": its
 * node type's offset plus its ordinal, so node types never mix. Every search keeps its bookkeeping in maps sized by
 * what it visits, so its cost follows the visited subgraph, not the graph. Results and tie-breaks depend on ids
 * (and edge addresses), never on ordinals, so a derived and a freshly built index give the same answers.
 */
final class Traversal {
    /** One edge type (as this snapshot's schema names it) with the names of its endpoint node types. */
    record Leg(String edgeType, EdgeAdjacency adjacency, String fromType, String toType) {}

    /** A node reached, and after how many hops. */
    record Reached(int state, int hops) {}

    /** A path as states, and the edge (leg index, slot) between each pair. */
    record Path(int[] states, int[] legs, int[] slots, double cost) {}

    @FunctionalInterface
    interface StepVisitor {
        void step(int neighbor, int leg, int slot);
    }

    private final EdgeAdjacency[] legs;
    private final String[] legNames;
    private final Direction direction;
    private final NodeOrdinals[] types;
    private final String[] typeNames;
    private final int[] offsets;
    private final int[] fromType;
    private final int[] toType;

    /** @param legs sorted by edge type name; their node ordinals, one per node type */
    Traversal(List<Leg> legs, Direction direction) {
        this.direction = direction;
        this.legs = new EdgeAdjacency[legs.size()];
        this.legNames = new String[legs.size()];
        List<String> names = new ArrayList<>();
        for (Leg leg : legs) {
            for (String name : List.of(leg.fromType(), leg.toType())) {
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        typeNames = names.toArray(String[]::new);
        types = new NodeOrdinals[typeNames.length];
        fromType = new int[legs.size()];
        toType = new int[legs.size()];
        int[] extent = new int[typeNames.length];
        for (int e = 0; e < legs.size(); e++) {
            Leg leg = legs.get(e);
            this.legs[e] = leg.adjacency();
            this.legNames[e] = leg.edgeType();
            fromType[e] = names.indexOf(leg.fromType());
            toType[e] = names.indexOf(leg.toType());
            types[fromType[e]] = leg.adjacency().from;
            types[toType[e]] = leg.adjacency().to;
            extent[fromType[e]] = Math.max(extent[fromType[e]], leg.adjacency().sourceExtent());
            extent[toType[e]] = Math.max(extent[toType[e]], leg.adjacency().targetExtent());
        }
        offsets = new int[types.length + 1];
        for (int t = 0; t < types.length; t++) {
            long next = (long) offsets[t] + Math.max(types[t].size(), extent[t]);
            if (next > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many nodes for one traversal");
            }
            offsets[t + 1] = (int) next;
        }
    }

    // ---- states

    private int typeOf(int state) {
        int t = 0;
        while (state >= offsets[t + 1]) {
            t++;
        }
        return t;
    }

    String id(int state) {
        int t = typeOf(state);
        return types[t].id(state - offsets[t]);
    }

    String typeName(int state) {
        return typeNames[typeOf(state)];
    }

    /** The state of live node {@code id} of type {@code typeName}, or -1. */
    int state(String typeName, String id) {
        int t = Arrays.asList(typeNames).indexOf(typeName);
        if (t < 0) {
            return -1;
        }
        int o = types[t].ordinal(id);
        return o < 0 ? -1 : offsets[t] + o;
    }

    /**
     * The state of {@code id} among the node types a path can start at ({@code start}) or end at: -1 when none has
     * it.
     *
     * @throws IllegalArgumentException when several of them have a node with that id
     */
    int find(String id, boolean start) {
        Set<Integer> candidates = new LinkedHashSet<>();
        for (int e = 0; e < legs.length; e++) {
            if (direction != Direction.IN) {
                candidates.add(start ? fromType[e] : toType[e]);
            }
            if (direction != Direction.OUT) {
                candidates.add(start ? toType[e] : fromType[e]);
            }
        }
        int found = -1;
        for (int t : candidates) {
            int o = types[t].ordinal(id);
            if (o >= 0) {
                if (found >= 0) {
                    throw new IllegalArgumentException("node id " + id + " is a " + typeName(found) + " and a "
                            + typeNames[t] + ": the traversal cannot tell which is meant");
                }
                found = offsets[t] + o;
            }
        }
        return found;
    }

    /** Calls {@code visitor} with every edge at {@code state} this traversal follows. */
    void forEachNeighbor(int state, StepVisitor visitor) {
        forEachNeighbor(state, direction, visitor);
    }

    /** Calls {@code visitor} with every edge at {@code state} in {@code direction}. */
    private void forEachNeighbor(int state, Direction direction, StepVisitor visitor) {
        int t = typeOf(state);
        int o = state - offsets[t];
        for (int e = 0; e < legs.length; e++) {
            int leg = e;
            if (direction != Direction.IN && fromType[e] == t) {
                int base = offsets[toType[e]];
                legs[e].forEachOut(o, (neighbor, slot) -> visitor.step(base + neighbor, leg, slot));
            }
            if (direction != Direction.OUT && toType[e] == t) {
                int base = offsets[fromType[e]];
                legs[e].forEachIn(o, (neighbor, slot) -> visitor.step(base + neighbor, leg, slot));
            }
        }
    }

    EdgeAdjacency leg(int index) {
        return legs[index];
    }

    String legName(int index) {
        return legNames[index];
    }

    // ---- searches

    /** The distinct nodes one edge away from {@code state}, ordered by id. */
    int[] neighbors(int state) {
        return expand(new int[] {state});
    }

    /** The distinct nodes one edge away from any of {@code states}, ordered by id. */
    int[] expand(int[] states) {
        IntIntMap seen = new IntIntMap();
        IntList out = new IntList();
        for (int state : states) {
            forEachNeighbor(state, (neighbor, leg, slot) -> {
                if (seen.putIfAbsent(neighbor, 0)) {
                    out.add(neighbor);
                }
            });
        }
        return sortById(out.toArray());
    }

    /**
     * Omnigraph's reachability from one node: breadth first, a node is expanded once (the start counts as visited),
     * and each destination is reported once, at the first hop count in {@code [minHops, maxHops]} it is reached at;
     * a self-loop reports its node (once) without expanding it again. Ordered by hops then id; stops after the hop
     * at which {@code limit} results are reached.
     */
    List<Reached> reachable(int seed, int minHops, int maxHops, int limit) {
        List<Reached> out = new ArrayList<>();
        IntIntMap emitted = new IntIntMap();
        if (minHops == 0) {
            out.add(new Reached(seed, 0));
            emitted.putIfAbsent(seed, 0);
        }
        IntIntMap visited = new IntIntMap();
        visited.putIfAbsent(seed, 0);
        int[] frontier = {seed};
        for (int hop = 1; hop <= maxHops && frontier.length > 0 && out.size() < limit; hop++) {
            boolean report = hop >= minHops;
            IntList next = new IntList();
            IntList level = new IntList();
            for (int node : frontier) {
                forEachNeighbor(node, (neighbor, leg, slot) -> {
                    if (neighbor == node) {
                        if (report && emitted.putIfAbsent(neighbor, 0)) {
                            level.add(neighbor);
                        }
                    } else if (visited.putIfAbsent(neighbor, 0)) {
                        next.add(neighbor);
                        if (report && emitted.putIfAbsent(neighbor, 0)) {
                            level.add(neighbor);
                        }
                    }
                });
            }
            for (int state : sortById(level.toArray())) {
                if (out.size() == limit) {
                    break;
                }
                out.add(new Reached(state, hop));
            }
            frontier = next.toArray();
        }
        return out;
    }

    /**
     * A shortest path (fewest edges) from {@code from} to {@code to}: breadth first until {@code to} is met, then back
     * from it, each node taking as predecessor its smallest-(id, type) neighbour one hop nearer the start; of
     * parallel edges the one of the first edge type (by name), then the lowest row address. So the path depends on
     * the graph only, not on ordinals or the order edges are stored in, and no level is sorted.
     */
    Optional<Path> shortestPath(int from, int to) {
        IntIntMap distance = distancesFrom(from, to);
        if (distance == null) {
            return Optional.empty();
        }
        int length = distance.get(to);
        int[] states = new int[length + 1];
        int[] legsTaken = new int[length];
        int[] slots = new int[length];
        states[length] = to;
        Direction back =
                direction == Direction.OUT ? Direction.IN : direction == Direction.IN ? Direction.OUT : direction;
        for (int d = length; d > 0; d--) {
            int nearer = d - 1;
            int[] best = {-1, -1, -1};
            forEachNeighbor(states[d], back, (neighbor, leg, slot) -> {
                if (distance.get(neighbor) != nearer) {
                    return;
                }
                int order = best[0] < 0 ? -1 : compareNodes(neighbor, best[0]);
                if (order < 0 || (order == 0 && before(leg, slot, best[1], best[2]))) {
                    best[0] = neighbor;
                    best[1] = leg;
                    best[2] = slot;
                }
            });
            states[d - 1] = best[0];
            legsTaken[d - 1] = best[1];
            slots[d - 1] = best[2];
        }
        return Optional.of(new Path(states, legsTaken, slots, length));
    }

    /**
     * The distance from {@code from} of every node the path back from {@code to} may step on, or null when
     * {@code to} cannot be reached. Searches from both ends, each step expanding the side with the smaller frontier,
     * until the two meet after {@code a} levels forward and {@code b} back: the distance is then {@code a + b}.
     * Forward levels up to {@code a} are complete; beyond them only nodes on shortest paths (those {@code b}-side
     * distances put the right number of hops from {@code to}) are labelled, which are all the walk back needs: every
     * neighbour one hop nearer the start of a node on a shortest path is on one too.
     */
    private IntIntMap distancesFrom(int from, int to) {
        IntIntMap forward = new IntIntMap();
        forward.putIfAbsent(from, 0);
        if (from == to) {
            return forward;
        }
        IntIntMap backward = new IntIntMap();
        backward.putIfAbsent(to, 0);
        Direction back =
                direction == Direction.OUT ? Direction.IN : direction == Direction.IN ? Direction.OUT : direction;
        int[] ahead = {from};
        int[] behind = {to};
        int a = 0;
        int b = 0;
        boolean[] met = {false};
        while (!met[0]) {
            if (ahead.length == 0 || behind.length == 0) {
                return null;
            }
            boolean forwards = ahead.length <= behind.length;
            IntIntMap mine = forwards ? forward : backward;
            IntIntMap other = forwards ? backward : forward;
            int level = (forwards ? a : b) + 1;
            IntList next = new IntList();
            for (int node : forwards ? ahead : behind) {
                forEachNeighbor(node, forwards ? direction : back, (neighbor, leg, slot) -> {
                    if (mine.putIfAbsent(neighbor, level)) {
                        next.add(neighbor);
                        met[0] |= other.contains(neighbor);
                    }
                });
            }
            if (forwards) {
                ahead = next.toArray();
                a = level;
            } else {
                behind = next.toArray();
                b = level;
            }
        }
        int total = a + b;
        int[] frontier = ahead;
        for (int k = a; k < total; k++) {
            int hopsLeft = total - k - 1;
            int level = k + 1;
            IntList next = new IntList();
            for (int node : frontier) {
                if (backward.get(node) != total - k) {
                    continue;
                }
                forEachNeighbor(node, direction, (neighbor, leg, slot) -> {
                    if (backward.get(neighbor) == hopsLeft && forward.putIfAbsent(neighbor, level)) {
                        next.add(neighbor);
                    }
                });
            }
            frontier = next.toArray();
        }
        return forward;
    }

    /** Orders states by id, then node type. */
    private int compareNodes(int a, int b) {
        if (a == b) {
            return 0;
        }
        int byId = id(a).compareTo(id(b));
        return byId != 0 ? byId : Integer.compare(typeOf(a), typeOf(b));
    }

    /**
     * A cheapest path by edge weight (Dijkstra): {@code weights[leg][slot]}, NaN for an edge that cannot be taken
     * (null weight). Weights must not be negative. Ties settle in (cost, id) order, a node keeps the first
     * predecessor that reached its final cost, and parallel edges break ties as in {@link #shortestPath}.
     */
    Optional<Path> cheapestPath(int from, int to, double[][] weights) {
        Entries entries = new Entries();
        entries.add(from, -1, -1, -1, 0);
        record Queued(double cost, String id, int state) {}
        PriorityQueue<Queued> queue = new PriorityQueue<>(Comparator.comparingDouble(Queued::cost)
                .thenComparing(Queued::id)
                .thenComparingInt(q -> typeOf(q.state())));
        queue.add(new Queued(0, id(from), from));
        IntIntMap settled = new IntIntMap();
        while (!queue.isEmpty()) {
            Queued q = queue.poll();
            int i = entries.index(q.state());
            if (q.cost() > entries.cost[i] || !settled.putIfAbsent(q.state(), 0)) {
                continue;
            }
            if (q.state() == to) {
                return Optional.of(entries.path(to));
            }
            double base = entries.cost[i];
            forEachNeighbor(q.state(), (neighbor, leg, slot) -> {
                double w = weights[leg][slot];
                if (Double.isNaN(w) || settled.contains(neighbor)) {
                    return;
                }
                double cost = base + w;
                int j = entries.index(neighbor);
                if (j < 0) {
                    entries.add(neighbor, q.state(), leg, slot, cost);
                    queue.add(new Queued(cost, id(neighbor), neighbor));
                } else if (cost < entries.cost[j]) {
                    entries.pred[j] = q.state();
                    entries.leg[j] = leg;
                    entries.slot[j] = slot;
                    entries.cost[j] = cost;
                    queue.add(new Queued(cost, id(neighbor), neighbor));
                } else if (cost == entries.cost[j]
                        && entries.pred[j] == q.state()
                        && before(leg, slot, entries.leg[j], entries.slot[j])) {
                    entries.leg[j] = leg;
                    entries.slot[j] = slot;
                }
            });
        }
        return Optional.empty();
    }

    /** Whether edge ({@code leg}, {@code slot}) comes before edge ({@code otherLeg}, {@code otherSlot}). */
    private boolean before(int leg, int slot, int otherLeg, int otherSlot) {
        if (leg != otherLeg) {
            return leg < otherLeg;
        }
        return legs[leg].address(slot) < legs[otherLeg].address(otherSlot);
    }

    /** {@code states} ordered by id, then node type. */
    int[] sortById(int[] states) {
        if (states.length < 2) {
            return states;
        }
        record Keyed(String id, int state) {}
        Keyed[] keyed = new Keyed[states.length];
        for (int i = 0; i < states.length; i++) {
            keyed[i] = new Keyed(id(states[i]), states[i]);
        }
        Arrays.sort(keyed, Comparator.comparing(Keyed::id).thenComparingInt(Keyed::state));
        int[] out = new int[states.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = keyed[i].state();
        }
        return out;
    }

    /** The nodes a search reached: state to entry, with the predecessor, edge and cost of each. */
    private static final class Entries {
        private final IntIntMap index = new IntIntMap();
        int[] state = new int[16];
        int[] pred = new int[16];
        int[] leg = new int[16];
        int[] slot = new int[16];
        double[] cost = new double[16];
        int size;

        int index(int s) {
            return index.get(s);
        }

        void add(int s, int predecessor, int edgeLeg, int edgeSlot, double c) {
            if (size == state.length) {
                state = Arrays.copyOf(state, size * 2);
                pred = Arrays.copyOf(pred, size * 2);
                leg = Arrays.copyOf(leg, size * 2);
                slot = Arrays.copyOf(slot, size * 2);
                cost = Arrays.copyOf(cost, size * 2);
            }
            state[size] = s;
            pred[size] = predecessor;
            leg[size] = edgeLeg;
            slot[size] = edgeSlot;
            cost[size] = c;
            index.putIfAbsent(s, size++);
        }

        Path path(int to) {
            IntList states = new IntList();
            IntList legs = new IntList();
            IntList slots = new IntList();
            int i = index(to);
            double total = cost[i];
            while (true) {
                states.add(state[i]);
                if (pred[i] < 0) {
                    break;
                }
                legs.add(leg[i]);
                slots.add(slot[i]);
                i = index(pred[i]);
            }
            return new Path(reverse(states.toArray()), reverse(legs.toArray()), reverse(slots.toArray()), total);
        }

        private static int[] reverse(int[] values) {
            for (int a = 0, b = values.length - 1; a < b; a++, b--) {
                int t = values[a];
                values[a] = values[b];
                values[b] = t;
            }
            return values;
        }
    }

    /** A growable int array. */
    static final class IntList {
        private int[] values = new int[8];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        int get(int index) {
            return values[index];
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
