package dev.plainlance.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parse tree as written: shapes, positions, the grammar's corner cases and the canonical text. */
class QueryParserTest {

    private static Ast.Query one(String source) {
        QueryFile file = QueryParser.parse(source, "q.gq");
        assertEquals(1, file.queries().size());
        return file.queries().get(0);
    }

    private static List<Ast.Clause> match(String clauses) {
        return ((Ast.Read) one("query q() { match { " + clauses + " } return { 1 } }")
                        .body())
                .match();
    }

    @Test
    void anEmptyFileHasNoQueries() {
        assertEquals(
                List.of(), QueryParser.parse("// nothing\n/* here */", "e.gq").queries());
    }

    @Test
    void parametersAndPositions() {
        Ast.Query q = one("// comment\r\nquery  find($name: String, $tags: [I64]?, $v: Vector(3))\r\n{\r\n"
                + "  match { $p: Person { name: $name } }\r\n  return { $p.name }\r\n}");
        assertEquals(new Ast.Name("find", new SourcePos(2, 8)), q.name());
        assertEquals(
                List.of(
                        new Ast.Param(
                                new Ast.Var("name", new SourcePos(2, 13)),
                                new PropertyType.Scalar(ScalarKind.STRING),
                                false,
                                new SourcePos(2, 20)),
                        new Ast.Param(
                                new Ast.Var("tags", new SourcePos(2, 28)),
                                new PropertyType.ListOf(ScalarKind.I64),
                                true,
                                new SourcePos(2, 35)),
                        new Ast.Param(
                                new Ast.Var("v", new SourcePos(2, 43)),
                                new PropertyType.Vector(3),
                                false,
                                new SourcePos(2, 47))),
                q.params());
        Ast.Binding b = (Ast.Binding) ((Ast.Read) q.body()).match().get(0);
        assertEquals(new SourcePos(4, 11), b.pos());
        assertEquals(
                new Ast.Name("name", new SourcePos(4, 24)), b.matches().get(0).property());
    }

    @Test
    void traversalsAndTheirForms() {
        List<Ast.Clause> clauses = match("$a knows $b\n $a $w:<knows>{1,3} $_\n $a contains $b\n $a contains \"x\"\n"
                + " $a.tags contains $b.name\n $r = shortest($a <knows>{2,} $b, weight: w)\n"
                + " $a.x = $r");
        Ast.Traversal plain = (Ast.Traversal) clauses.get(0);
        assertEquals(
                List.of("a", "knows", "b"),
                List.of(
                        plain.source().name(),
                        plain.edge().text(),
                        plain.target().name()));
        assertNull(plain.bounds());
        Ast.Traversal full = (Ast.Traversal) clauses.get(1);
        assertEquals("w", full.edgeVariable().name());
        assertTrue(full.undirected());
        assertEquals(List.of(1, 3), List.of(full.bounds().min(), full.bounds().max()));
        assertTrue(full.target().isAnonymous());
        // As in Omnigraph: a bare variable before 'contains' and a variable after it read as a traversal.
        assertEquals("contains", ((Ast.Traversal) clauses.get(2)).edge().text());
        assertEquals(Ast.Op.CONTAINS, ((Ast.Filter) clauses.get(3)).op());
        assertEquals(Ast.Op.CONTAINS, ((Ast.Filter) clauses.get(4)).op());
        Ast.ShortestPath s = (Ast.ShortestPath) clauses.get(5);
        assertEquals(
                List.of("r", "a", "knows", "b", "w"),
                List.of(
                        s.path().name(),
                        s.source().name(),
                        s.edge().text(),
                        s.target().name(),
                        s.weight().text()));
        assertNull(s.bounds().max());
        assertInstanceOf(Ast.Filter.class, clauses.get(6));
    }

    @Test
    void returnSeparatorsOrderAndLimit() {
        Ast.Read r = (Ast.Read) one("query q() { match { $p: Person }\n"
                        + "  return { $p.name as n, count($p)\n max($p.age) as oldest }\n"
                        + "  order { oldest desc n asc, $p.age } limit 7 }")
                .body();
        assertEquals(3, r.projections().size());
        assertEquals(
                new Ast.Name("n", new SourcePos(2, 23)), r.projections().get(0).alias());
        assertInstanceOf(Ast.Aggregate.class, r.projections().get(1).expr());
        assertEquals(
                List.of(true, false, false),
                r.order().stream().map(Ast.Ordering::descending).toList());
        assertEquals(OptionalLong.of(7), r.limit());
    }

