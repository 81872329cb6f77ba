package dev.plainlance.lance.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.expr.Expression.BinaryOp;
import dev.plainlance.lance.expr.Expression.IsKind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Random ASTs print with toSql() and parse back to an equal AST. */
class ExpressionRoundTripProperties {

    static final String[] NAMES = {
        "a",
        "b_1",
        "_x",
        "Upper",
        "with space",
        "and",
        "date",
        "timestamp",
        "not",
        "x\"y",
        "ünï",
        "tab\tname",
        "1abc",
        "cast",
        "select",
        "é"
    };

    static final ArrowType[] TYPES = {
        ArrowType.Bool.INSTANCE,
        new ArrowType.Int(8, true),
        new ArrowType.Int(16, false),
        new ArrowType.Int(32, true),
        new ArrowType.Int(64, true),
        new ArrowType.Int(64, false),
        new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
        ArrowType.Utf8.INSTANCE,
        ArrowType.Binary.INSTANCE,
        new ArrowType.Date(DateUnit.DAY),
        new ArrowType.Timestamp(TimeUnit.SECOND, null),
        new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"),
        new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
        new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
        new ArrowType.Decimal(10, 2, 128),
        new ArrowType.Decimal(38, 0, 128)
    };

    static Object literal(Random r) {
        switch (r.nextInt(9)) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2: {
                long[] special = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 42, -100};
                return r.nextBoolean() ? special[r.nextInt(special.length)] : r.nextLong() >> r.nextInt(64);
            }
            case 3: {
                double[] special = {
                    0.0, -0.0, 1.5, -2.25, 1e20, 1e-7, Double.MAX_VALUE, Double.MIN_VALUE, 0.1, 123456.789
                };
                return r.nextBoolean()
                        ? special[r.nextInt(special.length)]
                        : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            }
            case 4:
            case 5: {
                String alphabet = "ab'\"%_\\ \n\té€😀,()";
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.appendCodePoint(alphabet.codePointAt(
                            alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
                }
                return sb.toString();
            }
            case 6:
                return LocalDate.ofEpochDay(r.nextInt(2_900_000) - 700_000);
            default: {
                int[] nanos = {0, 0, 500_000_000, 123_000_000, 123_456_000, 123_456_789, 1};
                return LocalDateTime.of(
                        1900 + r.nextInt(300),
                        1 + r.nextInt(12),
                        1 + r.nextInt(28),
                        r.nextInt(24),
                        r.nextInt(60),
                        r.nextInt(60),
                        nanos[r.nextInt(nanos.length)]);
            }
        }
    }

    static Expression gen(Random r, int depth) {
        int choice = depth <= 0 ? r.nextInt(2) : r.nextInt(11);
        switch (choice) {
            case 0:
                return new Expression.Literal(literal(r), 0);
            case 1: {
                List<String> path = new ArrayList<>();
                int n = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
                for (int i = 0; i < n; i++) {
                    path.add(NAMES[r.nextInt(NAMES.length)]);
                }
                return new Expression.Column(path, 0);
            }
            case 2:
                return new Expression.Not(gen(r, depth - 1), 0);
            case 3:
                return new Expression.Negate(gen(r, depth - 1), 0);
            case 4:
            case 5: {
                BinaryOp op = BinaryOp.values()[r.nextInt(BinaryOp.values().length)];
                return new Expression.Binary(op, gen(r, depth - 1), gen(r, depth - 1), 0);
            }
            case 6:
                return new Expression.Is(
                        gen(r, depth - 1), IsKind.values()[r.nextInt(IsKind.values().length)], r.nextBoolean(), 0);
            case 7: {
                List<Expression> items = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    items.add(gen(r, depth - 1));
                }
                return new Expression.InList(gen(r, depth - 1), items, r.nextBoolean(), 0);
            }
            case 8:
                return new Expression.Between(
                        gen(r, depth - 1), gen(r, depth - 1), gen(r, depth - 1), r.nextBoolean(), 0);
            case 9: {
                Character esc = r.nextInt(3) == 0 ? "!'\\x".charAt(r.nextInt(4)) : null;
                return new Expression.Like(
                        gen(r, depth - 1), gen(r, depth - 1), r.nextBoolean(), r.nextBoolean(), esc, 0);
            }
            default:
                return new Expression.Cast(gen(r, depth - 1), TYPES[r.nextInt(TYPES.length)], 0);
        }
    }

    @Property(tries = 2000)
    void toSqlParsesBackToTheSameAst(@ForAll long seed) {
        Random r = new Random(seed);
        Expression e = gen(r, r.nextInt(6));
        String sql = e.toSql();
        Expression back = Expressions.parse(sql);
        assertEquals(e, back, () -> "seed " + seed + ": " + sql + " reparsed as " + back.toSql());
        assertEquals(sql, back.toSql());
    }

    @Property(tries = 500)
    void toSqlIsAFixpointForParsedText(@ForAll long seed) {
        // parse(toSql(parse(toSql(e)))) stays identical text: the canonical form is stable
        Random r = new Random(seed);
        String once = Expressions.parse(gen(r, 4).toSql()).toSql();
        assertEquals(once, Expressions.parse(once).toSql());
    }

    @Example
    void equalityIgnoresPositionsButNotStructure() {
        Expression a = Expressions.parse("a + 1");
        Expression b = Expressions.parse("   a   +   1");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        org.junit.jupiter.api.Assertions.assertNotEquals(a, Expressions.parse("a + 2"));
        org.junit.jupiter.api.Assertions.assertNotEquals(a, Expressions.parse("a - 1"));
        org.junit.jupiter.api.Assertions.assertNotEquals(Expressions.parse("1"), Expressions.parse("1.0"));
    }
}
