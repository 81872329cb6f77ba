package dev.plainlance.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a snapshot as NDJSON in the loader's format, deterministically: node types then edge types in schema
 * order, each sorted by id; properties in schema order, nulls left out. Edges carry their {@code id}, and nodes of
 * types without a key theirs, so loading the export gives back the same entities, ids included.
 */
final class GraphExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphExport() {}

    static long write(GraphSnapshot snapshot, Writer out) {
        long lines = 0;
        try {
            for (NodeType node : snapshot.schema().nodes()) {
                for (Entity e : sorted(snapshot, node.name())) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("type", node.name());
                    if (node.key().isEmpty()) {
                        line.put("id", e.id());
                    }
                    line.set("data", data(e, node.properties()));
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                    lines++;
                }
            }
            for (EdgeType edge : snapshot.schema().edges()) {
                for (Entity e : sorted(snapshot, edge.name())) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("edge", edge.name());
                    line.put("id", e.id());
                    line.put("from", e.src());
                    line.put("to", e.dst());
                    line.set("data", data(e, edge.properties()));
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                    lines++;
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
        return lines;
    }

    private static List<Entity> sorted(GraphSnapshot snapshot, String type) {
        List<Entity> all = new ArrayList<>();
        snapshot.scan(type, null, all::add);
        all.sort(java.util.Comparator.comparing(Entity::id));
        return all;
    }

    private static ObjectNode data(Entity e, List<Property> properties) {
        ObjectNode data = JSON.createObjectNode();
        for (Property p : properties) {
            Object value = e.get(p.name());
            if (value != null) {
                data.set(p.name(), GraphValues.toJson(value, p.type()));
            }
        }
        return data;
    }
}
