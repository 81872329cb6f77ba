package dev.plainlance.interop.graphdiff;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The Cypher mapping states Omnigraph's semantics: on random graphs, Neo4j's answer to each rendered query equals
 * the naive {@link ReferenceEvaluator}'s. This checks the oracle side of {@link Neo4jDifferentialProperties}
 * independently of plainlance's executor.
 */
class CypherMappingProperties {
    @Property(tries = 5)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void neo4jAnswersAsTheReferenceEvaluator(
            @ForAll("graphs") DiffGraph graph, @ForAll("queries") List<DiffArbitraries.QueryCase> queries) {
        Neo4jOracle neo4j = Neo4jOracle.shared();
        neo4j.load(graph);
        for (DiffArbitraries.QueryCase c : queries) {
            DiffQuery q = c.query();
            String cypher = CypherRenderer.render(q);
            Map<String, Object> params = new HashMap<>();
            q.params().forEach((n, d) -> params.put(n, d.value()));
            Optional<List<List<Object>>> answer = neo4j.run(cypher, params);
            if (answer.isEmpty()) {
                continue; // Neo4j gave up on the query's memory or time: nothing to compare
            }
            List<List<Object>> expected = ReferenceEvaluator.evaluate(graph, q);
            List<List<Object>> actual = answer.get();
            Optional<String> difference = Answers.difference(expected, actual, q.ordered());
            if (difference.isPresent()) {
                fail(difference.get() + "\n" + GqRenderer.render("q", q) + "\n" + cypher + "\nparams " + params
                        + "\nreference " + expected + "\nneo4j " + actual);
            }
        }
    }

    @Provide
    Arbitrary<DiffGraph> graphs() {
        return DiffArbitraries.graphs();
    }

    @Provide
    Arbitrary<List<DiffArbitraries.QueryCase>> queries() {
        return DiffArbitraries.queries().list().ofMinSize(1).ofMaxSize(4);
    }
}
