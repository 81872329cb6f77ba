package dev.plainlance.graph;

/** Which way a traversal follows edges: from source to destination, back, or both ways (undirected). */
public enum Direction {
    /** From an edge's source ({@code src}) to its destination ({@code dst}). */
    OUT,
    /** From an edge's destination to its source. */
    IN,
    /** Either way: the union of {@link #OUT} and {@link #IN}. */
    BOTH
}
