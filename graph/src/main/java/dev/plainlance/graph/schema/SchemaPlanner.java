package dev.plainlance.graph.schema;

import dev.plainlance.graph.schema.PlanStep.Kind;
import dev.plainlance.graph.schema.PlanStep.Safety;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Plans the evolution of a graph schema. Types and properties are matched by name; a type or property of the new
 * schema that carries {@code @rename_from("Old")} and has no namesake in the old schema is the renamed old one (as
 * in Omnigraph). Anything in the old schema left unmatched is dropped. Interfaces have no tables, so only their effect
 * on node types is planned.
 */
public final class SchemaPlanner {
    private final List<PlanStep> steps = new ArrayList<>();
    private final Map<String, String> nodeRenames = new HashMap<>();

    private SchemaPlanner() {}

    public static SchemaPlan plan(GraphSchema from, GraphSchema to) {
        SchemaPlanner planner = new SchemaPlanner();
        planner.types(views(from, true), views(to, true));
        planner.types(views(from, false), views(to, false));
        return new SchemaPlan(planner.steps);
    }

    /** A node or edge type seen uniformly. */
    private record TypeView(
            String kind,
            String name,
            String renameFrom,
            List<Property> properties,
            List<String> key,
            List<List<String>> uniques,
            List<List<String>> indexes,
            String from,
            String to,
            Cardinality cardinality,
            List<String> interfaces,
            Schema schema) {

        String table() {
            return kind + ":" + name;
        }

        Property property(String propertyName) {
            return properties.stream()
                    .filter(p -> p.name().equals(propertyName))
                    .findFirst()
                    .orElse(null);
        }

        Field field(Property p) {
            return TableMapping.field(p, key, uniques, indexes);
        }
    }

    private static List<TypeView> views(GraphSchema schema, boolean nodes) {
        if (nodes) {
            return schema.nodes().stream()
                    .map(n -> new TypeView(
                            "node",
                            n.name(),
                            n.renameFrom(),
                            n.properties(),
                            n.key(),
                            n.uniques(),
                            n.indexes(),
                            null,
                            null,
                            null,
                            n.interfaces(),
                            TableMapping.nodeTable(n)))
                    .toList();
        }
        return schema.edges().stream()
                .map(e -> new TypeView(
                        "edge",
                        e.name(),
                        e.renameFrom(),
                        e.properties(),
                        List.of(),
                        e.uniques(),
                        e.indexes(),
                        e.from(),
                        e.to(),
                        e.cardinality(),
                        List.of(),
                        TableMapping.edgeTable(e)))
                .toList();
    }

    private void types(List<TypeView> before, List<TypeView> after) {
        Map<String, TypeView> old = new HashMap<>();
        before.forEach(t -> old.put(t.name(), t));
        Set<String> afterNames = new HashSet<>();
        after.forEach(t -> afterNames.add(t.name()));
        Set<String> matched = new HashSet<>();
        for (TypeView t : after) {
            TypeView o = old.get(t.name());
            if (o == null && t.renameFrom() != null && !afterNames.contains(t.renameFrom())) {
                o = old.get(t.renameFrom());
                if (o == null) {
                    add(
                            Kind.RENAME_TYPE,
                            Safety.UNSUPPORTED,
                            "rename " + t.kind() + " type " + t.renameFrom() + " to " + t.name(),
                            "the current schema has no " + t.kind() + " type '" + t.renameFrom() + "'",
                            t.table(),
                            t.kind() + ":" + t.renameFrom(),
                            null,
                            null,
                            null,
                            null);
                    continue;
                }
                add(
                        Kind.RENAME_TYPE,
                        Safety.SAFE,
                        "rename " + t.kind() + " type " + o.name() + " to " + t.name(),
                        "its rows are copied to the table of the new name; the old table is dropped",
                        t.table(),
                        o.table(),
                        null,
                        null,
                        null,
                        null);
                if (t.kind().equals("node")) {
                    nodeRenames.put(o.name(), t.name());
                }
            }
            if (o == null) {
                add(
                        Kind.ADD_TYPE,
                        Safety.SAFE,
                        "add " + t.kind() + " type " + t.name(),
                        "creates an empty table",
                        t.table(),
                        null,
                        null,
                        null,
                        null,
                        t.schema());
                continue;
            }
            matched.add(o.name());
            properties(o, t);
            typeLevel(o, t);
        }
        for (TypeView o : before) {
            if (!matched.contains(o.name())) {
                add(
                        Kind.DROP_TYPE,
                        Safety.DATA_LOSS,
                        "drop " + o.kind() + " type " + o.name(),
                        "the table and all its rows are removed",
                        o.table(),
                        null,
                        null,
                        null,
                        null,
                        null);
            }
        }
    }

