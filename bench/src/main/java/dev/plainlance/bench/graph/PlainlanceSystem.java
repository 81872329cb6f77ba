package dev.plainlance.bench.graph;

import dev.plainlance.graph.Entity;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphQueries;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.graph.LoadMode;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * plainlance's graph store ({@code dev.plainlance.graph}) in the graph bench: {@link #bulkLoad} creates the graph
 * from the {@code .pg} file and loads the NDJSON as one atomic commit (strict insert); {@link #upsertPerson} is one
 * transaction with one keyed upsert; {@link #lookupPerson} reads the node through the id index. {@link #query} runs
 * the query of {@link BenchQuery#GQ} (compiled once by {@link #prepareQueries}) on a fresh {@link Graph#snapshot()}
 * through {@link GraphQueries#run}, whose rows are materialised.
 */
public final class PlainlanceSystem implements GraphSystem {
    private final Path dir;
    private Graph graph;
    private GraphQueries queries;

    public PlainlanceSystem(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "plainlance";
    }

    @Override
    public void bulkLoad(Path pg, Path ndjson) throws Exception {
        graph = Graph.init(
                new LocalStorage(dir), Files.readString(pg), pg.toString(), RecoveryOptions.defaults(), "bench");
        try (BufferedReader in = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            graph.load(
                    in,
                    ndjson.getFileName().toString(),
                    LoadMode.APPEND,
                    Optional.empty(),
                    "bench",
                    "bulk load",
                    Graph.DEFAULT_MAX_PROBLEMS,
                    lines -> {});
        }
    }

    @Override
    public void upsertPerson(String name, int age) {
        try (GraphTransaction tx = graph.begin("bench")) {
            Map<String, Object> person = new LinkedHashMap<>(graph.snapshot()
                    .nodeById("Person", name)
                    .map(Entity::properties)
                    .orElse(Map.of()));
            person.put("name", name);
            person.put("age", age);
            tx.upsert("Person", person);
            tx.commit();
        }
    }

    @Override
    public Map<String, Object> lookupPerson(String name) {
        return graph.snapshot().nodeById("Person", name).map(Entity::properties).orElse(null);
    }

    @Override
    public void prepareQueries() {
        queries = GraphQueries.compile(BenchQuery.GQ, "bench.gq", graph.schema());
    }

    @Override
    public List<List<Object>> query(BenchQuery query, Map<String, Object> params) {
        return queries.run(graph.snapshot(), query.gqName, params).rows();
    }

    /** How long {@link Graph#snapshot()} alone takes (the head's catalog read), part of every {@link #query} call. */
    long snapshotNanos() {
        long t0 = System.nanoTime();
        graph.snapshot();
        return System.nanoTime() - t0;
    }

    @Override
    public void close() {
        if (graph != null) {
            graph.close();
        }
    }
}
