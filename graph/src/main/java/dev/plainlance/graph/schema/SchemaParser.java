package dev.plainlance.graph.schema;

import dev.plainlance.graph.schema.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses and checks {@code .pg} schema source (the Omnigraph schema language; see {@code graph/README.md}). A
 * hand-written recursive-descent parser: the first syntax error stops parsing; type-level problems and every check
 * of {@link SchemaChecker} are all collected and reported together.
 */
public final class SchemaParser {
    private static final Set<String> BODY_CONSTRAINTS_WITH_TUPLE = Set.of("key", "unique", "index");
    private static final Set<String> BODY_CONSTRAINTS_WITH_PROPERTY = Set.of("range", "check");

    private final List<Token> tokens;
    private final Diagnostics diagnostics;
    private int at;

    private SchemaParser(List<Token> tokens, Diagnostics diagnostics) {
        this.tokens = tokens;
        this.diagnostics = diagnostics;
    }

    /**
     * Parses and checks a schema.
     *
     * @param fileName named in errors
     * @throws SchemaException listing every problem found, each with line, column and caret
     */
    public static GraphSchema parse(String source, String fileName) {
        Diagnostics diagnostics = new Diagnostics(source, fileName);
        List<Token> tokens = Lexer.tokenize(source, diagnostics);
        List<Raw.Decl> decls = new SchemaParser(tokens, diagnostics).schema();
        return SchemaChecker.check(decls, diagnostics);
    }

    private List<Raw.Decl> schema() {
        List<Raw.Decl> decls = new ArrayList<>();
        while (!peek().is(Kind.EOF)) {
            Token t = peek();
            if (t.isWord("interface")) {
                decls.add(interfaceDecl());
            } else if (t.isWord("node")) {
                decls.add(nodeDecl());
            } else if (t.isWord("edge")) {
                decls.add(edgeDecl());
            } else {
                throw syntax(t, "expected 'node', 'edge' or 'interface'");
            }
        }
        return decls;
    }

    private Raw.Decl interfaceDecl() {
        next();
        Raw.Name name = typeName();
        List<Raw.Property> properties = new ArrayList<>();
        List<Raw.Annotation> body = new ArrayList<>();
        members(properties, body);
        return new Raw.Decl(Raw.DeclKind.INTERFACE, name, List.of(), List.of(), null, null, properties, body);
    }

    private Raw.Decl nodeDecl() {
        next();
        Raw.Name name = typeName();
        List<Raw.Annotation> head = annotations();
        List<Raw.Name> interfaces = new ArrayList<>();
        if (peek().isWord("implements")) {
            next();
            interfaces.add(typeName());
            while (accept(Kind.COMMA)) {
                interfaces.add(typeName());
            }
        }
        List<Raw.Property> properties = new ArrayList<>();
        List<Raw.Annotation> body = new ArrayList<>();
        members(properties, body);
        return new Raw.Decl(Raw.DeclKind.NODE, name, head, interfaces, null, null, properties, body);
    }

    private Raw.Decl edgeDecl() {
        next();
        Raw.Name name = typeName();
        expect(Kind.COLON, "':' after the edge name");
        Raw.Name from = typeName();
        expect(Kind.ARROW, "'->' between the edge's endpoint types");
        Raw.Name to = typeName();
        List<Raw.Annotation> head = annotations();
        List<Raw.Property> properties = new ArrayList<>();
        List<Raw.Annotation> body = new ArrayList<>();
        if (peek().is(Kind.LBRACE)) {
            members(properties, body);
        }
        return new Raw.Decl(Raw.DeclKind.EDGE, name, head, List.of(), from, to, properties, body);
    }

    /** {@code '{' (property | body constraint)* '}'}. */
    private void members(List<Raw.Property> properties, List<Raw.Annotation> body) {
        expect(Kind.LBRACE, "'{'");
        while (!accept(Kind.RBRACE)) {
            if (peek().is(Kind.AT)) {
                body.add(annotation());
            } else if (peek().is(Kind.WORD)) {
                property(properties, body);
            } else {
                throw syntax(peek(), "expected a property, a constraint or '}'");
            }
        }
    }

    /**
     * {@code name: Type annotation*}. An annotation that can only be a body constraint ({@code @key(a, b)},
     * {@code @unique(..)}, {@code @index(..)}, {@code @range(p, ..)}, {@code @check(p, ..)}) ends the property.
     */
    private void property(List<Raw.Property> properties, List<Raw.Annotation> body) {
        Raw.Name name = propertyName();
        expect(Kind.COLON, "':' after the property name");
        PropertyType type = type();
        boolean nullable = accept(Kind.QUESTION);
        List<Raw.Annotation> annotations = new ArrayList<>();
        while (peek().is(Kind.AT)) {
            Raw.Annotation a = annotation();
            if (isBodyConstraint(a)) {
                properties.add(new Raw.Property(name, type, nullable, annotations));
                body.add(a);
                return;
            }
            annotations.add(a);
        }
        properties.add(new Raw.Property(name, type, nullable, annotations));
    }

    /** Whether an annotation has the shape of a body constraint rather than of a property annotation. */
    static boolean isBodyConstraint(Raw.Annotation a) {
        if (BODY_CONSTRAINTS_WITH_TUPLE.contains(a.name())) {
            return a.parenthesized();
        }
        return BODY_CONSTRAINTS_WITH_PROPERTY.contains(a.name())
                && !a.args().isEmpty()
                && a.args().get(0) instanceof Raw.WordArg;
    }

