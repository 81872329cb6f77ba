package dev.plainlance.graph.query;

import dev.plainlance.graph.query.Token.Kind;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses {@code .gq} query source (the Omnigraph query language with plainlance's {@link Extension}s; see
 * {@code graph/README.md}). A hand-written recursive-descent parser: the first syntax error stops parsing; errors
 * that leave the shape intact (a bad literal, an unknown parameter type, a duplicate name) are all collected and
 * reported together. Types are not checked here; see {@link QueryChecker}.
 */
public final class QueryParser {
    private static final Set<String> SEARCH_FUNCTIONS = Set.of("search", "fuzzy", "match_text", "bm25", "rrf");

    private final List<Token> tokens;
    private final Diagnostics diagnostics;
    private int at;

    private QueryParser(List<Token> tokens, Diagnostics diagnostics) {
        this.tokens = tokens;
        this.diagnostics = diagnostics;
    }

    /**
     * Parses a {@code .gq} file of zero or more queries.
     *
     * @param fileName named in errors
     * @throws QueryException listing every problem found, each with line, column and caret
     */
    public static QueryFile parse(String source, String fileName) {
        Diagnostics diagnostics = new Diagnostics(source, fileName);
        List<Token> tokens = Lexer.tokenize(source, diagnostics);
        List<Ast.Query> queries = new QueryParser(tokens, diagnostics).file();
        diagnostics.throwIfAny();
        return new QueryFile(fileName, source, queries);
    }

    private List<Ast.Query> file() {
        List<Ast.Query> queries = new ArrayList<>();
        Map<String, Ast.Name> names = new HashMap<>();
        while (!peek().is(Kind.EOF)) {
            if (!peek().isWord("query")) {
                throw syntax(peek(), "expected 'query'");
            }
            Ast.Query q = query();
            Ast.Name earlier = names.putIfAbsent(q.name().text(), q.name());
            if (earlier != null) {
                diagnostics.error(
                        q.name().pos(),
                        QueryErrorCode.DUPLICATE_QUERY,
                        "query '" + q.name().text() + "' is already declared at line "
                                + earlier.pos().line());
            }
            queries.add(q);
        }
        return queries;
    }

