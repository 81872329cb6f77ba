package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of parse and check error, with its code, line and column. */
class SchemaErrorsTest {

    private static SchemaException fail(String source) {
        return assertThrows(SchemaException.class, () -> SchemaParser.parse(source, "s.pg"));
    }

    /** The source has exactly one error, {@code code} at {@code line:column}. */
    private static SchemaError single(String source, String code, int line, int column) {
        SchemaException e = fail(source);
        assertEquals(1, e.errors().size(), e.render());
        SchemaError error = e.errors().get(0);
        assertEquals(List.of(code, line, column), List.of(error.code(), error.line(), error.column()), e.render());
        return error;
    }

    @Test
    void syntaxErrorNamesWhatWasExpectedWithACaret() {
        SchemaError e = single("node Person {\n    name String\n}\n", "syntax", 2, 10);
        assertEquals("expected ':' after the property name, found 'String'", e.message());
        assertEquals(
                "s.pg:2:10: [syntax] expected ':' after the property name, found 'String'\n"
                        + "      name String\n"
                        + "           ^",
                e.render());
    }

    @Test
    void syntaxErrorsOfTheLexer() {
        single("node A { x: String }\n  # nope", "syntax", 2, 3);
        single("node A {\n  x: String @check(\"abc)\n}", "unterminated-string", 2, 20);
        single("node A {}\n/* open", "unterminated-comment", 2, 1);
        single("node A {", "syntax", 1, 9);
        single("edge E: A B", "syntax", 1, 11);
        single("relation R {}", "syntax", 1, 1);
    }

    @Test
    void exceptionMessageIsOneLineWithTheCount() {
        SchemaException e = fail("node A { id: String }\nnode A {}\nnode B { x: Strin }\n");
        assertEquals(3, e.errors().size());
        assertEquals(
                "s.pg:1:10: [reserved-name] 'id' is reserved for a column plainlance stores itself and cannot be a"
                        + " property of node A (and 2 more errors)",
                e.getMessage());
        assertTrue(e.render().contains("\n  node A {}\n       ^\n"), e.render());
    }

    @Test
    void duplicateTypeAndProperty() {
        single("node A {}\nnode B {}\n  edge A: B -> B", "duplicate-type", 3, 8);
        single("interface I { x: I32 }\nnode I {}", "duplicate-type", 2, 6);
        single("node A {\n  x: I32\n  x: I64\n}", "duplicate-property", 3, 3);
    }

    @Test
    void unknownEndpointInterfaceAndProperty() {
        single("node A {}\nedge E: A -> Missing", "unknown-endpoint", 2, 14);
        single("interface I {}\nnode A {}\nedge E: I -> A", "unknown-endpoint", 3, 9);
        single("node A implements Missing {}", "unknown-interface", 1, 19);
        single("node A {}\nnode B implements A {}", "unknown-interface", 2, 19);
        single("node A {\n  x: I32\n  @unique(x, y)\n}", "unknown-property", 3, 14);
        single("node A {\n  x: I32\n  @range(y, 0..1)\n}", "unknown-property", 3, 10);
    }

    @Test
    void interfacePropertiesMustMatch() {
        single(
                "interface Named { name: String }\nnode P implements Named {\n  name: I32\n}",
                "interface-mismatch",
                3,
                3);
        single(
                "interface Named { name: String }\nnode P implements Named {\n  name: String?\n}",
                "interface-mismatch",
                3,
                3);
    }

    @Test
    void keyRules() {
        single("node A {\n  x: String? @key\n}", "key-nullable", 2, 14);
        single("node A {\n  x: Blob @key\n}", "key-type", 2, 11);
        single("node A {\n  v: Vector(2)\n  @key(v)\n}", "key-type", 3, 3);
        single("node A {\n  x: [String] @key\n}", "key-type", 2, 15);
        single("node A {\n  x: I32 @key\n  y: I32 @key\n}", "multiple-keys", 3, 10);
        single("interface K { k: String @key }\nnode A implements K {\n  x: I32 @key\n}", "multiple-keys", 2, 19);
        single("node A {}\nedge E: A -> A {\n  w: I32 @key\n}", "annotation-misplaced", 3, 10);
    }

