package dev.plainlance.lance.index.scalar;

import java.io.Serializable;

/**
 * One zone of a ZONEMAP index, mirroring {@code org.lance.index.scalar.ZoneStats}: the fragment, the offsets from
 * the zone's first row to its last ({@code zoneStart}, {@code zoneLength}), the smallest and largest value (NaN as
 * the largest when the zone holds one; null when it holds no value) and the nulls it holds.
 */
public final class ZoneStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int fragmentId;
    private final long zoneStart;
    private final long zoneLength;
    private final Comparable<?> min;
    private final Comparable<?> max;
    private final long nullCount;

    public ZoneStats(
            int fragmentId, long zoneStart, long zoneLength, Comparable<?> min, Comparable<?> max, long nullCount) {
        this.fragmentId = fragmentId;
        this.zoneStart = zoneStart;
        this.zoneLength = zoneLength;
        this.min = min;
        this.max = max;
        this.nullCount = nullCount;
    }

    public int getFragmentId() {
        return fragmentId;
    }

    public long getZoneStart() {
        return zoneStart;
    }

    public long getZoneLength() {
        return zoneLength;
    }

    public Comparable<?> getMin() {
        return min;
    }

    public Comparable<?> getMax() {
        return max;
    }

    public long getNullCount() {
        return nullCount;
    }

    @Override
    public String toString() {
        return "ZoneStats{fragmentId=" + fragmentId + ", zoneStart=" + zoneStart + ", zoneLength=" + zoneLength
                + ", min=" + min + ", max=" + max + ", nullCount=" + nullCount + "}";
    }
}
