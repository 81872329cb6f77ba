package dev.plainlance.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.catalog.Ulid;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.InvalidKeyException;
import dev.plainlance.graph.schema.NodeIds;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.recovery.CatalogSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * One load: entities streamed in, checked one by one and then as a whole, gathered per type in {@link RowSpill}s,
 * and published as one commit only when there is no problem at all. Memory holds the ids of the loaded node types
 * (to check keys and edge endpoints) and one batch per table; the rows themselves wait in temporary files.
 */
final class GraphLoader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphSnapshot base;
    private final LoadMode mode;
    private final Optional<String> onlyType;
    private final int maxProblems;
    private final Ulid ids;
    private final BufferAllocator allocator = new RootAllocator();
    private final Map<String, Load> loads = new TreeMap<>();
    private final Map<String, Set<String>> storedIds = new HashMap<>();
    private final List<LoadProblem> problems = new ArrayList<>();
    private final List<PendingEndpoint> pending = new ArrayList<>();
    private final Set<String> readTables = new TreeSet<>();
    private boolean truncated;
    private final Map<String, NodeType> nodeTypes = new HashMap<>();
    private final Map<String, EdgeType> edgeTypes = new HashMap<>();

    /** What the load does to one type. */
    private static final class Load {
        final TypeRows layout;
        final RowSpill rows;
        final Set<String> inputIds = new HashSet<>();
        final Set<String> replaced = new HashSet<>();
        /** Out-degree per source node, for {@code @card}-bounded edge types. */
        final Map<String, Long> degree = new HashMap<>();

        Load(TypeRows layout, BufferAllocator allocator) {
            this.layout = layout;
            this.rows = new RowSpill(layout, allocator);
        }
    }

    /** An edge endpoint not found when its line was read; checked against the whole input at the end. */
    private record PendingEndpoint(String where, String edgeType, String nodeType, String id, String role) {}

    GraphLoader(GraphSnapshot base, LoadMode mode, Optional<String> onlyType, int maxProblems, Ulid ids) {
        this.base = base;
        this.mode = mode;
        this.onlyType = onlyType;
        this.maxProblems = maxProblems;
        this.ids = ids;
        onlyType.ifPresent(base::rows);
        base.schema().nodes().forEach(n -> nodeTypes.put(n.name(), n));
        base.schema().edges().forEach(e -> edgeTypes.put(e.name(), e));
        if (mode == LoadMode.OVERWRITE) {
            for (NodeType node : base.schema().nodes()) {
                if (onlyType.map(node.name()::equals).orElse(true)) {
                    load(node.name());
                }
            }
            for (EdgeType edge : base.schema().edges()) {
                if (onlyType.map(edge.name()::equals).orElse(true)) {
                    load(edge.name());
                }
            }
        }
    }

    // ---- NDJSON input

    /** Reads NDJSON lines; {@code progress} hears the number of lines read now and then. */
    void readNdjson(BufferedReader input, String fileName, LongConsumer progress) {
        long lineNo = 0;
        try {
            String line;
            while ((line = input.readLine()) != null) {
                lineNo++;
                if ((lineNo & 0xFFFF) == 0) {
                    progress.accept(lineNo);
                }
                if (line.isBlank()) {
                    continue;
                }
                String where = fileName + ":" + lineNo;
                JsonNode json;
                try {
                    json = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    problem(where, null, null, "not JSON: " + e.getOriginalMessage());
                    continue;
                }
                readLine(json, where);
            }
            progress.accept(lineNo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName + " at line " + (lineNo + 1), e);
        }
    }

    private void readLine(JsonNode json, String where) {
        if (!json.isObject()) {
            problem(where, null, null, "expected a JSON object");
            return;
        }
        JsonNode data = json.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            problem(where, null, null, "\"data\" must be an object");
            return;
        }
        if (json.has("type")) {
            String type = json.path("type").asText();
            if (!nodeTypes.containsKey(type)) {
                problem(where, type, null, "no node type " + type + " in the schema");
                return;
            }
            if (skipped(type)) {
                return;
            }
            Map<String, JsonNode> values = fields(data);
            JsonNode id = json.get("id");
            addNode(type, where, p -> values.remove(p), id == null ? null : id.asText(), values.keySet());
        } else if (json.has("edge")) {
            String type = json.path("edge").asText();
            if (!edgeTypes.containsKey(type)) {
                problem(where, type, null, "no edge type " + type + " in the schema");
                return;
            }
            if (skipped(type)) {
                return;
            }
            String from = endpoint(json.get("from"));
            String to = endpoint(json.get("to"));
            Map<String, JsonNode> values = fields(data);
            JsonNode id = json.get("id");
            addEdge(type, where, from, to, id == null ? null : id.asText(), p -> values.remove(p), values.keySet());
        } else {
            problem(where, null, null, "a line needs \"type\" (a node) or \"edge\" (an edge)");
        }
    }

    private boolean skipped(String type) {
        return onlyType.isPresent() && !onlyType.get().equals(type);
    }

    private static Map<String, JsonNode> fields(JsonNode data) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String endpoint(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** Gives the JSON value of one property, removing it from what is left. */
    @FunctionalInterface
    private interface JsonProperty {
        JsonNode take(String property);
    }

    private void addNode(String type, String where, JsonProperty values, String givenId, Set<String> leftover) {
        NodeType node = nodeTypes.get(type);
        Map<String, Object> props = properties(type, node.properties(), values, where);
        if (props == null) {
            return;
        }
        if (!leftover.isEmpty()) {
            problem(where, type, leftover.iterator().next(), "not a property of " + type);
            return;
        }
        String id;
        if (node.key().isEmpty()) {
            id = givenId != null ? givenId : ids.next();
        } else {
            List<Object> key = new ArrayList<>();
            node.key().forEach(k -> key.add(props.get(k)));
            try {
                id = NodeIds.derive(node, key);
            } catch (InvalidKeyException e) {
                problem(where, type, node.key().get(0), e.getMessage());
                return;
            }
            if (givenId != null && !givenId.equals(id)) {
                problem(where, type, "id", "\"id\" " + givenId + " is not the id " + id + " its key derives");
                return;
            }
        }
        addNode(type, where, id, props);
    }

    private void addNode(String type, String where, String id, Map<String, Object> props) {
        Load load = load(type);
        if (!load.inputIds.add(id)) {
            problem(where, type, null, "duplicate key " + id + " in the input");
            return;
        }
        if (mode != LoadMode.OVERWRITE && stored(type).contains(id)) {
            if (mode == LoadMode.APPEND) {
                problem(where, type, null, "key " + id + " exists in the graph already (append never replaces)");
                return;
            }
            load.replaced.add(id);
        }
        if (problems.isEmpty()) {
            load.rows.add(new Entity(type, id, null, null, props));
        }
    }

    private void addEdge(
            String type,
            String where,
            String from,
            String to,
            String givenId,
            JsonProperty values,
            Set<String> leftover) {
        EdgeType edge = edgeTypes.get(type);
        if (from == null || to == null) {
            problem(where, type, from == null ? "from" : "to", "an edge needs \"from\" and \"to\" node ids");
            return;
        }
        Map<String, Object> props = properties(type, edge.properties(), values, where);
        if (props == null) {
            return;
        }
        if (!leftover.isEmpty()) {
            problem(where, type, leftover.iterator().next(), "not a property of " + type);
            return;
        }
        addEdge(edge, where, givenId, from, to, props);
    }

    /** Adds an edge; {@code givenId} null means a new id, which needs no uniqueness check. */
    private void addEdge(
            EdgeType edge, String where, String givenId, String from, String to, Map<String, Object> props) {
        Load load = load(edge.name());
        String id = givenId != null ? givenId : ids.next();
        if (givenId != null && !load.inputIds.add(id)) {
            problem(where, edge.name(), "id", "duplicate edge id " + id + " in the input");
            return;
        }
        if (givenId != null && mode != LoadMode.OVERWRITE && stored(edge.name()).contains(id)) {
            if (mode == LoadMode.APPEND) {
                problem(where, edge.name(), "id", "edge id " + id + " exists in the graph already");
                return;
            }
            load.replaced.add(id);
        }
        checkEndpoint(where, edge.name(), edge.from(), from, "source");
        checkEndpoint(where, edge.name(), edge.to(), to, "target");
        if (!edge.cardinality().isDefault()) {
            load.degree.merge(from, 1L, Long::sum);
        }
        if (problems.isEmpty()) {
            load.rows.add(new Entity(edge.name(), id, from, to, props));
        }
    }

    private void checkEndpoint(String where, String edgeType, String nodeType, String id, String role) {
        if (!present(nodeType, id)) {
            pending.add(new PendingEndpoint(where, edgeType, nodeType, id, role));
        }
    }

    /** Whether node {@code id} of {@code nodeType} exists after the load, as far as the input read so far tells. */
    private boolean present(String nodeType, String id) {
        Load load = loads.get(nodeType);
        if (load != null && load.inputIds.contains(id)) {
            return true;
        }
        return !replacesAll(nodeType) && stored(nodeType).contains(id);
    }

    private boolean replacesAll(String type) {
        return mode == LoadMode.OVERWRITE && loads.containsKey(type);
    }

    private Map<String, Object> properties(String type, List<Property> properties, JsonProperty values, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (Property p : properties) {
            Object value;
            try {
                value = GraphValues.fromJson(values.take(p.name()), p);
            } catch (GraphValues.BadValue e) {
                problem(where, type, p.name(), e.getMessage());
                ok = false;
                continue;
            }
            if (value == null && !p.nullable()) {
                problem(where, type, p.name(), "required property is missing or null");
                ok = false;
                continue;
            }
            String broken = value == null ? null : GraphValues.constraintProblem(value, p);
            if (broken != null) {
                problem(where, type, p.name(), broken);
                ok = false;
                continue;
            }
            out.put(p.name(), value);
        }
        return ok ? out : null;
    }

    // ---- Arrow input (Parquet or Arrow IPC files, one per type)

    /** Adds every row of {@code rows}, a table of one type (columns named as its properties; edges add from/to). */
    void readTable(String type, org.apache.arrow.vector.ipc.ArrowReader rows, String fileName) {
        TypeRows layout = base.rows(type);
        long rowNo = 0;
        try {
            while (rows.loadNextBatch()) {
                org.apache.arrow.vector.VectorSchemaRoot batch = rows.getVectorSchemaRoot();
                for (int row = 0; row < batch.getRowCount(); row++, rowNo++) {
                    String where = fileName + " row " + rowNo;
                    Map<String, Object> cells = new LinkedHashMap<>();
                    for (org.apache.arrow.vector.FieldVector v : batch.getFieldVectors()) {
                        cells.put(v.getName(), plain(v.getObject(row)));
                    }
                    JsonProperty take = p -> JSON.valueToTree(cells.remove(p));
                    if (layout.edge) {
                        Object from = cells.remove(cells.containsKey("from") ? "from" : "src");
                        Object to = cells.remove(cells.containsKey("to") ? "to" : "dst");
                        Object id = cells.remove("id");
                        addEdge(type, where, str(from), str(to), str(id), take, cells.keySet());
                    } else {
                        Object id = cells.remove("id");
                        addNode(type, where, take, str(id), cells.keySet());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName + " at row " + rowNo, e);
        }
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    /** An Arrow cell as the JSON-like value the JSON path reads (dates and times as ISO text). */
    private static Object plain(Object value) {
        if (value instanceof org.apache.arrow.vector.util.Text t) {
            return t.toString();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toString() + "Z";
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return value;
    }

    // ---- finishing

    /**
     * Checks what only the whole input can tell (late endpoints, {@code @card}, edges left dangling by an overwrite),
     * then publishes everything as one commit.
     *
     * @throws GraphLoadException listing the problems; nothing was written
     */
    LoadResult commit(CatalogSession session, String actor, String message) {
        for (PendingEndpoint p : pending) {
            if (!present(p.nodeType(), p.id())) {
                problem(
                        p.where(),
                        p.edgeType(),
                        p.role().equals("source") ? "from" : "to",
                        p.role() + " node " + p.nodeType() + " " + p.id()
                                + " exists neither in the input nor in the graph");
            }
        }
        checkCardinality();
        checkDanglingAfterOverwrite();
        if (!problems.isEmpty()) {
            throw new GraphLoadException(problems, truncated);
        }
        List<TableWrite> writes = new ArrayList<>();
        SortedCounts counts = new SortedCounts();
        for (Load load : loads.values()) {
            boolean replaceAll = replacesAll(load.layout.type);
            long before = replaceAll ? base.count(load.layout.type) : 0;
            ChangeCounts c = replaceAll
                    ? new ChangeCounts(load.rows.rows(), 0, before)
                    : new ChangeCounts(load.rows.rows() - load.replaced.size(), load.replaced.size(), 0);
            if (replaceAll && before == 0 && load.rows.rows() == 0) {
                continue;
            }
            writes.add(new TableWrite(load.layout, load.replaced, load.rows, replaceAll, c, base.idLookup()));
            readTables.add(load.layout.tableKey);
            counts.put(load.layout.type, c);
        }
        GraphCommit commit =
                GraphCommitter.toGraphCommit(GraphCommitter.commit(session, base, writes, readTables, actor, message));
        return new LoadResult(commit, counts.map);
    }

    private static final class SortedCounts {
        final java.util.SortedMap<String, ChangeCounts> map = new TreeMap<>();

        void put(String type, ChangeCounts c) {
            if (!c.isEmpty()) {
                map.put(type, c);
            }
        }
    }

    private void checkCardinality() {
        for (EdgeType edge : base.schema().edges()) {
            if (edge.cardinality().isDefault() || !loads.containsKey(edge.name()) && !loads.containsKey(edge.from())) {
                continue;
            }
            Map<String, Long> degree =
                    new HashMap<>(loads.containsKey(edge.name()) ? load(edge.name()).degree : Map.of());
            if (!replacesAll(edge.name())) {
                Set<String> replaced = loads.containsKey(edge.name()) ? load(edge.name()).replaced : Set.of();
                readTables.add(edge.tableKey());
                base.scan(edge.name(), null, e -> {
                    if (!replaced.contains(e.id())) {
                        degree.merge(e.src(), 1L, Long::sum);
                    }
                });
            }
            Set<String> sources = new HashSet<>(degree.keySet());
            if (loads.containsKey(edge.from())) {
                sources.addAll(load(edge.from()).inputIds);
            }
            if (!replacesAll(edge.from())) {
                sources.addAll(stored(edge.from()));
            }
            for (String source : sources) {
                long n = degree.getOrDefault(source, 0L);
                if (n < edge.cardinality().min()
                        || edge.cardinality().max() != null
                                && n > edge.cardinality().max()) {
                    problem(
                            "(whole load)",
                            edge.name(),
                            null,
                            edge.from() + " " + source + " would have " + n + " edges, outside "
                                    + edge.cardinality().toSource());
                }
            }
        }
    }

    /** Edges kept in the graph must still find their endpoints among nodes an overwrite replaced. */
    private void checkDanglingAfterOverwrite() {
        if (mode != LoadMode.OVERWRITE) {
            return;
        }
        for (EdgeType edge : base.schema().edges()) {
            if (replacesAll(edge.name()) || !replacesAll(edge.from()) && !replacesAll(edge.to())) {
                continue;
            }
            readTables.add(edge.tableKey());
            base.scan(edge.name(), null, e -> {
                if (!present(edge.from(), e.src()) || !present(edge.to(), e.dst())) {
                    problem(
                            "(whole load)",
                            edge.name(),
                            null,
                            "stored edge " + e.id() + " would lose its endpoint "
                                    + (present(edge.from(), e.src()) ? e.dst() : e.src()));
                }
            });
        }
    }

    private Load load(String type) {
        return loads.computeIfAbsent(type, t -> new Load(base.rows(t), allocator));
    }

    private Set<String> stored(String type) {
        readTables.add(base.rows(type).tableKey);
        return storedIds.computeIfAbsent(type, base::ids);
    }

    private void problem(String where, String type, String property, String message) {
        if (problems.size() >= maxProblems) {
            truncated = true;
            return;
        }
        problems.add(new LoadProblem(where, type, property, message));
    }

    @Override
    public void close() {
        loads.values().forEach(l -> l.rows.close());
        allocator.close();
    }
}
