package dev.plainlance.graph.schema;

import java.util.Comparator;
import java.util.List;

/** Property tuples of {@code @unique} and {@code @index}: a set, kept in one canonical order. */
final class Tuples {
    private static final Comparator<List<String>> ORDER =
            (a, b) -> String.join(",", a).compareTo(String.join(",", b));

    private Tuples() {}

    static List<List<String>> normalize(List<List<String>> tuples) {
        return tuples.stream().map(List::copyOf).distinct().sorted(ORDER).toList();
    }
}
