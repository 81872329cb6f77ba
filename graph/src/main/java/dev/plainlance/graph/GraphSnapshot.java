package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogView;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeIds;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.scan.KeyLookup;
import dev.plainlance.lance.scan.Takes;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The graph as one commit left it: every node and edge table at that commit's pins, with the schema of that commit.
 * Immutable: commits made after it was taken are not seen. Reads need the {@link Graph} it came from to be open.
 */
public final class GraphSnapshot {
    private final CatalogView view;
    private final GraphSchema schema;
    private final Env env;
    private final KeyLookup ids;
    private final AdjacencyCache adjacency;
    private final java.util.Map<String, TypeRows> layouts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, NodeOrdinals> ordinals = new ConcurrentHashMap<>();
    private final Map<String, EdgeAdjacency> adjacencies = new ConcurrentHashMap<>();

    GraphSnapshot(CatalogView view, GraphSchema schema, Env env, KeyLookup ids, AdjacencyCache adjacency) {
        this.view = view;
        this.schema = schema;
        this.env = env;
        this.ids = ids;
        this.adjacency = adjacency;
    }

    KeyLookup idLookup() {
        return ids;
    }

    /** The id of the commit this snapshot shows (a ULID): the head of its branch. */
    public String commitId() {
        return view.state().headOf(view.branch()).orElse(view.state().head().id());
    }

    /** The branch this snapshot shows. */
    public String branch() {
        return view.branch();
    }

    public GraphSchema schema() {
        return schema;
    }

    CatalogView view() {
        return view;
    }

    /** The node of {@code type} whose {@code @key} has {@code keyValues} (in key order), if it exists. */
    public Optional<Entity> node(String type, Object... keyValues) {
        NodeType node = nodeType(type);
        return nodeById(type, NodeIds.derive(node, List.of(keyValues)));
    }

    /**
     * The node of {@code type} with {@code id}, if it exists. Found through an in-memory index of the {@code id}
     * column per data file (built on first use, then kept by the {@link Graph}), so a warm lookup reads one row.
     */
    public Optional<Entity> nodeById(String type, String id) {
        nodeType(type);
        return entity(type, id);
    }

