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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private final java.util.Map<String, TypeRows> layouts = new java.util.concurrent.ConcurrentHashMap<>();

    GraphSnapshot(CatalogView view, GraphSchema schema, Env env, KeyLookup ids) {
        this.view = view;
        this.schema = schema;
        this.env = env;
        this.ids = ids;
    }

    KeyLookup idLookup() {
        return ids;
    }

    /** The id of the commit this snapshot shows (a ULID). */
    public String commitId() {
        return view.state().head().id();
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
