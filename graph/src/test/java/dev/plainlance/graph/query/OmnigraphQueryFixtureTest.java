package dev.plainlance.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import dev.plainlance.graph.schema.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Omnigraph's query fixture {@code crates/omnigraph/tests/fixtures/test.gq} and the query shapes of its integration
 * tests parse and check against its {@code test.pg}.
 */
class OmnigraphQueryFixtureTest {

    static String resource(String name) throws IOException {
        try (InputStream in = OmnigraphQueryFixtureTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static GraphSchema schema() throws IOException {
        return SchemaParser.parse(resource("test.pg"), "test.pg");
    }

    @Test
    void everyFixtureQueryParsesAndChecks() throws IOException {
        QueryFile file = QueryParser.parse(resource("test.gq"), "test.gq");
        assertEquals(
                List.of(
                        "get_person",
                        "adults",
                        "friends_of",
                        "employees_of",
                        "friends_of_friends",
                        "unemployed",
                        "friend_counts",
                        "top_by_age",
                        "total_people",
                        "age_stats",
                        "top_connected"),
                file.queries().stream().map(q -> q.name().text()).toList());
        CheckedQueries checked = QueryChecker.check(file, schema());
        assertEquals(11, checked.queries().size());
        for (Ast.Query q : file.queries()) {
            assertTrue(q.extensions().isEmpty(), q.name().text());
        }
    }

    @Test
    void fixtureQueriesResolveAsOmnigraphDoes() throws IOException {
        CheckedQueries checked = QueryChecker.check(resource("test.gq"), "test.gq", schema());

        Typed.Read getPerson = checked.read("get_person").orElseThrow();
        Typed.Binding binding = (Typed.Binding) getPerson.match().get(0);
        assertEquals("Person", binding.type().name());
        assertEquals("name", binding.matches().get(0).property().name());
        assertEquals(
                new Typed.ParamRef("name", ValueType.Value.of(ScalarKind.STRING, false)),
                binding.matches().get(0).value());
        assertEquals(
                List.of(ValueType.Value.of(ScalarKind.STRING, false), ValueType.Value.of(ScalarKind.I32, true)),
                getPerson.projections().stream().map(p -> p.expr().type()).toList());
        assertEquals(
                List.of("name", "age"),
                getPerson.projections().stream().map(Typed.Projection::name).toList());

        Typed.Read employees = checked.read("employees_of").orElseThrow();
        Typed.Traversal worksAt = (Typed.Traversal) employees.match().get(1);
        assertEquals("WorksAt", worksAt.edge().name());
        assertEquals(Typed.Direction.OUT, worksAt.direction());
        assertEquals("p", worksAt.source());
        assertEquals(
                "Person",
                ((Typed.NodeVariable) employees.variables().get("p")).type().name());

        Typed.Read unemployed = checked.read("unemployed").orElseThrow();
        Typed.Not not = (Typed.Not) unemployed.match().get(1);
        assertEquals(null, ((Typed.Traversal) not.clauses().get(0)).target());

        Typed.Read friendCounts = checked.read("friend_counts").orElseThrow();
        assertTrue(friendCounts.aggregate());
        Typed.Aggregate count =
                (Typed.Aggregate) friendCounts.projections().get(1).expr();
        assertEquals(ValueType.Value.of(ScalarKind.I64, false), count.type());
        assertEquals(
                new Typed.AliasRef("friends", 1, count.type()),
                friendCounts.order().get(0).expr());
        assertTrue(friendCounts.order().get(0).descending());
        assertEquals(20, friendCounts.limit().getAsLong());

        Typed.Read ageStats = checked.read("age_stats").orElseThrow();
        assertEquals(
                List.of("name", "total_age", "avg_age", "youngest", "oldest", "headcount"),
                ageStats.projections().stream().map(Typed.Projection::name).toList());
        assertEquals(
                ValueType.Value.of(ScalarKind.F64, true),
                ageStats.projections().get(1).expr().type());
        assertEquals(
                ValueType.Value.of(ScalarKind.I32, true),
                ageStats.projections().get(3).expr().type());

        Typed.Read adults = checked.read("adults").orElseThrow();
        Typed.Filter filter = (Typed.Filter) adults.match().get(1);
        assertEquals(Typed.Op.GT, filter.op());
        assertEquals(new Typed.Literal(30L, ValueType.Value.of(ScalarKind.I64, false)), filter.right());
        assertInstanceOf(Typed.PropertyRef.class, adults.order().get(0).expr());
    }

    @Test
    void omnigraphTestQueryShapesCheck() throws IOException {
        QueryFile file = QueryParser.parse(resource("omnigraph-shapes.gq"), "omnigraph-shapes.gq");
        CheckedQueries checked = QueryChecker.check(file, schema());
        assertEquals(27, checked.queries().size());

        Typed.Read connected = checked.read("connected").orElseThrow();
        assertEquals(Typed.Direction.BOTH, ((Typed.Traversal) connected.match().get(1)).direction());
        Typed.Read reach = checked.read("reach_both").orElseThrow();
        Typed.Traversal t = (Typed.Traversal) reach.match().get(1);
        assertEquals(List.of(1, 2), List.of(t.minHops(), t.maxHops()));

        Typed.Read recent = checked.read("recent_friends").orElseThrow();
        assertInstanceOf(Typed.EdgeVariable.class, recent.variables().get("w"));
        assertEquals(
                new ValueType.Value(new PropertyType.Scalar(ScalarKind.DATE), true),
                recent.projections().get(1).expr().type());

        Typed.Mutation both = checked.mutation("insert_person_and_friend").orElseThrow();
        assertInstanceOf(Typed.InsertNode.class, both.statements().get(0));
        Typed.InsertEdge edge = (Typed.InsertEdge) both.statements().get(1);
        assertEquals("Knows", edge.type().name());
        assertEquals(new Typed.ParamRef("name", ValueType.Value.of(ScalarKind.STRING, false)), edge.from());

        Typed.Mutation removeFriendship = checked.mutation("remove_friendship").orElseThrow();
        Typed.DeleteEdges delete =
                (Typed.DeleteEdges) removeFriendship.statements().get(0);
        assertEquals("from", delete.where().field());
        assertEquals(null, delete.where().property());
    }

    @Test
    void canonicalTextOfTheFixturesIsAFixedPoint() throws IOException {
        for (String name : List.of("test.gq", "omnigraph-shapes.gq")) {
            QueryFile file = QueryParser.parse(resource(name), name);
            String canonical = file.toSource();
            QueryFile again = QueryParser.parse(canonical, name);
            assertEquals(canonical, again.toSource());
            QueryChecker.check(again, schema());
        }
    }
}
