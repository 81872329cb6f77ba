package dev.plainlance.interop.graphdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphQueries;
import dev.plainlance.graph.GraphSnapshot;
import dev.plainlance.graph.LoadMode;
import dev.plainlance.graph.QueryResult;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * plainlance's {@code .gq} executor answers as Neo4j embedded does: each try loads one random graph into both (the
 * NDJSON loader; Cypher {@code CREATE}s), then runs random queries, written as {@code .gq} for plainlance and as
 * Cypher with Omnigraph's meaning for Neo4j ({@link CypherRenderer}), and compares the answers (as sequences when
 * ordered, else as multisets; numbers by value). The tries of the default build are few; more with
 * {@code -Dplainlance.graph.neo4jTries=N}.
 */
class Neo4jDifferentialProperties {
    @Property(tries = 12)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void plainlanceAnswersAsNeo4j(
            @ForAll("graphs") DiffGraph graph, @ForAll("queries") List<DiffArbitraries.QueryCase> cases)
            throws IOException {
        List<DiffQuery> queries =
                cases.stream().map(DiffArbitraries.QueryCase::query).toList();
        StringBuilder source = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            source.append(GqRenderer.render("q" + i, queries.get(i))).append("\n");
        }
        if (Boolean.getBoolean("plainlance.graph.neo4jStats")) {
            System.out.println("graph persons " + graph.persons().size() + " knows "
                    + graph.knows().size() + " teams " + graph.teams().size() + " members "
                    + graph.members().size());
        }
        long t0 = System.nanoTime();
        Neo4jOracle neo4j = Neo4jOracle.shared();
        neo4j.load(graph);
        STATS.neo4jLoad += System.nanoTime() - t0;
        t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("neo4j-diff");
        try (Graph plain =
                Graph.init(new LocalStorage(dir), DiffGraph.SCHEMA, "diff.pg", RecoveryOptions.defaults(), "diff")) {
            plain.load(
                    new BufferedReader(new StringReader(graph.ndjson())),
                    "diff.jsonl",
                    LoadMode.APPEND,
                    Optional.empty(),
                    "diff",
                    "load",
                    Graph.DEFAULT_MAX_PROBLEMS,
                    n -> {});
            GraphSnapshot snapshot = plain.snapshot();
            STATS.plainLoad += System.nanoTime() - t0;
            GraphQueries compiled = GraphQueries.compile(source.toString(), "diff.gq", snapshot.schema());
            for (int i = 0; i < queries.size(); i++) {
                DiffQuery q = queries.get(i);
                Map<String, Object> params = new HashMap<>();
                q.params().forEach((n, d) -> params.put(n, d.value()));
                String cypher = CypherRenderer.render(q);
                t0 = System.nanoTime();
                Optional<List<List<Object>>> answer = neo4j.run(cypher, params);
                STATS.neo4jQuery += System.nanoTime() - t0;
                if (answer.isEmpty()) {
                    // the oracle's limit, not an answer: the query is left out, and counted
                    STATS.skipped++;
                    System.out.println("neo4j gave up on a query above " + (Neo4jOracle.MAX_QUERY_MEMORY >> 20)
                            + " MiB or " + Neo4jOracle.MAX_QUERY_SECONDS + " s; not compared:\n"
                            + GqRenderer.render("q" + i, q));
                    assertTrue(
                            STATS.skipped * 4 <= STATS.queries + 4,
                            "Neo4j gave up on " + STATS.skipped + " of " + STATS.queries + " queries");
                    continue;
                }
                List<List<Object>> expected = answer.get();
                t0 = System.nanoTime();
                QueryResult result = compiled.run(snapshot, "q" + i, params);
                STATS.plainQuery += System.nanoTime() - t0;
                STATS.queries++;
                STATS.rows += expected.size();
                STATS.empty += expected.isEmpty() ? 1 : 0;
                if (Boolean.getBoolean("plainlance.graph.neo4jStats")) {
                    System.out.println(expected.size() + " rows\n" + GqRenderer.render("q" + i, q));
                }
                assertEquals(
                        q.projections().stream()
                                .map(DiffQuery.Projection::alias)
                                .toList(),
                        result.columns());
                List<List<Object>> actual = result.rows();
                Optional<String> difference = Answers.difference(expected, actual, q.ordered());
                if (difference.isPresent()) {
                    fail("neo4j vs plainlance: " + difference.get() + "\n" + GqRenderer.render("q" + i, q) + "\n"
                            + cypher + "\nparams " + params + "\nneo4j      " + expected + "\nplainlance " + actual
                            + "\nreference  " + ReferenceEvaluator.evaluate(graph, q));
                }
            }
        } finally {
            delete(dir);
        }
    }

    static final class Stats {
        long neo4jLoad, plainLoad, neo4jQuery, plainQuery, queries, rows, empty, skipped;

        @Override
        public String toString() {
            return String.format(
                    "neo4j load %.1f s, plainlance load %.1f s, neo4j queries %.1f s, plainlance queries %.1f s;"
                            + " %d queries, %d rows, %d empty, %d left out (Neo4j gave up on their memory or time)",
                    neo4jLoad / 1e9,
                    plainLoad / 1e9,
                    neo4jQuery / 1e9,
                    plainQuery / 1e9,
                    queries,
                    rows,
                    empty,
                    skipped);
        }
    }

    static final Stats STATS = new Stats();

    @net.jqwik.api.lifecycle.AfterContainer
    static void printStats() {
        System.out.println("differential stats: " + STATS);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Provide
    Arbitrary<DiffGraph> graphs() {
        return DiffArbitraries.graphs();
    }

    @Provide
    Arbitrary<List<DiffArbitraries.QueryCase>> queries() {
        return DiffArbitraries.queries().list().ofMinSize(1).ofMaxSize(6);
    }
}
