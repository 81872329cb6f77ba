package dev.plainlance.graph;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.lance.error.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * An entity as one line of the loader's NDJSON format, exactly as {@link Graph#export} writes it: a node is
 * {@code {"type":T,"data":{..}}} (with {@code "id"} when its type has no key), an edge
 * {@code {"edge":E,"id":..,"from":..,"to":..,"data":{..}}}. Properties come in schema order, nulls left out, in the
 * loader's value forms: dates and date-times ISO-8601, blobs base64, unsigned integers unsigned.
 */
public final class EntityJson {
    private EntityJson() {}

    /** The NDJSON line of {@code entity} under {@code schema} (the schema of the snapshot it was read from). */
    public static ObjectNode line(Entity entity, GraphSchema schema) {
        Optional<NodeType> node = schema.node(entity.type());
        if (node.isPresent()) {
            return nodeLine(entity, node.get());
        }
        EdgeType edge = schema.edge(entity.type())
                .orElseThrow(() -> new NotFoundException("no node or edge type " + entity.type() + " in the schema"));
        return edgeLine(entity, edge);
    }

    static ObjectNode nodeLine(Entity e, NodeType node) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("type", node.name());
        if (node.key().isEmpty()) {
            line.put("id", e.id());
        }
        line.set("data", data(e, node.properties()));
        return line;
    }

    static ObjectNode edgeLine(Entity e, EdgeType edge) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("edge", edge.name());
        line.put("id", e.id());
        line.put("from", e.src());
        line.put("to", e.dst());
        line.set("data", data(e, edge.properties()));
        return line;
    }

    private static ObjectNode data(Entity e, List<Property> properties) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (Property p : properties) {
            Object value = e.get(p.name());
            if (value != null) {
                data.set(p.name(), GraphValues.toJson(value, p.type()));
            }
        }
        return data;
    }
}
