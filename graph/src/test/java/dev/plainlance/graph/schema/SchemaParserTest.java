package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Syntax forms of {@code .pg} and what they mean in the model. */
class SchemaParserTest {
    private static final String LIBRARY = """
            // a line comment
            /* a block
               comment */
            interface Slugged {
                slug: String @key
            }
            interface Described {
                title: String @index
                description: String?
            }
            node Signal implements Slugged, Described {
                strength: F64 @range(0.0..1.0)
            }
            node Account @rename_from("User") {
                tenant: String
                handle: String @check("[a-z]+")
                age: I32?
                @key(tenant, handle)
                @unique(handle, tenant)
                @range(age, 0..200)
            }
            edge Follows: Account -> Account @card(0..1) {
                since: DateTime?
                @unique(src, dst)
            }
            edge Emits: Account -> Signal @card(1..)
            """;

    private static GraphSchema library() {
        return SchemaParser.parse(LIBRARY, "library.pg");
    }

    @Test
    void interfacePropertiesAreAddedToTheNodeWithTheirAnnotations() {
        NodeType signal = library().node("Signal").orElseThrow();
        assertEquals(List.of("Slugged", "Described"), signal.interfaces());
        assertEquals(
                List.of("strength", "slug", "title", "description"),
                signal.properties().stream().map(Property::name).toList());
        assertEquals(List.of("slug"), signal.key());
        assertEquals(List.of(List.of("title")), signal.indexes());
    }

    @Test
    void bodyConstraintsAndCompositeKeys() {
        NodeType account = library().node("Account").orElseThrow();
        assertEquals(List.of("tenant", "handle"), account.key());
        assertEquals(List.of(List.of("handle", "tenant")), account.uniques());
        assertEquals(
                new Range(BigDecimal.ZERO, BigDecimal.valueOf(200)),
                account.property("age").orElseThrow().range());
        assertEquals("[a-z]+", account.property("handle").orElseThrow().check());
        assertEquals("User", account.renameFrom());
    }

    @Test
    void edgeCardinalityAndEndpointConstraints() {
        GraphSchema s = library();
        EdgeType follows = s.edge("Follows").orElseThrow();
        assertEquals(new Cardinality(0, 1L), follows.cardinality());
        assertEquals(List.of(List.of("src", "dst")), follows.uniques());
        EdgeType emits = s.edge("Emits").orElseThrow();
        assertEquals(new Cardinality(1, null), emits.cardinality());
        assertEquals("Signal", emits.to());
        assertEquals(List.of(), emits.properties());
    }

    @Test
    void propertyAndBodyFormsMeanTheSame() {
        GraphSchema a =
                SchemaParser.parse("node A { x: I32 @unique @range(1..2) y: String @check(\"q\") @key }", "a.pg");
        GraphSchema b = SchemaParser.parse(
                "node A {\n x: I32\n y: String\n @range(x, 1..2)\n @check(y, \"q\")\n @unique(x)\n @key(y)\n}", "b.pg");
        assertEquals(a, b);
    }

    @Test
    void enumValuesAreASetAndStringEscapesAreKept() {
        GraphSchema s = SchemaParser.parse(
                "node A { e: enum(todo, in-progress, done)? r: String @check(\"\\\\d+\\\"x\") }", "a.pg");
        Property e = s.nodes().get(0).properties().get(0);
        assertEquals(new PropertyType.Enum(List.of("done", "in-progress", "todo")), e.type());
        assertEquals("\\d+\"x", s.nodes().get(0).properties().get(1).check());
        assertNull(e.range());
    }

    @Test
    void windowsLineEndingsCountLinesTheSame() {
        SchemaException e = org.junit.jupiter.api.Assertions.assertThrows(
                SchemaException.class, () -> SchemaParser.parse("node A {\r\n  x: Nope\r\n}\r\n", "w.pg"));
        assertEquals(
                List.of(2, 6),
                List.of(e.errors().get(0).line(), e.errors().get(0).column()));
    }

    @Test
    void canonicalFormIsNormalised() {
        GraphSchema s = SchemaParser.parse(
                "node B { n: I32 @index @key } edge E: B -> B @card(0..) { w: F32? } "
                        + "node A @rename_from(\"Z\") { k: String @unique x: enum(b, a) @rename_from(\"y\") @index(k, x) }",
                "x.pg");
        assertEquals("""
                node B {
                    n: I32 @key @index
                }

                node A @rename_from("Z") {
                    k: String @unique
                    x: enum(a, b) @rename_from("y")
                    @index(k, x)
                }

                edge E: B -> B {
                    w: F32?
                }
                """, s.toSource());
    }

    @Test
    void contentHashIsStableAndIgnoresFormatting() {
        GraphSchema s = SchemaParser.parse("node   Person {name: String @key\n// c\nage: I32?}", "p.pg");
        GraphSchema same = SchemaParser.parse("node Person {\n    name: String @key\n    age: I32?\n}\n", "q.pg");
        assertEquals(s.contentHash(), same.contentHash());
        // sha256sum of the canonical text "node Person {\n    name: String @key\n    age: I32?\n}\n"
        assertEquals("e432e2b68248afc15dfa970a19e65c14da8b2740a0b29d8e2df934e695fab2dd", s.contentHash());
        GraphSchema other = SchemaParser.parse("node Person {\n    name: String @key\n    age: I64?\n}\n", "q.pg");
        assertNotEquals(s.contentHash(), other.contentHash());
    }
}
