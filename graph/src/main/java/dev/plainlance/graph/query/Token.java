package dev.plainlance.graph.query;

/**
 * A lexical token of {@code .gq} source. {@code text} is the unescaped value of a string, the name without
 * {@code $} of a variable, and the spelling otherwise.
 */
record Token(Kind kind, String text, SourcePos pos) {
    enum Kind {
        WORD,
        VARIABLE,
        STRING,
        NUMBER,
        LBRACE,
        RBRACE,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        COLON,
        COMMA,
        DOT,
        QUESTION,
        AT,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
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
            case VARIABLE -> "'$" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
