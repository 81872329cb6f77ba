package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.graph.schema.Cardinality;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.InvalidKeyException;
import dev.plainlance.graph.schema.NodeIds;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.recovery.CatalogSession;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A transaction's writes over one snapshot: per type, the entities it wrote (new values by id) and the stored ids it
 * removed. Reads merge the two. {@link #commit} checks what only the whole change can tell (endpoints, {@code @card})
 * and publishes.
 */
final class TransactionState implements AutoCloseable {
    enum Put {
        INSERT,
        UPSERT
    }

    private final GraphSnapshot base;
    private final BufferAllocator allocator = new RootAllocator();
    /** Per type: entities written by this transaction, by id. */
    private Map<String, Map<String, Entity>> written = new HashMap<>();
    /** Per type: stored ids removed (deleted, or replaced by a written entity). */
    private Map<String, Set<String>> removed = new HashMap<>();
    /** For merges: where the base may hold rows this change removes, by type and id. */
    private final Map<String, Map<String, Long>> hints = new HashMap<>();
    /** Per type: stored ids known to exist, learned while checking. */
    private final Map<String, Map<String, Boolean>> storedIds = new HashMap<>();
    /** Per node type: ids whose existence before the transaction decides insert vs update. */
    private final Set<String> readTables = new TreeSet<>();

    TransactionState(GraphSnapshot base) {
        this.base = base;
    }

    GraphSnapshot base() {
        return base;
    }

    /** Runs {@code step}; if it throws, the state is as before. */
    Object attempt(GraphTransaction.Step step) {
        Map<String, Map<String, Entity>> w = deepCopy(written);
        Map<String, Set<String>> r = new HashMap<>();
        removed.forEach((k, v) -> r.put(k, new HashSet<>(v)));
        try {
            return step.apply(this);
        } catch (RuntimeException e) {
            written = w;
            removed = r;
            throw e;
        }
    }

    private static Map<String, Map<String, Entity>> deepCopy(Map<String, Map<String, Entity>> m) {
        Map<String, Map<String, Entity>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
        return out;
    }

    // ---- reads

    Optional<Entity> node(String type, String id) {
        base.nodeType(type);
        Entity mine = written(type).get(id);
        if (mine != null) {
            return Optional.of(mine);
        }
        if (removed(type).contains(id)) {
            return Optional.empty();
        }
        return base.nodeById(type, id);
    }

    List<Entity> list(String type, String where) {
        List<Entity> out = new ArrayList<>();
        Set<String> gone = removed(type);
        Map<String, Entity> mine = written(type);
        base.scan(type, where, e -> {
            if (!gone.contains(e.id()) && !mine.containsKey(e.id())) {
                out.add(e);
            }
        });
        out.addAll(matching(type, where, mine.values()));
        return out;
    }

    /** The written entities among {@code entities} that match {@code where}. */
    private List<Entity> matching(String type, String where, java.util.Collection<Entity> entities) {
        if (entities.isEmpty() || where == null || where.isBlank()) {
            return new ArrayList<>(entities);
        }
        TypeRows rows = base.rows(type);
        Predicate predicate = Expressions.predicate(where, rows.schema);
        List<Entity> all = new ArrayList<>(entities);
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(rows.schema, allocator)) {
            batch.allocateNew();
            for (int i = 0; i < all.size(); i++) {
                rows.write(batch, i, all.get(i));
            }
            batch.setRowCount(all.size());
            BitSet hits = predicate.test(batch);
            List<Entity> out = new ArrayList<>();
            hits.stream().forEach(i -> out.add(all.get(i)));
            return out;
        }
    }

    private boolean exists(String type, String id) {
        if (written(type).containsKey(id)) {
            return true;
        }
        return !removed(type).contains(id) && stored(type, id);
    }

    /** Whether {@code id} is stored in {@code type}'s table at the base (through the id index, remembered). */
    private boolean stored(String type, String id) {
        readTables.add(base.rows(type).tableKey);
        return storedIds
                .computeIfAbsent(type, t -> new HashMap<>())
                .computeIfAbsent(id, i -> !base.existing(type, List.of(i)).isEmpty());
    }

    private Map<String, Entity> written(String type) {
        return written.computeIfAbsent(type, t -> new LinkedHashMap<>());
    }

    private Set<String> removed(String type) {
        return removed.computeIfAbsent(type, t -> new HashSet<>());
    }

    // ---- writes

    String putNode(String type, Map<String, Object> given, String freshId, Put mode) {
        NodeType node = base.nodeType(type);
        Map<String, Object> values = checkedProperties(type, node.properties(), given, null);
        String id;
        if (node.key().isEmpty()) {
            Object explicit = given.get("id");
            id = explicit instanceof String s ? s : freshId;
        } else {
            List<Object> key = new ArrayList<>();
            node.key().forEach(k -> key.add(values.get(k)));
            try {
                id = NodeIds.derive(node, key);
            } catch (InvalidKeyException e) {
                throw new ConstraintViolationException("@key", type, key.toString(), e.getMessage());
            }
        }
        if (mode == Put.INSERT && exists(type, id)) {
            throw new ConstraintViolationException("key", type, id, "a node with this key exists already");
        }
        if (stored(type, id)) {
            removed(type).add(id);
        }
        written(type).put(id, new Entity(type, id, null, null, values));
        return id;
    }

    long updateNodes(String type, String where, Map<String, Object> set) {
        NodeType node = base.nodeType(type);
        for (String name : set.keySet()) {
            if (node.key().contains(name)) {
                throw new ConstraintViolationException(
                        "@key", type, "(update)", "key property " + name + " cannot be updated");
            }
        }
        List<Entity> targets = list(type, where);
        for (Entity old : targets) {
            Map<String, Object> merged = new LinkedHashMap<>(old.properties());
            merged.putAll(set);
            Map<String, Object> values = checkedProperties(type, node.properties(), merged, old.id());
            if (stored(type, old.id())) {
                removed(type).add(old.id());
            }
            written(type).put(old.id(), new Entity(type, old.id(), null, null, values));
        }
        return targets.size();
    }

    long deleteNodes(String type, String where) {
        NodeType node = base.nodeType(type);
        List<Entity> targets = list(type, where);
        Set<String> ids = new HashSet<>();
        for (Entity e : targets) {
            ids.add(e.id());
            written(type).remove(e.id());
            if (stored(type, e.id())) {
                removed(type).add(e.id());
            }
        }
        if (!ids.isEmpty()) {
            for (EdgeType edge : base.schema().edges()) {
                if (edge.from().equals(node.name()) || edge.to().equals(node.name())) {
                    List<String> ends = new ArrayList<>();
                    if (edge.from().equals(node.name())) {
                        ends.add("src");
                    }
                    if (edge.to().equals(node.name())) {
                        ends.add("dst");
                    }
                    removeEdges(
                            edge,
                            e -> edge.from().equals(node.name()) && ids.contains(e.src())
                                    || edge.to().equals(node.name()) && ids.contains(e.dst()),
                            inAny(ends, ids));
                }
            }
        }
        return targets.size();
    }

    String insertEdge(String type, String id, String from, String to, Map<String, Object> given) {
        EdgeType edge = base.edgeType(type);
        Map<String, Object> values = checkedProperties(type, edge.properties(), given, id);
        if (!exists(edge.from(), from)) {
            throw new ConstraintViolationException(
                    "endpoint", type, id, "source node " + edge.from() + " " + from + " does not exist");
        }
        if (!exists(edge.to(), to)) {
            throw new ConstraintViolationException(
                    "endpoint", type, id, "target node " + edge.to() + " " + to + " does not exist");
        }
        written(type).put(id, new Entity(type, id, from, to, values));
        return id;
    }

    long deleteEdges(String type, String where) {
        EdgeType edge = base.edgeType(type);
        Set<String> hit = new HashSet<>();
        list(type, where).forEach(e -> hit.add(e.id()));
        return removeEdges(edge, e -> hit.contains(e.id()), inAny(List.of("id"), hit));
    }

    /** The most values a narrowing {@code IN} list names; more are matched by scanning the whole edge table. */
    static final int MAX_IN_LIST = 1024;

    /**
     * SQL true for rows whose value in one of {@code columns} is one of {@code values}, so that a scan reads only
     * those rows where an index on the column answers it; null (scan all) for an empty or a long list.
     */
    static String inAny(List<String> columns, Set<String> values) {
        if (values.isEmpty() || values.size() > MAX_IN_LIST) {
            return null;
        }
        StringBuilder list = new StringBuilder();
        for (String value : values) {
            list.append(list.length() == 0 ? "" : ", ").append(GraphSnapshot.literal(value));
        }
        List<String> terms = new ArrayList<>();
        for (String column : columns) {
            terms.add(column + " IN (" + list + ")");
        }
        return String.join(" OR ", terms);
    }

    /**
     * Removes the edges {@code which} accepts, of this transaction's and the stored ones; {@code where} (SQL, null
     * for none) narrows the stored rows read to a superset of those, so endpoint indices can answer it.
     */
    private long removeEdges(EdgeType edge, java.util.function.Predicate<Entity> which, String where) {
        long count = 0;
        Map<String, Entity> mine = written(edge.name());
        for (var it = mine.values().iterator(); it.hasNext(); ) {
            if (which.test(it.next())) {
                it.remove();
                count++;
            }
        }
        Set<String> gone = removed(edge.name());
        readTables.add(edge.tableKey());
        List<Entity> stored = new ArrayList<>();
        base.scan(edge.name(), where, e -> {
            if (!gone.contains(e.id()) && which.test(e)) {
                stored.add(e);
            }
        });
        stored.forEach(e -> gone.add(e.id()));
        return count + stored.size();
    }

    /**
     * The values of every property of a type from {@code given}: unknown names, wrong types, missing required
     * values and broken {@code @range}/{@code @check}/enum constraints are refused.
     */
    private Map<String, Object> checkedProperties(
            String type, List<Property> properties, Map<String, Object> given, String entity) {
        Map<String, Object> out = new LinkedHashMap<>();
        String who = entity != null ? entity : String.valueOf(given);
        for (String name : given.keySet()) {
            if (properties.stream().noneMatch(p -> p.name().equals(name)) && !name.equals("id")) {
                throw new ConstraintViolationException("schema", type, who, "no property " + name);
            }
        }
        for (Property p : properties) {
            Object value;
            try {
                value = GraphValues.normalize(given.get(p.name()), p);
            } catch (GraphValues.BadValue e) {
                throw new ConstraintViolationException(
                        "type " + p.typeSource(), type, who, p.name() + ": " + e.getMessage());
            }
            if (value == null && !p.nullable()) {
                throw new ConstraintViolationException("required", type, who, "property " + p.name() + " is required");
            }
            String problem = value == null ? null : GraphValues.constraintProblem(value, p);
            if (problem != null) {
                throw new ConstraintViolationException(
                        problem.substring(0, problem.indexOf(')') + 1), type, who, p.name() + ": " + problem);
            }
            out.put(p.name(), value);
        }
        return out;
    }

    // ---- commit

    /**
     * Makes the commit expect every table of the graph (and its schema) at its pin in the base, not only the tables
     * it read: for {@code ifCommit}, whose commit must not land once another commit has landed, whatever it
     * changed.
     */
    void expectEveryTable() {
        readTables.add(Graph.SCHEMA_TABLE);
        base.schema().nodes().forEach(n -> readTables.add(n.tableKey()));
        base.schema().edges().forEach(e -> readTables.add(e.tableKey()));
    }

    /**
     * Records a merged entity as written: {@code replaces} tells whether the base holds a row of its id, which it
     * replaces. The merge has checked it already.
     */
    void putMerged(Entity entity, boolean replaces, Long address) {
        if (replaces) {
            removed(entity.type()).add(entity.id());
            hint(entity.type(), entity.id(), address);
        }
        written(entity.type()).put(entity.id(), entity);
    }

    /** Records the deletion of a row the base holds, for a merge; {@code address} is where it may be (or null). */
    void removeMerged(String type, String id, Long address) {
        written(type).remove(id);
        removed(type).add(id);
        hint(type, id, address);
    }

    private void hint(String type, String id, Long address) {
        if (address != null) {
            hints.computeIfAbsent(type, t -> new HashMap<>()).put(id, address);
        }
    }

    /** Whether this change writes or removes anything. */
    boolean isEmpty() {
        return written.values().stream().allMatch(Map::isEmpty)
                && removed.values().stream().allMatch(Set::isEmpty);
    }

    /** Checks {@code @card} over the whole change, then publishes it planned on {@link #base}. */
    CatalogCommit commit(CatalogSession session, String actor, String message) {
        return commit(session, actor, message, java.util.Optional.empty());
    }

    /**
     * Checks {@code @card} over the whole change, then publishes it planned on {@link #base}, with {@code mergedFrom}
     * as a further parent for a merge.
     */
    CatalogCommit commit(CatalogSession session, String actor, String message, java.util.Optional<String> mergedFrom) {
        List<ConstraintViolationException> card = cardinalityViolations();
        if (!card.isEmpty()) {
            throw card.get(0);
        }
        List<TableWrite> writes = new ArrayList<>();
        try {
            for (String type : types()) {
                TypeRows rows = base.rows(type);
                RowSpill added = new RowSpill(rows, allocator);
                Map<String, Entity> mine = written(type);
                mine.values().forEach(added::add);
                Set<String> gone = removed(type);
                long updated = mine.keySet().stream().filter(gone::contains).count();
                ChangeCounts counts = new ChangeCounts(mine.size() - updated, updated, gone.size() - updated);
                writes.add(new TableWrite(
                        rows,
                        Set.copyOf(gone),
                        added,
                        false,
                        counts,
                        base.idLookup(),
                        hints.getOrDefault(type, Map.of())));
                readTables.add(rows.tableKey);
            }
            return GraphCommitter.commit(session, base, writes, readTables, actor, message, mergedFrom);
        } finally {
            writes.forEach(w -> w.added().close());
        }
    }

    private Set<String> types() {
        Set<String> out = new TreeSet<>(written.keySet());
        out.addAll(removed.keySet());
        return out;
    }

    /** The source nodes whose edges of a bounded type this change touched and whose count is outside the bounds. */
    List<ConstraintViolationException> cardinalityViolations() {
        List<ConstraintViolationException> out = new ArrayList<>();
        for (EdgeType edge : base.schema().edges()) {
            Cardinality card = edge.cardinality();
            if (card.isDefault()) {
                continue;
            }
            Set<String> sources = new HashSet<>();
            written(edge.name()).values().forEach(e -> sources.add(e.src()));
            written(edge.from()).keySet().forEach(sources::add);
            Set<String> gone = removed(edge.name());
            if (!gone.isEmpty()) {
                base.scan(edge.name(), inAny(List.of("id"), gone), e -> {
                    if (gone.contains(e.id())) {
                        sources.add(e.src());
                    }
                });
            }
            Map<String, Long> counts = new HashMap<>();
            if (!sources.isEmpty()) {
                // only the checked sources' stored edges are counted, read through an index on src if there is one
                base.scan(edge.name(), inAny(List.of("src"), sources), e -> {
                    if (!gone.contains(e.id()) && sources.contains(e.src())) {
                        counts.merge(e.src(), 1L, Long::sum);
                    }
                });
            }
            written(edge.name()).values().forEach(e -> counts.merge(e.src(), 1L, Long::sum));
            for (String source : sources) {
                if (!exists(edge.from(), source)) {
                    continue;
                }
                long n = counts.getOrDefault(source, 0L);
                if (n < card.min() || card.max() != null && n > card.max()) {
                    out.add(new ConstraintViolationException(
                            card.toSource(), edge.from(), source, "has " + n + " " + edge.name() + " edges"));
                }
            }
            readTables.add(edge.tableKey());
        }
        return out;
    }

    @Override
    public void close() {
        allocator.close();
    }
}
