package dev.plainlance.graph.schema;

import java.util.List;
import java.util.Optional;

/**
 * An edge type {@code edge Name: From -> To}: one Lance table of {@code id, src, dst} plus its properties.
 *
 * @param uniques {@code @unique} tuples, which may name {@code src} and {@code dst} (a set; canonical order)
 * @param indexes {@code @index} tuples (a set; canonical order)
 * @param renameFrom the {@code @rename_from} name of this type in the previous schema, or null
 */
public record EdgeType(
        String name,
        String from,
        String to,
        Cardinality cardinality,
        List<Property> properties,
        List<List<String>> uniques,
        List<List<String>> indexes,
        String renameFrom) {

    public EdgeType {
        properties = List.copyOf(properties);
        uniques = Tuples.normalize(uniques);
        indexes = Tuples.normalize(indexes);
    }

    public Optional<Property> property(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
    }

    /** The catalog table key of this type's table, {@code edge:<Name>}. */
    public String tableKey() {
        return "edge:" + name;
    }
}
