package dev.plainlance.graph.schema;

/**
 * A declared property.
 *
 * @param range {@code @range} bounds, or null
 * @param check the {@code @check} regular expression (Java syntax, matched against the whole value), or null
 * @param renameFrom the {@code @rename_from} name this property had in the previous schema, or null
 */
public record Property(String name, PropertyType type, boolean nullable, Range range, String check, String renameFrom) {

    public Property(String name, PropertyType type, boolean nullable) {
        this(name, type, nullable, null, null, null);
    }

    /** The type with its {@code ?} when nullable, e.g. {@code I32?}. */
    public String typeSource() {
        return type.toSource() + (nullable ? "?" : "");
    }
}
