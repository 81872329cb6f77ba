package dev.plainlance.lance.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Hand-written lexer and precedence-climbing (Pratt) parser for the SQL expression subset. */
final class Parser {

    enum Kind {
        IDENT,
        QUOTED_IDENT,
        STRING,
        INTEGER,
        DECIMAL,
        SYMBOL,
        EOF
    }

    /** A token; {@code pos} is the 1-based position of its first character. */
    record Token(Kind kind, String text, int pos) {
        boolean is(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }

        boolean sym(String s) {
            return kind == Kind.SYMBOL && text.equals(s);
        }

        String display() {
            switch (kind) {
                case EOF:
                    return "end of input";
                case STRING:
                    return "string '" + text + "'";
                case QUOTED_IDENT:
                    return "identifier \"" + text + "\"";
                default:
                    return "token '" + text + "'";
            }
        }
    }

    private final String sql;
    private final List<Token> tokens;
    private int index;

    private Parser(String sql) {
        this.sql = sql;
        this.tokens = lex(sql);
    }

    static Expression parse(String sql) {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        Parser p = new Parser(sql);
        if (p.peek().kind == Kind.EOF) {
            throw p.error("empty expression", p.peek().pos);
        }
        Expression e = p.expr(0);
        if (p.peek().kind != Kind.EOF) {
            throw p.error("unexpected " + p.peek().display(), p.peek().pos);
        }
        return e;
    }

    private ExpressionParseException error(String detail, int pos) {
        return new ExpressionParseException(detail, pos, sql);
    }

    // ---------------------------------------------------------------- lexer

