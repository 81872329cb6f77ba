package dev.plainlance.lance.maintenance;

/** What a compaction did, mirroring {@code org.lance.compaction.CompactionMetrics}. */
public record CompactionMetrics(long fragmentsRemoved, long fragmentsAdded, long filesRemoved, long filesAdded) {
    public static final CompactionMetrics NONE = new CompactionMetrics(0, 0, 0, 0);

    public long getFragmentsRemoved() {
        return fragmentsRemoved;
    }

    public long getFragmentsAdded() {
        return fragmentsAdded;
    }

    public long getFilesRemoved() {
        return filesRemoved;
    }

    public long getFilesAdded() {
        return filesAdded;
    }

    CompactionMetrics plus(CompactionMetrics other) {
        return new CompactionMetrics(
                fragmentsRemoved + other.fragmentsRemoved,
                fragmentsAdded + other.fragmentsAdded,
                filesRemoved + other.filesRemoved,
                filesAdded + other.filesAdded);
    }
}
