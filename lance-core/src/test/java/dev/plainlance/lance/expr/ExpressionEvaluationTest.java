package dev.plainlance.lance.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpressionEvaluationTest {
    static final ArrowType I8 = new ArrowType.Int(8, true);
    static final ArrowType I16 = new ArrowType.Int(16, true);
    static final ArrowType I32 = new ArrowType.Int(32, true);
    static final ArrowType I64 = new ArrowType.Int(64, true);
    static final ArrowType U8 = new ArrowType.Int(8, false);
    static final ArrowType U16 = new ArrowType.Int(16, false);
    static final ArrowType U32 = new ArrowType.Int(32, false);
    static final ArrowType U64 = new ArrowType.Int(64, false);
    static final ArrowType F32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType F64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    BufferAllocator allocator;
    TestBatch batch;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        batch = new TestBatch(allocator);
    }

    @AfterEach
    void tearDown() {
        batch.close();
        allocator.close();
    }

    List<Integer> sel(String sql) {
        BitSet bits = Expressions.predicate(sql, batch.schema()).test(batch.root());
        List<Integer> out = new ArrayList<>();
        bits.stream().forEach(out::add);
        return out;
    }

    List<Object> vals(String sql) {
        return Expressions.bind(sql, batch.schema()).evaluateValues(batch.root());
    }

    static List<Integer> rows(Integer... r) {
        return Arrays.asList(r);
    }

    static List<Object> list(Object... v) {
        return Arrays.asList(v);
    }

    @Test
    void signedIntegers() {
        batch.add("a", I32, 1, -7, null, 10, 3)
                .add("b", I64, 2L, 2L, 5L, null, 0L)
                .add("c", I8, 1, 2, 3, 4, 5)
                .add("d", I16, -1, 0, 1, null, 300);
        assertEquals(rows(3, 4), sel("a > 1"));
        assertEquals(rows(0, 1), sel("a <= 1"));
        assertEquals(rows(0, 1, 3), sel("a != 3"));
        assertEquals(rows(0, 1, 3), sel("a <> 3"));
        assertEquals(rows(0, 1), sel("a < b"));
        assertEquals(list(0L, -3L, null, 5L, 1L), vals("a / 2 - c + c"));
        assertEquals(list(1L, -1L, null, 1L, 0L), vals("a % 3"));
        assertEquals(list(3L, -5L, null, null, 3L), vals("a + b"));
        assertEquals(list(-1L, 7L, null, -10L, -3L), vals("-a"));
        assertEquals(list(0.5, -3.5, null, 5.0, 1.5), vals("a / 2.0"));
        assertEquals(rows(1, 4), sel("d * 2 + a = -7 OR d = 300"));
        assertEquals(rows(2), sel("a IS NULL"));
        assertEquals(rows(0, 1, 3, 4), sel("a IS NOT NULL"));
        assertEquals(rows(0, 3, 4), sel("a IN (1, 3, 10)"));
        assertEquals(rows(1), sel("a NOT IN (1, 3, 10)"));
        assertEquals(rows(0, 4), sel("a BETWEEN 0 AND 3"));
        assertEquals(rows(1, 3), sel("a NOT BETWEEN 0 AND 3"));
        assertEquals(rows(1, 4), sel("c % 3 = 2"));
        assertEquals(rows(0, 1, 3, 4), sel("a = a"));
        assertEquals(rows(0, 1, 2), sel("b = 2 OR b = 5"));
        assertEquals(rows(0, 1, 3, 4), sel("CAST(a AS DOUBLE) < 11.5"));
    }

    @Test
    void integerDivisionByZeroAndOverflow() {
        batch.add("a", I64, 10L, 0L, null, Long.MAX_VALUE);
        ExpressionEvaluationException e = assertThrows(ExpressionEvaluationException.class, () -> vals("a / (a - a)"));
        assertTrue(e.getMessage().contains("Divide by zero"), e.getMessage());
        assertThrows(ExpressionEvaluationException.class, () -> vals("a % 0"));
        assertThrows(ExpressionEvaluationException.class, () -> sel("a / 0 > 1"));
        ExpressionEvaluationException o = assertThrows(ExpressionEvaluationException.class, () -> vals("a + 1"));
        assertTrue(o.getMessage().contains("overflow"), o.getMessage());
        // float division by zero follows IEEE 754
        assertEquals(Double.POSITIVE_INFINITY, vals("a / 0.0").get(0));
        assertEquals(list(-10L, 0L, null, -Long.MAX_VALUE), vals("-a"));
    }

    @Test
    void unsignedIntegers() {
        batch.add("u8", U8, 255, 0, null, 128)
                .add("u16", U16, 65535, 1, 2, null)
                .add("u32", U32, 4294967295L, 7L, null, 2147483648L)
                .add(
                        "u64",
                        U64,
                        new BigDecimal("18446744073709551615"),
                        BigDecimal.ONE,
                        null,
                        new BigDecimal("9223372036854775808"));
        assertEquals(rows(0, 3), sel("u8 > 127"));
        assertEquals(rows(0), sel("u16 = 65535"));
        assertEquals(rows(0, 3), sel("u32 > 2147483647"));
        assertEquals(rows(0, 3), sel("u64 > 9223372036854775807"));
        assertEquals(rows(1), sel("u64 = 1"));
        assertEquals(rows(0), sel("u64 = CAST('18446744073709551615' AS DECIMAL(20, 0))"));
        assertEquals(list(256L, 1L, null, 129L), vals("u8 + 1"));
        assertEquals(
                list(
                        new BigDecimal("18446744073709551615"),
                        BigDecimal.ONE,
                        null,
                        new BigDecimal("9223372036854775808")),
                vals("u64"));
    }

    @Test
    void floats() {
        batch.add("f", F32, 1.5f, null, -2.25f, Float.NaN).add("g", F64, 1.5, 2.0, null, 0.1);
        assertEquals(rows(0, 3), sel("f >= 1.5")); // NaN sorts above all numbers, as in Arrow
        assertEquals(rows(0), sel("f = g"));
        assertEquals(rows(2), sel("f < 0"));
        assertEquals(list(3.0, null, -4.5, Double.NaN), vals("f * 2"));
        assertEquals(rows(3), sel("g BETWEEN 0.05 AND 0.15"));
        assertEquals(rows(1), sel("g = 2"));
        assertEquals(rows(0), sel("g = 1.5e0"));
        assertEquals(rows(0, 1), sel("g > 1e-1 + 0.5"));
    }

    @Test
    void booleansAndThreeValuedLogic() {
        Boolean t = true;
        Boolean f = false;
        Boolean n = null;
        batch.add("x", ArrowType.Bool.INSTANCE, t, t, t, f, f, f, n, n, n)
                .add("y", ArrowType.Bool.INSTANCE, t, f, n, t, f, n, t, f, n);
        assertEquals(list(t, f, n, f, f, f, n, f, n), vals("x AND y"));
        assertEquals(list(t, t, t, t, f, n, t, n, n), vals("x OR y"));
        assertEquals(list(f, f, f, t, t, t, n, n, n), vals("NOT x"));
        assertEquals(list(t, f, n, f, t, n, n, n, n), vals("x = y"));
        assertEquals(rows(0, 1, 2), sel("x"));
        assertEquals(rows(3, 4, 5), sel("NOT x"));
        assertEquals(rows(0), sel("x AND y"));
        assertEquals(rows(0, 1, 2), sel("x IS TRUE"));
        assertEquals(rows(3, 4, 5, 6, 7, 8), sel("x IS NOT TRUE"));
        assertEquals(rows(3, 4, 5), sel("x IS FALSE"));
        assertEquals(rows(6, 7, 8), sel("x IS UNKNOWN"));
        assertEquals(rows(0, 1, 2, 3, 4, 5), sel("x IS NOT NULL"));
        assertEquals(rows(0, 1, 2), sel("x = TRUE"));
        assertEquals(rows(), sel("x = NULL"));
        assertEquals(rows(), sel("NOT (x = NULL)"));
        assertEquals(rows(), sel("NULL"));
        assertEquals(rows(0, 1, 2, 3, 4, 5, 6, 7, 8), sel("TRUE"));
        assertEquals(rows(0, 1, 2, 3, 4, 5, 6, 7, 8), sel("NULL IS NULL"));
        assertEquals(rows(0, 1, 2), sel("x OR NULL"));
        assertEquals(rows(), sel("x AND NULL"));
        assertEquals(rows(0, 1, 3, 4, 5, 7), sel("(x AND y) IS NOT NULL"));
    }

    @Test
    void strings() {
        batch.add("s", ArrowType.Utf8.INSTANCE, "apple", "Banana", null, "cherry", "a%b", "")
                .add("l", ArrowType.LargeUtf8.INSTANCE, "apple", "banana", "x", null, "a_b", "");
        assertEquals(rows(0, 5), sel("s = l"));
        assertEquals(rows(0), sel("s = 'apple'"));
        assertEquals(rows(0, 1, 4, 5), sel("s < 'b'")); // byte order: 'B' < 'a'
        assertEquals(rows(0, 4), sel("s LIKE 'a%'"));
        assertEquals(rows(1, 3, 5), sel("s NOT LIKE 'a%'"));
        assertEquals(rows(0, 1, 4), sel("s ILIKE '%A%'"));
        assertEquals(rows(3), sel("s LIKE 'ch_rry'"));
        assertEquals(rows(4), sel("s LIKE 'a\\%b'"));
        assertEquals(rows(4), sel("s LIKE 'a!%%' ESCAPE '!'"));
        assertEquals(rows(0, 1, 2, 4), sel("l LIKE '_%'"));
        assertEquals(rows(4), sel("l LIKE 'a\\_b'"));
        assertEquals(rows(0, 1, 4), sel("l LIKE '%a%'"));
        assertEquals(rows(5), sel("s LIKE ''"));
        assertEquals(rows(0, 3), sel("s IN ('apple', 'cherry', NULL)"));
        assertEquals(rows(), sel("s NOT IN ('apple', NULL)"));
        assertEquals(rows(1, 3, 4, 5), sel("s NOT IN ('apple')"));
        assertEquals(rows(0, 1, 3, 4), sel("s BETWEEN 'B' AND 'd'"));
        assertEquals(
                list("apple!", "Banana!", null, "cherry!", "a%b!", "!"),
                Expressions.bind("s", batch.schema()).evaluateValues(batch.root()).stream()
                        .map(o -> o == null ? null : o + "!")
                        .toList());
        assertEquals(rows(0), sel("s = CAST(1 AS VARCHAR) OR s = 'apple'"));
    }

    @Test
    void stringNumberComparisonIsATypeError() {
        batch.add("name", ArrowType.Utf8.INSTANCE, "a").add("id", I32, 1);
        ExpressionParseException e = assertThrows(ExpressionParseException.class, () -> sel("id = 1 AND name > 3"));
        assertEquals(17, e.position(), e.getMessage());
        assertTrue(e.detail().contains("cannot compare utf8 with int64"), e.getMessage());
        assertThrows(ExpressionParseException.class, () -> sel("name + 1 = 2"));
        assertThrows(ExpressionParseException.class, () -> sel("id LIKE 'x'"));
        assertThrows(ExpressionParseException.class, () -> sel("NOT id"));
        assertThrows(ExpressionParseException.class, () -> sel("id AND TRUE"));
        assertThrows(ExpressionParseException.class, () -> sel("id IN (1, 'x')"));
        ExpressionParseException notBool = assertThrows(ExpressionParseException.class, () -> sel("id + 1"));
        assertTrue(notBool.getMessage().contains("boolean"), notBool.getMessage());
        assertThrows(ExpressionParseException.class, () -> sel("CAST(DATE '2024-01-01' AS BOOLEAN)"));
    }

    @Test
    void unknownColumn() {
        batch.add("id", I32, 1).add("name", ArrowType.Utf8.INSTANCE, "a");
        UnknownColumnException e = assertThrows(UnknownColumnException.class, () -> sel("id = 1 AND nmae = 'x'"));
        assertEquals("nmae", e.column());
        assertEquals(12, e.position());
        assertEquals(List.of("id", "name"), e.available());
        assertTrue(
                e.getMessage().startsWith("unknown column 'nmae' (available columns: id, name) at position 12"),
                e.getMessage());
        assertInstanceOf(ExpressionParseException.class, e);
        assertThrows(UnknownColumnException.class, () -> sel("id.x = 1"));
        // bind(Expression, Schema): position but no caret line
        UnknownColumnException e2 = assertThrows(
                UnknownColumnException.class, () -> Expressions.bind(Expressions.parse("zzz"), batch.schema()));
        assertEquals(1, e2.position());
    }

    @Test
    void caseInsensitiveColumnFallback() {
        batch.add("id", I32, 1, 2).add("Name", ArrowType.Utf8.INSTANCE, "a", "b");
        assertEquals(rows(1), sel("ID = 2"));
        assertEquals(rows(1), sel("name = 'b'"));
        assertEquals(rows(1), sel("\"Name\" = 'b'"));
    }

    @Test
    void dates() {
        int d20240131 = (int) LocalDate.of(2024, 1, 31).toEpochDay();
        batch.add("d", new ArrowType.Date(DateUnit.DAY), d20240131, d20240131 + 1, null, 0)
                .add("dm", new ArrowType.Date(DateUnit.MILLISECOND), d20240131 * 86_400_000L, null, 0L, -86_400_000L);
        assertEquals(rows(0), sel("d = date '2024-01-31'"));
        assertEquals(rows(0), sel("d = '2024-01-31'"));
        assertEquals(rows(0, 1), sel("d >= DATE '2024-01-01'"));
        assertEquals(rows(3), sel("d < '2000-01-01'"));
        assertEquals(rows(0), sel("d = dm"));
        assertEquals(rows(3), sel("dm BETWEEN '1969-12-31' AND '1969-12-31'"));
        assertEquals(rows(0, 1), sel("d > TIMESTAMP '2024-01-30 23:59:59'"));
        assertEquals(
                list(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 1), null, LocalDate.of(1970, 1, 1)), vals("d"));
        assertEquals(list("2024-01-31", "2024-02-01", null, "1970-01-01"), vals("CAST(d AS VARCHAR)"));
    }

    @Test
    void timestampsInEveryUnit() {
        LocalDateTime noon = LocalDateTime.of(2024, 1, 31, 12, 0);
        long sec = noon.toEpochSecond(ZoneOffset.UTC);
        batch.add("s", new ArrowType.Timestamp(TimeUnit.SECOND, null), sec, sec + 1, null)
                .add("ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null), sec * 1000, sec * 1000 + 500, null)
                .add(
                        "us",
                        new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
                        sec * 1_000_000,
                        null,
                        sec * 1_000_000 - 1)
                .add(
                        "ns",
                        new ArrowType.Timestamp(TimeUnit.NANOSECOND, "America/New_York"),
                        null,
                        sec * 1_000_000_000L + 1,
                        sec * 1_000_000_000L);
        assertEquals(rows(0), sel("s = timestamp '2024-01-31 12:00:00'"));
        assertEquals(rows(0), sel("ms = TIMESTAMP '2024-01-31T12:00:00Z'"));
        assertEquals(rows(1), sel("ms = TIMESTAMP '2024-01-31T12:00:00.5'"));
        assertEquals(rows(1), sel("ms > TIMESTAMP '2024-01-31T12:00:00.499999'"));
        assertEquals(rows(0), sel("us = TIMESTAMP '2024-01-31 13:00:00+01:00'"));
        assertEquals(rows(2), sel("us < timestamp '2024-01-31 12:00:00'"));
        assertEquals(rows(1), sel("ns > TIMESTAMP '2024-01-31 12:00:00'"));
        assertEquals(rows(1, 2), sel("ns >= '2024-01-31 12:00:00'"));
        assertEquals(rows(0), sel("s = ms"));
        assertEquals(rows(0), sel("s = us"));
        assertEquals(rows(0, 1), sel("s BETWEEN '2024-01-31 12:00:00' AND '2024-01-31T12:00:01'"));
        assertEquals(rows(0, 1), sel("s >= DATE '2024-01-31'"));
        assertEquals(rows(0), sel("ms IN (TIMESTAMP '2024-01-31 12:00:00', NULL)"));
        assertEquals(list(noon, noon.plusNanos(500_000_000), null), vals("ms"));
        assertEquals(list(LocalDate.of(2024, 1, 31), null, LocalDate.of(2024, 1, 31)), vals("CAST(us AS DATE)"));
    }

    @Test
    void decimals() {
        ArrowType dec = new ArrowType.Decimal(10, 2, 128);
        batch.add("p", dec, new BigDecimal("10.25"), new BigDecimal("-3.50"), null, new BigDecimal("10.50"));
        assertEquals(rows(0, 3), sel("p > 10"));
        assertEquals(rows(3), sel("p > 10.25"));
        assertEquals(rows(0), sel("p = CAST('10.25' AS DECIMAL(10, 2))"));
        assertEquals(rows(3), sel("p = CAST(10.5 AS DECIMAL(4, 1))"));
        assertEquals(
                list(new BigDecimal("20.50"), new BigDecimal("-7.00"), null, new BigDecimal("21.00")), vals("p * 2"));
        assertEquals(
                list(new BigDecimal("11.25"), new BigDecimal("-2.50"), null, new BigDecimal("11.50")), vals("p + 1"));
        assertEquals(list(20.5, -7.0, null, 21.0), vals("p * 2.0"));
        assertEquals(new BigDecimal("3.416666"), vals("p / 3").get(0));
        assertThrows(ExpressionEvaluationException.class, () -> vals("p / 0"));
        assertEquals(
                list(new BigDecimal("-10.25"), new BigDecimal("3.50"), null, new BigDecimal("-10.50")), vals("-p"));
        assertEquals(rows(1), sel("p IN (-3.5, 7)"));
    }

    @Test
    void binaryEquality() {
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
        batch.add("b", ArrowType.Binary.INSTANCE, abc, new byte[] {(byte) 0xff}, null, new byte[0])
                .add("lb", ArrowType.LargeBinary.INSTANCE, abc, abc, abc, null)
                .add(
                        "fb",
                        new ArrowType.FixedSizeBinary(3),
                        abc,
                        null,
                        "abd".getBytes(StandardCharsets.UTF_8),
                        "xyz".getBytes(StandardCharsets.UTF_8));
        assertEquals(rows(0), sel("b = 'abc'"));
        assertEquals(rows(0), sel("b = lb"));
        assertEquals(rows(0), sel("b = fb"));
        assertEquals(rows(1, 3), sel("b != 'abc'"));
        assertEquals(rows(1), sel("b > 'zzz'")); // unsigned byte order
        assertEquals(rows(2), sel("fb = 'abd'"));
        assertEquals(rows(2), sel("b IS NULL"));
        assertArrayEquals(abc, (byte[]) vals("lb").get(1));
    }

    @Test
    void nestedStructFields() {
        Field a = new Field("a", FieldType.nullable(I32), null);
        Field s = new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
        Field st = new Field("st", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(a, s));
        StructVector sv = (StructVector) st.createVector(allocator);
        sv.allocateNew();
        TestBatch.fill(sv.getChild("a", FieldVector.class), 1, 2, null, 4);
        TestBatch.fill(sv.getChild("s", FieldVector.class), "x", "y", "z", "w");
        sv.setIndexDefined(0);
        sv.setIndexDefined(1);
        sv.setIndexDefined(2);
        sv.setNull(3); // struct itself NULL: children read as NULL
        sv.setValueCount(4);
        batch.addVector(sv).add("id", I32, 0, 1, 2, 3);
        assertEquals(rows(1), sel("st.a > 1"));
        assertEquals(rows(2), sel("st.a IS NULL AND st.s IS NOT NULL"));
        assertEquals(rows(3), sel("st.s IS NULL"));
        assertEquals(rows(0, 1), sel("\"st\".\"a\" = id + 1"));
        UnknownColumnException e = assertThrows(UnknownColumnException.class, () -> sel("st.b = 1"));
        assertEquals(List.of("st", "st.a", "st.s", "id"), e.available());
        ExpressionParseException whole = assertThrows(ExpressionParseException.class, () -> sel("st IS NULL"));
        assertTrue(whole.getMessage().contains("struct"), whole.getMessage());
    }

    @Test
    void castsOfValues() {
        batch.add("s", ArrowType.Utf8.INSTANCE, "12", " -3 ", null, "x").add("f", F64, 1.9, -1.9, null, 3.0);
        assertEquals(list(1L, -1L, null, 3L), vals("CAST(f AS BIGINT)"));
        assertEquals(-3L, vals("CAST(' -3 ' AS INT)").get(0));
        assertThrows(ExpressionEvaluationException.class, () -> vals("CAST(s AS INT)"));
        assertEquals(list(true, true, null, true), vals("CAST(f AS BOOLEAN)"));
        assertEquals(list("1.9", "-1.9", null, "3.0"), vals("CAST(f AS VARCHAR)"));
        assertEquals(
                list(new BigDecimal("1.90"), new BigDecimal("-1.90"), null, new BigDecimal("3.00")),
                vals("f::decimal(5,2)"));
        assertThrows(ExpressionEvaluationException.class, () -> vals("CAST(f * 1000 AS DECIMAL(3, 0))"));
        assertThrows(ExpressionEvaluationException.class, () -> vals("CAST(300 AS TINYINT)"));
        assertEquals(
                LocalDateTime.of(2024, 1, 31, 12, 0),
                vals("CAST('2024-01-31 12:00:00' AS TIMESTAMP)").get(0));
        assertEquals(
                LocalDate.of(2024, 1, 31), vals("CAST('2024-01-31' AS DATE)").get(0));
        assertEquals(true, vals("CAST('true' AS BOOLEAN)").get(0));
    }

    @Test
    void updateExpressionsIntoTargetVectors() {
        batch.add("value", I32, 1, null, -4).add("name", ArrowType.Utf8.INSTANCE, "a", "b", null);
        Schema schema = batch.schema();
        Field f64 = new Field("value", FieldType.nullable(F64), null);
        try (FieldVector v = Expressions.bind("value * 2 + 1", schema).evaluate(batch.root(), f64, allocator)) {
            Float8Vector x = assertInstanceOf(Float8Vector.class, v);
            assertEquals(3, x.getValueCount());
            assertEquals(3.0, x.get(0));
            assertTrue(x.isNull(1));
            assertEquals(-7.0, x.get(2));
            assertEquals("value", x.getName());
        }
        Field i32 = new Field("value", FieldType.nullable(I32), null);
        try (FieldVector v = Expressions.bind("value * 2 + 1", schema).evaluate(batch.root(), i32, allocator)) {
            IntVector x = assertInstanceOf(IntVector.class, v);
            assertEquals(3, x.get(0));
            assertTrue(x.isNull(1));
            assertEquals(-7, x.get(2));
        }
        Field utf8 = new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
        try (FieldVector v = Expressions.bind("'x'", schema).evaluate(batch.root(), utf8, allocator)) {
            VarCharVector x = assertInstanceOf(VarCharVector.class, v);
            assertEquals("x", new String(x.get(0), StandardCharsets.UTF_8));
            assertEquals("x", new String(x.get(2), StandardCharsets.UTF_8));
        }
        try (FieldVector v = Expressions.bind("NULL", schema).evaluate(batch.root(), i32, allocator)) {
            assertEquals(3, v.getNullCount());
        }
        try (FieldVector v = Expressions.bind("NULL", schema).evaluate(batch.root(), utf8, allocator)) {
            assertEquals(3, v.getNullCount());
        }
        Field i64 = new Field("big", FieldType.nullable(I64), null);
        try (FieldVector v = Expressions.bind("value", schema).evaluate(batch.root(), i64, allocator)) {
            BigIntVector x = assertInstanceOf(BigIntVector.class, v);
            assertEquals(-4L, x.get(2));
        }
        Field dec = new Field("d", FieldType.nullable(new ArrowType.Decimal(6, 2, 128)), null);
        try (FieldVector v = Expressions.bind("value / 3.0", schema).evaluate(batch.root(), dec, allocator)) {
            DecimalVector x = assertInstanceOf(DecimalVector.class, v);
            assertEquals(new BigDecimal("0.33"), x.getObject(0));
            assertEquals(new BigDecimal("-1.33"), x.getObject(2));
        }
        Field ts = new Field("t", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)), null);
        try (FieldVector v =
                Expressions.bind("TIMESTAMP '1970-01-01 00:00:01.5'", schema).evaluate(batch.root(), ts, allocator)) {
            assertEquals(1500L, ((TimeStampVector) v).get(1));
        }
        Field date = new Field("dt", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null);
        try (FieldVector v = Expressions.bind("'1970-01-11'", schema).evaluate(batch.root(), date, allocator)) {
            assertEquals(10, ((DateDayVector) v).get(0));
        }
        Field u64 = new Field("u", FieldType.nullable(U64), null);
        try (FieldVector v = Expressions.bind("CAST('18446744073709551615' AS DECIMAL(20,0))", schema)
                .evaluate(batch.root(), u64, allocator)) {
            assertEquals(
                    new BigInteger("18446744073709551615"),
                    new BigDecimal(((UInt8Vector) v).getObjectNoOverflow(0)).toBigInteger());
        }
        Field i8 = new Field("small", FieldType.nullable(I8), null);
        ExpressionEvaluationException range =
                assertThrows(ExpressionEvaluationException.class, () -> Expressions.bind("value * 100", schema)
                        .evaluate(batch.root(), i8, allocator));
        assertTrue(range.getMessage().contains("out of range for int8"), range.getMessage());
        assertThrows(ExpressionParseException.class, () -> Expressions.bind("TRUE", schema)
                .evaluate(batch.root(), date, allocator));
    }

    @Test
    void literalOnlyPredicatesAndEmptyBatch() {
        batch.add("a", I32);
        assertEquals(rows(), sel("a = 1"));
        assertEquals(rows(), sel("1 = 1"));
    }

    @Test
    void resultTypes() {
        batch.add("a", I32, 1).add("f", F32, 1f).add("p", new ArrowType.Decimal(9, 3, 128), BigDecimal.ONE.setScale(3));
        assertEquals(I32, Expressions.bind("a", batch.schema()).type());
        assertEquals(I64, Expressions.bind("a + 1", batch.schema()).type());
        assertEquals(F64, Expressions.bind("a + f", batch.schema()).type());
        assertEquals(
                new ArrowType.Decimal(38, 3, 128),
                Expressions.bind("p + a", batch.schema()).type());
        assertEquals(
                ArrowType.Bool.INSTANCE,
                Expressions.bind("a > 1", batch.schema()).type());
        assertEquals(
                ArrowType.Null.INSTANCE,
                Expressions.bind("NULL", batch.schema()).type());
    }

    @Test
    void lessCommonTypes() {
        batch.add("v", ArrowType.Utf8View.INSTANCE, "hello", null, "a much longer string value!")
                .add("h", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF), 1.5f, -2f, null)
                .add("w", new ArrowType.Decimal(40, 3, 256), new BigDecimal("1.500"), null, new BigDecimal("-2.000"))
                .add("bv", ArrowType.BinaryView.INSTANCE, "hello".getBytes(StandardCharsets.UTF_8), null, new byte[0]);
        assertEquals(rows(0, 2), sel("v LIKE '%l%'"));
        assertEquals(rows(0), sel("h = w"));
        assertEquals(rows(1), sel("h < -1"));
        assertEquals(rows(2), sel("w < 0 AND w IS NOT NULL"));
        assertEquals(rows(0), sel("bv = v"));
        assertEquals(list(3.0, -4.0, null), vals("h * 2"));
        Field large = new Field("t", FieldType.nullable(ArrowType.LargeUtf8.INSTANCE), null);
        try (FieldVector out = Expressions.bind("v", batch.schema()).evaluate(batch.root(), large, allocator)) {
            assertEquals("hello", String.valueOf(out.getObject(0)));
            assertTrue(out.isNull(1));
        }
        Field d64 = new Field("d", FieldType.nullable(new ArrowType.Date(DateUnit.MILLISECOND)), null);
        try (FieldVector out =
                Expressions.bind("DATE '1970-01-02'", batch.schema()).evaluate(batch.root(), d64, allocator)) {
            assertEquals(86_400_000L, ((org.apache.arrow.vector.DateMilliVector) out).get(2));
        }
        Field w256 = new Field("w2", FieldType.nullable(new ArrowType.Decimal(40, 1, 256)), null);
        try (FieldVector out = Expressions.bind("w * 2", batch.schema()).evaluate(batch.root(), w256, allocator)) {
            assertEquals(new BigDecimal("3.0"), out.getObject(0));
            assertTrue(out.isNull(1));
            assertEquals(new BigDecimal("-4.0"), out.getObject(2));
        }
    }

    @Test
    void unsupportedColumnTypeIsReportedWhenReferenced() {
        batch.add("t", new ArrowType.Time(TimeUnit.MILLISECOND, 32), 1).add("id", I32, 1);
        assertEquals(rows(0), sel("id = 1"));
        ExpressionParseException e = assertThrows(ExpressionParseException.class, () -> sel("t IS NULL"));
        assertTrue(e.getMessage().contains("unsupported type"), e.getMessage());
    }
}
