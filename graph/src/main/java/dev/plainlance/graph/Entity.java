package dev.plainlance.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One node or edge as stored: its type, {@code id}, for edges the {@code src} and {@code dst} node ids, and its
 * properties in schema order (null for a missing nullable value). Values have the Java forms of the property types:
 * {@code String}, {@code Boolean}, {@code Integer} (I32), {@code Long} (I64, U32, U64 as unsigned bits),
 * {@code Float}, {@code Double}, {@code LocalDate}, {@code Instant}, {@code byte[]}, {@code List}.
 *
 * @param src the source node id of an edge; null for a node
 * @param dst the destination node id of an edge; null for a node
 */
public record Entity(String type, String id, String src, String dst, Map<String, Object> properties) {
    public Entity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public boolean isEdge() {
        return src != null;
    }

    /** One property's value; null when null or not a property of the type. */
    public Object get(String property) {
        return properties.get(property);
    }

    /** Equal type, id, endpoints and property values ({@code byte[]} compared by content). */
    public boolean sameAs(Entity other) {
        if (!type.equals(other.type)
                || !id.equals(other.id)
                || !Objects.equals(src, other.src)
                || !Objects.equals(dst, other.dst)
                || !properties.keySet().equals(other.properties.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (!GraphValues.equal(e.getValue(), other.properties.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
