package dev.plainlance.graph;

import dev.plainlance.lance.error.LanceException;
import java.util.List;

/** Stored rows break a constraint of a new schema ({@code @unique}, {@code @range}, {@code @check}, {@code @card}). */
public final class SchemaConstraintException extends LanceException {
    private static final long serialVersionUID = 1L;

    /** At most this many violations are kept and listed in the message. */
    public static final int LISTED = 10;

    private final List<String> violations;
    private final long total;

    public SchemaConstraintException(List<String> violations, long total) {
        super(message(violations, total));
        this.violations = List.copyOf(violations);
        this.total = total;
    }

    /** The first violations found (at most {@link #LISTED}), each naming the table, row and constraint. */
    public List<String> violations() {
        return violations;
    }

    /** How many violations were found. */
    public long total() {
        return total;
    }

    private static String message(List<String> violations, long total) {
        return "the stored rows break the new schema's constraints, " + total + " violation" + (total == 1 ? "" : "s")
                + ": " + String.join("; ", violations) + (total > violations.size() ? "; ..." : "");
    }
}
