package dev.plainlance.interop.graphdiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.TransactionTerminatedException;
import org.neo4j.memory.MemoryLimitExceededException;

/**
 * One Neo4j 5 embedded database for the test JVM (started on first use, stopped by a shutdown hook; Bolt off, a
 * small page cache), replaced by each {@link #load} with a {@link DiffGraph}, queried with Cypher.
 */
final class Neo4jOracle {
    /** The memory one query may take; above it Neo4j gives up on the query ({@link #run} says so). */
    static final long MAX_QUERY_MEMORY = 512L << 20;
    /** The time one query may take, the same way (a variable-length expansion can take hours). */
    static final long MAX_QUERY_SECONDS = 20;

    private static Neo4jOracle shared;

    private final Path dir;
    private final DatabaseManagementService service;
    private final GraphDatabaseService db;

    private Neo4jOracle(Path dir) {
        this.dir = dir;
        this.service = new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 32L << 20)
                // a random query whose plan multiplies rows fails fast instead of filling the heap for minutes
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, MAX_QUERY_MEMORY)
                .build();
        this.db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    }

    /** The JVM's database, started on first use. */
    static synchronized Neo4jOracle shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("neo4j-oracle");
                Neo4jOracle oracle = new Neo4jOracle(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(oracle::close));
                shared = oracle;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Replaces the database's content with {@code graph}. */
    synchronized void load(DiffGraph graph) {
        try (Transaction tx = db.beginTx()) {
            tx.execute("MATCH (n) DETACH DELETE n").close();
            List<Map<String, Object>> persons = new ArrayList<>();
            for (int i = 0; i < graph.persons().size(); i++) {
                DiffGraph.Person p = graph.persons().get(i);
                Map<String, Object> row = new HashMap<>();
                row.put("name", DiffGraph.personName(i));
                row.put("age", p.age());
                row.put("score", p.score());
                row.put("city", p.city());
                persons.add(row);
            }
            tx.execute(
                            "UNWIND $rows AS r CREATE (:Person {name: r.name, age: r.age, score: r.score, city: r.city})",
                            Map.of("rows", persons))
                    .close();
            List<Map<String, Object>> teams = new ArrayList<>();
            for (int i = 0; i < graph.teams().size(); i++) {
                Map<String, Object> row = new HashMap<>();
                row.put("name", DiffGraph.teamName(i));
                row.put("size", graph.teams().get(i).size());
                teams.add(row);
            }
            tx.execute("UNWIND $rows AS r CREATE (:Team {name: r.name, size: r.size})", Map.of("rows", teams))
                    .close();
            List<Map<String, Object>> knows = new ArrayList<>();
            for (DiffGraph.Knows k : graph.knows()) {
                Map<String, Object> row = new HashMap<>();
                row.put("from", DiffGraph.personName(k.from()));
                row.put("to", DiffGraph.personName(k.to()));
                row.put("weight", k.weight());
                knows.add(row);
            }
            tx.execute(
                            "UNWIND $rows AS r MATCH (a:Person {name: r.from}), (b:Person {name: r.to})"
                                    + " CREATE (a)-[:KNOWS {weight: r.weight}]->(b)",
                            Map.of("rows", knows))
                    .close();
            List<Map<String, Object>> members = new ArrayList<>();
            for (DiffGraph.Member m : graph.members()) {
                Map<String, Object> row = new HashMap<>();
                row.put("from", DiffGraph.personName(m.from()));
                row.put("to", DiffGraph.teamName(m.to()));
                row.put("role", m.role());
                members.add(row);
            }
            tx.execute(
                            "UNWIND $rows AS r MATCH (a:Person {name: r.from}), (b:Team {name: r.to})"
                                    + " CREATE (a)-[:MEMBER_OF {role: r.role}]->(b)",
                            Map.of("rows", members))
                    .close();
            tx.commit();
        }
    }

    /** Runs a read query; the rows' values in column order. */
    /**
     * The rows of {@code cypher}, or empty when Neo4j gave up on it for taking more than {@link #MAX_QUERY_MEMORY}
     * or {@link #MAX_QUERY_SECONDS} (a limit of the oracle, not an answer).
     */
    synchronized Optional<List<List<Object>>> run(String cypher, Map<String, Object> params) {
        try (Transaction tx = db.beginTx(MAX_QUERY_SECONDS, TimeUnit.SECONDS);
                Result result = tx.execute(cypher, params)) {
            List<String> columns = result.columns();
            List<List<Object>> rows = new ArrayList<>();
            while (result.hasNext()) {
                Map<String, Object> row = result.next();
                List<Object> values = new ArrayList<>();
                for (String c : columns) {
                    values.add(row.get(c));
                }
                rows.add(values);
            }
            return Optional.of(rows);
        } catch (MemoryLimitExceededException | TransactionTerminatedException e) {
            return Optional.empty();
        }
    }

    private void close() {
        service.shutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
