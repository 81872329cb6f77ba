package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An in-memory graph over {@code test.pg} (Person{name @key, age I32?}, Company{name @key}, Knows: Person -> Person
 * {since Date?}, WorksAt: Person -> Company): per type, its entities by id, in the form {@link GraphSnapshot} reads
 * them. A model begun from another ({@link #begin()}) also tracks, like a transaction does, which ids it wrote and
 * which ids of the base it removed or replaced, so it knows the change counts the commit must carry.
 */
final class GraphModel {
    static final List<String> NODE_TYPES = List.of("Person", "Company");
    static final List<String> EDGE_TYPES = List.of("Knows", "WorksAt");
    static final List<String> TYPES = List.of("Person", "Company", "Knows", "WorksAt");
    /** Per edge type: its source and target node types. */
    static final Map<String, List<String>> ENDPOINTS =
            Map.of("Knows", List.of("Person", "Person"), "WorksAt", List.of("Person", "Company"));

    private final SortedMap<String, SortedMap<String, Entity>> types = new TreeMap<>();
    private final GraphModel base;
    private final Map<String, Set<String>> written = new HashMap<>();
    private final Map<String, Set<String>> removed = new HashMap<>();

    private GraphModel(GraphModel base) {
        this.base = base;
        for (String type : TYPES) {
            types.put(type, new TreeMap<>());
            written.put(type, new TreeSet<>());
            removed.put(type, new TreeSet<>());
        }
    }

    static GraphModel empty() {
        return new GraphModel(null);
    }

    /** The graph as {@code snapshot} shows it, every type, checking ids are unique and counts match the pins. */
    static GraphModel read(GraphSnapshot snapshot) {
        GraphModel out = empty();
        for (String type : TYPES) {
            List<Entity> all = snapshot.list(type, null);
            for (Entity e : all) {
                if (out.types.get(type).put(e.id(), e) != null) {
                    throw new AssertionError(type + " " + e.id() + " is stored twice");
                }
            }
            assertEquals(all.size(), snapshot.count(type), "the pinned row count of " + type + " is its entities");
        }
        return out;
    }

    /** A copy to change as one transaction: it tracks what it writes relative to this model. */
    GraphModel begin() {
        GraphModel out = new GraphModel(this);
        types.forEach((type, entities) -> out.types.get(type).putAll(entities));
        return out;
    }

    SortedMap<String, Entity> entities(String type) {
        return types.get(type);
    }

    boolean exists(String type, String id) {
        return types.get(type).containsKey(id);
    }

    Entity get(String type, String id) {
        return types.get(type).get(id);
    }

    List<Entity> matching(String type, Predicate<Entity> which) {
        return types.get(type).values().stream().filter(which).toList();
    }

    // ---- changes, tracked like a transaction tracks them

    /** Inserts or replaces a node (its edges stay), or an edge with a given id. */
    void put(Entity e) {
        if (base != null && base.exists(e.type(), e.id())) {
            removed.get(e.type()).add(e.id());
        }
        written.get(e.type()).add(e.id());
        types.get(e.type()).put(e.id(), e);
    }

    /** Deletes the nodes of {@code type} matching {@code which} and every edge touching them; returns how many. */
    long deleteNodes(String type, Predicate<Entity> which) {
        List<Entity> victims = matching(type, which);
        Set<String> ids = new TreeSet<>();
        for (Entity e : victims) {
            ids.add(e.id());
            remove(type, e.id());
        }
        if (!ids.isEmpty()) {
            for (String edge : EDGE_TYPES) {
                List<String> ends = ENDPOINTS.get(edge);
                deleteEdges(
                        edge,
                        e -> ends.get(0).equals(type) && ids.contains(e.src())
                                || ends.get(1).equals(type) && ids.contains(e.dst()));
            }
        }
        return victims.size();
    }

    long deleteEdges(String type, Predicate<Entity> which) {
        List<Entity> victims = matching(type, which);
        victims.forEach(e -> remove(type, e.id()));
        return victims.size();
    }

    private void remove(String type, String id) {
        types.get(type).remove(id);
        written.get(type).remove(id);
        if (base != null && base.exists(type, id)) {
            removed.get(type).add(id);
        }
    }

    /** Whether the change writes any table (a commit publishes it), as a transaction decides it. */
    boolean writes() {
        return tablesWritten() > 0;
    }

    /** How many tables the change writes: those of the types it wrote or removed entities of. */
    long tablesWritten() {
        return TYPES.stream()
                .filter(t -> !written.get(t).isEmpty() || !removed.get(t).isEmpty())
                .count();
    }

    /** The change counts the commit of this change carries, by type (types without change left out). */
    SortedMap<String, ChangeCounts> counts() {
        SortedMap<String, ChangeCounts> out = new TreeMap<>();
        for (String type : TYPES) {
            Set<String> w = written.get(type);
            Set<String> r = removed.get(type);
            long updated = w.stream().filter(r::contains).count();
            ChangeCounts c = new ChangeCounts(w.size() - updated, updated, r.size() - updated);
            if (!c.isEmpty()) {
                out.put(type, c);
            }
        }
        return out;
    }

    // ---- checks

    /** Edges whose source or target node does not exist. */
    List<String> dangling() {
        List<String> out = new ArrayList<>();
        for (String edge : EDGE_TYPES) {
            List<String> ends = ENDPOINTS.get(edge);
            for (Entity e : types.get(edge).values()) {
                if (!exists(ends.get(0), e.src()) || !exists(ends.get(1), e.dst())) {
                    out.add(edge + " " + e.id() + " " + e.src() + "->" + e.dst());
                }
            }
        }
        return out;
    }

    /** Same entities of every type (tracking not compared). */
    boolean sameGraph(GraphModel other) {
        return types.equals(other.types);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphModel m && sameGraph(m);
    }

    @Override
    public int hashCode() {
        return types.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        types.forEach((type, entities) -> {
            sb.append(type).append('{');
            String sep = "";
            for (Entity e : entities.values()) {
                sb.append(sep).append(e.id());
                if (e.isEdge()) {
                    sb.append('[').append(e.src()).append("->").append(e.dst()).append(']');
                }
                e.properties().forEach((k, v) -> {
                    if (v != null && !k.equals("name")) {
                        sb.append(' ').append(k).append('=').append(v);
                    }
                });
                sep = ", ";
            }
            sb.append("} ");
        });
        return sb.toString().trim();
    }
}
