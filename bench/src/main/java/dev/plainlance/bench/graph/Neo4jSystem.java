package dev.plainlance.bench.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * Neo4j 5.26 embedded (Community, record storage, default durability: every commit is flushed to the transaction
 * log) as the graph bench's baseline.
 *
 * <ul>
 *   <li>{@link #bulkLoad}: the uniqueness constraint on {@code :Person(name)} first (and waits for its index), then the
 *       NDJSON is streamed (Jackson) into batched transactions of {@value #BATCH} rows each: {@code UNWIND $rows AS r
 *       CREATE (:Person {...})} for the nodes, {@code UNWIND $rows AS r MATCH (a:Person {name:r.from}),
 *       (b:Person {name:r.to}) CREATE (a)-[:FOLLOWS {since:r.since}]->(b)} for the edges ({@code since} as a Neo4j
 *       {@code Date}). So the load is many commits, not one atomic step; the created counts are checked against the
 *       rows read.
 *   <li>{@link #upsertPerson}: {@code MERGE (p:Person {name:$n}) SET p.age=$a} in its own transaction.
 *   <li>{@link #lookupPerson}: {@code MATCH (p:Person {name:$n}) RETURN p}, the node's properties.
 *   <li>{@link #query}: the query's Cypher ({@link BenchQuery#cypher}) with parameters in a fresh transaction, every
 *       row's columns copied into a list.
 * </ul>
 *
 * <p>Bolt is off; the page cache is sized explicitly ({@code pageCacheBytes}). The {@code .pg} file is not read: this
 * class knows the social schema ({@code Person} keyed by {@code name}, {@code Follows} → {@code :FOLLOWS}) and
 * refuses other types.
 */
public final class Neo4jSystem implements GraphSystem {
    static final int BATCH = 10_000;

    static final String CONSTRAINT =
            "CREATE CONSTRAINT person_name IF NOT EXISTS FOR (p:Person) REQUIRE p.name IS UNIQUE";
    static final String CREATE_NODES = "UNWIND $rows AS r CREATE (:Person {name: r.name, age: r.age, city: r.city})";
    static final String CREATE_EDGES = "UNWIND $rows AS r MATCH (a:Person {name: r.from}), (b:Person {name: r.to}) "
            + "CREATE (a)-[:FOLLOWS {since: r.since}]->(b)";
    static final String UPSERT = "MERGE (p:Person {name: $n}) SET p.age = $a";
    static final String LOOKUP = "MATCH (p:Person {name: $n}) RETURN p";

    private final Path dir;
    private final DatabaseManagementService service;
    private final GraphDatabaseService db;

    public Neo4jSystem(Path dir, long pageCacheBytes) {
        this.dir = dir;
        this.service = new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                .build();
        this.db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    }

    @Override
    public String name() {
        return "neo4j";
    }

    /** The store's directory (the DBMS home: data, transaction logs, Neo4j's own logs). */
    public Path dir() {
        return dir;
    }

    @Override
    public void bulkLoad(Path pg, Path ndjson) throws IOException {
        if (!Files.isRegularFile(pg)) {
            throw new IOException("no schema file " + pg);
        }
        try (Transaction tx = db.beginTx()) {
            tx.execute(CONSTRAINT).close();
            tx.commit();
        }
        try (Transaction tx = db.beginTx()) {
            tx.schema().awaitIndexesOnline(10, TimeUnit.MINUTES);
            tx.commit();
        }
        long[] read = new long[2];
        long[] created = new long[2];
        List<Map<String, Object>> nodes = new ArrayList<>(BATCH);
        List<Map<String, Object>> edges = new ArrayList<>(BATCH);
        Ndjson.read(ndjson, new Ndjson.Sink() {
            @Override
            public void node(String type, Map<String, Object> data) throws IOException {
                if (!type.equals("Person")) {
                    throw new IOException("unknown node type " + type);
                }
                Map<String, Object> r = new HashMap<>(4);
                r.put("name", data.get("name"));
                r.put("age", data.get("age"));
                r.put("city", data.get("city"));
                nodes.add(r);
                read[0]++;
                if (nodes.size() == BATCH) {
                    created[0] += flush(CREATE_NODES, nodes, false);
                }
            }

            @Override
            public void edge(String edge, String from, String to, Map<String, Object> data) throws IOException {
                if (!edge.equals("Follows")) {
                    throw new IOException("unknown edge type " + edge);
                }
                created[0] += flush(CREATE_NODES, nodes, false); // the rest of the nodes, before the first edge
                Map<String, Object> r = new HashMap<>(4);
                r.put("from", from);
                r.put("to", to);
                Object since = data.get("since");
                r.put("since", since == null ? null : LocalDate.parse((String) since));
                edges.add(r);
                read[1]++;
                if (edges.size() == BATCH) {
                    created[1] += flush(CREATE_EDGES, edges, true);
                }
            }
        });
        created[0] += flush(CREATE_NODES, nodes, false);
        created[1] += flush(CREATE_EDGES, edges, true);
        if (created[0] != read[0] || created[1] != read[1]) {
            throw new IllegalStateException("neo4j created " + created[0] + " nodes and " + created[1]
                    + " relationships from " + read[0] + " node and " + read[1] + " edge lines");
        }
    }

    /** Runs one batch in its own transaction; returns the nodes or relationships it created. */
    private long flush(String query, List<Map<String, Object>> rows, boolean edges) {
        if (rows.isEmpty()) {
            return 0;
        }
        long created;
        try (Transaction tx = db.beginTx()) {
            try (Result r = tx.execute(query, Map.of("rows", rows))) {
                r.accept(row -> true);
                created = edges
                        ? r.getQueryStatistics().getRelationshipsCreated()
                        : r.getQueryStatistics().getNodesCreated();
            }
            tx.commit();
        }
        rows.clear();
        return created;
    }

    @Override
    public void upsertPerson(String name, int age) {
        try (Transaction tx = db.beginTx()) {
            tx.execute(UPSERT, Map.of("n", name, "a", age)).close();
            tx.commit();
        }
    }

    @Override
    public Map<String, Object> lookupPerson(String name) {
        try (Transaction tx = db.beginTx();
                Result r = tx.execute(LOOKUP, Map.of("n", name))) {
            Map<String, Object> found = null;
            while (r.hasNext()) {
                found = ((Node) r.next().get("p")).getAllProperties();
            }
            return found;
        }
    }

    @Override
    public List<List<Object>> query(BenchQuery query, Map<String, Object> params) {
        List<List<Object>> rows = new ArrayList<>();
        try (Transaction tx = db.beginTx();
                Result r = tx.execute(query.cypher, params)) {
            List<String> columns = r.columns();
            r.accept(row -> {
                List<Object> values = new ArrayList<>(columns.size());
                for (String c : columns) {
                    values.add(row.get(c));
                }
                rows.add(values);
                return true;
            });
        }
        return rows;
    }

    /** Counts of what the store holds: nodes, relationships. */
    public long[] counts() {
        try (Transaction tx = db.beginTx()) {
            return new long[] {
                (Long) tx.execute("MATCH (n) RETURN count(n) AS c").next().get("c"),
                (Long) tx.execute("MATCH ()-[f]->() RETURN count(f) AS c")
                        .next()
                        .get("c")
            };
        }
    }

    @Override
    public void close() {
        service.shutdown();
    }
}