    private List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start + 1));
            } else if (c == '"' || c == '`' || c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw error(
                                c == '\'' ? "unterminated string literal" : "unterminated quoted identifier",
                                start + 1);
                    }
                    char d = s.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && s.charAt(i + 1) == c) {
                            sb.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                if (c != '\'' && sb.length() == 0) {
                    throw error("empty quoted identifier", start + 1);
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_IDENT, sb.toString(), start + 1));
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                boolean decimal = false;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '.') {
                    decimal = true;
                    i++;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int j = i + 1;
                    if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && isDigit(s.charAt(j))) {
                        decimal = true;
                        i = j;
                        while (i < n && isDigit(s.charAt(i))) {
                            i++;
                        }
                    } else {
                        throw error("malformed number exponent", i + 1);
                    }
                }
                if (i < n && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                    throw error("malformed number '" + s.substring(start, i + 1) + "'", start + 1);
                }
                out.add(new Token(decimal ? Kind.DECIMAL : Kind.INTEGER, s.substring(start, i), start + 1));
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                String sym;
                switch (two) {
                    case "<=":
                    case ">=":
                    case "<>":
                    case "!=":
                    case "==":
                    case "::":
                        sym = two;
                        break;
                    default:
                        if ("=<>+-*/%(),.".indexOf(c) >= 0) {
                            sym = String.valueOf(c);
                        } else {
                            throw error("unexpected character '" + c + "'", start + 1);
                        }
                }
                i += sym.length();
                out.add(new Token(Kind.SYMBOL, sym, start + 1));
            }
        }
        out.add(new Token(Kind.EOF, "", n + 1));
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ---------------------------------------------------------------- parser

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind != Kind.EOF) {
            index++;
        }
        return t;
    }

    private Token expectSymbol(String s) {
        Token t = peek();
        if (!t.sym(s)) {
            throw error("expected '" + s + "' but found " + t.display(), t.pos);
        }
        return next();
    }

    private Token expectKeyword(String k) {
        Token t = peek();
        if (!t.is(k)) {
            throw error("expected " + k + " but found " + t.display(), t.pos);
        }
        return next();
    }

    /** Precedence of the infix/postfix operator at the cursor, or -1 if there is none. */
    private int infixPrecedence() {
        Token t = peek();
        if (t.kind == Kind.SYMBOL) {
            switch (t.text) {
                case "=":
                case "==":
                case "!=":
                case "<>":
                case "<":
                case "<=":
                case ">":
                case ">=":
                    return 20;
                case "+":
                case "-":
                    return 30;
                case "*":
                case "/":
                case "%":
                    return 40;
                case "::":
                    return 60;
                default:
                    return -1;
            }
        }
        if (t.kind != Kind.IDENT) {
            return -1;
        }
        String k = t.text.toUpperCase(Locale.ROOT);
        switch (k) {
            case "OR":
                return 5;
            case "AND":
                return 10;
            case "IS":
                return 17;
            case "IN":
            case "BETWEEN":
            case "LIKE":
            case "ILIKE":
                return 20;
            case "NOT": {
                Token n = peek(1);
                if (n.is("IN") || n.is("BETWEEN") || n.is("LIKE") || n.is("ILIKE")) {
                    return 20;
                }
                return -1;
            }
            default:
                return -1;
        }
    }

    private static final int MAX_NESTING = 256;
    private int nesting;

    private Expression expr(int minPrec) {
        if (++nesting > MAX_NESTING) {
            throw error("expression nested too deeply (more than " + MAX_NESTING + " levels)", peek().pos);
        }
        try {
            return exprUnchecked(minPrec);
        } finally {
            nesting--;
        }
    }

    private Expression exprUnchecked(int minPrec) {
        Expression left = prefix();
        while (true) {
            int p = infixPrecedence();
            if (p <= minPrec) {
                return left;
            }
            left = infix(left, p);
        }
    }

    private Expression prefix() {
        Token t = peek();
        if (t.is("NOT")) {
            next();
            return new Expression.Not(expr(SqlWriter.PREC_NOT), t.pos);
        }
        if (t.sym("-") || t.sym("+")) {
            next();
            Token n = peek();
            if (n.kind == Kind.INTEGER || n.kind == Kind.DECIMAL) {
                next();
                return number(n, t.sym("-"));
            }
            Expression operand = expr(SqlWriter.PREC_UNARY_MINUS);
            return t.sym("-") ? new Expression.Negate(operand, t.pos) : operand;
        }
        return primary();
    }

    private Expression number(Token n, boolean negative) {
        int pos = negative ? n.pos - 1 : n.pos;
        if (n.kind == Kind.INTEGER) {
            String digits = negative ? "-" + n.text : n.text;
            try {
                return new Expression.Literal(Long.parseLong(digits), pos);
            } catch (NumberFormatException e) {
                throw error("integer literal " + digits + " out of range for int64", n.pos);
            }
        }
        double d = Double.parseDouble(n.text);
        if (Double.isInfinite(d)) {
            throw error("numeric literal " + n.text + " out of range for float64", n.pos);
        }
        return new Expression.Literal(negative ? -d : d, pos);
    }

    private Expression primary() {
        Token t = next();
        switch (t.kind) {
            case INTEGER:
            case DECIMAL:
                return number(t, false);
            case STRING:
                return new Expression.Literal(t.text, t.pos);
            case QUOTED_IDENT:
                return columnPath(t);
            case SYMBOL:
                if (t.text.equals("(")) {
                    Expression e = expr(0);
                    expectSymbol(")");
                    return e;
                }
                throw error("unexpected " + t.display(), t.pos);
            case EOF:
                throw error("unexpected end of input", t.pos);
            default:
                break;
        }
        // unquoted identifier or keyword
        String k = t.text.toUpperCase(Locale.ROOT);
        switch (k) {
            case "TRUE":
                return new Expression.Literal(Boolean.TRUE, t.pos);
            case "FALSE":
                return new Expression.Literal(Boolean.FALSE, t.pos);
            case "NULL":
                return new Expression.Literal(null, t.pos);
            case "CAST":
                if (peek().sym("(")) {
                    next();
                    Expression operand = expr(0);
                    expectKeyword("AS");
                    ArrowType type = type();
                    expectSymbol(")");
                    return new Expression.Cast(operand, type, t.pos);
                }
                break;
            case "DATE":
                if (peek().kind == Kind.STRING) {
                    Token s = next();
                    LocalDate d = Temporals.parseDate(s.text);
                    if (d == null) {
                        throw error("invalid date literal '" + s.text + "' (expected YYYY-MM-DD)", s.pos);
                    }
                    return new Expression.Literal(d, t.pos);
                }
                break;
            case "TIMESTAMP":
                if (peek().kind == Kind.STRING) {
                    Token s = next();
                    LocalDateTime ts = Temporals.parseTimestamp(s.text);
                    if (ts == null) {
                        throw error(
                                "invalid timestamp literal '"
                                        + s.text
                                        + "' (expected YYYY-MM-DD[ HH:MM:SS[.fffffffff]][Z|+HH:MM])",
                                s.pos);
                    }
                    return new Expression.Literal(ts, t.pos);
                }
                break;
            default:
                break;
        }
        if (SqlWriter.RESERVED.contains(k)
                && !k.equals("DATE")
                && !k.equals("TIMESTAMP")
                && !k.equals("CAST")
                && !k.equals("UNKNOWN")) {
            throw error("unexpected keyword " + k, t.pos);
        }
        return columnPath(t);
    }

    private Expression columnPath(Token first) {
        if (first.kind == Kind.IDENT && peek().sym("(")) {
            throw error("function calls are not supported: " + first.text + "(...)", first.pos);
        }
        List<String> path = new ArrayList<>();
        path.add(first.text);
        while (peek().sym(".")) {
            next();
            Token part = next();
            if (part.kind != Kind.IDENT && part.kind != Kind.QUOTED_IDENT) {
                throw error("expected field name after '.' but found " + part.display(), part.pos);
            }
            path.add(part.text);
        }
        return new Expression.Column(path, first.pos);
    }

    private Expression infix(Expression left, int prec) {
        Token t = next();
        if (t.kind == Kind.SYMBOL) {
            switch (t.text) {
                case "::":
                    return new Expression.Cast(left, type(), t.pos);
                default: {
                    Expression.BinaryOp op = symbolOp(t.text);
                    return new Expression.Binary(op, left, expr(prec), t.pos);
                }
            }
        }
        String k = t.text.toUpperCase(Locale.ROOT);
        switch (k) {
            case "OR":
                return new Expression.Binary(Expression.BinaryOp.OR, left, expr(prec), t.pos);
            case "AND":
                return new Expression.Binary(Expression.BinaryOp.AND, left, expr(prec), t.pos);
            case "IS": {
                boolean negated = false;
                if (peek().is("NOT")) {
                    next();
                    negated = true;
                }
                Token w = next();
                for (Expression.IsKind kind : Expression.IsKind.values()) {
                    if (w.is(kind.name())) {
                        return new Expression.Is(left, kind, negated, t.pos);
                    }
                }
                throw error(
                        "expected NULL, TRUE, FALSE or UNKNOWN after IS"
                                + (negated ? " NOT" : "")
                                + " but found "
                                + w.display(),
                        w.pos);
            }
            case "NOT": {
                Token w = next();
                return predicate(left, w, true, t.pos);
            }
            default:
                return predicate(left, t, false, t.pos);
        }
    }

    private Expression predicate(Expression left, Token w, boolean negated, int pos) {
        String k = w.text.toUpperCase(Locale.ROOT);
        switch (k) {
            case "IN": {
                expectSymbol("(");
                if (peek().sym(")")) {
                    throw error("IN list must not be empty", peek().pos);
                }
                List<Expression> list = new ArrayList<>();
                list.add(expr(0));
                while (peek().sym(",")) {
                    next();
                    list.add(expr(0));
                }
                expectSymbol(")");
                return new Expression.InList(left, list, negated, pos);
            }
            case "BETWEEN": {
                Expression low = expr(SqlWriter.PREC_PREDICATE);
                expectKeyword("AND");
                Expression high = expr(SqlWriter.PREC_PREDICATE);
                return new Expression.Between(left, low, high, negated, pos);
            }
            case "LIKE":
            case "ILIKE": {
                Expression pattern = expr(SqlWriter.PREC_PREDICATE);
                Character escape = null;
                if (peek().is("ESCAPE")) {
                    next();
                    Token e = next();
                    if (e.kind != Kind.STRING || e.text.length() != 1) {
                        throw error("ESCAPE must be followed by a one-character string", e.pos);
                    }
                    escape = e.text.charAt(0);
                }
                return new Expression.Like(left, pattern, negated, k.equals("ILIKE"), escape, pos);
            }
            default:
                throw error("unexpected " + w.display(), w.pos);
        }
    }

    private static Expression.BinaryOp symbolOp(String s) {
        switch (s) {
            case "=":
            case "==":
                return Expression.BinaryOp.EQ;
            case "!=":
            case "<>":
                return Expression.BinaryOp.NE;
            case "<":
                return Expression.BinaryOp.LT;
            case "<=":
                return Expression.BinaryOp.LE;
            case ">":
                return Expression.BinaryOp.GT;
            case ">=":
                return Expression.BinaryOp.GE;
            case "+":
                return Expression.BinaryOp.ADD;
            case "-":
                return Expression.BinaryOp.SUB;
            case "*":
                return Expression.BinaryOp.MUL;
            case "/":
                return Expression.BinaryOp.DIV;
            case "%":
                return Expression.BinaryOp.MOD;
            default:
                throw new IllegalStateException(s);
        }
    }

    private ArrowType type() {
        Token t = next();
        if (t.kind != Kind.IDENT) {
            throw error("expected a type name but found " + t.display(), t.pos);
        }
        StringBuilder name = new StringBuilder(t.text.toUpperCase(Locale.ROOT));
        if (name.toString().equals("DOUBLE") && peek().is("PRECISION")) {
            next();
            name.append(" PRECISION");
        } else if (name.toString().equals("CHARACTER") && peek().is("VARYING")) {
            next();
            name.append(" VARYING");
        }
        List<Integer> args = new ArrayList<>();
        if (peek().sym("(")) {
            next();
            while (true) {
                Token a = next();
                if (a.kind != Kind.INTEGER) {
                    throw error("expected an integer type argument but found " + a.display(), a.pos);
                }
                try {
                    args.add(Integer.parseInt(a.text));
                } catch (NumberFormatException e) {
                    throw error("type argument " + a.text + " too large", a.pos);
                }
                if (peek().sym(",")) {
                    next();
                    continue;
                }
                expectSymbol(")");
                break;
            }
        }
        if (peek().is("UNSIGNED")) {
            next();
            name.append(" UNSIGNED");
        } else if (name.toString().equals("TIMESTAMP") && (peek().is("WITH") || peek().is("WITHOUT"))) {
            name.append(' ').append(next().text.toUpperCase(Locale.ROOT));
            expectKeyword("TIME");
            expectKeyword("ZONE");
            name.append(" TIME ZONE");
        }
        ArrowType type = SqlTypes.fromName(name.toString(), args);
        if (type == null) {
            throw error("unsupported type " + name + (args.isEmpty() ? "" : args.toString()), t.pos);
        }
        return type;
    }
}
