package dev.plainlance.graph;

/** How many entities of one type a commit inserted, updated and deleted. */
public record ChangeCounts(long inserted, long updated, long deleted) {
    public static final ChangeCounts NONE = new ChangeCounts(0, 0, 0);

    public ChangeCounts plus(ChangeCounts other) {
        return new ChangeCounts(inserted + other.inserted, updated + other.updated, deleted + other.deleted);
    }

    public boolean isEmpty() {
        return inserted == 0 && updated == 0 && deleted == 0;
    }
}
