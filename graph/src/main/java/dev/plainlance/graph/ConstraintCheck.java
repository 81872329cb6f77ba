package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogView;
import dev.plainlance.graph.schema.Cardinality;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.PlanStep;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.Range;
import dev.plainlance.graph.schema.SchemaPlan;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.Text;

/**
 * Checks the rows a schema change keeps against the constraints of the new schema, before anything is written: for
 * every type with an {@code UPDATE_METADATA} step (new or changed {@code @unique}, {@code @range}, {@code @check},
 * {@code @card}), all of that type's constraints are checked over the rows of its table as it is now (under its old
 * key and column names when they are renamed in the same change).
 *
 * <p>{@code @range} bounds are inclusive, a NaN is outside every range; {@code @check} must match the whole value;
 * {@code @unique} tuples holding a null are not compared (as SQL's UNIQUE); {@code @card(min..max)} counts each source
 * node's edges of the type, and a minimum above zero needs every node of the source type to have that many. Null
 * values pass {@code @range} and {@code @check}.
 */
final class ConstraintCheck {
    private final CatalogView view;
    private final Map<String, String> renamedFrom = new HashMap<>();
    private final Map<String, Map<String, String>> columnsFrom = new HashMap<>();
    private final Set<String> added = new HashSet<>();
    private final List<String> listed = new ArrayList<>();
    private long total;

    private ConstraintCheck(CatalogView view, SchemaPlan plan) {
        this.view = view;
        for (PlanStep step : plan.steps()) {
            switch (step.kind()) {
                case RENAME_TYPE -> renamedFrom.put(step.table(), step.previousTable());
                case RENAME_PROPERTY ->
                    columnsFrom
                            .computeIfAbsent(step.table(), k -> new HashMap<>())
                            .put(step.column(), step.previousColumn());
                case ADD_TYPE -> added.add(step.table());
                default -> {}
            }
        }
    }

    /**
     * @throws SchemaConstraintException listing the first violations, when a kept row breaks a constraint of
     *     {@code next} on a type whose constraints {@code plan} changes
     */
    static void require(CatalogView view, SchemaPlan plan, GraphSchema next) {
        Set<String> changed = new HashSet<>();
        plan.steps().stream()
                .filter(s -> s.kind() == PlanStep.Kind.UPDATE_METADATA)
                .forEach(s -> changed.add(s.table()));
        ConstraintCheck check = new ConstraintCheck(view, plan);
        for (NodeType node : next.nodes()) {
            if (changed.contains(node.tableKey())) {
                check.table(node.tableKey(), node.properties(), node.uniques(), null, next);
            }
        }
        for (EdgeType edge : next.edges()) {
            if (changed.contains(edge.tableKey())) {
                check.table(edge.tableKey(), edge.properties(), edge.uniques(), edge, next);
            }
        }
        if (check.total > 0) {
            throw new SchemaConstraintException(check.listed, check.total);
        }
    }

    private void violation(String text) {
        total++;
        if (listed.size() < SchemaConstraintException.LISTED) {
            listed.add(text);
        }
    }

    /** The stored name of column {@code column} of the new table {@code key}. */
    private String stored(String key, String column) {
        return columnsFrom.getOrDefault(key, Map.of()).getOrDefault(column, column);
    }