    /** The node or edge of {@code type} with {@code id}, if it exists. */
    Optional<Entity> entity(String type, String id) {
        TypeRows rows = rows(type);
        TableSnapshot table = table(rows);
        List<Long> candidates = ids.candidates(table, List.of(id), env);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        try (ArrowReader reader = Takes.byRowId(table, candidates, null, env)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (int row = 0; row < batch.getRowCount(); row++) {
                    if (id.equals(TypeRows.text(batch, "id", row))) {
                        return Optional.of(rows.read(batch, row));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rows.tableKey, e);
        }
        return Optional.empty();
    }

    /** Which of {@code candidates} are ids of stored nodes (or edges) of {@code type}. */
    Set<String> existing(String type, java.util.Collection<String> candidates) {
        return ids.addresses(table(rows(type)), candidates, env).keySet();
    }

    /** Every node or edge of {@code type} matching the SQL {@code where} (every one when null), to {@code sink}. */
    public void scan(String type, String where, Consumer<Entity> sink) {
        TypeRows rows = rows(type);
        ScanOptions.Builder options = new ScanOptions.Builder();
        if (where != null && !where.isBlank()) {
            options.filter(where);
        }
        try (ArrowReader reader = new LanceScanner(table(rows), options.build(), env).scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (int row = 0; row < batch.getRowCount(); row++) {
                    sink.accept(rows.read(batch, row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rows.tableKey, e);
        }
    }

    /** Every node or edge of {@code type} matching {@code where} (all when null). */
    public List<Entity> list(String type, String where) {
        List<Entity> out = new ArrayList<>();
        scan(type, where, out::add);
        return out;
    }

    /** How many nodes or edges of {@code type} there are (from the catalog pin, no data read). */
    public long count(String type) {
        TypeRows rows = rows(type);
        return view.state()
                .pin(view.branch(), rows.tableKey)
                .map(p -> p.rowCount())
                .orElse(0L);
    }

    /** The ids of every node of {@code type} (or of every edge of an edge type). */
    Set<String> ids(String type) {
        return column(type, "id", null);
    }

    /** The values of a utf8 column of {@code type}'s table, of the rows matching {@code where}. */
    Set<String> column(String type, String column, String where) {
        TypeRows rows = rows(type);
        Set<String> out = new HashSet<>();
        ScanOptions.Builder options = new ScanOptions.Builder().columns(List.of(column));
        if (where != null) {
            options.filter(where);
        }
        try (ArrowReader reader = new LanceScanner(table(rows), options.build(), env).scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (int row = 0; row < batch.getRowCount(); row++) {
                    out.add(TypeRows.text(batch, column, row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rows.tableKey, e);
        }
        return out;
    }

    // ---- traversal

    /**
     * The distinct nodes one {@code edgeType} edge away from node {@code nodeId}, ordered by id; empty when there is
     * no such node. {@link Direction#OUT} follows edges from their source, {@link Direction#IN} back from their
     * destination, {@link Direction#BOTH} either way (for edge types whose two ends are one node type).
     *
     * <p>Traversals read an in-memory adjacency index of this snapshot's table versions (built on first use, then
     * kept by the {@link Graph} and derived for later versions from what changed), so a warm traversal reads no
     * table data and costs what it visits.
     */
    public List<String> neighbors(String edgeType, String nodeId, Direction direction) {
        Traversal traversal = traversal(List.of(edgeType), direction, true);
        int state = traversal.find(nodeId, true);
        return state < 0 ? List.of() : ids(traversal, traversal.neighbors(state));
    }

    /** The distinct nodes one {@code edgeType} edge away from any of {@code nodeIds}, ordered by id. */
    public List<String> expand(String edgeType, Collection<String> nodeIds, Direction direction) {
        Traversal traversal = traversal(List.of(edgeType), direction, true);
        Traversal.IntList states = new Traversal.IntList();
        for (String id : nodeIds) {
            int state = traversal.find(id, true);
            if (state >= 0) {
                states.add(state);
            }
        }
        return ids(traversal, traversal.expand(states.toArray()));
    }

    /**
     * The nodes reachable from {@code seedId} over {@code edgeType} edges in {@code minHops..maxHops} hops, with
     * Omnigraph's semantics: breadth first, each node is expanded once (the seed counts as visited, so it is reported
     * only through a self-loop, or at hop 0 when {@code minHops} is 0) and each destination is reported once, at the
     * first hop count it is reached at; a node first reached before {@code minHops} is reported later only through its own self-loop. Ordered by
     * hops, then id; at most {@code limit}, and the search stops after the hop that reaches the limit. Empty when
     * there is no node {@code seedId}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= minHops <= maxHops} and {@code limit >= 1}
     */
    public List<String> reachable(
            String edgeType, String seedId, Direction direction, int minHops, int maxHops, int limit) {
        if (minHops < 0 || maxHops < minHops || limit < 1) {
            throw new IllegalArgumentException("reachable needs 0 <= minHops <= maxHops and limit >= 1, not " + minHops
                    + ", " + maxHops + ", " + limit);
        }
        Traversal traversal = traversal(List.of(edgeType), direction, true);
        int seed = traversal.find(seedId, true);
        if (seed < 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Traversal.Reached reached : traversal.reachable(seed, minHops, maxHops, limit)) {
            out.add(traversal.id(reached.state()));
        }
        return out;
    }

    /** {@link #shortestPath(Collection, String, String, Direction)} over one edge type. */
    public Optional<GraphPath> shortestPath(String edgeType, String fromId, String toId, Direction direction) {
        return shortestPath(List.of(edgeType), fromId, toId, direction);
    }

    /**
     * A path with the fewest edges from node {@code fromId} to node {@code toId} over edges of {@code edgeTypes}
     * (breadth first), or empty when there is none (or no such node). Of several shortest paths the one whose every
     * node follows its smallest-id neighbour one hop nearer the start is returned; of parallel edges, that of the
     * first edge type by name, then the first row. A node's type is found from the ids: among the node types the
     * edge types start (or end) at, the one holding a node with that id.
     *
     * @throws IllegalArgumentException when an id names nodes of two of those types
     */
    public Optional<GraphPath> shortestPath(
            Collection<String> edgeTypes, String fromId, String toId, Direction direction) {
        Traversal traversal = traversal(edgeTypes, direction, false);
        int from = traversal.find(fromId, true);
        int to = traversal.find(toId, false);
        if (from < 0 || to < 0) {
            return Optional.empty();
        }
        return traversal.shortestPath(from, to).map(p -> path(traversal, p, p.legs().length));
    }

    /**
     * A path of least total weight from {@code fromId} to {@code toId} over edges of {@code edgeTypes} (Dijkstra),
     * the weight of an edge being its numeric property {@code weightProperty}; an edge whose weight is null is not
     * followed. Ties are broken as in {@link #shortestPath(Collection, String, String, Direction)}, settling nodes in
     * (cost, id) order. The weights of each edge type are read once per table version, then kept with its
     * adjacency.
     *
     * @throws NegativeWeightException when an edge of these types has a negative (or NaN) weight
     * @throws IllegalArgumentException when an edge type has no numeric property {@code weightProperty}
     */
    public Optional<GraphPath> cheapestPath(
            Collection<String> edgeTypes, String weightProperty, String fromId, String toId, Direction direction) {
        Traversal traversal = traversal(edgeTypes, direction, false);
        double[][] weights = weights(traversal, edgeTypes, weightProperty);
        int from = traversal.find(fromId, true);
        int to = traversal.find(toId, false);
        if (from < 0 || to < 0) {
            return Optional.empty();
        }
        return traversal.cheapestPath(from, to, weights).map(p -> path(traversal, p, p.cost()));
    }

    /** A path as node ids, with its number of edges and its cost (the number of edges when unweighted). */
    record Route(List<String> nodes, int hops, double cost) {}

    /**
     * The path {@link #shortestPath} ({@code weightProperty} null) or {@link #cheapestPath} would find over one edge
     * type, as a {@link Route}: the same search, without reading the edge ids.
     */
    Optional<Route> route(String edgeType, String weightProperty, String fromId, String toId, Direction direction) {
        List<String> types = List.of(edgeType);
        Traversal traversal = traversal(types, direction, false);
        double[][] weights = weightProperty == null ? null : weights(traversal, types, weightProperty);
        int from = traversal.find(fromId, true);
        int to = traversal.find(toId, false);
        if (from < 0 || to < 0) {
            return Optional.empty();
        }
        Optional<Traversal.Path> found =
                weights == null ? traversal.shortestPath(from, to) : traversal.cheapestPath(from, to, weights);
        return found.map(p -> {
            List<String> nodes = new ArrayList<>();
            for (int state : p.states()) {
                nodes.add(traversal.id(state));
            }
            return new Route(nodes, p.legs().length, weights == null ? p.legs().length : p.cost());
        });
    }

    /** The weight of every edge of each leg of {@code traversal}, by slot; refuses negative and NaN weights. */
    private double[][] weights(Traversal traversal, Collection<String> edgeTypes, String weightProperty) {
        List<String> names = sortedDistinct(edgeTypes);
        double[][] weights = new double[names.size()][];
        for (int leg = 0; leg < names.size(); leg++) {
            EdgeType edge = edgeType(names.get(leg));
            dev.plainlance.graph.schema.Property property = edge.property(weightProperty)
                    .filter(p -> p.type() instanceof dev.plainlance.graph.schema.PropertyType.Scalar s
                            && s.kind().isNumeric())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "edge type " + edge.name() + " has no numeric property " + weightProperty));
            TableSnapshot table = view.table(edge.tableKey());
            weights[leg] = traversal
                    .leg(leg)
                    .weights(weightProperty, property.type(), table, env, (weight, address) -> {
                        if (!(weight >= 0)) {
                            throw new NegativeWeightException(
                                    edge.name(),
                                    weightProperty,
                                    edgeIds(table, List.of(address)).get(0),
                                    weight);
                        }
                    });
        }
        return weights;
    }

    /** The values of {@code property} of every node of {@code type}, by ordinal (see {@link #ordinals}). */
    Object[] nodeValues(String type, dev.plainlance.graph.schema.Property property) {
        String key = nodeType(type).tableKey();
        return ordinals(type).values(property.name(), property.type(), () -> view.table(key), env);
    }

    /** The values of column {@code column} of every edge of {@code type}, by slot (see {@link #adjacency}). */
    Object[] edgeValues(String type, String column, dev.plainlance.graph.schema.PropertyType columnType) {
        String key = edgeType(type).tableKey();
        return adjacency(type).values(column, columnType, () -> view.table(key), env);
    }

    /** The ordinals of node type {@code type} at this snapshot. */
    NodeOrdinals ordinals(String type) {
        return ordinals.computeIfAbsent(type, t -> {
            String key = nodeType(t).tableKey();
            return adjacency.nodes(tableId(key), () -> view.table(key), env, !view.isStaged(key));
        });
    }

    /** The adjacency of edge type {@code type} at this snapshot. */
    EdgeAdjacency adjacency(String type) {
        return adjacencies.computeIfAbsent(type, t -> {
            EdgeType edge = edgeType(t);
            NodeOrdinals from = ordinals(edge.from());
            NodeOrdinals to = ordinals(edge.to());
            String key = edge.tableKey();
            return adjacency.edges(
                    tableId(key), edge.name(), () -> view.table(key), from, to, env, !view.isStaged(key));
        });
    }

    /**
     * The ordinals of the nodes one {@code edgeType} edge away from any of {@code ordinals} (of the edge's source
     * type for {@link Direction#OUT}, its destination type for {@link Direction#IN}), distinct and ascending.
     */
    int[] expandOrdinals(String edgeType, int[] ordinals, Direction direction) {
        EdgeAdjacency edges = adjacency(edgeType);
        if (direction == Direction.BOTH) {
            requireOneNodeType(edgeType(edgeType), direction);
        }
        IntIntMap seen = new IntIntMap(ordinals.length * 4);
        Traversal.IntList out = new Traversal.IntList();
        EdgeAdjacency.EdgeVisitor collect = (neighbor, slot) -> {
            if (seen.putIfAbsent(neighbor, 0)) {
                out.add(neighbor);
            }
        };
        for (int o : ordinals) {
            if (direction != Direction.IN) {
                edges.forEachOut(o, collect);
            }
            if (direction != Direction.OUT) {
                edges.forEachIn(o, collect);
            }
        }
        int[] result = out.toArray();
        java.util.Arrays.sort(result);
        return result;
    }

    /** The table version this snapshot reads for {@code key}, from its pin (no table is opened). */
    private AdjacencyCache.TableId tableId(String key) {
        if (view.isStaged(key)) {
            TableSnapshot table = view.table(key);
            return new AdjacencyCache.TableId(table.name(), table.version());
        }
        String path = view.state()
                .path(key)
                .orElseThrow(() -> new NotFoundException("no table " + key + " in the graph's catalog"));
        dev.plainlance.catalog.Pin pin = view.state()
                .pin(view.branch(), key)
                .orElseThrow(() -> new NotFoundException("table " + key + " has no published version"));
        // versions of different lines (main, Lance branches) of one table are different data
        String line = pin.lanceBranch().map(b -> path + "#" + b).orElse(path);
        return new AdjacencyCache.TableId(line, pin.version());
    }

    private Traversal traversal(Collection<String> edgeTypes, Direction direction, boolean oneResultType) {
        java.util.Objects.requireNonNull(direction, "direction");
        List<String> names = sortedDistinct(edgeTypes);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a traversal needs at least one edge type");
        }
        List<Traversal.Leg> legs = new ArrayList<>();
        for (String name : names) {
            EdgeType edge = edgeType(name);
            if (oneResultType) {
                requireOneNodeType(edge, direction);
            }
            legs.add(new Traversal.Leg(name, adjacency(name), edge.from(), edge.to()));
        }
        return new Traversal(legs, direction);
    }

    private static void requireOneNodeType(EdgeType edge, Direction direction) {
        if (direction == Direction.BOTH && !edge.from().equals(edge.to())) {
            throw new IllegalArgumentException("an undirected traversal of " + edge.name()
                    + " needs its two ends to be one node type, not " + edge.from() + " and " + edge.to());
        }
    }

    private static List<String> sortedDistinct(Collection<String> names) {
        return names.stream().distinct().sorted().toList();
    }

    private static List<String> ids(Traversal traversal, int[] states) {
        List<String> out = new ArrayList<>(states.length);
        for (int state : states) {
            out.add(traversal.id(state));
        }
        return out;
    }

    private GraphPath path(Traversal traversal, Traversal.Path path, double cost) {
        List<String> nodeTypes = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (int state : path.states()) {
            nodeTypes.add(traversal.typeName(state));
            nodes.add(traversal.id(state));
        }
        List<String> edgeTypes = new ArrayList<>();
        Map<Integer, List<Long>> addresses = new java.util.TreeMap<>();
        for (int i = 0; i < path.legs().length; i++) {
            int leg = path.legs()[i];
            edgeTypes.add(traversal.legName(leg));
            addresses
                    .computeIfAbsent(leg, l -> new ArrayList<>())
                    .add(traversal.leg(leg).address(path.slots()[i]));
        }
        Map<Integer, java.util.Iterator<String>> idsByLeg = new java.util.HashMap<>();
        addresses.forEach((leg, at) -> idsByLeg.put(
                leg,
                edgeIds(view.table(edgeType(traversal.legName(leg)).tableKey()), at)
                        .iterator()));
        List<String> edges = new ArrayList<>();
        for (int leg : path.legs()) {
            edges.add(idsByLeg.get(leg).next());
        }
        return new GraphPath(nodeTypes, nodes, edgeTypes, edges, cost);
    }

    /** The {@code id} of the rows at {@code addresses} of {@code table}, in order. */
    private List<String> edgeIds(TableSnapshot table, List<Long> addresses) {
        List<String> out = new ArrayList<>();
        try (ArrowReader reader = Takes.byRowId(table, addresses, List.of("id"), env)) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (int row = 0; row < batch.getRowCount(); row++) {
                    out.add(TypeRows.text(batch, "id", row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read edge ids of " + table.name(), e);
        }
        return out;
    }

    TableSnapshot table(TypeRows rows) {
        return view.table(rows.tableKey);
    }

    TypeRows rows(String type) {
        return layouts.computeIfAbsent(type, this::layout);
    }

    private TypeRows layout(String type) {
        Optional<NodeType> node = schema.node(type);
        if (node.isPresent()) {
            return TypeRows.of(node.get());
        }
        Optional<EdgeType> edge = schema.edge(type);
        if (edge.isPresent()) {
            return TypeRows.of(edge.get());
        }
        throw new NotFoundException("no node or edge type " + type + " in the graph schema");
    }

    NodeType nodeType(String type) {
        return schema.node(type)
                .orElseThrow(() -> new NotFoundException("no node type " + type + " in the graph schema"));
    }

    EdgeType edgeType(String type) {
        return schema.edge(type)
                .orElseThrow(() -> new NotFoundException("no edge type " + type + " in the graph schema"));
    }

    /** A SQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
