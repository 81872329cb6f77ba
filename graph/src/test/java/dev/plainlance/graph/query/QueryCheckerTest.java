package dev.plainlance.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import dev.plainlance.graph.schema.SchemaParser;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the checker resolves: directions, types, operators, and plainlance's extensions. */
class QueryCheckerTest {
    private static GraphSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = SchemaParser.parse(OmnigraphQueryFixtureTest.resource("query-test.pg"), "query-test.pg");
    }

    private static Typed.Query check(String source) {
        CheckedQueries checked = QueryChecker.check(source, "q.gq", schema);
        assertEquals(1, checked.queries().size());
        return checked.queries().get(0);
    }

    private static Typed.Read read(String source) {
        return (Typed.Read) check(source);
    }

    private static ValueType.Value value(ScalarKind kind, boolean nullable) {
        return ValueType.Value.of(kind, nullable);
    }

    @Test
    void operandOrderGivesTheDirection() {
        Typed.Read q = read("query q($n: String) {\n"
                + "  match {\n"
                + "    $c: Company { name: $n }\n"
                + "    $c worksAt $p\n"
                + "    $p knows $f\n"
                + "    $g knows $p\n"
                + "    $g <knows> $h\n"
                + "  }\n"
                + "  return { $p.name, $f.name, $h.name }\n"
                + "}");
        List<Typed.Direction> directions = q.match().stream()
                .filter(Typed.Traversal.class::isInstance)
                .map(c -> ((Typed.Traversal) c).direction())
                .toList();
        assertEquals(
                List.of(Typed.Direction.IN, Typed.Direction.OUT, Typed.Direction.OUT, Typed.Direction.BOTH),
                directions);
        assertEquals(List.of("c", "p", "f", "g", "h"), List.copyOf(q.variables().keySet()));
        assertEquals(
                "Person", ((Typed.NodeVariable) q.variables().get("p")).type().name());
    }

    @Test
    void edgeNamesAreTheTypeNameWithALowercaseInitialOrAnyCase() {
        Typed.Read q = read("query q() { match { $p worksat $c } return { $c.name } }");
        assertEquals("WorksAt", ((Typed.Traversal) q.match().get(0)).edge().name());
    }

    @Test
    void operatorsResolveByTheirOperands() {
        Typed.Read q = read("query q($age: I32?) {\n"
                + "  match {\n"
                + "    $p: Person { tags: \"x\", status: \"active\" }\n"
                + "    $p.tags contains \"y\"\n"
                + "    $p.name contains \"li\"\n"
                + "    \"Alice\" contains $p.name\n"
                + "    $p.name starts_with \"A\"\n"
                + "    $p.age > $age\n"
                + "    $p.score <= 2\n"
                + "    $p.status != \"gone\"\n"
                + "  }\n"
                + "  return { $p.name }\n"
                + "}");
        Typed.Binding b = (Typed.Binding) q.match().get(0);
        assertTrue(b.matches().get(0).membership());
        assertFalse(b.matches().get(1).membership());
        assertEquals(
                List.of(
                        Typed.Op.LIST_CONTAINS,
                        Typed.Op.STRING_CONTAINS,
                        Typed.Op.STRING_CONTAINS,
                        Typed.Op.STARTS_WITH,
                        Typed.Op.GT,
                        Typed.Op.LE,
                        Typed.Op.NE),
                q.match().stream().skip(1).map(c -> ((Typed.Filter) c).op()).toList());
        Typed.Filter age = (Typed.Filter) q.match().get(5);
        assertEquals(new Typed.ParamRef("age", value(ScalarKind.I32, true)), age.right());
        assertEquals(List.of(new Typed.Param("age", value(ScalarKind.I32, true))), q.params());
    }

    @Test
    void literalsHaveJavaValues() {
        Typed.Read q = read("query q() {\n"
                + "  match {\n"
                + "    $c: Company\n"
                + "    $c.founded >= date(\"2020-02-29\")\n"
                + "    $c.updated < datetime(\"2024-01-31T12:00:00.1234567+01:00\")\n"
                + "    $c.updated < now()\n"
                + "  }\n"
                + "  return { $c.name, 1.5 as f, true as t, [1, 2.5] as l, now() }\n"
                + "}");
        assertEquals(
                LocalDate.of(2020, 2, 29),
                ((Typed.Literal) ((Typed.Filter) q.match().get(1)).right()).value());
        assertEquals(
                Instant.parse("2024-01-31T11:00:00.123456Z"),
                ((Typed.Literal) ((Typed.Filter) q.match().get(2)).right()).value());
        assertInstanceOf(Typed.Now.class, ((Typed.Filter) q.match().get(3)).right());
        List<Typed.Projection> p = q.projections();
        assertEquals(
                new Typed.Literal(1.5, value(ScalarKind.F64, false)), p.get(1).expr());
        assertEquals(
                new Typed.Literal(true, value(ScalarKind.BOOL, false)), p.get(2).expr());
        assertEquals(
                new Typed.Literal(
                        List.of(1.0, 2.5), new ValueType.Value(new PropertyType.ListOf(ScalarKind.F64), false)),
                p.get(3).expr());
        assertEquals("now", p.get(4).name());
    }

    @Test
    void bareNodesAliasesAndEdgeProperties() {
        Typed.Read q = read("query q() {\n"
                + "  match { $p $w:knows $f }\n"
                + "  return { $p, $w.since as since, since, $f.name }\n"
                + "  order { since desc, $f.name }\n"
                + "  limit 5\n"
                + "}");
        assertEquals(
                new ValueType.Node("Person", false),
                q.projections().get(0).expr().type());
        Typed.PropertyRef since = (Typed.PropertyRef) q.projections().get(1).expr();
        assertEquals("w", since.variable());
        assertEquals(value(ScalarKind.DATE, true), since.type());
        assertEquals(
                new Typed.AliasRef("since", 1, since.type()),
                q.projections().get(2).expr());
        assertEquals(
                new Typed.AliasRef("since", 1, since.type()), q.order().get(0).expr());
        assertInstanceOf(Typed.PropertyRef.class, q.order().get(1).expr());
        assertFalse(q.order().get(1).descending());
        Typed.Traversal t = (Typed.Traversal) q.match().get(0);
        assertEquals("w", t.edgeVariable());
        assertInstanceOf(Typed.EdgeVariable.class, q.variables().get("w"));
    }

    @Test
    void orderKeysOfAnAggregateQueryAreItsProjections() {
        Typed.Read q = read("query q() {\n"
                + "  match { $p worksAt $c }\n"
                + "  return { $c.name, count($p) as staff, avg($p.age) }\n"
                + "  order { $c.name, staff desc }\n"
                + "}");
        assertTrue(q.aggregate());
        assertEquals(
                new Typed.AliasRef("name", 0, value(ScalarKind.STRING, false)),
                q.order().get(0).expr());
        assertEquals(value(ScalarKind.F64, true), q.projections().get(2).expr().type());
    }

    @Test
    void notBlocksScopeTheirVariables() {
        Typed.Read q = read("query q() {\n"
                + "  match {\n"
                + "    $p: Person\n"
                + "    not {\n"
                + "      $p worksAt $c\n"
                + "      $c.name = \"Acme\"\n"
                + "    }\n"
                + "  }\n"
                + "  return { $p.name }\n"
                + "}");
        assertEquals(Set.of("p"), q.variables().keySet());
        assertEquals(2, ((Typed.Not) q.match().get(1)).clauses().size());
    }

    @Test
    void optionalMatchMakesItsVariablesNullable() {
        Typed.Read q = read("query q() {\n"
                + "  match {\n"
                + "    $p: Person\n"
                + "    optional {\n"
                + "      $p $r:worksAt $c\n"
                + "      $c.name != \"Nobody\"\n"
                + "    }\n"
                + "  }\n"
                + "  return { $p.name, $c.name as employer, $c, $r.role }\n"
                + "}");
        assertEquals(Set.of(Extension.OPTIONAL_MATCH), q.extensions());
        Typed.OptionalMatch o = (Typed.OptionalMatch) q.match().get(1);
        assertEquals(List.of("c", "r"), o.introduced());
        assertTrue(q.variables().get("c").optional());
        assertFalse(q.variables().get("p").optional());
        assertEquals(
                value(ScalarKind.STRING, true), q.projections().get(1).expr().type());
        assertEquals(
                new ValueType.Node("Company", true),
                q.projections().get(2).expr().type());
        assertEquals(
                value(ScalarKind.STRING, true), q.projections().get(3).expr().type());
    }

    @Test
    void shortestPathsUnweightedAndWeighted() {
        Typed.Read q = read("query q($a: String, $b: String) {\n"
                + "  match {\n"
                + "    $x: Person { name: $a }\n"
                + "    $y: Person { name: $b }\n"
                + "    $hops = shortest($x knows{1,6} $y)\n"
                + "    $cheap = shortest($x <knows> $y, weight: weight)\n"
                + "  }\n"
                + "  return { length($hops) as n, cost($cheap) as distance, nodes($cheap) as route }\n"
                + "  order { distance }\n"
                + "}");
        assertEquals(Set.of(Extension.SHORTEST_PATH), q.extensions());
        Typed.ShortestPath hops = (Typed.ShortestPath) q.match().get(2);
        assertEquals(
                List.of("hops", "x", "y", "Knows"),
                List.of(hops.path(), hops.source(), hops.target(), hops.edge().name()));
        assertEquals(List.of(1, 6), List.of(hops.minHops(), hops.maxHops()));
        assertNull(hops.weight());
        assertEquals(Typed.Direction.OUT, hops.direction());
        Typed.ShortestPath cheap = (Typed.ShortestPath) q.match().get(3);
        assertEquals(1, cheap.minHops());
        assertNull(cheap.maxHops());
        assertEquals("weight", cheap.weight().name());
        assertEquals(Typed.Direction.BOTH, cheap.direction());
        assertEquals(
                "weight",
                ((Typed.PathVariable) q.variables().get("cheap")).weight().name());
        assertEquals(
                List.of(
                        value(ScalarKind.I64, false),
                        value(ScalarKind.F64, false),
                        new ValueType.Value(new PropertyType.ListOf(ScalarKind.STRING), false)),
                q.projections().stream().map(p -> p.expr().type()).toList());
    }

    @Test
    void shortestPathBindsItsUnboundEndpoints() {
        Typed.Read q = read("query q() {\n"
                + "  match {\n"
                + "    $c: Company { name: \"Acme\" }\n"
                + "    $route = shortest($c worksAt{1,1} $p)\n"
                + "  }\n"
                + "  return { $p.name, length($route) }\n"
                + "}");
        assertEquals(Typed.Direction.IN, ((Typed.ShortestPath) q.match().get(1)).direction());
        assertEquals(
                "Person", ((Typed.NodeVariable) q.variables().get("p")).type().name());
    }

    @Test
    void mutationsResolveTheirTargetsAndValues() {
        Typed.Mutation m = (Typed.Mutation) check("query m($old: String, $new: String, $photo: String, $raw: Blob?) {\n"
                + "  delete Person where name = $old\n"
                + "  insert Person { name: $new, age: -3, status: \"active\", tags: [\"a\", \"b\"],"
                + " embedding: [1, 2.5, 3], photo: $photo, count: 4 }\n"
                + "  update Person set { photo: $raw, score: 2 } where age < 10\n"
                + "  insert Company { name: $new, updated: now(), founded: date(\"2001-01-01\") }\n"
                + "  insert WorksAt { from: $new, to: $new, role: \"cto\" }\n"
                + "  delete Knows where to = $old\n"
                + "}");
        assertEquals(Set.of(Extension.MIXED_MUTATION, Extension.NEGATIVE_NUMBER), m.extensions());
        assertEquals(
                List.of(
                        Typed.DeleteNodes.class,
                        Typed.InsertNode.class,
                        Typed.Update.class,
                        Typed.InsertNode.class,
                        Typed.InsertEdge.class,
                        Typed.DeleteEdges.class),
                m.statements().stream().map(Object::getClass).toList());
        Typed.InsertNode person = (Typed.InsertNode) m.statements().get(1);
        assertEquals(
                List.of("name", "age", "status", "tags", "embedding", "photo", "count"),
                person.assignments().stream().map(a -> a.property().name()).toList());
        assertEquals(-3L, ((Typed.Literal) person.assignments().get(1).value()).value());
        assertEquals(
                List.of(1.0, 2.5, 3.0),
                ((Typed.Literal) person.assignments().get(4).value()).value());
        Typed.Update update = (Typed.Update) m.statements().get(2);
        assertEquals(Typed.Op.LT, update.where().op());
        assertEquals("age", update.where().property().name());
        Typed.InsertEdge worksAt = (Typed.InsertEdge) m.statements().get(4);
        assertEquals(new Typed.ParamRef("new", value(ScalarKind.STRING, false)), worksAt.to());
        assertEquals("role", worksAt.assignments().get(0).property().name());
    }

    @Test
    void plainOmnigraphQueriesUseNoExtension() {
        assertEquals(
                Set.of(),
                check("query m($n: String) { insert Person { name: $n } insert Knows { from: $n, to: $n } }")
                        .extensions());
        assertEquals(
                Set.of(Extension.NEGATIVE_NUMBER),
                read("query q() { match { $p: Person\n $p.score > -0.5 } return { $p.name } }")
                        .extensions());
    }

    @Test
    void annotationsAreKept() {
        Typed.Query q = check("query q() @description(\"Everyone\") @instruction(\"Use for lists\") {"
                + " match { $p: Person } return { $p.name } }");
        assertEquals("Everyone", q.source().description());
        assertEquals("Use for lists", q.source().instruction());
    }
}
