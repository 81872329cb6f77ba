package dev.plainlance.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.plainlance.graph.query.QueryArgumentException;
import dev.plainlance.graph.query.Typed;
import dev.plainlance.graph.query.ValueType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.util.HashMap;
import java.util.Map;

/**
 * Binds the arguments of a query run to its parameters, in the Java form of each parameter's type. A value may be
 * given in its Java form or as text: text for a non-text parameter is read as JSON ({@code 30}, {@code true},
 * {@code ["a","b"]}); dates and times are ISO-8601. An optional parameter left out is null.
 */
final class QueryArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryArguments() {}

    static Map<String, Object> bind(Typed.Query query, Map<String, ?> given) {
        Map<String, Object> out = new HashMap<>();
        for (String name : given.keySet()) {
            if (query.params().stream().noneMatch(p -> p.name().equals(name))) {
                throw new QueryArgumentException("query " + query.name() + " has no parameter $" + name
                        + (query.params().isEmpty()
                                ? ""
                                : "; its parameters are "
                                        + query.params().stream()
                                                .map(p -> "$" + p.name())
                                                .toList()));
            }
        }
        for (Typed.Param param : query.params()) {
            Object value = given.get(param.name());
            if (value == null) {
                if (!param.type().nullable()) {
                    throw new QueryArgumentException("query " + query.name() + " needs parameter $" + param.name()
                            + " (" + param.type().describe() + ")");
                }
                out.put(param.name(), null);
                continue;
            }
            out.put(param.name(), convert(query, param, value));
        }
        return out;
    }

    private static Object convert(Typed.Query query, Typed.Param param, Object value) {
        PropertyType type = ((ValueType.Value) param.type()).type();
        Property property = new Property(param.name(), type, true);
        try {
            if (value instanceof String text && !isText(type)) {
                return GraphValues.fromJson(parse(text), property);
            }
            if (value instanceof String text
                    && type instanceof PropertyType.Scalar s
                    && s.kind() != ScalarKind.STRING) {
                return GraphValues.fromJson(TextNode.valueOf(text), property);
            }
            return GraphValues.normalize(value, property);
        } catch (GraphValues.BadValue e) {
            throw problem(query, param, e.getMessage());
        } catch (JsonProcessingException e) {
            throw problem(query, param, "not a JSON value: " + value);
        }
    }

    private static QueryArgumentException problem(Typed.Query query, Typed.Param param, String what) {
        return new QueryArgumentException("query " + query.name() + ": parameter $" + param.name() + " ("
                + param.type().describe() + "): " + what);
    }

    /** Types whose text form is the value itself rather than JSON. */
    private static boolean isText(PropertyType type) {
        if (type instanceof PropertyType.Enum) {
            return true;
        }
        return type instanceof PropertyType.Scalar s
                && (s.kind() == ScalarKind.STRING || s.kind() == ScalarKind.DATE || s.kind() == ScalarKind.DATETIME);
    }

    private static JsonNode parse(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }
}
