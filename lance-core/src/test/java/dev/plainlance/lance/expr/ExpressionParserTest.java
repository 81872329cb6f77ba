package dev.plainlance.lance.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.expr.Expression.Between;
import dev.plainlance.lance.expr.Expression.Binary;
import dev.plainlance.lance.expr.Expression.BinaryOp;
import dev.plainlance.lance.expr.Expression.Cast;
import dev.plainlance.lance.expr.Expression.Column;
import dev.plainlance.lance.expr.Expression.InList;
import dev.plainlance.lance.expr.Expression.Is;
import dev.plainlance.lance.expr.Expression.IsKind;
import dev.plainlance.lance.expr.Expression.Like;
import dev.plainlance.lance.expr.Expression.Literal;
import dev.plainlance.lance.expr.Expression.Negate;
import dev.plainlance.lance.expr.Expression.Not;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionParserTest {

    static Column col(String... p) {
        return Column.of(p);
    }

    static Literal lit(Object v) {
        return Literal.of(v);
    }

    static Binary bin(BinaryOp op, Expression l, Expression r) {
        return new Binary(op, l, r, 0);
    }

    static Expression p(String sql) {
        return Expressions.parse(sql);
    }

    /** Parses, checks the AST, and checks that toSql() re-parses to the same AST. */
    static void check(String sql, Expression expected) {
        Expression e = p(sql);
        assertEquals(expected, e, sql);
        assertEquals(expected, p(e.toSql()), "round trip of " + e.toSql());
    }

    @Test
    void literals() {
        check("42", lit(42L));
        check("-7", lit(-7L));
        check("1.5", lit(1.5));
        check(".5", lit(0.5));
        check("1e3", lit(1000.0));
        check("2.5E-2", lit(0.025));
        check("-1.5e+2", lit(-150.0));
        check("9223372036854775807", lit(Long.MAX_VALUE));
        check("-9223372036854775808", lit(Long.MIN_VALUE));
        check("'it''s'", lit("it's"));
        check("''", lit(""));
        check("TRUE", lit(true));
        check("false", lit(false));
        check("NULL", lit(null));
        check("date '2024-01-31'", lit(LocalDate.of(2024, 1, 31)));
        check("TIMESTAMP '2024-01-31 12:00:00'", lit(LocalDateTime.of(2024, 1, 31, 12, 0)));
        check("timestamp '2024-01-31T12:00:00.123Z'", lit(LocalDateTime.of(2024, 1, 31, 12, 0, 0, 123_000_000)));
        check("TIMESTAMP '2024-01-31T12:00:00.123456789'", lit(LocalDateTime.of(2024, 1, 31, 12, 0, 0, 123_456_789)));
        check("TIMESTAMP '2024-01-31T12:00:00+02:00'", lit(LocalDateTime.of(2024, 1, 31, 10, 0)));
        check("TIMESTAMP '2024-01-31'", lit(LocalDateTime.of(2024, 1, 31, 0, 0)));
    }

    @Test
    void literalSql() {
        assertEquals("'it''s'", p("'it''s'").toSql());
        assertEquals("DATE '2024-01-31'", p("date '2024-01-31'").toSql());
        assertEquals(
                "TIMESTAMP '2024-01-31 12:00:00.123'",
                p("timestamp '2024-01-31T12:00:00.123Z'").toSql());
        assertEquals("1.0E20", p("1e20").toSql());
        assertEquals("-(5)", new Negate(lit(5L), 0).toSql());
        assertEquals("-5", p("-5").toSql());
    }

    @Test
    void columns() {
        check("id", col("id"));
        check("\"Weird Name\"", col("Weird Name"));
        check("`back tick`", col("back tick"));
        check("\"a\"\"b\"", col("a\"b"));
        check("st.a", col("st", "a"));
        check("st.\"X y\".z", col("st", "X y", "z"));
        check("CamelCase", col("CamelCase"));
        check("\"select\"", col("select"));
        check("\"and\"", col("and"));
        check("date", col("date"));
        check("timestamp > 1", bin(BinaryOp.GT, col("timestamp"), lit(1L)));
        assertEquals("\"Weird Name\"", col("Weird Name").toSql());
        assertEquals("\"CamelCase\"", col("CamelCase").toSql());
        assertEquals("\"and\"", col("and").toSql());
        assertEquals("st.a", col("st", "a").toSql());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a = 1|EQ",
                "a == 1|EQ",
                "a != 1|NE",
                "a <> 1|NE",
                "a < 1|LT",
                "a <= 1|LE",
                "a > 1|GT",
                "a >= 1|GE",
                "a + 1|ADD",
                "a - 1|SUB",
                "a * 1|MUL",
                "a / 1|DIV",
                "a % 1|MOD",
                "a AND 1|AND",
                "a or 1|OR"
            })
    void binaryOperators(String sql, BinaryOp op) {
        check(sql, bin(op, col("a"), lit(1L)));
    }

    @Test
    void arithmeticPrecedence() {
        check("1 + 2 * 3", bin(BinaryOp.ADD, lit(1L), bin(BinaryOp.MUL, lit(2L), lit(3L))));
        check("1 * 2 + 3", bin(BinaryOp.ADD, bin(BinaryOp.MUL, lit(1L), lit(2L)), lit(3L)));
        check("1 - 2 - 3", bin(BinaryOp.SUB, bin(BinaryOp.SUB, lit(1L), lit(2L)), lit(3L)));
        check("1 - (2 - 3)", bin(BinaryOp.SUB, lit(1L), bin(BinaryOp.SUB, lit(2L), lit(3L))));
        check("a / b % c", bin(BinaryOp.MOD, bin(BinaryOp.DIV, col("a"), col("b")), col("c")));
        check("(1 + 2) * 3", bin(BinaryOp.MUL, bin(BinaryOp.ADD, lit(1L), lit(2L)), lit(3L)));
        check("-a * b", bin(BinaryOp.MUL, new Negate(col("a"), 0), col("b")));
        check("-(a + b)", new Negate(bin(BinaryOp.ADD, col("a"), col("b")), 0));
        check("a - -1", bin(BinaryOp.SUB, col("a"), lit(-1L)));
        check("+a", col("a"));
        check("- - a", new Negate(new Negate(col("a"), 0), 0));
        assertEquals("1 - (2 - 3)", p("1 - (2 - 3)").toSql());
        assertEquals("1 + 2 * 3", p("(1 + (2 * 3))").toSql());
        assertEquals("(1 + 2) * 3", p("((1 + 2)) * 3").toSql());
    }

    @Test
    void logicalPrecedence() {
        Expression a = col("a");
        Expression b = col("b");
        Expression c = col("c");
        check("a OR b AND c", bin(BinaryOp.OR, a, bin(BinaryOp.AND, b, c)));
        check("a AND b OR c", bin(BinaryOp.OR, bin(BinaryOp.AND, a, b), c));
        check("NOT a AND b", bin(BinaryOp.AND, new Not(a, 0), b));
        check("NOT (a AND b)", new Not(bin(BinaryOp.AND, a, b), 0));
        check("NOT a OR NOT b", bin(BinaryOp.OR, new Not(a, 0), new Not(b, 0)));
        check("NOT NOT a", new Not(new Not(a, 0), 0));
        check("NOT a = 1", new Not(bin(BinaryOp.EQ, a, lit(1L)), 0));
        check(
                "a = 1 AND b < 2 OR c",
                bin(BinaryOp.OR, bin(BinaryOp.AND, bin(BinaryOp.EQ, a, lit(1L)), bin(BinaryOp.LT, b, lit(2L))), c));
        check("a + 1 > b * 2", bin(BinaryOp.GT, bin(BinaryOp.ADD, a, lit(1L)), bin(BinaryOp.MUL, b, lit(2L))));
        check("id % 3 = 0", bin(BinaryOp.EQ, bin(BinaryOp.MOD, col("id"), lit(3L)), lit(0L)));
        check("a AND (b OR c)", bin(BinaryOp.AND, a, bin(BinaryOp.OR, b, c)));
        assertEquals("a AND (b OR c)", p("a and (b or c)").toSql());
        assertEquals("a OR b AND c", p("a or (b and c)").toSql());
        assertEquals("NOT a = 1", p("not (a = 1)").toSql());
    }

    @Test
    void predicates() {
        Expression a = col("a");
        check("a IS NULL", new Is(a, IsKind.NULL, false, 0));
        check("a IS NOT NULL", new Is(a, IsKind.NULL, true, 0));
        check("a IS TRUE", new Is(a, IsKind.TRUE, false, 0));
        check("a is not false", new Is(a, IsKind.FALSE, true, 0));
        check("a IS UNKNOWN", new Is(a, IsKind.UNKNOWN, false, 0));
        check("a + 1 IS NULL", new Is(bin(BinaryOp.ADD, a, lit(1L)), IsKind.NULL, false, 0));
        check("NOT a IS NULL", new Not(new Is(a, IsKind.NULL, false, 0), 0));
        check("a = 1 IS NULL", new Is(bin(BinaryOp.EQ, a, lit(1L)), IsKind.NULL, false, 0));
        check("a IN (1, 2, 3)", new InList(a, List.of(lit(1L), lit(2L), lit(3L)), false, 0));
        check("a NOT IN ('x', NULL)", new InList(a, List.of(lit("x"), lit(null)), true, 0));
        check("a IN (1 + 1)", new InList(a, List.of(bin(BinaryOp.ADD, lit(1L), lit(1L))), false, 0));
        check("a BETWEEN 1 AND 10", new Between(a, lit(1L), lit(10L), false, 0));
        check("a NOT BETWEEN 1 AND 10 AND b", bin(BinaryOp.AND, new Between(a, lit(1L), lit(10L), true, 0), col("b")));
        check(
                "a BETWEEN b + 1 AND c * 2",
                new Between(a, bin(BinaryOp.ADD, col("b"), lit(1L)), bin(BinaryOp.MUL, col("c"), lit(2L)), false, 0));
        check("a LIKE 'x%'", new Like(a, lit("x%"), false, false, null, 0));
        check("a NOT LIKE 'x_'", new Like(a, lit("x_"), true, false, null, 0));
        check("a ILIKE 'X%'", new Like(a, lit("X%"), false, true, null, 0));
        check("a NOT ILIKE 'X%'", new Like(a, lit("X%"), true, true, null, 0));
        check("a LIKE 'x!%' ESCAPE '!'", new Like(a, lit("x!%"), false, false, '!', 0));
    }

    @Test
    void casts() {
        check("CAST(a AS INT)", new Cast(col("a"), new ArrowType.Int(32, true), 0));
        check("cast(a as bigint)", new Cast(col("a"), new ArrowType.Int(64, true), 0));
        check("CAST(a AS INT UNSIGNED)", new Cast(col("a"), new ArrowType.Int(32, false), 0));
        check("CAST(a AS double)", new Cast(col("a"), new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), 0));
        check(
                "CAST(a AS DOUBLE PRECISION)",
                new Cast(col("a"), new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), 0));
        check("CAST(a AS float)", new Cast(col("a"), new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), 0));
        check("CAST(a AS varchar)", new Cast(col("a"), ArrowType.Utf8.INSTANCE, 0));
        check("CAST(a AS VARCHAR(20))", new Cast(col("a"), ArrowType.Utf8.INSTANCE, 0));
        check("CAST(a AS string)", new Cast(col("a"), ArrowType.Utf8.INSTANCE, 0));
        check("CAST(a AS date)", new Cast(col("a"), new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY), 0));
        check("CAST(a AS timestamp)", new Cast(col("a"), new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), 0));
        check("CAST(a AS timestamp(6))", new Cast(col("a"), new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), 0));
        check(
                "CAST(a AS TIMESTAMP(3) WITH TIME ZONE)",
                new Cast(col("a"), new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"), 0));
        check("CAST(a AS boolean)", new Cast(col("a"), ArrowType.Bool.INSTANCE, 0));
        check("CAST(a AS decimal(10, 2))", new Cast(col("a"), new ArrowType.Decimal(10, 2, 128), 0));
        check("CAST(a AS numeric(5))", new Cast(col("a"), new ArrowType.Decimal(5, 0, 128), 0));
        check("a::bigint + 1", bin(BinaryOp.ADD, new Cast(col("a"), new ArrowType.Int(64, true), 0), lit(1L)));
        assertEquals("CAST(a AS DECIMAL(10, 2))", p("a::decimal(10,2)").toSql());
    }

    @Test
    void positionsAreRecorded() {
        Binary e = (Binary) p("  id % 3 = 0");
        assertEquals(10, e.position());
        Binary mod = (Binary) e.left();
        assertEquals(3, mod.left().position());
        assertEquals(6, mod.position());
        assertEquals(8, mod.right().position());
        assertEquals("1 + -2", p("1 + -2").toSql());
        assertEquals(5, ((Binary) p("1 + -2")).right().position());
    }

    @Test
    void whitespaceAndCaseInsensitivity() {
        assertEquals(p("a IS NOT NULL AND b BETWEEN 1 AND 2"), p("a\tis\nnot null and\r\n b between 1 and 2"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "id % 3 = )|10|unexpected token ')'",
                "|1|empty expression",
                "a =|4|unexpected end of input",
                "(a = 1|7|expected ')' but found end of input",
                "a = 1)|6|unexpected token ')'",
                "a = 'abc|5|unterminated string literal",
                "\"abc = 1|1|unterminated quoted identifier",
                "a # 1|3|unexpected character '#'",
                "a IN ()|7|IN list must not be empty",
                "a IS 5|6|expected NULL, TRUE, FALSE or UNKNOWN after IS",
                "a BETWEEN 1 OR 2|13|expected AND but found token 'OR'",
                "CAST(a AS blob_type)|11|unsupported type BLOB_TYPE",
                "CAST(a INT)|8|expected AS but found token 'INT'",
                "date '2024-13-01'|6|invalid date literal '2024-13-01'",
                "timestamp 'yesterday'|11|invalid timestamp literal 'yesterday'",
                "1e|2|malformed number exponent",
                "a = 99999999999999999999|5|integer literal 99999999999999999999 out of range",
                "st.|4|expected field name after '.'",
                "a AND AND b|7|unexpected keyword AND",
                "a NOT 5|3|unexpected token 'NOT'",
                "a LIKE 'x' ESCAPE 'ab'|19|ESCAPE must be followed by a one-character string",
                "lower(x) = 'a'|1|function calls are not supported: lower(...)",
                "a = , 1|5|unexpected token ','",
            })
    void errorPositions(String sql, int position, String detail) {
        String text = sql == null ? "" : sql;
        ExpressionParseException e = assertThrows(ExpressionParseException.class, () -> Expressions.parse(text));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.detail().startsWith(detail), e.getMessage());
        assertTrue(e.getMessage().contains(" at position " + position), e.getMessage());
        if (!text.isEmpty()) {
            String[] lines = e.getMessage().split("\n");
            assertEquals(3, lines.length, e.getMessage());
            assertEquals("  " + text, lines[1]);
            assertEquals(position + 1, lines[2].indexOf('^'), e.getMessage());
        }
    }

    @Test
    void exampleMessage() {
        ExpressionParseException e =
                assertThrows(ExpressionParseException.class, () -> Expressions.parse("id % 3 = )"));
        assertEquals("unexpected token ')' at position 10\n  id % 3 = )\n           ^", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void nullLiteralValue() {
        assertNull(((Literal) p("null")).value());
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        ExpressionParseException e = assertThrows(ExpressionParseException.class, () -> Expressions.parse(deep));
        assertTrue(e.detail().contains("nested too deeply"), e.getMessage());
        String ok = "(".repeat(200) + "1" + ")".repeat(200);
        assertEquals(lit(1L), Expressions.parse(ok));
    }

    @Test
    void longOrChainsParsePrintAndEvaluate() {
        StringBuilder sb = new StringBuilder("a = 0");
        for (int i = 1; i < 3000; i++) {
            sb.append(" OR a = ").append(i);
        }
        Expression e = Expressions.parse(sb.toString());
        assertEquals(sb.toString(), e.toSql());
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(
                List.of(org.apache.arrow.vector.types.pojo.Field.nullable("a", new ArrowType.Int(64, true))));
        try (org.apache.arrow.memory.BufferAllocator al = new org.apache.arrow.memory.RootAllocator();
                TestBatch t = new TestBatch(al).add("a", new ArrowType.Int(64, true), 5L, 4000L)) {
            assertEquals(1, Expressions.bind(e, schema).toPredicate().count(t.root()));
        }
    }
}
