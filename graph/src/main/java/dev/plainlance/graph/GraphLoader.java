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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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

    /** Lines parsed per task: parsing runs on the workers, the checks that need the whole load run in order. */
    private static final int CHUNK_LINES = 2048;

    /**
     * Reads NDJSON lines; {@code progress} hears the number of lines read now and then. Lines are parsed and their
     * values checked on {@code workers} in chunks, a bounded number ahead; they are then added in input order.
     */
    void readNdjson(BufferedReader input, String fileName, LongConsumer progress, ExecutorService workers) {
        int ahead = 2 * Math.max(1, Runtime.getRuntime().availableProcessors());
        Deque<Future<List<Parsed>>> inFlight = new ArrayDeque<>();
        long lineNo = 0;
        try {
            List<String> chunk = new ArrayList<>(CHUNK_LINES);
            long first = 1;
            String line;
            while ((line = input.readLine()) != null) {
                lineNo++;
                chunk.add(line);
                if (chunk.size() == CHUNK_LINES) {
                    inFlight.add(submit(workers, chunk, first, fileName));
                    chunk = new ArrayList<>(CHUNK_LINES);
                    first = lineNo + 1;
                    while (inFlight.size() >= ahead) {
                        drain(inFlight.poll());
                    }
                    if ((lineNo & 0xFFFF) == 0) {
                        progress.accept(lineNo);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                inFlight.add(submit(workers, chunk, first, fileName));
            }
            while (!inFlight.isEmpty()) {
                drain(inFlight.poll());
            }
            progress.accept(lineNo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName + " at line " + (lineNo + 1), e);
        } finally {
            inFlight.forEach(f -> f.cancel(true));
        }
    }

    private Future<List<Parsed>> submit(ExecutorService workers, List<String> lines, long first, String fileName) {
        return workers.submit(() -> {
            List<Parsed> out = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.isBlank()) {
                    out.add(parseLine(line, fileName + ":" + (first + i)));
                }
            }
            return out;
        });
    }

    private void drain(Future<List<Parsed>> chunk) {
        List<Parsed> lines;
        try {
            lines = chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a load worker failed", e.getCause());
        }
        lines.forEach(this::accept);
    }

    /**
     * One input entity after the checks that need nothing but the entity itself: its values converted and checked,
     * a keyed node's id derived. {@code problems} non-empty means it is refused.
     *
     * @param type null for a line naming no known type
     * @param id a keyed node's derived id or the id the input gave; null when a new id is to be assigned
     */
    private record Parsed(
            String where,
            boolean edge,
            String type,
            String id,
            String from,
            String to,
            Map<String, Object> props,
            List<LoadProblem> problems) {

        static Parsed refused(String where, String type, String property, String message) {
            return new Parsed(
                    where,
                    false,
                    type,
                    null,
                    null,
                    null,
                    null,
                    List.of(new LoadProblem(where, type, property, message)));
        }

        static Parsed skipped(String where) {
            return new Parsed(where, false, null, null, null, null, null, List.of());
        }
    }

    /** Parses one NDJSON line; thread-safe. */
    private Parsed parseLine(String line, String where) {
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return Parsed.refused(where, null, null, "not JSON: " + e.getOriginalMessage());
        }
        if (!json.isObject()) {
            return Parsed.refused(where, null, null, "expected a JSON object");
        }
        JsonNode data = json.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            return Parsed.refused(where, null, null, "\"data\" must be an object");
        }
        JsonNode id = json.get("id");
        String givenId = id == null || id.isNull() ? null : id.asText();
        Map<String, JsonNode> values = fields(data);
        if (json.has("type")) {
            String type = json.path("type").asText();
            if (!nodeTypes.containsKey(type)) {
                return Parsed.refused(where, type, null, "no node type " + type + " in the schema");
            }
            return skipped(type)
                    ? Parsed.skipped(where)
                    : parseNode(type, where, values::remove, givenId, values.keySet());
        }
        if (json.has("edge")) {
            String type = json.path("edge").asText();
            if (!edgeTypes.containsKey(type)) {
                return Parsed.refused(where, type, null, "no edge type " + type + " in the schema");
            }
            return skipped(type)
                    ? Parsed.skipped(where)
                    : parseEdge(
                            type,
                            where,
                            endpoint(json.get("from")),
                            endpoint(json.get("to")),
                            givenId,
                            values::remove,
                            values.keySet());
        }
        return Parsed.refused(where, null, null, "a line needs \"type\" (a node) or \"edge\" (an edge)");
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

    private Parsed parseNode(String type, String where, JsonProperty values, String givenId, Set<String> leftover) {
        NodeType node = nodeTypes.get(type);
        List<LoadProblem> found = new ArrayList<>();
        Map<String, Object> props = properties(type, node.properties(), values, where, found);
        if (found.isEmpty() && !leftover.isEmpty()) {
            found.add(new LoadProblem(where, type, leftover.iterator().next(), "not a property of " + type));
        }
        String id = givenId;
        if (found.isEmpty() && !node.key().isEmpty()) {
            List<Object> key = new ArrayList<>();
            node.key().forEach(k -> key.add(props.get(k)));
            try {
                id = NodeIds.derive(node, key);
                if (givenId != null && !givenId.equals(id)) {
                    found.add(new LoadProblem(
                            where, type, "id", "\"id\" " + givenId + " is not the id " + id + " its key derives"));
                }
            } catch (InvalidKeyException e) {
                found.add(new LoadProblem(where, type, node.key().get(0), e.getMessage()));
            }
        }
        return new Parsed(where, false, type, id, null, null, props, found);
    }

    private Parsed parseEdge(
            String type,
            String where,
            String from,
            String to,
            String givenId,
            JsonProperty values,
            Set<String> leftover) {
        EdgeType edge = edgeTypes.get(type);
        List<LoadProblem> found = new ArrayList<>();
        if (from == null || to == null) {
            found.add(new LoadProblem(
                    where, type, from == null ? "from" : "to", "an edge needs \"from\" and \"to\" node ids"));
            return new Parsed(where, true, type, givenId, from, to, null, found);
        }
        Map<String, Object> props = properties(type, edge.properties(), values, where, found);
        if (found.isEmpty() && !leftover.isEmpty()) {
            found.add(new LoadProblem(where, type, leftover.iterator().next(), "not a property of " + type));
        }
        return new Parsed(where, true, type, givenId, from, to, props, found);
    }

    /** Adds a parsed entity, in input order: the checks against the rest of the input and the graph. */
    private void accept(Parsed parsed) {
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(p -> problem(p.where(), p.type(), p.property(), p.message()));
            return;
        }
        if (parsed.type() == null) {
            return;
        }
        if (parsed.edge()) {
            addEdge(
                    edgeTypes.get(parsed.type()),
                    parsed.where(),
                    parsed.id(),
                    parsed.from(),
                    parsed.to(),
                    parsed.props());
        } else {
            addNode(parsed.type(), parsed.where(), parsed.id() != null ? parsed.id() : ids.next(), parsed.props());
        }
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

    /** The converted and checked values of every property; problems go to {@code found}. Thread-safe. */
    private static Map<String, Object> properties(
            String type, List<Property> properties, JsonProperty values, String where, List<LoadProblem> found) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Property p : properties) {
            Object value;
            try {
                value = GraphValues.fromJson(values.take(p.name()), p);
            } catch (GraphValues.BadValue e) {
                found.add(new LoadProblem(where, type, p.name(), e.getMessage()));
                continue;
            }
            if (value == null && !p.nullable()) {
                found.add(new LoadProblem(where, type, p.name(), "required property is missing or null"));
                continue;
            }
            String broken = value == null ? null : GraphValues.constraintProblem(value, p);
            if (broken != null) {
                found.add(new LoadProblem(where, type, p.name(), broken));
                continue;
            }
            out.put(p.name(), value);
        }
        return out;
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
                        accept(parseEdge(type, where, str(from), str(to), str(id), take, cells.keySet()));
                    } else {
                        Object id = cells.remove("id");
                        accept(parseNode(type, where, take, str(id), cells.keySet()));
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