    @Test
    void rangeRules() {
        single("node A {\n  x: String @range(0..1)\n}", "range-type", 2, 13);
        single("node A {\n  x: I32 @range(5..1)\n}", "range-bounds", 2, 17);
        single("node A {\n  x: F64\n  @range(x, 2.5..-2.5)\n}", "range-bounds", 3, 13);
        single("node A {\n  x: I32 @range(\"a\")\n}", "bad-annotation", 2, 10);
    }

    @Test
    void checkRules() {
        single("node A {\n  x: I32 @check(\"[0-9]+\")\n}", "check-type", 2, 10);
        single("node A {\n  x: String @check(\"[a-\")\n}", "check-regex", 2, 20);
        single("node A {\n  x: String\n  @check(x, \"(\")\n}", "check-regex", 3, 13);
    }

    @Test
    void cardinalityRules() {
        single("node A {}\nedge E: A -> A @card(3..1)", "card-bounds", 2, 22);
        single("node A @card(0..1) {}", "card-not-on-edge", 1, 8);
        single("node A {\n  x: I32 @card(0..1)\n}", "card-not-on-edge", 2, 10);
        single("node A {}\nedge E: A -> A @card(x)", "bad-annotation", 2, 16);
    }

    @Test
    void typeRules() {
        single("node A {\n  v: Vector(0)\n}", "vector-dimension", 2, 13);
        single("node A {\n  v: Vector(3000000000)\n}", "vector-dimension", 2, 13);
        single("node A {\n  e: enum()\n}", "enum-empty", 2, 6);
        single("node A {\n  e: enum(a, b, a)\n}", "enum-duplicate", 2, 17);
        single("node A {\n  x: Strin\n}", "unknown-type", 2, 6);
        single("node A {\n  x: [Blob]\n}", "list-of-blob", 2, 6);
    }

    @Test
    void reservedAndInvalidNames() {
        single("node A {\n  id: String\n}", "reserved-name", 2, 3);
        single("node A {\n  _rowid: I64\n}", "reserved-name", 2, 3);
        single("node A {}\nedge E: A -> A {\n  src: String\n}", "reserved-name", 3, 3);
        single("node A {}\nedge E: A -> A {\n  dst: String\n}", "reserved-name", 3, 3);
        assertEquals(
                "src",
                SchemaParser.parse("node A {\n  src: String\n}", "s.pg")
                        .nodes()
                        .get(0)
                        .properties()
                        .get(0)
                        .name());
    }

    @Test
    void annotationRules() {
        single("node A {\n  x: I32 @embed\n}", "unknown-annotation", 2, 10);
        single("node A {\n  x: I32 @index @index\n}", "duplicate-annotation", 2, 17);
        single("node A {\n  x: Blob @unique\n}", "blob-constraint", 2, 11);
        single("node A {\n  @range(0..1)\n}", "annotation-misplaced", 2, 3);
        single("node A {\n  @key\n  x: I32\n}", "annotation-misplaced", 2, 3);
        single("node A @rename_from {}", "bad-annotation", 1, 8);
        single("interface I {\n  x: I32\n  @unique(x)\n}", "annotation-misplaced", 3, 3);
        single("node lower {}", "invalid-name", 1, 6);
        single("node A {\n  Upper: I32\n}", "invalid-name", 2, 3);
    }

    @Test
    void everyErrorIsReported() {
        SchemaException e = fail("node A {\n  x: I32? @key\n  y: String @range(0..1)\n}\nedge E: A -> B @card(2..1)\n");
        assertEquals(
                List.of("key-nullable", "range-type", "unknown-endpoint", "card-bounds"),
                e.errors().stream().map(SchemaError::code).toList(),
                e.render());
    }
}
