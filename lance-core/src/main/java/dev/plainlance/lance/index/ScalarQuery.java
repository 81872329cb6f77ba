package dev.plainlance.lance.index;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/** What a scalar index is asked: rows equal to a key, equal to one of several, in a range, or null. */
public sealed interface ScalarQuery {
    /** Whether the non-null {@code value} satisfies the query (NaN always does: it is rechecked). */
    boolean matches(Object value);

    /** Whether a sorted run of values from {@code min} to {@code max} (null min: unbounded) may hold a match. */
    boolean mayMatch(Object min, Object max);

    /**
     * {@link #matches} for values of a signed integer column, on primitives; null when a key or bound is not a
     * {@code Long} (the query is then asked through {@link #matches}).
     */
    default LongPredicate longTest() {
        return null;
    }

    record Equals(Object key) implements ScalarQuery {
        @Override
        public boolean matches(Object value) {
            return IndexKeys.isNaN(value) || IndexKeys.compare(value, key) == 0;
        }

        @Override
        public LongPredicate longTest() {
            if (!(key instanceof Long k)) {
                return null;
            }
            long wanted = k;
            return value -> value == wanted;
        }

        @Override
        public boolean mayMatch(Object min, Object max) {
            return new Range(key, true, key, true).mayMatch(min, max);
        }
    }

    /** Equal to one of {@code keys}; matched through a sorted set, so long key lists stay cheap. */
    final class In implements ScalarQuery {
        private final List<Object> keys;
        private final java.util.TreeSet<Object> sorted = new java.util.TreeSet<>(IndexKeys::compare);

        public In(List<Object> keys) {
            this.keys = List.copyOf(keys);
            sorted.addAll(keys);
        }

        public List<Object> keys() {
            return keys;
        }

        @Override
        public boolean matches(Object value) {
            return IndexKeys.isNaN(value) || sorted.contains(value);
        }

        @Override
        public LongPredicate longTest() {
            if (!keys.stream().allMatch(k -> k instanceof Long)) {
                return null;
            }
            long[] wanted = keys.stream().mapToLong(k -> (Long) k).sorted().toArray();
            return value -> Arrays.binarySearch(wanted, value) >= 0;
        }

        @Override
        public boolean mayMatch(Object min, Object max) {
            if (IndexKeys.isNaN(min) || IndexKeys.isNaN(max)) {
                return true;
            }
            if (sorted.isEmpty()) {
                return false;
            }
            Object next = min == null ? sorted.first() : sorted.ceiling(min);
            return next != null && IndexKeys.compare(next, max) <= 0;
        }
    }

    /** A range; a null bound is unbounded. */
    record Range(Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) implements ScalarQuery {
        @Override
        public boolean matches(Object value) {
            if (IndexKeys.isNaN(value)) {
                return true;
            }
            if (lower != null) {
                int c = IndexKeys.compare(value, lower);
                if (c < 0 || c == 0 && !lowerInclusive) {
                    return false;
                }
            }
            if (upper != null) {
                int c = IndexKeys.compare(value, upper);
                return c < 0 || c == 0 && upperInclusive;
            }
            return true;
        }

        @Override
        public LongPredicate longTest() {
            if (lower != null && !(lower instanceof Long) || upper != null && !(upper instanceof Long)) {
                return null;
            }
            long from = lower == null ? Long.MIN_VALUE : (Long) lower;
            long to = upper == null ? Long.MAX_VALUE : (Long) upper;
            boolean fromIncluded = lower == null || lowerInclusive;
            boolean toIncluded = upper == null || upperInclusive;
            return value ->
                    (value > from || fromIncluded && value == from) && (value < to || toIncluded && value == to);
        }

        @Override
        public boolean mayMatch(Object min, Object max) {
            if (IndexKeys.isNaN(min) || IndexKeys.isNaN(max)) {
                return true;
            }
            if (lower != null && IndexKeys.compare(max, lower) < 0) {
                return false;
            }
            return upper == null || min == null || IndexKeys.compare(min, upper) <= 0;
        }
    }

    record IsNull() implements ScalarQuery {
        @Override
        public boolean matches(Object value) {
            return false;
        }

        @Override
        public boolean mayMatch(Object min, Object max) {
            return false;
        }
    }
}
