package dev.plainlance.graph.query;

/** A 1-based line and column (in UTF-16 chars; a tab counts as one) in a {@code .gq} source. */
public record SourcePos(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
