package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node ids follow Omnigraph's rule: one key value as its canonical spelling, a composite key as a JSON array. */
class NodeIdsTest {

    private static NodeType node(String keyType) {
        return SchemaParser.parse("node N { k: " + keyType + " @key }", "n.pg")
                .nodes()
                .get(0);
    }

    private static String id(String keyType, Object value) {
        return NodeIds.derive(node(keyType), Arrays.asList(value));
    }

    @Test
    void singleKeysUseTheCanonicalScalarSpelling() {
        assertEquals("alice", id("String", "alice"));
        assertEquals("[not json]", id("String", "[not json]"));
        assertEquals("true", id("Bool", true));
        assertEquals("-7", id("I32", -7));
        assertEquals("9007199254740993", id("I64", 9007199254740993L));
        assertEquals("done", id("enum(todo, done)", "done"));
    }

    @Test
    void unsignedValuesAreReadAsUnsigned() {
        assertEquals("4294967295", id("U32", -1));
        assertEquals("4294967295", id("U32", 4294967295L));
        assertEquals("18446744073709551615", id("U64", -1L));
        assertEquals("18446744073709551615", id("U64", new BigInteger("18446744073709551615")));
    }

    @Test
    void floatsUseShortestDigitsWithoutExponentAndOneZero() {
        assertEquals("1", id("F64", 1.0));
        assertEquals("1.5", id("F64", 1.5));
        assertEquals("0.1", id("F64", 0.1));
        assertEquals("100000000000000000000", id("F64", 1e20));
        assertEquals("0.00000015", id("F64", 1.5e-7));
        assertEquals("0", id("F64", -0.0));
        assertEquals("0.1", id("F32", 0.1f));
        assertEquals("0", id("F32", -0.0f));
        assertThrows(InvalidKeyException.class, () -> id("F64", Double.NaN));
        assertThrows(InvalidKeyException.class, () -> id("F32", Float.POSITIVE_INFINITY));
    }

    @Test
    void datesAndTimesUseTheirStoredValues() {
        assertEquals("1", id("Date", LocalDate.of(1970, 1, 2)));
        assertEquals("19000", id("Date", 19000));
        assertEquals("1000001", id("DateTime", Instant.parse("1970-01-01T00:00:01.000001Z")));
        assertEquals("-5", id("DateTime", -5L));
    }

    @Test
    void compositeKeysAreJsonArraysInKeyOrder() {
        NodeType n = SchemaParser.parse("node N { b: I64 a: String @key(a, b) }", "n.pg")
                .nodes()
                .get(0);
        assertEquals("[\"acme\",\"42\"]", NodeIds.derive(n, List.of("acme", 42L)));
        assertEquals("[\"a\\\"b\\\\c\\n\\u0001\",\"0\"]", NodeIds.derive(n, List.of("a\"b\\c\n\u0001", 0L)));
    }

    @Test
    void badKeyValuesAreTypedErrors() {
        assertEquals(
                "key property N.k is null; a key needs every value",
                assertThrows(InvalidKeyException.class, () -> id("String", null))
                        .getMessage());
        assertEquals(
                "key property N.k of type I32 cannot take a value of Java type Long",
                assertThrows(InvalidKeyException.class, () -> id("I32", 5L)).getMessage());
        assertThrows(InvalidKeyException.class, () -> id("U32", 4294967296L));
        assertThrows(InvalidKeyException.class, () -> NodeIds.derive(node("String"), List.of("a", "b")));
        NodeType keyless =
                SchemaParser.parse("node N { k: String }", "n.pg").nodes().get(0);
        assertThrows(InvalidKeyException.class, () -> NodeIds.derive(keyless, List.of("a")));
    }
}