    private PropertyType type() {
        Token t = peek();
        if (accept(Kind.LBRACKET)) {
            Token element = expect(Kind.WORD, "a list element type");
            expect(Kind.RBRACKET, "']' closing the list type");
            ScalarKind kind = ScalarKind.fromSourceName(element.text()).orElse(null);
            if (kind == null) {
                diagnostics.error(element.pos(), "unknown-type", "unknown list element type '" + element.text() + "'");
                return null;
            }
            if (kind == ScalarKind.BLOB) {
                diagnostics.error(t.pos(), "list-of-blob", "a list of Blob is not supported");
                return null;
            }
            return new PropertyType.ListOf(kind);
        }
        Token word = expect(Kind.WORD, "a property type");
        switch (word.text()) {
            case "Vector" -> {
                expect(Kind.LPAREN, "'(' after Vector");
                Token dim = expect(Kind.NUMBER, "the vector dimension");
                expect(Kind.RPAREN, "')' closing Vector(");
                return vector(dim);
            }
            case "enum" -> {
                return enumType(word);
            }
            default -> {
                ScalarKind kind = ScalarKind.fromSourceName(word.text()).orElse(null);
                if (kind == null) {
                    diagnostics.error(word.pos(), "unknown-type", "unknown type '" + word.text() + "'");
                    return null;
                }
                return new PropertyType.Scalar(kind);
            }
        }
    }

    private PropertyType vector(Token dim) {
        long n;
        try {
            n = Long.parseLong(dim.text());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            diagnostics.error(
                    dim.pos(),
                    "vector-dimension",
                    "Vector dimension must be an integer from 1 to " + Integer.MAX_VALUE + ", got " + dim.text());
            return null;
        }
        return new PropertyType.Vector((int) n);
    }

    private PropertyType enumType(Token keyword) {
        expect(Kind.LPAREN, "'(' after enum");
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        if (peek().is(Kind.RPAREN)) {
            diagnostics.error(keyword.pos(), "enum-empty", "an enum needs at least one value");
            ok = false;
        } else {
            do {
                Token v = peek();
                if (!v.is(Kind.WORD) && !(v.is(Kind.NUMBER) && v.text().matches("[0-9]+"))) {
                    throw syntax(v, "expected an enum value (letters, digits, '_' and '-')");
                }
                next();
                if (!seen.add(v.text())) {
                    diagnostics.error(v.pos(), "enum-duplicate", "enum value '" + v.text() + "' is listed twice");
                    ok = false;
                }
                values.add(v.text());
            } while (accept(Kind.COMMA));
        }
        expect(Kind.RPAREN, "')' closing the enum");
        return ok ? new PropertyType.Enum(values) : null;
    }

    private List<Raw.Annotation> annotations() {
        List<Raw.Annotation> out = new ArrayList<>();
        while (peek().is(Kind.AT)) {
            out.add(annotation());
        }
        return out;
    }

    /** {@code @name} or {@code @name(arg, ...)}. */
    private Raw.Annotation annotation() {
        Token at = expect(Kind.AT, "'@'");
        Token name = expect(Kind.WORD, "an annotation name after '@'");
        List<Raw.Arg> args = new ArrayList<>();
        boolean parenthesized = accept(Kind.LPAREN);
        if (parenthesized) {
            do {
                args.add(arg());
            } while (accept(Kind.COMMA));
            expect(Kind.RPAREN, "')' closing @" + name.text() + "(");
        }
        return new Raw.Annotation(name.text(), args, parenthesized, at.pos());
    }

    private Raw.Arg arg() {
        Token t = next();
        switch (t.kind()) {
            case STRING -> {
                return new Raw.StringArg(t.text(), t.pos());
            }
            case WORD -> {
                return new Raw.WordArg(t.text(), t.pos());
            }
            case DOTDOT -> {
                Token max = expect(Kind.NUMBER, "a number after '..'");
                return new Raw.RangeArg(null, max.text(), t.pos());
            }
            case NUMBER -> {
                if (!accept(Kind.DOTDOT)) {
                    return new Raw.NumberArg(t.text(), t.pos());
                }
                String max = peek().is(Kind.NUMBER) ? next().text() : null;
                return new Raw.RangeArg(t.text(), max, t.pos());
            }
            default -> throw syntax(t, "expected an annotation argument");
        }
    }

    private Raw.Name typeName() {
        Token t = expect(Kind.WORD, "a type name");
        if (!t.text().matches("[A-Z][A-Za-z0-9_]*")) {
            diagnostics.error(
                    t.pos(),
                    "invalid-name",
                    "type name '" + t.text() + "' must start with an uppercase letter and use only letters, digits"
                            + " and '_'");
        }
        return new Raw.Name(t.text(), t.pos());
    }

    private Raw.Name propertyName() {
        Token t = expect(Kind.WORD, "a property name");
        if (!t.text().matches("[a-z_][A-Za-z0-9_]*")) {
            diagnostics.error(
                    t.pos(),
                    "invalid-name",
                    "property name '" + t.text() + "' must start with a lowercase letter or '_' and use only"
                            + " letters, digits and '_'");
        }
        return new Raw.Name(t.text(), t.pos());
    }

    private Token peek() {
        return tokens.get(at);
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

    private SchemaException syntax(Token found, String expected) {
        return diagnostics.fail(found.pos(), "syntax", expected + ", found " + found.describe());
    }
}
