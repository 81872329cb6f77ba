package dev.plainlance.catalog;

/** A table on a branch. */
public record TableRef(String branch, String key) implements Comparable<TableRef> {
    public TableRef {
        TableKeys.checkBranch(branch);
        TableKeys.check(key);
    }

    public static TableRef main(String key) {
        return new TableRef(CatalogSnapshot.MAIN, key);
    }

    @Override
    public int compareTo(TableRef other) {
        int byBranch = branch.compareTo(other.branch);
        return byBranch != 0 ? byBranch : key.compareTo(other.key);
    }

    @Override
    public String toString() {
        return branch.equals(CatalogSnapshot.MAIN) ? key : branch + ":" + key;
    }
}