    @Test
    void literals() {
        Ast.Read r = (Ast.Read) one("query q() { match { $p: Person } return {"
                        + " \"a\\\"b\\\\c\\n\", -12, 3.50, true, date(\"2024-02-29\"), datetime(\"2024-01-01T00:00:00\"),"
                        + " [1, 2.5], [] } }")
                .body();
        assertEquals(
                List.of(
                        new Ast.StringLit("a\"b\\c\n", new SourcePos(1, 43)),
                        new Ast.IntLit(-12, new SourcePos(1, 56)),
                        new Ast.FloatLit(new BigDecimal("3.50"), new SourcePos(1, 61)),
                        new Ast.BoolLit(true, new SourcePos(1, 67))),
                r.projections().subList(0, 4).stream().map(Ast.Projection::expr).toList());
        assertEquals("2024-02-29", ((Ast.DateLit) r.projections().get(4).expr()).text());
        assertEquals(2, ((Ast.ListLit) r.projections().get(6).expr()).items().size());
        assertEquals(List.of(), ((Ast.ListLit) r.projections().get(7).expr()).items());
        assertEquals(
                Set.of(Extension.NEGATIVE_NUMBER),
                one("query q() { match { $p: Person } return { -1 } }").extensions());
    }

    @Test
    void mutationsWithOptionalCommas() {
        Ast.Mutation m = (Ast.Mutation) one("query m($n: String) {\n"
                        + "  insert Person { name: $n age: 3, }\n"
                        + "  update Person set { age: 4 } where name = $n\n"
                        + "  delete Knows where from != \"x\"\n"
                        + "}")
                .body();
        Ast.Insert insert = (Ast.Insert) m.statements().get(0);
        assertEquals(
                List.of("name", "age"),
                insert.assignments().stream().map(a -> a.property().text()).toList());
        Ast.Update update = (Ast.Update) m.statements().get(1);
        assertEquals(Ast.Op.EQ, update.where().op());
        Ast.Delete delete = (Ast.Delete) m.statements().get(2);
        assertEquals(
                List.of("Knows", "from", "!="),
                List.of(
                        delete.type().text(),
                        delete.where().property().text(),
                        delete.where().op().symbol()));
    }

    @Test
    void canonicalText() {
        String source = "query q($n: String, $a: I32?) @description(\"say \\\"hi\\\"\") {"
                + " match { $p: Person { name: $n, age: 3 } $p $w:knows{1,1} $f optional { $f worksAt $c }"
                + " not { $f <knows> $_ } $r = shortest($p knows $c, weight: w) $f.age >= -1.50 }"
                + " return { $p.name as who, count($f), length($r) } order { who asc, $p.age desc } limit 3 }"
                + "\nquery m($n: String) { insert Person { name: $n } delete Person where age < now() }";
        String canonical = QueryParser.parse(source, "q.gq").toSource();
        assertEquals(
                "query q($n: String, $a: I32?) @description(\"say \\\"hi\\\"\") {\n"
                        + "    match {\n"
                        + "        $p: Person { name: $n, age: 3 }\n"
                        + "        $p $w:knows{1,1} $f\n"
                        + "        optional {\n"
                        + "            $f worksAt $c\n"
                        + "        }\n"
                        + "        not {\n"
                        + "            $f <knows> $_\n"
                        + "        }\n"
                        + "        $r = shortest($p knows $c, weight: w)\n"
                        + "        $f.age >= -1.50\n"
                        + "    }\n"
                        + "    return {\n"
                        + "        $p.name as who\n"
                        + "        count($f)\n"
                        + "        length($r)\n"
                        + "    }\n"
                        + "    order { who, $p.age desc }\n"
                        + "    limit 3\n"
                        + "}\n"
                        + "\n"
                        + "query m($n: String) {\n"
                        + "    insert Person { name: $n }\n"
                        + "    delete Person where age < now()\n"
                        + "}\n",
                canonical);
        assertEquals(canonical, QueryParser.parse(canonical, "q.gq").toSource());
        assertEquals(
                Set.of(Extension.OPTIONAL_MATCH, Extension.SHORTEST_PATH, Extension.NEGATIVE_NUMBER),
                QueryParser.parse(source, "q.gq").queries().get(0).extensions());
    }
}
