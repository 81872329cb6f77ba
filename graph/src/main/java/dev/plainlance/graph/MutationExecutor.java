package dev.plainlance.graph;

import dev.plainlance.graph.query.Typed;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the statements of a mutation query, in order, in one {@link GraphTransaction}: a node insert is an upsert
 * by key when the type has a {@code @key} (a strict insert otherwise), an edge insert needs both endpoint ids to
 * exist, updates and deletes select by their {@code where}, node deletes take the nodes' edges with them. Statements
 * see the writes of the statements before them. Either every statement lands, as one commit, or none does.
 */
final class MutationExecutor {
    private final GraphTransaction tx;
    private final QueryExecutor values;

    MutationExecutor(GraphTransaction tx, Map<String, Object> arguments, Instant now) {
        this.tx = tx;
        this.values = new QueryExecutor(null, arguments, now);
    }

    /** Runs every statement, in order. */
    void run(Typed.Mutation mutation) {
        for (Typed.Statement statement : mutation.statements()) {
            run(statement);
        }
    }

    private long run(Typed.Statement statement) {
        if (statement instanceof Typed.InsertNode i) {
            Map<String, Object> properties = assignments(i.assignments());
            NodeType type = i.type();
            if (type.key().isEmpty()) {
                tx.insert(type.name(), properties);
            } else {
                tx.upsert(type.name(), properties);
            }
            return 1;
        }
        if (statement instanceof Typed.InsertEdge e) {
            tx.insertEdge(
                    e.type().name(),
                    (String) values.constant(e.from()),
                    (String) values.constant(e.to()),
                    assignments(e.assignments()));
            return 1;
        }
        if (statement instanceof Typed.Update u) {
            String where = where(u.type().name(), u.where());
            return where == null ? 0 : tx.update(u.type().name(), where, assignments(u.assignments()));
        }
        if (statement instanceof Typed.DeleteNodes d) {
            String where = where(d.type().name(), d.where());
            return where == null ? 0 : tx.delete(d.type().name(), where);
        }
        Typed.DeleteEdges d = (Typed.DeleteEdges) statement;
        String where = where(d.type().name(), d.where());
        return where == null ? 0 : tx.deleteEdges(d.type().name(), where);
    }

    private Map<String, Object> assignments(List<Typed.Assignment> assignments) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Typed.Assignment a : assignments) {
            out.put(a.property().name(), values.constant(a.value()));
        }
        return out;
    }

    /**
     * The SQL form of a statement's {@code where}, or null when no row can match (list membership, which SQL cannot
     * say, is evaluated here and becomes a list of ids).
     */
    private String where(String type, Typed.Predicate predicate) {
        Object value = values.constant(predicate.value());
        String column = predicate.property() != null
                ? predicate.property().name()
                : "from".equals(predicate.field()) ? "src" : "dst";
        if (predicate.op() == Typed.Op.LIST_CONTAINS) {
            List<String> ids = new ArrayList<>();
            for (Entity entity : tx.list(type, null)) {
                if (QueryValues.test(entity.get(column), predicate.op(), value)) {
                    ids.add(GraphSnapshot.literal(entity.id()));
                }
            }
            return ids.isEmpty() ? null : "id IN (" + String.join(", ", ids) + ")";
        }
        if (value == null) {
            return null;
        }
        String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
        PropertyType type1 =
                predicate.property() == null ? null : predicate.property().type();
        return switch (predicate.op()) {
            case EQ -> quoted + " = " + sql(value, type1);
            case NE -> quoted + " != " + sql(value, type1);
            case LT -> quoted + " < " + sql(value, type1);
            case LE -> quoted + " <= " + sql(value, type1);
            case GT -> quoted + " > " + sql(value, type1);
            case GE -> quoted + " >= " + sql(value, type1);
            case STRING_CONTAINS -> quoted + " LIKE " + like("%" + escapeLike((String) value) + "%");
            case STARTS_WITH -> quoted + " LIKE " + like(escapeLike((String) value) + "%");
            case LIST_CONTAINS -> throw new IllegalStateException("handled above");
        };
    }

    private static String like(String pattern) {
        return GraphSnapshot.literal(pattern) + " ESCAPE '\\'";
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A SQL literal of a Java value. */
    private static String sql(Object value, PropertyType type) {
        if (value instanceof String s) {
            return GraphSnapshot.literal(s);
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof LocalDate || value instanceof Instant) {
            return (value instanceof LocalDate ? "DATE '" : "TIMESTAMP '") + value + "'";
        }
        if (value instanceof Long l && type instanceof PropertyType.Scalar s && s.kind() == ScalarKind.U64) {
            return Long.toUnsignedString(l);
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? "CAST('" + d + "' AS DOUBLE)" : n.toString();
        }
        throw new IllegalStateException("no SQL form for " + value.getClass().getSimpleName());
    }
}