    private void properties(TypeView o, TypeView t) {
        Set<String> matched = new HashSet<>();
        Map<String, String> renames = new HashMap<>();
        for (Property p : t.properties()) {
            String where = t.name() + "." + p.name();
            Property q = o.property(p.name());
            if (q == null && p.renameFrom() != null && t.property(p.renameFrom()) == null) {
                q = o.property(p.renameFrom());
                if (q == null) {
                    add(
                            Kind.RENAME_PROPERTY,
                            Safety.UNSUPPORTED,
                            "rename property " + t.name() + "." + p.renameFrom() + " to " + p.name(),
                            o.kind() + " type " + o.name() + " has no property '" + p.renameFrom() + "'",
                            t.table(),
                            null,
                            p.name(),
                            p.renameFrom(),
                            t.field(p),
                            null);
                    continue;
                }
                add(
                        Kind.RENAME_PROPERTY,
                        Safety.SAFE,
                        "rename property " + t.name() + "." + q.name() + " to " + p.name(),
                        "the column is renamed; its values are kept",
                        t.table(),
                        null,
                        p.name(),
                        q.name(),
                        t.field(p),
                        null);
                renames.put(q.name(), p.name());
            }
            if (q == null) {
                boolean nullable = p.nullable();
                add(
                        Kind.ADD_PROPERTY,
                        nullable ? Safety.SAFE : Safety.UNSUPPORTED,
                        "add " + (nullable ? "nullable" : "required") + " property " + where,
                        nullable
                                ? "adds an all-null column"
                                : "existing rows would have no value; add it nullable (there are no defaults)",
                        t.table(),
                        null,
                        p.name(),
                        null,
                        t.field(p),
                        null);
                continue;
            }
            matched.add(q.name());
            propertyChange(q, p, t, where);
        }
        for (Property q : o.properties()) {
            if (!matched.contains(q.name())) {
                add(
                        Kind.DROP_PROPERTY,
                        Safety.DATA_LOSS,
                        "drop property " + o.name() + "." + q.name(),
                        "the column and its values are removed",
                        t.table(),
                        null,
                        q.name(),
                        null,
                        null,
                        null);
            }
        }
        if (!renamed(o.key(), renames).equals(t.key())) {
            add(
                    Kind.CHANGE_KEY,
                    Safety.UNSUPPORTED,
                    "change the key of " + t.name() + " from " + o.key() + " to " + t.key(),
                    "node ids are derived from the key; existing ids and the edges that use them"
                            + " would have to be rewritten",
                    t.table(),
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        if (!renamedAll(o.uniques(), renames).equals(Tuples.normalize(t.uniques()))
                || !renamedAll(o.indexes(), renames).equals(Tuples.normalize(t.indexes()))) {
            add(
                    Kind.UPDATE_METADATA,
                    Safety.SAFE,
                    "change @unique/@index of " + t.name(),
                    "metadata only; the storage layer checks existing rows against new uniqueness before publishing",
                    t.table(),
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    private void propertyChange(Property q, Property p, TypeView t, String where) {
        if (!Objects.equals(q.type(), p.type())) {
            if (q.type() instanceof PropertyType.Enum a && p.type() instanceof PropertyType.Enum b) {
                if (b.values().containsAll(a.values())) {
                    List<String> added = new ArrayList<>(b.values());
                    added.removeAll(a.values());
                    add(
                            Kind.EXTEND_ENUM,
                            Safety.SAFE,
                            "extend enum " + where + " with " + added,
                            "metadata only; every stored value stays valid",
                            t.table(),
                            null,
                            p.name(),
                            null,
                            t.field(p),
                            null);
                } else {
                    List<String> removed = new ArrayList<>(a.values());
                    removed.removeAll(b.values());
                    add(
                            Kind.NARROW_ENUM,
                            Safety.UNSUPPORTED,
                            "remove values " + removed + " from enum " + where,
                            "stored rows may hold a removed value",
                            t.table(),
                            null,
                            p.name(),
                            null,
                            t.field(p),
                            null);
                }
            } else {
                add(
                        Kind.CHANGE_TYPE,
                        Safety.UNSUPPORTED,
                        "change the type of " + where + " from " + q.type().toSource() + " to "
                                + p.type().toSource(),
                        "stored values are not converted; add a new property instead",
                        t.table(),
                        null,
                        p.name(),
                        null,
                        t.field(p),
                        null);
            }
        }
        if (q.nullable() && !p.nullable()) {
            add(
                    Kind.MAKE_REQUIRED,
                    Safety.UNSUPPORTED,
                    "make " + where + " required",
                    "stored rows may be null there",
                    t.table(),
                    null,
                    p.name(),
                    null,
                    t.field(p),
                    null);
        } else if (!q.nullable() && p.nullable()) {
            add(
                    Kind.MAKE_NULLABLE,
                    Safety.SAFE,
                    "make " + where + " nullable",
                    "metadata only",
                    t.table(),
                    null,
                    p.name(),
                    null,
                    t.field(p),
                    null);
        }
        if (!Objects.equals(q.range(), p.range()) || !Objects.equals(q.check(), p.check())) {
            add(
                    Kind.UPDATE_METADATA,
                    Safety.SAFE,
                    "change @range/@check of " + where,
                    "metadata only; the storage layer checks existing rows against new constraints before publishing",
                    t.table(),
                    null,
                    p.name(),
                    null,
                    t.field(p),
                    null);
        }
    }

    private void typeLevel(TypeView o, TypeView t) {
        if (t.from() != null) {
            String from = nodeRenames.getOrDefault(o.from(), o.from());
            String to = nodeRenames.getOrDefault(o.to(), o.to());
            if (!from.equals(t.from()) || !to.equals(t.to())) {
                add(
                        Kind.CHANGE_ENDPOINTS,
                        Safety.UNSUPPORTED,
                        "change edge " + t.name() + " from " + o.from() + " -> " + o.to() + " to " + t.from() + " -> "
                                + t.to(),
                        "stored edges point at nodes of the old types",
                        t.table(),
                        null,
                        null,
                        null,
                        null,
                        null);
            }
            if (!o.cardinality().equals(t.cardinality())) {
                add(
                        Kind.UPDATE_METADATA,
                        Safety.SAFE,
                        "change " + t.name() + " " + o.cardinality().toSource() + " to "
                                + t.cardinality().toSource(),
                        "metadata only; the storage layer checks existing edges against it before publishing",
                        t.table(),
                        null,
                        null,
                        null,
                        null,
                        null);
            }
        }
        if (!o.interfaces().equals(t.interfaces())) {
            add(
                    Kind.UPDATE_METADATA,
                    Safety.SAFE,
                    "change the interfaces of " + t.name() + " from " + o.interfaces() + " to " + t.interfaces(),
                    "metadata only; their properties are planned as properties",
                    t.table(),
                    null,
                    null,
                    null,
                    null,
                    null);
        }
    }

    private static List<String> renamed(List<String> tuple, Map<String, String> renames) {
        return tuple.stream().map(n -> renames.getOrDefault(n, n)).toList();
    }

    private static List<List<String>> renamedAll(List<List<String>> tuples, Map<String, String> renames) {
        return Tuples.normalize(tuples.stream().map(t -> renamed(t, renames)).toList());
    }

    private void add(
            Kind kind,
            Safety safety,
            String description,
            String reason,
            String table,
            String previousTable,
            String column,
            String previousColumn,
            Field field,
            Schema tableSchema) {
        steps.add(new PlanStep(
                kind, safety, description, reason, table, previousTable, column, previousColumn, field, tableSchema));
    }
}
