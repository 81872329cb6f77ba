package dev.plainlance.graph.query;

/**
 * The parts of the {@code .gq} language plainlance adds to Omnigraph's. A query that uses none of them is an
 * Omnigraph query too; {@link Ast.Query#extensions()} says which ones a query uses.
 */
public enum Extension {
    /** {@code optional { clause+ }} in a match: a left outer join; variables it binds may be null afterwards. */
    OPTIONAL_MATCH,
    /**
     * {@code $path = shortest($a edge{min,max} $b)} and {@code shortest(..., weight: prop)} in a match, with the
     * path functions {@code length($path)}, {@code cost($path)} and {@code nodes($path)}.
     */
    SHORTEST_PATH,
    /** A mutation query with both deletes and inserts/updates (Omnigraph refuses to mix them). */
    MIXED_MUTATION,
    /** A negative number literal such as {@code -1} (Omnigraph's numbers are unsigned). */
    NEGATIVE_NUMBER
}
