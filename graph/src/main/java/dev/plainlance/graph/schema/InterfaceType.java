package dev.plainlance.graph.schema;

import java.util.List;

/**
 * An interface: properties (with their annotations) that every implementing node type gets. Interfaces have no
 * table of their own.
 */
public record InterfaceType(
        String name,
        List<Property> properties,
        List<String> key,
        List<List<String>> uniques,
        List<List<String>> indexes) {

    public InterfaceType {
        properties = List.copyOf(properties);
        key = List.copyOf(key);
        uniques = Tuples.normalize(uniques);
        indexes = Tuples.normalize(indexes);
    }
}
