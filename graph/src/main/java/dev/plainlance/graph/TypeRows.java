package dev.plainlance.graph;

import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.TableMapping;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The table layout of one node or edge type: its Arrow schema, and entities to and from its rows. */
final class TypeRows {
    final String type;
    final String tableKey;
    final boolean edge;
    final List<Property> properties;
    final Schema schema;

    private TypeRows(String type, String tableKey, boolean edge, List<Property> properties, Schema schema) {
        this.type = type;
        this.tableKey = tableKey;
        this.edge = edge;
        this.properties = properties;
        this.schema = schema;
    }

    static TypeRows of(NodeType node) {
        return new TypeRows(node.name(), node.tableKey(), false, node.properties(), TableMapping.nodeTable(node));
    }

    static TypeRows of(EdgeType edge) {
        return new TypeRows(edge.name(), edge.tableKey(), true, edge.properties(), TableMapping.edgeTable(edge));
    }

    /** The entity in row {@code row} of {@code batch} (a batch with this type's columns). */
    Entity read(VectorSchemaRoot batch, int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Property p : properties) {
            values.put(p.name(), GraphValues.get(batch.getVector(p.name()), row, p.type()));
        }
        return new Entity(
                type,
                text(batch, "id", row),
                edge ? text(batch, "src", row) : null,
                edge ? text(batch, "dst", row) : null,
                values);
    }

    /** Writes {@code entity} into row {@code row} of {@code batch}. */
    void write(VectorSchemaRoot batch, int row, Entity entity) {
        setText(batch, "id", row, entity.id());
        if (edge) {
            setText(batch, "src", row, entity.src());
            setText(batch, "dst", row, entity.dst());
        }
        for (Property p : properties) {
            GraphValues.set(batch.getVector(p.name()), row, entity.get(p.name()), p.type());
        }
    }

    static String text(VectorSchemaRoot batch, String column, int row) {
        VarCharVector vector = (VarCharVector) batch.getVector(column);
        return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
    }

    private static void setText(VectorSchemaRoot batch, String column, int row, String value) {
        ((VarCharVector) batch.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
    }
}
