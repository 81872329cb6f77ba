package dev.plainlance.graph.schema;

/** A lexical token of {@code .pg} source; {@code text} is the unescaped value for strings. */
record Token(Kind kind, String text, Pos pos) {
    enum Kind {
        WORD,
        STRING,
        NUMBER,
        DOTDOT,
        ARROW,
        LBRACE,
        RBRACE,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        COLON,
        COMMA,
        QUESTION,
        AT,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
