package dev.plainlance.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.SchemaParser;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error code, with its line and column. {@link #single} takes the expected position as the first occurrence
 * of a marker substring in the source (or its {@code n}th), so each case reads as "the error is at this text".
 */
class QueryErrorsTest {
    private static GraphSchema schema;
    private static final Set<QueryErrorCode> TESTED = EnumSet.noneOf(QueryErrorCode.class);

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = SchemaParser.parse(OmnigraphQueryFixtureTest.resource("query-test.pg"), "query-test.pg");
    }

    @AfterAll
    static void everyCodeIsTested() {
        assertEquals(EnumSet.allOf(QueryErrorCode.class), TESTED, "codes without a test");
    }

    static QueryException fail(String source) {
        return assertThrows(QueryException.class, () -> QueryChecker.check(source, "q.gq", schema));
    }

    private static QueryError single(String source, QueryErrorCode code, String marker) {
        return single(source, code, marker, 1);
    }

    /** The source has exactly one error, {@code code} at the {@code n}th occurrence of {@code marker}. */
    private static QueryError single(String source, QueryErrorCode code, String marker, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = source.indexOf(marker, at + 1);
        }
        assertTrue(at >= 0, "marker " + marker + " not in " + source);
        int line =
                1 + (int) source.substring(0, at).chars().filter(c -> c == '\n').count();
        int column = at - source.lastIndexOf('\n', at - 1);
        QueryException e = fail(source);
        assertEquals(1, e.errors().size(), e.render());
        QueryError error = e.errors().get(0);
        assertEquals(List.of(code, line, column), List.of(error.code(), error.line(), error.column()), e.render());
        TESTED.add(code);
        return error;
    }

    /** A read query {@code q} with these match clauses and this return body. */
    private static String read(String match, String ret) {
        return "query q($name: String, $age: I32?, $b: Blob) {\n    match {\n        " + match
                + "\n    }\n    return { " + ret + " }\n}\n";
    }

    private static String mutation(String params, String statements) {
        return "query m(" + params + ") {\n    " + statements + "\n}\n";
    }

    @Test
    void syntaxErrorsHaveACaret() {
        QueryError e = single(
                "query q() {\n    match { $p: Person }\n    retrun { $p.name }\n}\n", QueryErrorCode.SYNTAX, "retrun");
        assertEquals("expected 'return' after the match block, found 'retrun'", e.message());
        assertEquals(
                "q.gq:3:5: [Q001] expected 'return' after the match block, found 'retrun'\n"
                        + "      retrun { $p.name }\n"
                        + "      ^",
                e.render());
        single("query q( { }", QueryErrorCode.SYNTAX, "{");
        single("query q() {\n  match { $p: Person }\n}", QueryErrorCode.SYNTAX, "}", 2);
        single("query q() { match { $p: Person { name: \"x } } }", QueryErrorCode.SYNTAX, "\"x");
        single("query q() { match { $p: Person { name: \"a\\qb\" } } }", QueryErrorCode.SYNTAX, "\\q");
        single("query q() {}\n/* open", QueryErrorCode.SYNTAX, "/*");
        single("query q() { match { $ p: Person } }", QueryErrorCode.SYNTAX, "$");
        single("query q() { match { $p: Person # } }", QueryErrorCode.SYNTAX, "#");
        single(read("$p: Person\n        $p Knows $f", "$f.name"), QueryErrorCode.SYNTAX, "Knows");
        single(read("$p: person", "$p.name"), QueryErrorCode.SYNTAX, "person");
        single(read("$p: Person\n        $p.name ~ \"x\"", "$p.name"), QueryErrorCode.SYNTAX, "~");
        single(mutation("", "delete Person where name contains \"x\""), QueryErrorCode.SYNTAX, "contains");
        single(mutation("", "insert Person { name: $p.name }"), QueryErrorCode.SYNTAX, ".");
        single("query q() { return { 1 } }", QueryErrorCode.SYNTAX, "return");
    }

    @Test
    void invalidLiterals() {
        single(
                read("$p: Person\n        $p.age > 99999999999999999999", "$p.name"),
                QueryErrorCode.INVALID_LITERAL,
                "999");
        single(
                read("$p: Person\n        $p.age > -1", "$p.name") + "query r() { match { $p: Person } return"
                        + " { $p.name } limit -1 }",
                QueryErrorCode.INVALID_LITERAL,
                "-1",
                2);
        single(
                read("$c: Company\n        $c.founded > date(\"2024-13-01\")", "$c.name"),
                QueryErrorCode.INVALID_LITERAL,
                "\"2024-13-01\"");
        single(
                read("$c: Company\n        $c.updated > datetime(\"yesterday\")", "$c.name"),
                QueryErrorCode.INVALID_LITERAL,
                "\"yesterday\"");
        single(
                read("$p: Person\n        $p.tags contains [1, \"a\"]", "$p.name"),
                QueryErrorCode.INVALID_LITERAL,
                "\"a\"");
        single(read("$p: Person\n        $p.tags contains [[1]]", "$p.name"), QueryErrorCode.INVALID_LITERAL, "[1]");
        single(
                read("$p: Person\n        $p knows{1,99999999999} $f", "$f.name"),
                QueryErrorCode.INVALID_LITERAL,
                "99999999999");
        single(
                "query q($v: Vector(0)) { match { $p: Person } return { $p.name } }",
                QueryErrorCode.INVALID_LITERAL,
                "0");
    }

    @Test
    void duplicateQueriesAndParameters() {
        single(
                "query q() { match { $p: Person } return { $p.name } }\n"
                        + "query q() { match { $p: Person } return { $p.age } }",
                QueryErrorCode.DUPLICATE_QUERY,
                "q()",
                2);
        single(
                "query q($a: String, $a: I32) { match { $p: Person } return { $p.name } }",
                QueryErrorCode.DUPLICATE_PARAMETER,
                "$a",
                2);
    }

    @Test
    void parameterTypes() {
        single(
                "query q($x: Person) { match { $p: Person } return { $p.name } }",
                QueryErrorCode.PARAMETER_TYPE,
                "Person");
        single(
                "query q($x: [Blob]) { match { $p: Person } return { $p.name } }",
                QueryErrorCode.PARAMETER_TYPE,
                "Blob");
    }

    @Test
    void searchFunctionsAreUnsupported() {
        QueryError e = single(
                "query q($t: String) {\n    match { $p: Person }\n    return { $p.name }\n"
                        + "    order { bm25($p.name, $t) }\n    limit 3\n}",
                QueryErrorCode.UNSUPPORTED,
                "bm25");
        assertEquals("the search function bm25() is not supported by plainlance", e.message());
    }

    @Test
    void queryAnnotations() {
        single(
                "query q() @description(\"a\") @description(\"b\") { match { $p: Person } return { $p.name } }",
                QueryErrorCode.QUERY_ANNOTATION,
                "@description",
                2);
        single(
                "query q() @owner(\"me\") { match { $p: Person } return { $p.name } }",
                QueryErrorCode.QUERY_ANNOTATION,
                "@owner");
    }

    @Test
    void unknownNodeEdgeAndProperty() {
        single(read("$p: Persn", "$p.name"), QueryErrorCode.UNKNOWN_NODE_TYPE, "Persn");
        QueryError e = single(read("$p: Knows", "$p.name"), QueryErrorCode.UNKNOWN_NODE_TYPE, "Knows");
        assertEquals("unknown node type 'Knows' (it is an edge type; traverse it as 'knows')", e.message());
        single(read("$p: Person\n        $p likes $f", "$f.name"), QueryErrorCode.UNKNOWN_EDGE_TYPE, "likes");
        single(read("$p: Person", "$p.nme"), QueryErrorCode.UNKNOWN_PROPERTY, "nme");
        single(read("$p: Person { nme: \"x\" }", "$p.name"), QueryErrorCode.UNKNOWN_PROPERTY, "nme");
        single(read("$p $w:knows $f", "$w.role"), QueryErrorCode.UNKNOWN_PROPERTY, "role");
        single(mutation("", "insert Company { name: \"x\", city: \"y\" }"), QueryErrorCode.UNKNOWN_PROPERTY, "city");
        single(mutation("", "delete Knows where role = \"x\""), QueryErrorCode.UNKNOWN_PROPERTY, "role");
        single(
                read("$p: Person\n        $r = shortest($p knows{1,3} $f, weight: cost)", "length($r)"),
                QueryErrorCode.UNKNOWN_PROPERTY,
                "cost");
    }

    @Test
    void unboundVariables() {
        single(read("$p: Person", "$q.name"), QueryErrorCode.UNBOUND_VARIABLE, "$q");
        single(
                read("$p: Person\n        $f.age > 3\n        $p knows $f", "$f.name"),
                QueryErrorCode.UNBOUND_VARIABLE,
                "$f");
        single(read("$p: Person\n        not { $p knows $f }", "$f.name"), QueryErrorCode.UNBOUND_VARIABLE, "$f", 2);
        single(read("$p: Person", "$name.size"), QueryErrorCode.UNBOUND_VARIABLE, "$name", 2);
        single(read("$p: Person", "$_"), QueryErrorCode.UNBOUND_VARIABLE, "$_");
        single(read("$p: Person { name: $nam }", "$p.name"), QueryErrorCode.UNBOUND_VARIABLE, "$nam }");
        single(mutation("$name: String", "delete Person where name = $nme"), QueryErrorCode.UNBOUND_VARIABLE, "$nme");
    }

    @Test
    void variableConflicts() {
        single(read("$p: Person\n        $p: Company", "$p.name"), QueryErrorCode.VARIABLE_CONFLICT, "$p", 2);
        single(read("$name: Person", "$name"), QueryErrorCode.VARIABLE_CONFLICT, "$name", 2);
        single(read("$p $w:knows $f\n        $f $w:knows $g", "$g.name"), QueryErrorCode.VARIABLE_CONFLICT, "$w", 2);
        single(read("$p $p:knows $f", "$f.name"), QueryErrorCode.VARIABLE_CONFLICT, "$p:");
        single(read("$p: Person\n        $name knows $f", "$f.name"), QueryErrorCode.VARIABLE_CONFLICT, "$name", 2);
        single(
                read("$p: Person\n        $p = shortest($p knows $f)", "$f.name"),
                QueryErrorCode.VARIABLE_CONFLICT,
                "$p =");
    }

    @Test
    void endpointMismatch() {
        QueryError e =
                single(read("$c: Company\n        $c knows $f", "$f.name"), QueryErrorCode.ENDPOINT_MISMATCH, "$c", 2);
        assertEquals("'$c' is a Company, which is not an endpoint of edge Knows: Person -> Person", e.message());
        e = single(
                read("$p: Person\n        $c: Company\n        $p knows $c", "$c.name"),
                QueryErrorCode.ENDPOINT_MISMATCH,
                "$c",
                2);
        assertEquals("'$c' is a Company but edge Knows: Person -> Person has a Person here", e.message());
        single(
                read("$c: Company\n        $p worksAt $c\n        $c worksAt $q\n        $q: Company", "$q.name"),
                QueryErrorCode.VARIABLE_CONFLICT,
                "$q: Company");
        single(read("$p $w:knows $f\n        $w knows $g", "$g.name"), QueryErrorCode.ENDPOINT_MISMATCH, "$w", 2);
    }

    @Test
    void traversalBounds() {
        single(read("$p: Person\n        $p knows{0,2} $f", "$f.name"), QueryErrorCode.TRAVERSAL_BOUNDS, "{0");
        single(read("$p: Person\n        $p knows{3,2} $f", "$f.name"), QueryErrorCode.TRAVERSAL_BOUNDS, "{3");
        QueryError e =
                single(read("$p: Person\n        $p knows{1,} $f", "$f.name"), QueryErrorCode.TRAVERSAL_BOUNDS, "{1");
        assertEquals("a traversal needs a maximum number of hops: {1,max}", e.message());
    }

    @Test
    void undirectedNeedsASameTypeEdge() {
        single(read("$p: Person\n        $p <worksAt> $c", "$c.name"), QueryErrorCode.UNDIRECTED_ASYMMETRIC, "worksAt");
    }

    @Test
    void edgeBindings() {
        single(read("$p: Person\n        $p $w:knows{1,2} $f", "$f.name"), QueryErrorCode.EDGE_BINDING, "$w");
        single(read("$p $w:knows $f", "$w"), QueryErrorCode.EDGE_BINDING, "$w", 2);
    }

    @Test
    void typeMismatches() {
        single(read("$p: Person { name: 3 }", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "3 }");
        single(read("$p: Person\n        $p.age = \"x\"", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "\"x\"");
        single(read("$p: Person { age: $name }", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "$name", 2);
        QueryError e =
                single(read("$p: Person { status: \"actve\" }", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "\"actve\"");
        assertEquals("\"actve\" is not a value of enum(active, gone), got String", e.message());
        single(read("$p: Person\n        $p.status != \"gon\"", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "\"gon\"");
        single(read("$p: Person { tags: [\"a\"] }", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "[");
        single(read("$p: Person\n        $p.tags contains 3", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "3\n");
        single(read("$p: Person\n        $p.name starts_with 3", "$p.name"), QueryErrorCode.TYPE_MISMATCH, "3\n");
        single(mutation("", "insert Person { name: \"a\", age: 3.5 }"), QueryErrorCode.TYPE_MISMATCH, "3.5");
        single(mutation("", "insert Person { name: \"a\", age: 99999999999 }"), QueryErrorCode.TYPE_MISMATCH, "999");
        single(mutation("", "insert Person { name: \"a\", count: -1 }"), QueryErrorCode.TYPE_MISMATCH, "-1");
        e = single(mutation("$n: String?", "insert Person { name: $n }"), QueryErrorCode.TYPE_MISMATCH, "$n", 2);
        assertEquals("name is required but the optional parameter may be null, got String?", e.message());
        single(mutation("", "insert Person { name: \"a\", embedding: [1, 2] }"), QueryErrorCode.TYPE_MISMATCH, "[");
        single(
                mutation("", "insert Company { name: \"a\", founded: \"2024-01-01\" }"),
                QueryErrorCode.TYPE_MISMATCH,
                "\"2024");
        single(mutation("", "insert Person { name: \"a\", photo: \"s3://x\" }"), QueryErrorCode.TYPE_MISMATCH, "\"s3");
        single(mutation("", "insert Knows { from: 1, to: \"b\" }"), QueryErrorCode.TYPE_MISMATCH, "1");
        single(
                mutation("", "update Person set { age: now() } where name = \"a\""),
                QueryErrorCode.TYPE_MISMATCH,
                "now");
    }

    @Test
    void operators() {
        single(read("$p: Person\n        $p.age contains 3", "$p.name"), QueryErrorCode.OPERATOR, "$p.age");
        single(read("$p: Person\n        $p.age starts_with \"1\"", "$p.name"), QueryErrorCode.OPERATOR, "$p.age");
        single(read("$p: Person\n        $p.tags = \"x\"", "$p.name"), QueryErrorCode.OPERATOR, "$p.tags");
        single(
                read("$p: Person\n        $p.embedding = [1, 2, 3]", "$p.name"),
                QueryErrorCode.OPERATOR,
                "$p.embedding");
        single(read("$p knows $f\n        $p = $name", "$f.name"), QueryErrorCode.OPERATOR, "$p =");
    }

    @Test
    void blobs() {
        single(read("$p: Person", "$p.photo"), QueryErrorCode.BLOB, "photo");
        single(read("$p: Person", "$b"), QueryErrorCode.BLOB, "$b", 2);
        single(read("$p: Person { photo: $b }", "$p.name"), QueryErrorCode.BLOB, "photo");
        single(mutation("$b: Blob", "delete Person where photo = $b"), QueryErrorCode.BLOB, "photo");
        single(read("$p: Person\n        $p.name = $b", "$p.name"), QueryErrorCode.BLOB, "$b", 2);
    }

    @Test
    void blocksMustBeAnchored() {
        single(read("$p: Person\n        not { $c: Company }", "$p.name"), QueryErrorCode.UNANCHORED_BLOCK, "not");
        single(
                read("$p: Person\n        optional { $c: Company }", "$p.name"),
                QueryErrorCode.UNANCHORED_BLOCK,
                "optional");
    }

    @Test
    void aggregates() {
        QueryError e = single(read("$p: Person", "sum($p.name)"), QueryErrorCode.AGGREGATE_ARGUMENT, "$p.name");
        assertEquals("sum needs a numeric value, got String", e.message());
        single(read("$p: Person", "min($p.tags)"), QueryErrorCode.AGGREGATE_ARGUMENT, "$p.tags");
        single(read("$p: Person", "count(count($p))"), QueryErrorCode.AGGREGATE_ARGUMENT, "count($p)");
        single(read("$p knows $f\n        count($f) > 1", "$p.name"), QueryErrorCode.AGGREGATE_ARGUMENT, "count");
        single(read("$p: Person", "\"x\", count($p)"), QueryErrorCode.AGGREGATE_GROUPING, "\"x\"");
        single(read("$p: Person", "$p.name as who, $p.age as who"), QueryErrorCode.DUPLICATE_ALIAS, "who", 2);
    }

    @Test
    void aliases() {
        single(read("$p: Person", "x"), QueryErrorCode.UNKNOWN_ALIAS, "x");
        single(read("$p: Person\n        $p.age > nn", "$p.age as nn"), QueryErrorCode.UNKNOWN_ALIAS, "nn");
        single(read("$p: Person", "$p.name") + "order { nope }", QueryErrorCode.SYNTAX, "order");
        single(
                read("$p: Person", "$p.name").replace("}\n}", "}\n    order { nope }\n}"),
                QueryErrorCode.UNKNOWN_ALIAS,
                "nope");
    }

    private static String ordered(String ret, String order) {
        return read("$p: Person", ret).replace("}\n}", "}\n    order { " + order + " }\n}");
    }

    @Test
    void orderKeys() {
        single(ordered("$p.name", "count($p)"), QueryErrorCode.ORDER_KEY, "count($p) }");
        single(ordered("$p.name", "$p.tags"), QueryErrorCode.ORDER_KEY, "$p.tags");
        single(ordered("$p as who", "who"), QueryErrorCode.ORDER_KEY, "who", 2);
        QueryError e = single(ordered("$p.name, count($p) as n", "$p.age"), QueryErrorCode.ORDER_KEY, "$p.age");
        assertEquals(
                "in a query with aggregates, an order key must be projected: $p.age is not a group key of the"
                        + " return clause",
                e.message());
    }

    @Test
    void mutations() {
        single(mutation("", "insert Persn { name: \"x\" }"), QueryErrorCode.UNKNOWN_TARGET, "Persn");
        QueryError e =
                single(mutation("$age: I32", "insert Person { age: $age }"), QueryErrorCode.MISSING_PROPERTY, "Person");
        assertEquals("insert Person must set name", e.message());
        e = single(mutation("", "insert Knows { from: \"a\" }"), QueryErrorCode.MISSING_PROPERTY, "Knows");
        assertEquals("insert Knows must set to", e.message());
        single(
                mutation("", "insert Person { name: \"a\", name: \"b\" }"),
                QueryErrorCode.DUPLICATE_ASSIGNMENT,
                "name",
                2);
        single(
                read("$p: Person { name: \"a\", name: \"b\" }", "$p.name"),
                QueryErrorCode.DUPLICATE_ASSIGNMENT,
                "name",
                3);
        single(
                mutation("$from: String", "update Knows set { since: date(\"2025-01-01\") } where from = $from"),
                QueryErrorCode.EDGE_UPDATE,
                "Knows");
        e = single(
                mutation(
                        "$old_name: String, $new_name: String",
                        "update Person set { name: $new_name } where name = $old_name"),
                QueryErrorCode.KEY_UPDATE,
                "name: $new");
        assertEquals("@key property Person.name cannot be updated (a node's id derives from its key)", e.message());
    }

    @Test
    void shortestPaths() {
        single(
                read("$p: Person\n        $r = shortest($p knows{1,3} $f, weight: note)", "length($r)"),
                QueryErrorCode.PATH_WEIGHT,
                "note");
        single(read("$p: Person\n        $r = shortest($p knows $f)", "$r"), QueryErrorCode.PATH_USE, "$r", 2);
        single(read("$p: Person\n        $r = shortest($p knows $f)", "$r.weight"), QueryErrorCode.PATH_USE, "$r", 2);
        single(read("$p: Person", "length($p)"), QueryErrorCode.PATH_USE, "$p", 2);
    }

    @Test
    void everyErrorIsReportedOnceInSourceOrderWithASummary() {
        String source = "query q() {\n"
                + "    match {\n"
                + "        $p: Persn\n"
                + "        $f: Person\n"
                + "        $f.nme = 3\n"
                + "        $x likes $f\n"
                + "    }\n"
                + "    return { \"x\", sum($f.name) }\n"
                + "}\n"
                + "query r($n: String) {\n"
                + "    insert Person { name: $n, age: \"x\" }\n"
                + "}\n";
        QueryException e = fail(source);
        assertEquals(
                List.of("3:13 Q010", "5:12 Q012", "6:12 Q011", "8:14 Q031", "8:23 Q030", "11:36 Q019"),
                e.errors().stream()
                        .map(x -> x.line() + ":" + x.column() + " " + x.code().code())
                        .toList(),
                e.render());
        assertEquals("q.gq:3:13: [Q010] unknown node type 'Persn' (and 5 more errors)", e.getMessage());
    }
}
