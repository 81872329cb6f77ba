package dev.plainlance.lance.index;

import java.util.List;

/** What a scalar index is asked: rows equal to a key, equal to one of several, in a range, or null. */
public sealed interface ScalarQuery {
    /** Whether the non-null {@code value} satisfies the query (NaN always does: it is rechecked). */
    boolean matches(Object value);

    /** Whether a sorted run of values from {@code min} to {@code max} (null min: unbounded) may hold a match. */
    boolean mayMatch(Object min, Object max);

    record Equals(Object key) implements ScalarQuery {
        @Override
        public boolean matches(Object value) {
            return IndexKeys.isNaN(value) || IndexKeys.compare(value, key) == 0;
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
