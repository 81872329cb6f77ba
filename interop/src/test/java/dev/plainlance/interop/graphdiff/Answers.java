package dev.plainlance.interop.graphdiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Compares two answers: as sequences when the query orders its rows totally, else as multisets. Numbers compare by
 * value whatever their Java type (plainlance gives {@code sum} as a double where Cypher gives an integer), integers
 * exactly and doubles within a relative 1e-9 (sums and averages of doubles may round differently).
 */
final class Answers {
    private Answers() {}

    /** Why the answers differ, or empty when they agree. */
    static Optional<String> difference(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return Optional.of("row counts differ: " + expected.size() + " vs " + actual.size());
        }
        List<List<Object>> a = new ArrayList<>(expected);
        List<List<Object>> b = new ArrayList<>(actual);
        if (!ordered) {
            a.sort(ROWS);
            b.sort(ROWS);
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameRow(a.get(i), b.get(i))) {
                return Optional.of("row " + i + " differs: " + a.get(i) + " vs " + b.get(i));
            }
        }
        return Optional.empty();
    }

    static boolean sameRow(List<Object> x, List<Object> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!sameValue(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean sameValue(Object x, Object y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof Number a && y instanceof Number b) {
            if (integral(a) && integral(b)) {
                return a.longValue() == b.longValue();
            }
            double p = a.doubleValue();
            double q = b.doubleValue();
            return p == q || Math.abs(p - q) <= 1e-9 * Math.max(1, Math.max(Math.abs(p), Math.abs(q)));
        }
        return x.equals(y);
    }

    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    /** Sorts rows for a multiset comparison: nulls first, numbers by value (rounded), then Strings and the rest. */
    private static final Comparator<List<Object>> ROWS = (x, y) -> {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = compareForSort(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    };

    private static int compareForSort(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            // rounded so that values equal within the tolerance sort alike
            return Double.compare(round(x.doubleValue()), round(y.doubleValue()));
        }
        if (a instanceof Number) {
            return -1;
        }
        if (b instanceof Number) {
            return 1;
        }
        return a.toString().compareTo(b.toString());
    }

    private static double round(double d) {
        return d == 0 || Double.isNaN(d) || Double.isInfinite(d)
                ? d
                : new java.math.BigDecimal(d)
                        .round(new java.math.MathContext(8))
                        .doubleValue();
    }
}
