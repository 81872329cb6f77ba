package dev.plainlance.graph;

/** How a load meets the entities already in the graph. */
public enum LoadMode {
    /** The loaded types' tables are replaced by the input (every type, unless the load names one). */
    OVERWRITE,
    /** Strict insert: a node key that exists already is an error. */
    APPEND,
    /** Upsert by key: a node whose key exists has all its properties replaced. */
    MERGE
}
