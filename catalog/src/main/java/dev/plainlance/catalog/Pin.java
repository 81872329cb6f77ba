package dev.plainlance.catalog;

/** A table version published for readers of one branch, with its live row count at that version. */
public record Pin(long version, long rowCount) {
    public Pin {
        if (version < 1 || rowCount < 0) {
            throw new IllegalArgumentException(
                    "a pin needs version >= 1 and rowCount >= 0: " + version + ", " + rowCount);
        }
    }
}
