package dev.plainlance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.query.ValueType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import dev.plainlance.graph.schema.TableMapping;
import dev.plainlance.lance.arrow.ArrowReaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of a read query, in the query's order: one column per projection, named by its alias (or its property,
 * variable or function name). Values are Java forms: {@code String}, {@code Integer} (I32), {@code Long} (I64, U32,
 * U64, {@code count}, path {@code length}), {@code Float} (F32), {@code Double} (F64, {@code sum}, {@code avg}, path
 * {@code cost}), {@code Boolean}, {@code LocalDate}, {@code Instant}, {@code List}s of those, a {@code Map} of a whole
 * node's properties, or null. Immutable.
 */
public final class QueryResult {
    private static final int BATCH_ROWS = 65_536;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String commitId;
    private final List<String> columns;
    private final List<ValueType> types;
    private final List<List<Object>> rows;
    private final GraphSchema schema;

    QueryResult(String commitId, List<String> columns, List<ValueType> types, List<Object[]> rows, GraphSchema schema) {
        this.commitId = commitId;
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            out.add(Collections.unmodifiableList(Arrays.asList(row)));
        }
        this.rows = Collections.unmodifiableList(out);
        this.schema = schema;
    }

    /** The commit the rows were read at (for {@code ifCommit} on a later write). */
    public String commitId() {
        return commitId;
    }

    public List<String> columns() {
        return columns;
    }

    /** The type of each column, as the type checker gave it. */
    public List<ValueType> types() {
        return types;
    }

    /** The rows; each a list with one value per column (nulls included). */
    public List<List<Object>> rows() {
        return rows;
    }

    /** The rows as JSON objects keyed by the column names in order (dates and times as ISO-8601 text). */
    public List<ObjectNode> jsonRows() {
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < columns.size(); c++) {
                line.set(columns.get(c), json(row.get(c), types.get(c)));
            }
            out.add(line);
        }
        return out;
    }

    /** {@link #jsonRows()} as JSON Lines, each line ending in a newline. */
    public String toJsonl() {
        StringBuilder out = new StringBuilder();
        for (ObjectNode line : jsonRows()) {
            try {
                out.append(JSON.writeValueAsString(line)).append('\n');
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private JsonNode json(Object value, ValueType type) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (type instanceof ValueType.Node node) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Property p : nodeProperties(node)) {
                out.set(p.name(), GraphValues.toJson(((Map<?, ?>) value).get(p.name()), p.type()));
            }
            return out;
        }
        return GraphValues.toJson(value, ((ValueType.Value) type).type());
    }

    /** The Arrow schema of the result: one nullable field per column; a whole node is a struct of its properties. */
    public Schema arrowSchema() {
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            fields.add(field(columns.get(c), types.get(c)));
        }
        return new Schema(fields);
    }

    private Field field(String name, ValueType type) {
        if (type instanceof ValueType.Node node) {
            List<Field> children = new ArrayList<>();
            for (Property p : nodeProperties(node)) {
                children.add(field(p.name(), new ValueType.Value(p.type(), true)));
            }
            return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
        }
        PropertyType property = ((ValueType.Value) type).type();
        Field stored = TableMapping.field(new Property(name, property, true), List.of(), List.of(), List.of());
        return new Field(name, FieldType.nullable(stored.getType()), stored.getChildren());
    }

    private List<Property> nodeProperties(ValueType.Node node) {
        NodeType type = schema.node(node.typeName()).orElseThrow();
        return type.properties().stream()
                .filter(p -> !(p.type() instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB))
                .toList();
    }

    /** The rows as Arrow batches of up to 65,536 rows, allocated from {@code allocator}; close the reader. */
    public ArrowReader reader(BufferAllocator allocator) {
        Schema arrow = arrowSchema();
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            for (int start = 0; start < rows.size(); start += BATCH_ROWS) {
                int end = Math.min(rows.size(), start + BATCH_ROWS);
                VectorSchemaRoot batch = VectorSchemaRoot.create(arrow, allocator);
                batches.add(batch);
                batch.allocateNew();
                for (int c = 0; c < columns.size(); c++) {
                    FieldVector vector = batch.getVector(c);
                    for (int r = start; r < end; r++) {
                        set(vector, r - start, rows.get(r).get(c), types.get(c));
                    }
                    vector.setValueCount(end - start);
                }
                batch.setRowCount(end - start);
            }
        } catch (RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
        return ArrowReaders.owning(arrow, batches, allocator);
    }

    private void set(FieldVector vector, int row, Object value, ValueType type) {
        if (type instanceof ValueType.Node node) {
            StructVector struct = (StructVector) vector;
            if (value == null) {
                struct.setNull(row);
                return;
            }
            struct.setIndexDefined(row);
            for (Property p : nodeProperties(node)) {
                FieldVector child = (FieldVector) struct.getChild(p.name());
                GraphValues.set(child, row, ((Map<?, ?>) value).get(p.name()), p.type());
                child.setValueCount(row + 1);
            }
            return;
        }
        GraphValues.set(vector, row, value, ((ValueType.Value) type).type());
    }
}
