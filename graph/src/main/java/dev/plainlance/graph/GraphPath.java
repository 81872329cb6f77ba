package dev.plainlance.graph;

import java.util.List;

/**
 * A path found by a traversal: its nodes from the first to the last, and the edge taken between each pair.
 *
 * @param nodeTypes the node type of each node
 * @param nodes the node ids, one more than the edges
 * @param edgeTypes the edge type of each edge
 * @param edges the edge ids; {@code edges.get(i)} joins {@code nodes.get(i)} and {@code nodes.get(i + 1)} (in either
 *     direction when the traversal was undirected)
 * @param cost the number of edges for an unweighted path, the sum of the edges' weights for a weighted one
 */
public record GraphPath(
        List<String> nodeTypes, List<String> nodes, List<String> edgeTypes, List<String> edges, double cost) {
    public GraphPath {
        nodeTypes = List.copyOf(nodeTypes);
        nodes = List.copyOf(nodes);
        edgeTypes = List.copyOf(edgeTypes);
        edges = List.copyOf(edges);
        if (nodes.size() != edges.size() + 1 || nodeTypes.size() != nodes.size() || edgeTypes.size() != edges.size()) {
            throw new IllegalArgumentException("a path has one more node than edges");
        }
    }

    /** The number of edges. */
    public int length() {
        return edges.size();
    }
}
