package dev.plainlance.graph;

/**
 * What a mutation query did: the one commit it made, and how many nodes and edges it inserted, updated or deleted
 * (edges deleted with their nodes included), from the commit's change counts.
 */
public record MutationResult(GraphCommit commit, long affectedNodes, long affectedEdges) {}
