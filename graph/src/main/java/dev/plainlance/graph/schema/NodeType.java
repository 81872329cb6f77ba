package dev.plainlance.graph.schema;

import java.util.List;
import java.util.Optional;

/**
 * A node type: one Lance table. {@code properties} include those taken from implemented interfaces.
 *
 * @param key the ordered {@code @key} tuple the node's {@code id} is derived from; empty when the type has no key
 * @param uniques {@code @unique} tuples (a set; canonical order)
 * @param indexes {@code @index} tuples (a set; canonical order)
 * @param renameFrom the {@code @rename_from} name of this type in the previous schema, or null
 */
public record NodeType(
        String name,
        List<String> interfaces,
        List<Property> properties,
        List<String> key,
        List<List<String>> uniques,
        List<List<String>> indexes,
        String renameFrom) {

    public NodeType {
        interfaces = List.copyOf(interfaces);
        properties = List.copyOf(properties);
        key = List.copyOf(key);
        uniques = Tuples.normalize(uniques);
        indexes = Tuples.normalize(indexes);
    }

    public Optional<Property> property(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
    }

    /** The catalog table key of this type's table, {@code node:<Name>} (as Omnigraph's table keys). */
    public String tableKey() {
        return "node:" + name;
    }
}
