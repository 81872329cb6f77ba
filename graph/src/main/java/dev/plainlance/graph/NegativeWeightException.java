package dev.plainlance.graph;

/**
 * A weighted traversal met an edge whose weight is negative (or not a number), for which a cheapest path is not
 * defined. Nothing was traversed: the weights of an edge type are checked before the search starts.
 */
public final class NegativeWeightException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String edgeType;
    private final String property;
    private final String edgeId;
    private final double weight;

    public NegativeWeightException(String edgeType, String property, String edgeId, double weight) {
        super("edge " + edgeId + " of " + edgeType + " has " + property + " = " + weight
                + ": weighted paths need weights of 0 or more");
        this.edgeType = edgeType;
        this.property = property;
        this.edgeId = edgeId;
        this.weight = weight;
    }

    public String edgeType() {
        return edgeType;
    }

    public String property() {
        return property;
    }

    public String edgeId() {
        return edgeId;
    }

    public double weight() {
        return weight;
    }
}
