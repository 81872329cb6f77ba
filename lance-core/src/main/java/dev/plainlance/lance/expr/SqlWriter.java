package dev.plainlance.lance.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Canonical SQL printing of {@link Expression} trees (precedence-aware, minimal parentheses). */
final class SqlWriter {
    private SqlWriter() {}

    /** Words that must be quoted when used as identifiers. */
    static final Set<String> RESERVED = Set.of(
            "AND",
            "OR",
            "NOT",
            "NULL",
            "TRUE",
            "FALSE",
            "IS",
            "IN",
            "BETWEEN",
            "LIKE",
            "ILIKE",
            "ESCAPE",
            "CAST",
            "AS",
            "DATE",
            "TIMESTAMP",
            "UNKNOWN");

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    static final int PREC_NOT = 15;
    static final int PREC_IS = 17;
    static final int PREC_PREDICATE = 20;
    static final int PREC_UNARY_MINUS = 50;
    static final int PREC_ATOM = 100;

    static String write(Expression e) {
        StringBuilder sb = new StringBuilder();
        write(e, sb);
        return sb.toString();
    }

    static int precedence(Expression e) {
        if (e instanceof Expression.Binary b) {
            return b.op().precedence();
        } else if (e instanceof Expression.Not) {
            return PREC_NOT;
        } else if (e instanceof Expression.Is) {
            return PREC_IS;
        } else if (e instanceof Expression.InList || e instanceof Expression.Between || e instanceof Expression.Like) {
            return PREC_PREDICATE;
        } else if (e instanceof Expression.Negate) {
            return PREC_UNARY_MINUS;
        }
        return PREC_ATOM;
    }

    private static void child(Expression e, boolean parens, StringBuilder sb) {
        if (parens) {
            sb.append('(');
        }
        write(e, sb);
        if (parens) {
            sb.append(')');
        }
    }

    private static void write(Expression e, StringBuilder sb) {
        if (e instanceof Expression.Literal l) {
            literal(l.value(), sb);
        } else if (e instanceof Expression.Column c) {
            for (int i = 0; i < c.path().size(); i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(identifier(c.path().get(i)));
            }
        } else if (e instanceof Expression.Binary b) {
            // Walk the left spine iteratively so long chains (a OR b OR c ...) do not recurse
            // deeply.
            java.util.ArrayDeque<Expression.Binary> spine = new java.util.ArrayDeque<>();
            Expression cur = b;
            while (cur instanceof Expression.Binary cb) {
                spine.push(cb);
                Expression l = cb.left();
                if (!(l instanceof Expression.Binary lb)
                        || lb.op().precedence() < cb.op().precedence()) {
                    break;
                }
                cur = l;
            }
            Expression.Binary bottom = spine.peek();
            child(bottom.left(), precedence(bottom.left()) < bottom.op().precedence(), sb);
            while (!spine.isEmpty()) {
                Expression.Binary x = spine.pop();
                sb.append(' ').append(x.op().sql()).append(' ');
                child(x.right(), precedence(x.right()) <= x.op().precedence(), sb);
            }
        } else if (e instanceof Expression.Not n) {
            sb.append("NOT ");
            child(n.operand(), precedence(n.operand()) < PREC_NOT, sb);
        } else if (e instanceof Expression.Negate n) {
            Expression o = n.operand();
            boolean numericLiteral =
                    o instanceof Expression.Literal l && (l.value() instanceof Long || l.value() instanceof Double);
            sb.append('-');
            child(o, numericLiteral || o instanceof Expression.Negate || precedence(o) < PREC_UNARY_MINUS, sb);
        } else if (e instanceof Expression.Is i) {
            child(i.operand(), precedence(i.operand()) < PREC_IS, sb);
            sb.append(i.negated() ? " IS NOT " : " IS ").append(i.kind().name());
        } else if (e instanceof Expression.InList in) {
            child(in.operand(), precedence(in.operand()) < PREC_PREDICATE, sb);
            sb.append(in.negated() ? " NOT IN (" : " IN (");
            for (int k = 0; k < in.list().size(); k++) {
                if (k > 0) {
                    sb.append(", ");
                }
                write(in.list().get(k), sb);
            }
            sb.append(')');
        } else if (e instanceof Expression.Between b) {
            child(b.operand(), precedence(b.operand()) < PREC_PREDICATE, sb);
            sb.append(b.negated() ? " NOT BETWEEN " : " BETWEEN ");
            child(b.low(), precedence(b.low()) <= PREC_PREDICATE, sb);
            sb.append(" AND ");
            child(b.high(), precedence(b.high()) <= PREC_PREDICATE, sb);
        } else if (e instanceof Expression.Like l) {
            child(l.operand(), precedence(l.operand()) < PREC_PREDICATE, sb);
            sb.append(l.negated() ? " NOT " : " ").append(l.caseInsensitive() ? "ILIKE " : "LIKE ");
            child(l.pattern(), precedence(l.pattern()) <= PREC_PREDICATE, sb);
            if (l.escape() != null) {
                sb.append(" ESCAPE ");
                string(String.valueOf(l.escape()), sb);
            }
        } else if (e instanceof Expression.Cast c) {
            sb.append("CAST(");
            write(c.operand(), sb);
            sb.append(" AS ").append(SqlTypes.toSql(c.type())).append(')');
        } else {
            throw new IllegalStateException("unknown node " + e);
        }
    }

    static String identifier(String name) {
        if (PLAIN.matcher(name).matches() && !RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static void literal(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("NULL");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "TRUE" : "FALSE");
        } else if (v instanceof Long l) {
            sb.append(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                // Not expressible as a numeric literal; a cast from string is.
                sb.append("CAST(");
                string(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity", sb);
                sb.append(" AS DOUBLE)");
            } else {
                sb.append(Double.toString(d));
            }
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof LocalDate d) {
            sb.append("DATE ");
            string(d.toString(), sb);
        } else if (v instanceof LocalDateTime t) {
            sb.append("TIMESTAMP ");
            string(Temporals.formatTimestamp(t, ' '), sb);
        } else {
            throw new IllegalStateException("unsupported literal " + v.getClass());
        }
    }

    static void string(String s, StringBuilder sb) {
        sb.append('\'').append(s.replace("'", "''")).append('\'');
    }
}
