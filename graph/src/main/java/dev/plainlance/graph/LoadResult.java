package dev.plainlance.graph;

import java.util.SortedMap;

/**
 * What a load did.
 *
 * @param commit the commit it published
 * @param changes per type, what it inserted, updated and deleted
 */
public record LoadResult(GraphCommit commit, SortedMap<String, ChangeCounts> changes) {}