    private void table(
            String key, List<Property> properties, List<List<String>> uniques, EdgeType edge, GraphSchema next) {
        if (added.contains(key)) {
            return;
        }
        String source = renamedFrom.getOrDefault(key, key);
        List<Property> valued = properties.stream()
                .filter(p -> p.range() != null || p.check() != null)
                .toList();
        Map<Property, Pattern> patterns = new HashMap<>();
        valued.stream().filter(p -> p.check() != null).forEach(p -> patterns.put(p, Pattern.compile(p.check())));
        Cardinality card = edge == null ? Cardinality.DEFAULT : edge.cardinality();
        Set<String> columns = new LinkedHashSet<>();
        columns.add("id");
        valued.forEach(p -> columns.add(stored(key, p.name())));
        uniques.forEach(t -> t.forEach(c -> columns.add(stored(key, c))));
        if (!card.isDefault()) {
            columns.add("src");
        }
        if (columns.size() == 1) {
            return;
        }
        List<Set<List<Object>>> seen = new ArrayList<>();
        uniques.forEach(t -> seen.add(new HashSet<>()));
        Map<String, Long> edgesPerSource = new HashMap<>();
        scan(source, List.copyOf(columns), row -> {
            for (Property p : valued) {
                Object value = row.get(stored(key, p.name()));
                if (value == null) {
                    continue;
                }
                String where = key + "." + p.name() + " of row " + row.get("id");
                if (p.range() != null && !inside(p.range(), value)) {
                    violation(where + " = " + value + " is outside @range("
                            + p.range().toSource() + ")");
                }
                if (p.check() != null
                        && !patterns.get(p).matcher(value.toString()).matches()) {
                    violation(where + " = \"" + value + "\" does not match @check(\"" + p.check() + "\")");
                }
            }
            for (int i = 0; i < uniques.size(); i++) {
                List<Object> tuple = new ArrayList<>();
                for (String c : uniques.get(i)) {
                    tuple.add(row.get(stored(key, c)));
                }
                if (!tuple.contains(null) && !seen.get(i).add(tuple)) {
                    violation(key + " row " + row.get("id") + " repeats " + uniques.get(i) + " = " + tuple
                            + ", which @unique forbids");
                }
            }
            if (!card.isDefault()) {
                edgesPerSource.merge((String) row.get("src"), 1L, Long::sum);
            }
        });
        if (card.max() != null) {
            edgesPerSource.forEach((src, count) -> {
                if (count > card.max()) {
                    violation(key + ": node " + src + " has " + count + " edges, more than " + card.toSource()
                            + " allows");
                }
            });
        }
        if (card.min() > 0) {
            String from = next.node(edge.from()).orElseThrow().tableKey();
            if (!added.contains(from)) {
                scan(renamedFrom.getOrDefault(from, from), List.of("id"), row -> {
                    long count = edgesPerSource.getOrDefault((String) row.get("id"), 0L);
                    if (count < card.min()) {
                        violation(key + ": node " + row.get("id") + " has " + count + " edges, fewer than "
                                + card.toSource() + " needs");
                    }
                });
            }
        }
    }

    /** Calls {@code each} with every row of table {@code key} (its {@code columns}, strings as {@code String}). */
    private void scan(String key, List<String> columns, Consumer<Map<String, Object>> each) {
        try (BufferAllocator allocator = new RootAllocator();
                LanceScanner scanner = new LanceScanner(
                        view.table(key),
                        new ScanOptions.Builder().columns(columns).build(),
                        Env.defaults(allocator));
                ArrowReader batches = scanner.scanBatches()) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot batch = batches.getVectorSchemaRoot();
                for (int i = 0; i < batch.getRowCount(); i++) {
                    Map<String, Object> row = new HashMap<>();
                    for (FieldVector vector : batch.getFieldVectors()) {
                        row.put(vector.getName(), value(vector, i));
                    }
                    each.accept(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " to check the new schema's constraints", e);
        }
    }

    private static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof UInt4Vector u) {
            return u.getObjectNoOverflow(row);
        }
        if (vector instanceof UInt8Vector u) {
            return u.getObjectNoOverflow(row);
        }
        Object value = vector.getObject(row);
        return value instanceof Text t ? t.toString() : value;
    }

    private static boolean inside(Range range, Object value) {
        BigDecimal number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = new BigDecimal(big);
        } else if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return false;
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? range.max() == null : range.min() == null;
            }
            // the shortest decimal that reads back at the value's width, so an F32 0.1 is 0.1 as written in the bound
            number = new BigDecimal(value instanceof Float f ? Float.toString(f) : Double.toString(d));
        } else {
            throw new IllegalStateException(
                    "@range on a non-numeric value " + value.getClass().getName());
        }
        return (range.min() == null || number.compareTo(range.min()) >= 0)
                && (range.max() == null || number.compareTo(range.max()) <= 0);
    }
}