    private Ast.Query query() {
        next();
        Ast.Name name = name("a query name");
        expect(Kind.LPAREN, "'(' after the query name");
        List<Ast.Param> params = new ArrayList<>();
        if (!peek().is(Kind.RPAREN)) {
            do {
                Ast.Param p = param();
                if (params.stream()
                        .anyMatch(o -> o.name().name().equals(p.name().name()))) {
                    diagnostics.error(
                            p.name().pos(),
                            QueryErrorCode.DUPLICATE_PARAMETER,
                            "parameter '$" + p.name().name() + "' is declared twice");
                }
                params.add(p);
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RPAREN, "')' closing the parameters");
        String description = null;
        String instruction = null;
        while (peek().is(Kind.AT)) {
            Token at = next();
            Token annotation = expect(Kind.WORD, "an annotation name after '@'");
            expect(Kind.LPAREN, "'(' after @" + annotation.text());
            String text = expect(Kind.STRING, "a string").text();
            expect(Kind.RPAREN, "')' closing @" + annotation.text() + "(");
            if (annotation.text().equals("description") && description == null) {
                description = text;
            } else if (annotation.text().equals("instruction") && instruction == null) {
                instruction = text;
            } else {
                boolean known = annotation.text().equals("description")
                        || annotation.text().equals("instruction");
                diagnostics.error(
                        at.pos(),
                        QueryErrorCode.QUERY_ANNOTATION,
                        known
                                ? "query '" + name.text() + "' has a second @" + annotation.text()
                                : "unknown query annotation @" + annotation.text()
                                        + " (a query takes @description and @instruction)");
            }
        }
        expect(Kind.LBRACE, "'{' opening the query body");
        Ast.Body body;
        Token t = peek();
        if (t.isWord("match")) {
            body = read();
        } else if (isStatementStart(t)) {
            List<Ast.Statement> statements = new ArrayList<>();
            while (isStatementStart(peek())) {
                statements.add(statement());
            }
            body = new Ast.Mutation(statements);
        } else {
            throw syntax(t, "expected 'match', 'insert', 'update' or 'delete'");
        }
        expect(Kind.RBRACE, "'}' closing the query body");
        return new Ast.Query(name, params, description, instruction, body);
    }

    private Ast.Param param() {
        Ast.Var var = variable("a parameter such as $name");
        expect(Kind.COLON, "':' after the parameter");
        Token start = peek();
        PropertyType type = paramType();
        boolean optional = accept(Kind.QUESTION);
        return new Ast.Param(var, type, optional, start.pos());
    }

    /** {@code String | I32 | ... | [T] | Vector(n)}; null (reported) when not a parameter type. */
    private PropertyType paramType() {
        if (accept(Kind.LBRACKET)) {
            Token element = expect(Kind.WORD, "a list element type");
            expect(Kind.RBRACKET, "']' closing the list type");
            ScalarKind kind = ScalarKind.fromSourceName(element.text()).orElse(null);
            if (kind == null || kind == ScalarKind.BLOB) {
                diagnostics.error(
                        element.pos(),
                        QueryErrorCode.PARAMETER_TYPE,
                        "'" + element.text() + "' is not a list element type (a scalar other than Blob)");
                return null;
            }
            return new PropertyType.ListOf(kind);
        }
        Token word = expect(Kind.WORD, "a parameter type");
        if (word.text().equals("Vector")) {
            expect(Kind.LPAREN, "'(' after Vector");
            Token dim = expect(Kind.NUMBER, "the vector dimension");
            expect(Kind.RPAREN, "')' closing Vector(");
            long n = integer(dim, 1, Integer.MAX_VALUE, "a Vector dimension");
            return n < 1 ? null : new PropertyType.Vector((int) n);
        }
        ScalarKind kind = ScalarKind.fromSourceName(word.text()).orElse(null);
        if (kind == null) {
            diagnostics.error(
                    word.pos(),
                    QueryErrorCode.PARAMETER_TYPE,
                    "unknown parameter type '" + word.text() + "' (parameters take String, Bool, I32, I64, U32, U64,"
                            + " F32, F64, Date, DateTime, Blob, [T] or Vector(n))");
            return null;
        }
        return new PropertyType.Scalar(kind);
    }

    // ---- reads

    private Ast.Read read() {
        next();
        List<Ast.Clause> match = block("the match block");
        expectWord("return", "'return' after the match block");
        expect(Kind.LBRACE, "'{' after 'return'");
        List<Ast.Projection> projections = new ArrayList<>();
        do {
            Ast.Expr e = expr();
            Ast.Name alias = null;
            if (peek().isWord("as")) {
                next();
                alias = name("an alias after 'as'");
            }
            projections.add(new Ast.Projection(e, alias));
            accept(Kind.COMMA);
        } while (!accept(Kind.RBRACE));
        List<Ast.Ordering> order = new ArrayList<>();
        if (peek().isWord("order")) {
            next();
            expect(Kind.LBRACE, "'{' after 'order'");
            do {
                Ast.Expr e = expr();
                boolean descending = false;
                if (peek().isWord("asc") || peek().isWord("desc")) {
                    descending = next().text().equals("desc");
                }
                order.add(new Ast.Ordering(e, descending));
                accept(Kind.COMMA);
            } while (!accept(Kind.RBRACE));
        }
        OptionalLong limit = OptionalLong.empty();
        if (peek().isWord("limit")) {
            next();
            Token n = expect(Kind.NUMBER, "a number after 'limit'");
            limit = OptionalLong.of(Math.max(0, integer(n, 0, Long.MAX_VALUE, "a limit")));
        }
        return new Ast.Read(match, projections, order, limit);
    }

    /** {@code '{' clause+ '}'}. */
    private List<Ast.Clause> block(String what) {
        expect(Kind.LBRACE, "'{' opening " + what);
        List<Ast.Clause> clauses = new ArrayList<>();
        do {
            clauses.add(clause());
        } while (!accept(Kind.RBRACE));
        return clauses;
    }

    private Ast.Clause clause() {
        Token t = peek();
        if ((t.isWord("not") || t.isWord("optional")) && peek(1).is(Kind.LBRACE)) {
            next();
            List<Ast.Clause> inner = block("the " + t.text() + " block");
            return t.text().equals("not") ? new Ast.Not(inner, t.pos()) : new Ast.OptionalMatch(inner, t.pos());
        }
        if (t.is(Kind.VARIABLE)) {
            if (peek(1).is(Kind.COLON)) {
                return binding();
            }
            if (peek(1).is(Kind.EQ) && peek(2).isWord("shortest") && peek(3).is(Kind.LPAREN)) {
                return shortestPath();
            }
            if (traversalAhead()) {
                return traversal();
            }
        }
        if (t.is(Kind.RBRACE)) {
            throw syntax(t, "expected a clause");
        }
        Ast.Expr left = expr();
        Ast.Op op = filterOp();
        Ast.Expr right = expr();
        return new Ast.Filter(left, op, right);
    }

    private Ast.Binding binding() {
        Ast.Var var = variable("a variable");
        expect(Kind.COLON, "':'");
        Ast.Name type = typeName("a node type name");
        List<Ast.PropertyMatch> matches = new ArrayList<>();
        if (accept(Kind.LBRACE)) {
            while (!accept(Kind.RBRACE)) {
                Ast.Name property = name("a property name");
                expect(Kind.COLON, "':' after the property name");
                matches.add(new Ast.PropertyMatch(property, value()));
                accept(Kind.COMMA);
            }
        }
        return new Ast.Binding(var, type, matches);
    }

    /**
     * Whether the tokens from here read {@code $v [$w:] (word | <word>) [{..}] $v}: a traversal. As in Omnigraph,
     * {@code $a contains $b} is a traversal over an edge named {@code contains}.
     */
    private boolean traversalAhead() {
        int k = 1;
        if (peek(k).is(Kind.VARIABLE) && peek(k + 1).is(Kind.COLON)) {
            k += 2;
        }
        if (peek(k).is(Kind.LT) && peek(k + 1).is(Kind.WORD) && peek(k + 2).is(Kind.GT)) {
            k += 3;
        } else if (peek(k).is(Kind.WORD) && !peek(k).text().equals("not")) {
            k++;
        } else {
            return false;
        }
        if (peek(k).is(Kind.LBRACE)) {
            while (!peek(k).is(Kind.RBRACE) && !peek(k).is(Kind.EOF)) {
                k++;
            }
            k++;
        }
        return peek(k).is(Kind.VARIABLE) && !peek(k + 1).is(Kind.DOT);
    }

    private Ast.Traversal traversal() {
        Ast.Var source = variable("a variable");
        Ast.Var edgeVariable = null;
        if (peek().is(Kind.VARIABLE)) {
            edgeVariable = variable("an edge variable");
            expect(Kind.COLON, "':' after the edge variable");
        }
        boolean undirected = accept(Kind.LT);
        Ast.Name edge = edgeName();
        if (undirected) {
            expect(Kind.GT, "'>' closing the undirected edge");
        }
        Ast.Bounds bounds = peek().is(Kind.LBRACE) ? bounds() : null;
        Ast.Var target = variable("the target variable");
        return new Ast.Traversal(source, edgeVariable, edge, undirected, bounds, target);
    }

    /** {@code $path = shortest($a [<]edge[>][{min,max}] $b [, weight: prop])}. */
    private Ast.ShortestPath shortestPath() {
        Ast.Var path = variable("a path variable");
        expect(Kind.EQ, "'='");
        next();
        expect(Kind.LPAREN, "'(' after 'shortest'");
        Ast.Var source = variable("the source variable");
        boolean undirected = accept(Kind.LT);
        Ast.Name edge = edgeName();
        if (undirected) {
            expect(Kind.GT, "'>' closing the undirected edge");
        }
        Ast.Bounds bounds = peek().is(Kind.LBRACE) ? bounds() : null;
        Ast.Var target = variable("the target variable");
        Ast.Name weight = null;
        if (accept(Kind.COMMA)) {
            expectWord("weight", "'weight' after ','");
            expect(Kind.COLON, "':' after 'weight'");
            weight = name("an edge property name");
        }
        expect(Kind.RPAREN, "')' closing shortest(");
        return new Ast.ShortestPath(path, source, edge, undirected, bounds, target, weight);
    }

    private Ast.Name edgeName() {
        Token t = expect(Kind.WORD, "an edge name");
        if (!startsLower(t.text())) {
            diagnostics.error(
                    t.pos(),
                    QueryErrorCode.SYNTAX,
                    "an edge is written with a lowercase initial in a query: '"
                            + Character.toLowerCase(t.text().charAt(0))
                            + t.text().substring(1) + "'");
        }
        return new Ast.Name(t.text(), t.pos());
    }

    /** {@code '{' min ',' [max] '}'}. */
    private Ast.Bounds bounds() {
        Token open = expect(Kind.LBRACE, "'{'");
        Token min = expect(Kind.NUMBER, "the minimum number of hops");
        expect(Kind.COMMA, "',' after the minimum number of hops");
        Integer max = null;
        if (peek().is(Kind.NUMBER)) {
            max = (int) Math.max(0, integer(next(), 0, Integer.MAX_VALUE, "a hop bound"));
        }
        expect(Kind.RBRACE, "'}' closing the hop bounds");
        return new Ast.Bounds((int) Math.max(0, integer(min, 0, Integer.MAX_VALUE, "a hop bound")), max, open.pos());
    }

    private Ast.Op filterOp() {
        Token t = peek();
        if (t.isWord("contains")) {
            next();
            return Ast.Op.CONTAINS;
        }
        if (t.isWord("starts_with")) {
            next();
            return Ast.Op.STARTS_WITH;
        }
        return comparison("an operator (=, !=, <, <=, >, >=, contains, starts_with)");
    }

    private Ast.Op comparison(String expected) {
        Token t = peek();
        Ast.Op op =
                switch (t.kind()) {
                    case EQ -> Ast.Op.EQ;
                    case NE -> Ast.Op.NE;
                    case LT -> Ast.Op.LT;
                    case LE -> Ast.Op.LE;
                    case GT -> Ast.Op.GT;
                    case GE -> Ast.Op.GE;
                    default -> throw syntax(t, "expected " + expected);
                };
        next();
        return op;
    }

    // ---- expressions

    private Ast.Expr expr() {
        Token t = peek();
        switch (t.kind()) {
            case VARIABLE -> {
                Ast.Var var = variable("a variable");
                if (accept(Kind.DOT)) {
                    return new Ast.PropertyAccess(var, name("a property name after '.'"));
                }
                return new Ast.VariableRef(var);
            }
            case STRING, NUMBER, LBRACKET -> {
                return literal();
            }
            case WORD -> {
                return wordExpr();
            }
            default -> throw syntax(t, "expected an expression");
        }
    }

    private Ast.Expr wordExpr() {
        Token t = peek();
        String w = t.text();
        if (w.equals("true") || w.equals("false")) {
            return literal();
        }
        if (!peek(1).is(Kind.LPAREN)) {
            next();
            return new Ast.AliasRef(new Ast.Name(w, t.pos()));
        }
        switch (w) {
            case "now" -> {
                next();
                next();
                expect(Kind.RPAREN, "')' after 'now('");
                return new Ast.Now(t.pos());
            }
            case "date", "datetime" -> {
                return literal();
            }
            case "count", "sum", "avg", "min", "max" -> {
                next();
                next();
                Ast.Expr arg = expr();
                expect(Kind.RPAREN, "')' closing " + w + "(");
                return new Ast.Aggregate(
                        Ast.AggregateFunction.valueOf(w.toUpperCase(java.util.Locale.ROOT)), arg, t.pos());
            }
            case "nearest" -> {
                next();
                next();
                Ast.Expr vector = expr();
                expect(Kind.COMMA, "',' between the vector and the query of nearest(");
                Ast.Expr query = expr();
                expect(Kind.RPAREN, "')' closing nearest(");
                return new Ast.Nearest(vector, query, t.pos());
            }
            case "length", "cost", "nodes" -> {
                next();
                next();
                Ast.Var path = variable("a path variable");
                expect(Kind.RPAREN, "')' closing " + w + "(");
                return new Ast.PathCall(Ast.PathFunction.valueOf(w.toUpperCase(java.util.Locale.ROOT)), path, t.pos());
            }
            default -> {
                if (SEARCH_FUNCTIONS.contains(w)) {
                    throw diagnostics.fail(
                            t.pos(),
                            QueryErrorCode.UNSUPPORTED,
                            "the search function " + w + "() is not supported by plainlance");
                }
                throw syntax(t, "expected an expression (unknown function '" + w + "')");
            }
        }
    }

    /** A literal, a {@code $parameter} or {@code now()}: the values of bindings and mutations. */
    private Ast.Expr value() {
        Token t = peek();
        if (t.is(Kind.VARIABLE)) {
            return new Ast.VariableRef(variable("a parameter"));
        }
        if (t.isWord("now") && peek(1).is(Kind.LPAREN)) {
            return wordExpr();
        }
        if (t.is(Kind.STRING)
                || t.is(Kind.NUMBER)
                || t.is(Kind.LBRACKET)
                || t.isWord("true")
                || t.isWord("false")
                || ((t.isWord("date") || t.isWord("datetime")) && peek(1).is(Kind.LPAREN))) {
            return literal();
        }
        throw syntax(t, "expected a literal, a $parameter or now()");
    }

    private Ast.Literal literal() {
        Token t = next();
        switch (t.kind()) {
            case STRING -> {
                return new Ast.StringLit(t.text(), t.pos());
            }
            case NUMBER -> {
                if (t.text().contains(".")) {
                    return new Ast.FloatLit(new BigDecimal(t.text()), t.pos());
                }
                try {
                    return new Ast.IntLit(Long.parseLong(t.text()), t.pos());
                } catch (NumberFormatException e) {
                    diagnostics.error(
                            t.pos(), QueryErrorCode.INVALID_LITERAL, t.text() + " is outside the 64-bit integer range");
                    return new Ast.IntLit(0, t.pos());
                }
            }
            case LBRACKET -> {
                return list(t);
            }
            case WORD -> {
                switch (t.text()) {
                    case "true", "false" -> {
                        return new Ast.BoolLit(t.text().equals("true"), t.pos());
                    }
                    case "date", "datetime" -> {
                        expect(Kind.LPAREN, "'(' after '" + t.text() + "'");
                        Token s = expect(Kind.STRING, "a string");
                        expect(Kind.RPAREN, "')' closing " + t.text() + "(");
                        return t.text().equals("date") ? date(s, t.pos()) : dateTime(s, t.pos());
                    }
                    default -> throw syntax(t, "expected a literal");
                }
            }
            default -> throw syntax(t, "expected a literal");
        }
    }

    private Ast.ListLit list(Token open) {
        List<Ast.Literal> items = new ArrayList<>();
        if (!accept(Kind.RBRACKET)) {
            do {
                Token t = peek();
                Ast.Literal item = literal();
                if (item instanceof Ast.ListLit) {
                    diagnostics.error(t.pos(), QueryErrorCode.INVALID_LITERAL, "a list literal cannot contain lists");
                } else if (!items.isEmpty() && !sameKind(items.get(0), item)) {
                    diagnostics.error(
                            t.pos(), QueryErrorCode.INVALID_LITERAL, "the items of a list literal must be of one kind");
                }
                items.add(item);
            } while (accept(Kind.COMMA));
            expect(Kind.RBRACKET, "']' closing the list");
        }
        return new Ast.ListLit(items, open.pos());
    }

    private static boolean sameKind(Ast.Literal a, Ast.Literal b) {
        boolean aNumber = a instanceof Ast.IntLit || a instanceof Ast.FloatLit;
        boolean bNumber = b instanceof Ast.IntLit || b instanceof Ast.FloatLit;
        return aNumber ? bNumber : a.getClass() == b.getClass();
    }

    private Ast.DateLit date(Token s, SourcePos pos) {
        try {
            LocalDate.parse(s.text());
        } catch (DateTimeParseException e) {
            diagnostics.error(
                    s.pos(), QueryErrorCode.INVALID_LITERAL, "\"" + s.text() + "\" is not a date like 2024-01-31");
        }
        return new Ast.DateLit(s.text(), pos);
    }

    private Ast.DateTimeLit dateTime(Token s, SourcePos pos) {
        if (parseDateTime(s.text()) == null) {
            diagnostics.error(
                    s.pos(),
                    QueryErrorCode.INVALID_LITERAL,
                    "\"" + s.text() + "\" is not a date-time like 2024-01-31T12:00:00Z");
        }
        return new Ast.DateTimeLit(s.text(), pos);
    }

    /** An ISO date-time with an offset, or without one (read as UTC); null when {@code text} is neither. */
    static java.time.Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    // ---- mutations

    private static boolean isStatementStart(Token t) {
        return t.isWord("insert") || t.isWord("update") || t.isWord("delete");
    }

    private Ast.Statement statement() {
        Token keyword = next();
        Ast.Name type = typeName("a node or edge type name");
        switch (keyword.text()) {
            case "insert" -> {
                return new Ast.Insert(type, assignments());
            }
            case "update" -> {
                expectWord("set", "'set' after the type");
                List<Ast.Assignment> assignments = assignments();
                expectWord("where", "'where' after the assignments");
                return new Ast.Update(type, assignments, predicate());
            }
            default -> {
                expectWord("where", "'where' after the type");
                return new Ast.Delete(type, predicate());
            }
        }
    }

    /** {@code '{' (prop ':' value ','?)+ '}'}. */
    private List<Ast.Assignment> assignments() {
        expect(Kind.LBRACE, "'{' opening the assignments");
        List<Ast.Assignment> out = new ArrayList<>();
        do {
            Ast.Name property = name("a property name");
            expect(Kind.COLON, "':' after the property name");
            out.add(new Ast.Assignment(property, value()));
            accept(Kind.COMMA);
        } while (!accept(Kind.RBRACE));
        return out;
    }

    private Ast.Predicate predicate() {
        Ast.Name property = name("a property name");
        Ast.Op op = comparison("a comparison (=, !=, <, <=, >, >=)");
        return new Ast.Predicate(property, op, value());
    }

    // ---- tokens

    private Ast.Var variable(String what) {
        Token t = expect(Kind.VARIABLE, what);
        return new Ast.Var(t.text(), t.pos());
    }

    private Ast.Name name(String what) {
        Token t = expect(Kind.WORD, what);
        return new Ast.Name(t.text(), t.pos());
    }

    private Ast.Name typeName(String what) {
        Token t = expect(Kind.WORD, what);
        if (startsLower(t.text())) {
            throw syntax(t, "expected " + what + " (type names start with an uppercase letter)");
        }
        return new Ast.Name(t.text(), t.pos());
    }

    private static boolean startsLower(String word) {
        char c = word.charAt(0);
        return (c >= 'a' && c <= 'z') || c == '_';
    }

    /** {@code n} as an integer in {@code min..max}; -1 (reported) when it is not one. */
    private long integer(Token n, long min, long max, String what) {
        try {
            long v = Long.parseLong(n.text());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        diagnostics.error(
                n.pos(), QueryErrorCode.INVALID_LITERAL, what + " must be an integer from " + min + " to " + max);
        return -1;
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (!t.is(Kind.EOF)) {
            at++;
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().is(kind)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String what) {
        if (!peek().is(kind)) {
            throw syntax(peek(), "expected " + what);
        }
        return next();
    }

    private void expectWord(String word, String what) {
        if (!peek().isWord(word)) {
            throw syntax(peek(), "expected " + what);
        }
        next();
    }

    private QueryException syntax(Token found, String expected) {
        return diagnostics.fail(found.pos(), QueryErrorCode.SYNTAX, expected + ", found " + found.describe());
    }
}
