package dev.plainlance.graph.schema;

import java.util.ArrayList;
import java.util.List;

/** Writes the canonical {@code .pg} text of a {@link GraphSchema}. */
final class SchemaPrinter {
    private static final String INDENT = "    ";

    private SchemaPrinter() {}

    static String print(GraphSchema schema) {
        List<String> blocks = new ArrayList<>();
        for (InterfaceType i : schema.interfaces()) {
            blocks.add(block("interface " + i.name(), i.properties(), i.key(), i.uniques(), i.indexes(), false));
        }
        for (NodeType n : schema.nodes()) {
            StringBuilder head = new StringBuilder("node ").append(n.name());
            renameFrom(head, n.renameFrom());
            if (!n.interfaces().isEmpty()) {
                head.append(" implements ").append(String.join(", ", n.interfaces()));
            }
            blocks.add(block(head.toString(), n.properties(), n.key(), n.uniques(), n.indexes(), false));
        }
        for (EdgeType e : schema.edges()) {
            StringBuilder head = new StringBuilder("edge ")
                    .append(e.name())
                    .append(": ")
                    .append(e.from())
                    .append(" -> ")
                    .append(e.to());
            if (!e.cardinality().isDefault()) {
                head.append(' ').append(e.cardinality().toSource());
            }
            renameFrom(head, e.renameFrom());
            blocks.add(block(head.toString(), e.properties(), List.of(), e.uniques(), e.indexes(), true));
        }
        return String.join("\n", blocks);
    }

    private static String block(
            String head,
            List<Property> properties,
            List<String> key,
            List<List<String>> uniques,
            List<List<String>> indexes,
            boolean bodyOptional) {
        List<String> lines = new ArrayList<>();
        for (Property p : properties) {
            StringBuilder line =
                    new StringBuilder(INDENT).append(p.name()).append(": ").append(p.typeSource());
            if (key.equals(List.of(p.name()))) {
                line.append(" @key");
            }
            if (uniques.contains(List.of(p.name()))) {
                line.append(" @unique");
            }
            if (indexes.contains(List.of(p.name()))) {
                line.append(" @index");
            }
            if (p.range() != null) {
                line.append(" @range(").append(p.range().toSource()).append(')');
            }
            if (p.check() != null) {
                line.append(" @check(").append(quote(p.check())).append(')');
            }
            renameFrom(line, p.renameFrom());
            lines.add(line.toString());
        }
        if (key.size() > 1 || (key.size() == 1 && !isProperty(properties, key.get(0)))) {
            lines.add(INDENT + "@key(" + String.join(", ", key) + ")");
        }
        bodyConstraints(lines, "@unique", uniques, properties);
        bodyConstraints(lines, "@index", indexes, properties);
        if (lines.isEmpty()) {
            return head + (bodyOptional ? "\n" : " {}\n");
        }
        return head + " {\n" + String.join("\n", lines) + "\n}\n";
    }

    private static void bodyConstraints(
            List<String> lines, String name, List<List<String>> tuples, List<Property> properties) {
        for (List<String> tuple : tuples) {
            if (tuple.size() != 1 || !isProperty(properties, tuple.get(0))) {
                lines.add(INDENT + name + "(" + String.join(", ", tuple) + ")");
            }
        }
    }

    private static boolean isProperty(List<Property> properties, String name) {
        return properties.stream().anyMatch(p -> p.name().equals(name));
    }

    private static void renameFrom(StringBuilder out, String renameFrom) {
        if (renameFrom != null) {
            out.append(" @rename_from(").append(quote(renameFrom)).append(')');
        }
    }

    /** A {@code .pg} string literal: backslash and double quote escaped, everything else as is. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
