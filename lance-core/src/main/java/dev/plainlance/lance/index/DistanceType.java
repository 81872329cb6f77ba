package dev.plainlance.lance.index;

/**
 * How a nearest-neighbour search measures the distance between the query vector and a row's vector, mirroring
 * {@code org.lance.index.DistanceType}. Smaller is nearer for all four; the formulas are the official library's.
 */
public enum DistanceType {
    /** The squared Euclidean distance, sum of (x - q)^2, of float vectors. */
    L2,
    /** 1 - cos(x, q) of float vectors; undefined (the row is left out) when either vector is all zeros. */
    Cosine,
    /** 1 - x . q of float vectors. */
    Dot,
    /** The number of differing bits of uint8 vectors. */
    Hamming
}
