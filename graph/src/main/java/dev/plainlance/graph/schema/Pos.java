package dev.plainlance.graph.schema;

/** A 1-based line and column in a source text. */
record Pos(int line, int column) {}
