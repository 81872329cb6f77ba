package dev.plainlance.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeType;
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
                    out.write(JSON.writeValueAsString(EntityJson.nodeLine(e, node)));
                    out.write('\n');
                    lines++;
                }
            }
            for (EdgeType edge : snapshot.schema().edges()) {
                for (Entity e : sorted(snapshot, edge.name())) {
                    out.write(JSON.writeValueAsString(EntityJson.edgeLine(e, edge)));
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
}
