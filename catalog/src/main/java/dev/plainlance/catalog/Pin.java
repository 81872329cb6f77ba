package dev.plainlance.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A table version published for readers of one branch, with its live row count at that version.
 *
 * @param version the Lance version
 * @param rowCount live rows at that version
 * @param lanceBranch the Lance branch of the table that holds the version (its root is {@code tree/{name}} under the
 *     table); empty for the table's main line. A catalog branch writes only on a Lance branch of its own, so writers
 *     of two catalog branches never move each other's table heads.
 */
public record Pin(long version, long rowCount, Optional<String> lanceBranch) {
    public Pin {
        if (version < 1 || rowCount < 0) {
            throw new IllegalArgumentException(
                    "a pin needs version >= 1 and rowCount >= 0: " + version + ", " + rowCount);
        }
        Objects.requireNonNull(lanceBranch, "lanceBranch");
    }

    /** A pin on the table's main line. */
    public Pin(long version, long rowCount) {
        this(version, rowCount, Optional.empty());
    }
}
