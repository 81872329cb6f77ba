package dev.plainlance.graph.schema;

import java.util.List;
import java.util.stream.Collectors;

/** The type of a property, without its nullability. */
public sealed interface PropertyType {

    /** The type as written in canonical {@code .pg} source. */
    String toSource();

    /** A built-in scalar such as {@code String} or {@code DateTime}. */
    record Scalar(ScalarKind kind) implements PropertyType {
        @Override
        public String toSource() {
            return kind.sourceName();
        }
    }

    /** {@code Vector(n)}: a fixed-size list of {@code n >= 1} float32 values. */
    record Vector(int dimension) implements PropertyType {
        @Override
        public String toSource() {
            return "Vector(" + dimension + ")";
        }
    }

    /** {@code [T]}: a list of a scalar (not {@code Blob}). */
    record ListOf(ScalarKind element) implements PropertyType {
        @Override
        public String toSource() {
            return "[" + element.sourceName() + "]";
        }
    }

    /**
     * {@code enum(a, b)}: a string restricted to a set of values. Values are kept sorted, so the order they were
     * written in is not part of the type (as in Omnigraph).
     */
    record Enum(List<String> values) implements PropertyType {
        public Enum {
            values = values.stream().sorted().distinct().toList();
        }

        @Override
        public String toSource() {
            return values.stream().collect(Collectors.joining(", ", "enum(", ")"));
        }
    }
}
