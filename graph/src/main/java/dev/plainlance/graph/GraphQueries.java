package dev.plainlance.graph;

import dev.plainlance.graph.query.CheckedQueries;
import dev.plainlance.graph.query.QueryArgumentException;
import dev.plainlance.graph.query.QueryChecker;
import dev.plainlance.graph.query.Typed;
import dev.plainlance.graph.schema.GraphSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The queries of one {@code .gq} file, checked against a graph schema, ready to run: reads on any
 * {@link GraphSnapshot} (the head, or any past commit through {@link Graph#at}), mutations as one commit of a
 * {@link Graph}. Immutable and thread-safe; a snapshot whose schema differs from the one the file was checked
 * against gets the file checked again against its own.
 *
 * <pre>{@code
 * GraphQueries queries = GraphQueries.compile(Files.readString(path), "people.gq", graph.schema());
 * QueryResult friends = queries.run(graph.snapshot(), "friends_of", Map.of("name", "Alice"));
 * MutationResult added = queries.mutate(graph, "add_person", Map.of("name", "Eve", "age", 31), "alice");
 * }</pre>
 */
public final class GraphQueries {
    private final String source;
    private final String fileName;
    private final GraphSchema schema;
    private final CheckedQueries checked;

    private GraphQueries(String source, String fileName, GraphSchema schema, CheckedQueries checked) {
        this.source = source;
        this.fileName = fileName;
        this.schema = schema;
        this.checked = checked;
    }

    /**
     * Parses and checks {@code source} against {@code schema}.
     *
     * @throws dev.plainlance.graph.query.QueryException with every problem found (code, line and column)
     */
    public static GraphQueries compile(String source, String fileName, GraphSchema schema) {
        return new GraphQueries(source, fileName, schema, QueryChecker.check(source, fileName, schema));
    }

    /** The checked queries, in source order. */
    public CheckedQueries checked() {
        return checked;
    }

    /**
     * Runs the read query {@code name} on {@code snapshot}.
     *
     * @param arguments parameter values by name (without {@code $}), in their Java form or as text
     * @throws QueryArgumentException when there is no such read query or the arguments do not fit
     * @throws dev.plainlance.graph.query.QueryException when the file does not check against the snapshot's schema
     */
    public QueryResult run(GraphSnapshot snapshot, String name, Map<String, ?> arguments) {
        Typed.Query query = against(snapshot.schema()).query(name).orElseThrow(() -> noQuery(name, "read"));
        if (!(query instanceof Typed.Read read)) {
            throw new QueryArgumentException(
                    fileName + ": query " + name + " is a mutation; run it with mutate (graph mutate)");
        }
        Map<String, Object> bound = QueryArguments.bind(read, arguments);
        QueryExecutor executor = new QueryExecutor(snapshot, bound, now());
        QueryExecutor.Scope scope = executor.scope(read);
        BindingFrame frame = executor.match(read);
        List<Object[]> rows = new QueryProjection(read, executor, scope, frame).rows();
        List<String> columns = new ArrayList<>();
        List<dev.plainlance.graph.query.ValueType> types = new ArrayList<>();
        for (Typed.Projection p : read.projections()) {
            columns.add(p.name());
            types.add(p.expr().type());
        }
        return new QueryResult(snapshot.commitId(), columns, types, rows, snapshot.schema());
    }

    /**
     * Runs the mutation query {@code name} on the head of {@code graph} as one commit by {@code actor}; a race lost
     * to another writer replays it (see {@link GraphTransaction}).
     *
     * @throws QueryArgumentException when there is no such mutation or the arguments do not fit
     * @throws ConstraintViolationException when a statement breaks a constraint (nothing is written)
     */
    public MutationResult mutate(Graph graph, String name, Map<String, ?> arguments, String actor) {
        return mutate(graph, name, arguments, actor, null);
    }

    /**
     * {@link #mutate(Graph, String, Map, String)}, landing only while the graph's head is still {@code ifCommit}
     * (when not null; see {@link GraphTransaction#ifCommit}).
     */
    public MutationResult mutate(Graph graph, String name, Map<String, ?> arguments, String actor, String ifCommit) {
        Typed.Query query = against(graph.schema()).query(name).orElseThrow(() -> noQuery(name, "mutation"));
        if (!(query instanceof Typed.Mutation mutation)) {
            throw new QueryArgumentException(
                    fileName + ": query " + name + " is a read; run it with run (graph query)");
        }
        Map<String, Object> bound = QueryArguments.bind(mutation, arguments);
        try (GraphTransaction tx = graph.begin(Objects.requireNonNull(actor, "actor"))) {
            if (ifCommit != null) {
                tx.ifCommit(ifCommit);
            }
            new MutationExecutor(tx, bound, now()).run(mutation);
            GraphCommit commit = tx.message("mutation " + name).commit();
            long nodes = 0;
            long edges = 0;
            for (Map.Entry<String, ChangeCounts> change : commit.changes().entrySet()) {
                ChangeCounts c = change.getValue();
                long touched = c.inserted() + c.updated() + c.deleted();
                if (graph.schema().edge(change.getKey()).isPresent()) {
                    edges += touched;
                } else {
                    nodes += touched;
                }
            }
            return new MutationResult(commit, nodes, edges);
        }
    }

    private CheckedQueries against(GraphSchema other) {
        return other.equals(schema) ? checked : QueryChecker.check(source, fileName, other);
    }

    private QueryArgumentException noQuery(String name, String kind) {
        List<String> names = checked.queries().stream().map(Typed.Query::name).toList();
        return new QueryArgumentException(fileName + " has no query " + name + " (its queries: " + names + ")");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
