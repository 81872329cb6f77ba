package dev.plainlance.graph.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code .pg} source into tokens, skipping whitespace, {@code //} line comments and {@code /* *}{@code /}
 * block comments. A word is a letter, digit or underscore followed by letters, digits, underscores and hyphens (a
 * hyphen only before a letter, digit or underscore, so that {@code A->B} is three tokens); words serve as type
 * names, property names, keywords and enum values, and the parser checks which shape each place needs.
 */
final class Lexer {
    private final String src;
    private final Diagnostics diagnostics;
    private int i;
    private int line = 1;
    private int lineStart;

    private Lexer(String src, Diagnostics diagnostics) {
        this.src = src;
        this.diagnostics = diagnostics;
    }

    static List<Token> tokenize(String src, Diagnostics diagnostics) {
        return new Lexer(src, diagnostics).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipTrivia();
            Pos pos = pos();
            if (i >= src.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos));
                return out;
            }
            char c = src.charAt(i);
            if (c == '"') {
                out.add(new Token(Token.Kind.STRING, string(pos), pos));
            } else if (isDigit(c) || (c == '-' && i + 1 < src.length() && isDigit(src.charAt(i + 1)))) {
                out.add(new Token(Token.Kind.NUMBER, number(), pos));
            } else if (isWordChar(c)) {
                int start = i;
                while (i < src.length()
                        && (isWordChar(src.charAt(i))
                                || (src.charAt(i) == '-' && i + 1 < src.length() && isWordChar(src.charAt(i + 1))))) {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, src.substring(start, i), pos));
            } else if (src.startsWith("..", i)) {
                i += 2;
                out.add(new Token(Token.Kind.DOTDOT, "..", pos));
            } else if (src.startsWith("->", i)) {
                i += 2;
                out.add(new Token(Token.Kind.ARROW, "->", pos));
            } else {
                Token.Kind kind = punctuation(c);
                if (kind == null) {
                    throw diagnostics.fail(pos, "syntax", "unexpected character '" + c + "'");
                }
                i++;
                out.add(new Token(kind, String.valueOf(c), pos));
            }
        }
    }

    private static Token.Kind punctuation(char c) {
        return switch (c) {
            case '{' -> Token.Kind.LBRACE;
            case '}' -> Token.Kind.RBRACE;
            case '(' -> Token.Kind.LPAREN;
            case ')' -> Token.Kind.RPAREN;
            case '[' -> Token.Kind.LBRACKET;
            case ']' -> Token.Kind.RBRACKET;
            case ':' -> Token.Kind.COLON;
            case ',' -> Token.Kind.COMMA;
            case '?' -> Token.Kind.QUESTION;
            case '@' -> Token.Kind.AT;
            default -> null;
        };
    }

    private String string(Pos start) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                return sb.toString();
            }
            if (c == '\\' && i + 1 < src.length() && (src.charAt(i + 1) == '"' || src.charAt(i + 1) == '\\')) {
                sb.append(src.charAt(i + 1));
                i += 2;
                continue;
            }
            advance();
            sb.append(c);
        }
        throw diagnostics.fail(start, "unterminated-string", "string literal is not closed");
    }

    private String number() {
        int start = i;
        if (src.charAt(i) == '-') {
            i++;
        }
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
        if (i + 1 < src.length() && src.charAt(i) == '.' && isDigit(src.charAt(i + 1))) {
            i++;
            while (i < src.length() && isDigit(src.charAt(i))) {
                i++;
            }
        }
        return src.substring(start, i);
    }

    private void skipTrivia() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance();
            } else if (src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                Pos start = pos();
                int end = src.indexOf("*/", i + 2);
                if (end < 0) {
                    throw diagnostics.fail(start, "unterminated-comment", "block comment is not closed");
                }
                while (i < end + 2) {
                    advance();
                }
            } else {
                return;
            }
        }
    }

    /** Moves past one char, keeping line and column right across {@code \n}, {@code \r\n} and {@code \r}. */
    private void advance() {
        char c = src.charAt(i++);
        if (c == '\n' || (c == '\r' && (i >= src.length() || src.charAt(i) != '\n'))) {
            line++;
            lineStart = i;
        }
    }

    private Pos pos() {
        return new Pos(line, i - lineStart + 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }
}
