package dev.plainlance.bench.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams the graph NDJSON ({@link SocialGraph#write}): one object a line, {@code {"type":T,"data":{...}}} for a node
 * and {@code {"edge":E,"from":K,"to":K,"data":{...}}} for an edge, all nodes before the first edge. {@code data} is a
 * flat object of scalars (strings, integers as {@code Long}, floats as {@code Double}, booleans, nulls); a missing
 * {@code data} reads as an empty map.
 */
public final class Ndjson {
    private static final JsonFactory JSON = new JsonFactory();

    /** Receives the lines in file order. */
    public interface Sink {
        void node(String type, Map<String, Object> data) throws IOException;

        void edge(String edge, String from, String to, Map<String, Object> data) throws IOException;
    }

    private Ndjson() {}

    /** Reads {@code file} into {@code sink}; refuses a node after an edge and a line that is neither. */
    public static void read(Path file, Sink sink) throws IOException {
        boolean inEdges = false;
        try (JsonParser p = JSON.createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException(file + ": expected one object a line at " + p.currentLocation());
                }
                String type = null;
                String edge = null;
                String from = null;
                String to = null;
                Map<String, Object> data = Map.of();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (field) {
                        case "type" -> type = p.getText();
                        case "edge" -> edge = p.getText();
                        case "from" -> from = p.getText();
                        case "to" -> to = p.getText();
                        case "data" -> data = v == JsonToken.VALUE_NULL ? Map.of() : flatObject(file, p);
                        default -> p.skipChildren();
                    }
                }
                if (type != null && edge == null) {
                    if (inEdges) {
                        throw new IOException(file + ": node after the first edge at " + p.currentLocation());
                    }
                    sink.node(type, data);
                } else if (edge != null && type == null && from != null && to != null) {
                    inEdges = true;
                    sink.edge(edge, from, to, data);
                } else {
                    throw new IOException(file + ": a line is a node (type, data) or an edge (edge, from, to, data) at "
                            + p.currentLocation());
                }
            }
        }
    }

    private static Map<String, Object> flatObject(Path file, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException(file + ": \"data\" is not an object at " + p.currentLocation());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            Object value =
                    switch (p.nextToken()) {
                        case VALUE_STRING -> p.getText();
                        case VALUE_NUMBER_INT -> p.getLongValue();
                        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_TRUE -> Boolean.TRUE;
                        case VALUE_FALSE -> Boolean.FALSE;
                        case VALUE_NULL -> null;
                        default -> throw new IOException(file + ": nested value in \"data\" at " + p.currentLocation());
                    };
            data.put(field, value);
        }
        return data;
    }
}
