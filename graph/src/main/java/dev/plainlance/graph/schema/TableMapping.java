package dev.plainlance.graph.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How a graph schema is stored: one Lance table per node type ({@code id} then the properties, interface properties
 * included) and one per edge type ({@code id}, {@code src}, {@code dst} then the properties), as in Omnigraph.
 * {@code id}, {@code src} and {@code dst} are non-null utf8; a node's {@code id} is derived from its key by
 * {@link NodeIds}, an edge's is assigned by the writer. Field metadata records what Arrow cannot express (the
 * {@code .pg} type, e.g. the values of an enum, and the property's annotations); schema metadata names the type.
 */
public final class TableMapping {
    /** Field metadata: the property's {@code .pg} type, e.g. {@code enum(a, b)?} or {@code U32}. */
    public static final String PG_TYPE = "plainlance:pg-type";
    /** Field metadata: the property's annotations in canonical {@code .pg} form, e.g. {@code @unique @range(0..9)}. */
    public static final String PG_ANNOTATIONS = "plainlance:pg-annotations";
    /** Schema metadata: {@code node} or {@code edge}. */
    public static final String PG_KIND = "plainlance:pg-kind";
    /** Schema metadata: the node or edge type's name. */
    public static final String PG_NAME = "plainlance:pg-name";
    /** Schema metadata of a node table with a key: the {@code @key} properties, comma-separated, in key order. */
    public static final String PG_KEY = "plainlance:pg-key";
    /** Schema metadata of an edge table: {@code From -> To}. */
    public static final String PG_ENDPOINTS = "plainlance:pg-endpoints";

    private TableMapping() {}

    /** The Arrow schema of a node type's table. */
    public static Schema nodeTable(NodeType node) {
        List<Field> fields = new ArrayList<>();
        fields.add(required("id"));
        for (Property p : node.properties()) {
            fields.add(field(p, node.key(), node.uniques(), node.indexes()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PG_KIND, "node");
        metadata.put(PG_NAME, node.name());
        if (!node.key().isEmpty()) {
            metadata.put(PG_KEY, String.join(",", node.key()));
        }
        return new Schema(fields, metadata);
    }

    /** The Arrow schema of an edge type's table. */
    public static Schema edgeTable(EdgeType edge) {
        List<Field> fields = new ArrayList<>();
        fields.add(required("id"));
        fields.add(endpoint("src", edge));
        fields.add(endpoint("dst", edge));
        for (Property p : edge.properties()) {
            fields.add(field(p, List.of(), edge.uniques(), edge.indexes()));
        }
        return new Schema(
                fields, Map.of(PG_KIND, "edge", PG_NAME, edge.name(), PG_ENDPOINTS, edge.from() + " -> " + edge.to()));
    }

    /** The Arrow field of a property of a node type ({@code key}: the node's key) or of an edge type (empty key). */
    public static Field field(Property p, List<String> key, List<List<String>> uniques, List<List<String>> indexes) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PG_TYPE, p.typeSource());
        String annotations = annotations(p, key, uniques, indexes);
        if (!annotations.isEmpty()) {
            metadata.put(PG_ANNOTATIONS, annotations);
        }
        FieldType type = new FieldType(p.nullable(), arrowType(p.type()), null, metadata);
        return new Field(p.name(), type, children(p.type()));
    }

    /** The Arrow type of a property type (lists and vectors have an {@code item} child, see {@link #field}). */
    public static ArrowType arrowType(PropertyType type) {
        if (type instanceof PropertyType.Scalar s) {
            return s.kind().arrowType();
        }
        if (type instanceof PropertyType.Vector v) {
            return new ArrowType.FixedSizeList(v.dimension());
        }
        if (type instanceof PropertyType.ListOf) {
            return ArrowType.List.INSTANCE;
        }
        return ArrowType.Utf8.INSTANCE;
    }

    private static List<Field> children(PropertyType type) {
        if (type instanceof PropertyType.Vector) {
            return List.of(new Field(
                    "item", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null));
        }
        if (type instanceof PropertyType.ListOf l) {
            return List.of(new Field("item", FieldType.nullable(l.element().arrowType()), null));
        }
        return null;
    }

    /** {@code src} or {@code dst}, with the {@code @unique}/{@code @index} tuples that name it as metadata. */
    private static Field endpoint(String name, EdgeType edge) {
        String annotations = constraints(name, List.of(), edge.uniques(), edge.indexes());
        Map<String, String> metadata = annotations.isEmpty() ? null : Map.of(PG_ANNOTATIONS, annotations);
        return new Field(name, new FieldType(false, ArrowType.Utf8.INSTANCE, null, metadata), null);
    }

    private static Field required(String name) {
        return new Field(name, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    }

    private static String annotations(
            Property p, List<String> key, List<List<String>> uniques, List<List<String>> indexes) {
        List<String> out = new ArrayList<>();
        String constraints = constraints(p.name(), key, uniques, indexes);
        if (!constraints.isEmpty()) {
            out.add(constraints);
        }
        if (p.range() != null) {
            out.add("@range(" + p.range().toSource() + ")");
        }
        if (p.check() != null) {
            out.add("@check(" + SchemaPrinter.quote(p.check()) + ")");
        }
        return String.join(" ", out);
    }

    private static String constraints(
            String name, List<String> key, List<List<String>> uniques, List<List<String>> indexes) {
        List<String> out = new ArrayList<>();
        if (key.contains(name)) {
            out.add(key.size() == 1 ? "@key" : "@key(" + String.join(", ", key) + ")");
        }
        for (List<String> t : uniques) {
            if (t.contains(name)) {
                out.add(t.size() == 1 ? "@unique" : "@unique(" + String.join(", ", t) + ")");
            }
        }
        for (List<String> t : indexes) {
            if (t.contains(name)) {
                out.add(t.size() == 1 ? "@index" : "@index(" + String.join(", ", t) + ")");
            }
        }
        return String.join(" ", out);
    }
}
