package dev.plainlance.interop.graphdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.query.CheckedQueries;
import dev.plainlance.graph.query.QueryChecker;
import dev.plainlance.graph.query.Typed;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.SchemaParser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every query the differential generator writes type-checks, with the result columns it expects. */
class GeneratedQueriesCheckTest {
    private static final GraphSchema SCHEMA = SchemaParser.parse(DiffGraph.SCHEMA, "diff.pg");

    @Test
    void everyGeneratedQueryChecks() {
        Random random = new Random(14);
        int varLengthMin2 = 0;
        int nots = 0;
        for (int i = 0; i < 3000; i++) {
            QueryGenerator.Shape shape = new QueryGenerator.Shape(
                    1 + random.nextInt(4),
                    random.nextInt(4),
                    random.nextInt(3),
                    random.nextInt(3) == 0,
                    random.nextInt(3),
                    random.nextBoolean());
            DiffQuery q = QueryGenerator.generate(shape, random.nextLong());
            String source = GqRenderer.render("q", q);
            CheckedQueries checked;
            try {
                checked = QueryChecker.check(source, "diff.gq", SCHEMA);
            } catch (RuntimeException e) {
                throw new AssertionError(source, e);
            }
            Typed.Read read = checked.read("q").orElseThrow();
            assertEquals(
                    q.projections().stream().map(DiffQuery.Projection::alias).toList(),
                    read.projections().stream().map(Typed.Projection::name).toList(),
                    source);
            varLengthMin2 += source.matches("(?s).*\\{[2-4],.*") ? 1 : 0;
            nots += source.contains("not {") ? 1 : 0;
        }
        assertTrue(varLengthMin2 > 100, "variable-length traversals with min >= 2: " + varLengthMin2);
        assertTrue(nots > 1000, "not blocks: " + nots);
    }

    @Test
    void theRenderingsOfOneQuery() {
        DiffQuery q = new DiffQuery(
                java.util.Map.of("p0", new DiffQuery.ParamDecl("I32", 30)),
                List.of(
                        new DiffQuery.Bind("a", "Person", null),
                        new DiffQuery.Hop("a", null, "Knows", false, false, 2, 3, "b"),
                        new DiffQuery.Filter(new DiffQuery.Prop("b", "age"), ">", new DiffQuery.Param("p0")),
                        new DiffQuery.Not(List.of(new DiffQuery.Hop("b", null, "MemberOf", false, false, 1, 1, "_")))),
                List.of(
                        new DiffQuery.Projection(new DiffQuery.Prop("a", "name"), "c0"),
                        new DiffQuery.Projection(new DiffQuery.Agg("count", "b", null), "c1")),
                List.of(new DiffQuery.Order("c1", null, true), new DiffQuery.Order("c0", null, false)),
                3,
                null);
        assertEquals("""
                query q($p0: I32) {
                    match {
                        $a: Person
                        $a knows{2,3} $b
                        $b.age > $p0
                        not {
                            $b memberOf $_
                        }
                    }
                    return {
                        $a.name as c0
                        count($b) as c1
                    }
                    order { c1 desc, c0 asc }
                    limit 3
                }
                """, GqRenderer.render("q", q));
        assertEquals("""
                MATCH (v_a:Person)
                MATCH p0 = (v_a)-[:KNOWS*1..3]->(v_b:Person)
                WITH v_a, v_b, min(length(p0)) AS hops0 WHERE ((v_a <> v_b AND hops0 >= 2) OR (v_a <> v_b \
                AND hops0 = 1 AND EXISTS { (v_b)-[:KNOWS]->(v_b) }))
                WITH DISTINCT v_a, v_b
                WITH * WHERE v_b.age > $p0
                WITH * WHERE NOT EXISTS { MATCH (v_a) MATCH (v_b)-[:MEMBER_OF]->(:Team) }
                RETURN v_a.name AS c0, count(v_b) AS c1
                ORDER BY (c1 IS NULL), c1 DESC, (c0 IS NULL) DESC, c0
                LIMIT 3""", CypherRenderer.render(q));
    }
}
