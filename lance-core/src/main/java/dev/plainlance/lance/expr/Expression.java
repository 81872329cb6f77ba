package dev.plainlance.lance.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Unbound AST of a SQL filter / value expression, produced by {@link Expressions#parse(String)}.
 *
 * <p>All nodes are immutable. Every node carries the 1-based source {@code position} it was parsed
 * from (0 for nodes built programmatically); positions are used in error messages only and are
 * <em>ignored</em> by {@code equals}/{@code hashCode}, so {@code parse(e.toSql()).equals(e)}.
 */
public sealed interface Expression
        permits Expression.Literal,
                Expression.Column,
                Expression.Not,
                Expression.Negate,
                Expression.Binary,
                Expression.Is,
                Expression.InList,
                Expression.Between,
                Expression.Like,
                Expression.Cast {

    /** 1-based position of this node in the parsed source, 0 if unknown. */
    int position();

    /**
     * Canonical SQL text that parses back to an equal AST. Parentheses are emitted only where
     * precedence requires them; keywords are upper case; identifiers are double-quoted when they
     * are not plain lower-case identifiers or collide with a keyword.
     */
    default String toSql() {
        return SqlWriter.write(this);
    }

    /** Binary operators, with their SQL spelling and binding precedence. */
    enum BinaryOp {
        OR("OR", 5),
        AND("AND", 10),
        EQ("=", 20),
        NE("!=", 20),
        LT("<", 20),
        LE("<=", 20),
        GT(">", 20),
        GE(">=", 20),
        ADD("+", 30),
        SUB("-", 30),
        MUL("*", 40),
        DIV("/", 40),
        MOD("%", 40);

        private final String sql;
        private final int precedence;

        BinaryOp(String sql, int precedence) {
            this.sql = sql;
            this.precedence = precedence;
        }

        public String sql() {
            return sql;
        }

        public int precedence() {
            return precedence;
        }

        public boolean isComparison() {
            return precedence == 20;
        }

        public boolean isArithmetic() {
            return precedence >= 30;
        }

        public boolean isLogical() {
            return this == OR || this == AND;
        }
    }

    /** What an {@code IS [NOT] ...} test checks for. */
    enum IsKind {
        NULL,
        TRUE,
        FALSE,
        UNKNOWN
    }

    /**
     * A constant. {@code value} is null (SQL NULL) or one of {@link Boolean}, {@link Long} (integer
     * literals are int64), {@link Double} (decimal / scientific literals are float64), {@link
     * String}, {@link LocalDate} ({@code DATE '...'}), {@link LocalDateTime} ({@code TIMESTAMP
     * '...'}, UTC).
     */
    record Literal(Object value, int position) implements Expression {
        public Literal {
            if (value != null
                    && !(value instanceof Boolean
                            || value instanceof Long
                            || value instanceof Double
                            || value instanceof String
                            || value instanceof LocalDate
                            || value instanceof LocalDateTime)) {
                throw new IllegalArgumentException("unsupported literal class " + value.getClass());
            }
        }

        public static Literal of(Object value) {
            if (value instanceof Integer i) {
                value = i.longValue();
            }
            return new Literal(value, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && Objects.equals(value, l.value);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(value);
        }
    }

    /** A column reference; {@code path} has more than one element for nested struct fields. */
    record Column(List<String> path, int position) implements Expression {
        public Column {
            path = List.copyOf(path);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty column path");
            }
        }

        public static Column of(String... path) {
            return new Column(List.of(path), 0);
        }

        /** The path joined with dots, unquoted (for messages). */
        public String dotted() {
            return String.join(".", path);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Column c && path.equals(c.path);
        }

        @Override
        public int hashCode() {
            return path.hashCode();
        }
    }

    /** {@code NOT operand} (three-valued). */
    record Not(Expression operand, int position) implements Expression {
        public Not {
            Objects.requireNonNull(operand);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Not n && operand.equals(n.operand);
        }

        @Override
        public int hashCode() {
            return 31 + operand.hashCode();
        }
    }

    /** Arithmetic negation {@code -operand}. */
    record Negate(Expression operand, int position) implements Expression {
        public Negate {
            Objects.requireNonNull(operand);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Negate n && operand.equals(n.operand);
        }

        @Override
        public int hashCode() {
            return 37 + operand.hashCode();
        }
    }

    /** {@code left op right}; position is that of the operator. */
    record Binary(BinaryOp op, Expression left, Expression right, int position) implements Expression {
        public Binary {
            Objects.requireNonNull(op);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && op == b.op && left.equals(b.left) && right.equals(b.right);
        }

        @Override
        public int hashCode() {
            return Objects.hash(op, left, right);
        }
    }

    /** {@code operand IS [NOT] NULL|TRUE|FALSE|UNKNOWN}; never evaluates to NULL. */
    record Is(Expression operand, IsKind kind, boolean negated, int position) implements Expression {
        public Is {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(kind);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Is i && kind == i.kind && negated == i.negated && operand.equals(i.operand);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operand, kind, negated);
        }
    }

    /** {@code operand [NOT] IN (list...)}; the list is non-empty. */
    record InList(Expression operand, List<Expression> list, boolean negated, int position) implements Expression {
        public InList {
            Objects.requireNonNull(operand);
            list = List.copyOf(list);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("empty IN list");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InList i && negated == i.negated && operand.equals(i.operand) && list.equals(i.list);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operand, list, negated);
        }
    }

    /** {@code operand [NOT] BETWEEN low AND high} (inclusive on both ends). */
    record Between(Expression operand, Expression low, Expression high, boolean negated, int position)
            implements Expression {
        public Between {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(low);
            Objects.requireNonNull(high);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Between b
                    && negated == b.negated
                    && operand.equals(b.operand)
                    && low.equals(b.low)
                    && high.equals(b.high);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operand, low, high, negated);
        }
    }

    /**
     * {@code operand [NOT] LIKE|ILIKE pattern [ESCAPE 'c']}. {@code %} matches any sequence, {@code
     * _} any single character; {@code escape} (default backslash when null) makes the next pattern
     * character literal.
     */
    record Like(
            Expression operand,
            Expression pattern,
            boolean negated,
            boolean caseInsensitive,
            Character escape,
            int position)
            implements Expression {
        public Like {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(pattern);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Like l
                    && negated == l.negated
                    && caseInsensitive == l.caseInsensitive
                    && Objects.equals(escape, l.escape)
                    && operand.equals(l.operand)
                    && pattern.equals(l.pattern);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operand, pattern, negated, caseInsensitive, escape);
        }
    }

    /**
     * {@code CAST(operand AS type)} (also written {@code operand::type}). {@code type} is one of
     * Bool, Int (any width/sign), FloatingPoint (single/double), Utf8, Binary, Date(DAY),
     * Timestamp(any unit, any tz) or Decimal(p, s, 128).
     */
    record Cast(Expression operand, ArrowType type, int position) implements Expression {
        public Cast {
            Objects.requireNonNull(operand);
            SqlTypes.checkCastTarget(type);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cast c && type.equals(c.type) && operand.equals(c.operand);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operand, type);
        }
    }
}
