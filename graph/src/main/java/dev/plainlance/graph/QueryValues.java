package dev.plainlance.graph;

import dev.plainlance.graph.query.Typed;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How {@code .gq} compares values. Java forms as {@link GraphValues} reads them ({@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code String}, {@code Boolean}, {@code LocalDate}, {@code Instant}, lists of
 * those), plus the literal forms of {@link Typed.Literal}; integers compare with integers exactly, any other pair of
 * numbers as doubles. A null on either side never satisfies an operator.
 */
final class QueryValues {
    private QueryValues() {}

    /** Whether {@code left op right} holds; false when either is null. */
    static boolean test(Object left, Typed.Op op, Object right) {
        if (left == null || right == null) {
            return false;
        }
        return switch (op) {
            case EQ -> equal(left, right);
            case NE -> !equal(left, right);
            case LT -> compare(left, right) < 0;
            case LE -> compare(left, right) <= 0;
            case GT -> compare(left, right) > 0;
            case GE -> compare(left, right) >= 0;
            case LIST_CONTAINS -> listContains(left, right);
            case STRING_CONTAINS -> ((String) left).contains((String) right);
            case STARTS_WITH -> ((String) left).startsWith((String) right);
        };
    }

    /** Value equality: numbers by value, lists element by element. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number && b instanceof Number) {
            return compare(a, b) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return GraphValues.equal(a, b);
    }

    /** A total order of two non-null values of one comparable kind. */
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (isIntegral(x) && isIntegral(y)) {
                return Long.compare(x.longValue(), y.longValue());
            }
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return x.compareTo(y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        throw new IllegalStateException("cannot compare " + a.getClass().getSimpleName() + " with "
                + b.getClass().getSimpleName() + " (the type checker should have refused this)");
    }

    /** {@link #compare} with null as the smallest value (nulls first ascending). */
    static int compareNullsFirst(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return compare(a, b);
    }

    private static boolean listContains(Object list, Object element) {
        for (Object item : (List<?>) list) {
            if (item != null && equal(item, element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }
}
