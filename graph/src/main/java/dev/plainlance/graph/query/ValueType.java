package dev.plainlance.graph.query;

import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;

/** The type of a checked expression: a property-like value, or a whole node. */
public sealed interface ValueType {

    /** Whether the value may be null. */
    boolean nullable();

    /** The same type, nullable. */
    ValueType asNullable();

    /** How the type reads in messages and docs, e.g. {@code I32?}, {@code [String]}, {@code node Person}. */
    String describe();

    /** A value of a {@code .pg} property type (a scalar, a list, a vector or an enum). */
    record Value(PropertyType type, boolean nullable) implements ValueType {
        public static Value of(ScalarKind kind, boolean nullable) {
            return new Value(new PropertyType.Scalar(kind), nullable);
        }

        /** The scalar kind of a scalar value ({@code String} for an enum), or null for lists and vectors. */
        public ScalarKind scalar() {
            if (type instanceof PropertyType.Scalar s) {
                return s.kind();
            }
            return type instanceof PropertyType.Enum ? ScalarKind.STRING : null;
        }

        @Override
        public Value asNullable() {
            return new Value(type, true);
        }

        @Override
        public String describe() {
            return type.toSource() + (nullable ? "?" : "");
        }
    }

    /** A whole node of a node type (a bare node variable in {@code return}). */
    record Node(String typeName, boolean nullable) implements ValueType {
        @Override
        public Node asNullable() {
            return new Node(typeName, true);
        }

        @Override
        public String describe() {
            return "node " + typeName + (nullable ? "?" : "");
        }
    }
}
