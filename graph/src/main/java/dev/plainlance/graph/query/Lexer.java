package dev.plainlance.graph.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code .gq} source into tokens, skipping whitespace, {@code //} line comments and {@code /* *}{@code /}
 * block comments (as in {@code .pg}). Words are {@code [A-Za-z_][A-Za-z0-9_]*}; a variable is {@code $} and a word
 * (or {@code $_}); numbers are {@code 12} or {@code 1.5}, with a leading {@code -} when one follows immediately (a
 * plainlance extension); strings are double-quoted with the escapes {@code \"}, {@code \\}, {@code \n},
 * {@code \r} and {@code \t} (as Omnigraph).
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
            SourcePos pos = pos();
            if (i >= src.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos));
                return out;
            }
            char c = src.charAt(i);
            if (c == '"') {
                out.add(new Token(Token.Kind.STRING, string(pos), pos));
            } else if (isDigit(c) || (c == '-' && i + 1 < src.length() && isDigit(src.charAt(i + 1)))) {
                out.add(new Token(Token.Kind.NUMBER, number(), pos));
            } else if (isWordStart(c)) {
                out.add(new Token(Token.Kind.WORD, word(), pos));
            } else if (c == '$') {
                i++;
                if (i >= src.length() || !isWordStart(src.charAt(i))) {
                    throw diagnostics.fail(pos, QueryErrorCode.SYNTAX, "expected a variable name after '$'");
                }
                out.add(new Token(Token.Kind.VARIABLE, word(), pos));
            } else {
                out.add(operator(c, pos));
            }
        }
    }

    private Token operator(char c, SourcePos pos) {
        char next = i + 1 < src.length() ? src.charAt(i + 1) : '\0';
        Token.Kind two = null;
        if (next == '=') {
            two = switch (c) {
                case '!' -> Token.Kind.NE;
                case '<' -> Token.Kind.LE;
                case '>' -> Token.Kind.GE;
                default -> null;
            };
        }
        if (two != null) {
            i += 2;
            return new Token(two, src.substring(i - 2, i), pos);
        }
        Token.Kind kind =
                switch (c) {
                    case '{' -> Token.Kind.LBRACE;
                    case '}' -> Token.Kind.RBRACE;
                    case '(' -> Token.Kind.LPAREN;
                    case ')' -> Token.Kind.RPAREN;
                    case '[' -> Token.Kind.LBRACKET;
                    case ']' -> Token.Kind.RBRACKET;
                    case ':' -> Token.Kind.COLON;
                    case ',' -> Token.Kind.COMMA;
                    case '.' -> Token.Kind.DOT;
                    case '?' -> Token.Kind.QUESTION;
                    case '@' -> Token.Kind.AT;
                    case '=' -> Token.Kind.EQ;
                    case '<' -> Token.Kind.LT;
                    case '>' -> Token.Kind.GT;
                    default -> null;
                };
        if (kind == null) {
            throw diagnostics.fail(pos, QueryErrorCode.SYNTAX, "unexpected character '" + c + "'");
        }
        i++;
        return new Token(kind, String.valueOf(c), pos);
    }

    private String word() {
        int start = i;
        while (i < src.length() && isWordChar(src.charAt(i))) {
            i++;
        }
        return src.substring(start, i);
    }

    private String string(SourcePos start) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                return sb.toString();
            }
            if (c == '\\') {
                SourcePos escapePos = pos();
                char e = i + 1 < src.length() ? src.charAt(i + 1) : '\0';
                switch (e) {
                    case '"', '\\' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    default ->
                        throw diagnostics.fail(
                                escapePos,
                                QueryErrorCode.SYNTAX,
                                "unsupported escape sequence in a string (use \\\", \\\\, \\n, \\r or \\t)");
                }
                i += 2;
                continue;
            }
            advance();
            sb.append(c);
        }
        throw diagnostics.fail(start, QueryErrorCode.SYNTAX, "string literal is not closed");
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
                while (i < src.length() && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                SourcePos start = pos();
                int end = src.indexOf("*/", i + 2);
                if (end < 0) {
                    throw diagnostics.fail(start, QueryErrorCode.SYNTAX, "block comment is not closed");
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

    private SourcePos pos() {
        return new SourcePos(line, i - lineStart + 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordChar(char c) {
        return isWordStart(c) || isDigit(c);
    }
}
