package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogView;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.PlanStep;
import dev.plainlance.graph.schema.SchemaParser;
import dev.plainlance.graph.schema.SchemaPlan;
import dev.plainlance.graph.schema.SchemaPlanner;
import dev.plainlance.graph.schema.TableMapping;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.AddColumns;
import dev.plainlance.lance.operation.AlterColumns;
import dev.plainlance.lance.operation.DropColumns;
import dev.plainlance.lance.operation.StagedTransaction;
import dev.plainlance.lance.operation.TableOperation;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.schema.ColumnAlteration;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code schema apply}: evolves a graph's stored schema and tables to a new {@code .pg} schema, as planned by
 * {@link SchemaPlanner}.
 *
 * <p>Every table change and the new {@code graph:schema} row are published by one atomic {@link MultiTableCommit}
 * (message {@code schema apply: <new hash>}): readers see the old schema with the old tables or the new schema with
 * the new tables, whatever happens to this process. Each table gets at most one operation in that commit, chosen
 * from what its stored Arrow schema must become ({@link TableMapping} of the new type):
 *
 * <ul>
 *   <li>a new type: the table is created empty;</li>
 *   <li>only added properties: {@link AddColumns#allNull} (existing rows read null; added columns come last);</li>
 *   <li>only renames, nullability or field metadata (enum values, annotations): one {@link AlterColumns} (a
 *       schema change only, data files untouched);</li>
 *   <li>only dropped properties: {@link DropColumns};</li>
 *   <li>any mix of these on one table, or a change of the table's schema metadata (its type name, key or
 *       endpoints, e.g. an edge whose endpoint node type was renamed): the table is overwritten with a copy of its
 *       rows in the new layout (values kept, renamed columns moved, new columns null, dropped ones left out);</li>
 *   <li>a renamed type: the catalog has no rename (recovery rolls an interrupted commit forward by publishing pins
 *       and registrations only), so the table under the new key is created with a copy of the old table's rows in
 *       the new layout, and the old table is overwritten empty, both in the main commit;</li>
 *   <li>a dropped type: the table is overwritten empty in the main commit.</li>
 * </ul>
 *
 * <p>A commit that drops tables may not change tables, so the emptied keys of renamed and dropped types are
 * unregistered by a second, drops-only commit right after the main one. If the process stops between the two, the
 * catalog keeps those tables registered, empty and named by no type of the published schema; the next apply first
 * drops such leftover {@code node:}/{@code edge:} tables (the graph owns those key prefixes), so a later schema may
 * use their names again.
 *
 * <p>Before anything is written, the rows kept are checked against the constraints the new schema changes
 * ({@link ConstraintCheck}); a violation refuses the whole change with {@link SchemaConstraintException}.
 *
 * <p>Every operation is planned from the catalog state the stored schema was read from and is refused at staging
 * if its table moved since (a concurrent writer): the apply then fails with {@link CommitConflictException},
 * publishes nothing, and may be run again. A {@link Graph} opened before an apply keeps its old schema: open it
 * again.
 */
public final class SchemaMigration {
    private static final String NODE = "node:";
    private static final String EDGE = "edge:";

    private SchemaMigration() {}

    /**
     * Applies {@code newSource} to the graph in {@code session} whose stored schema is {@code current}.
     *
     * @return the applied plan. Nothing is written when the new schema has the content hash of the stored one (its
     *     plan is empty). A plan can also be empty while the canonical text differs (types declared in another
     *     order, an interface no node implements): then no table changes and only the schema row is rewritten, so
     *     the stored text is always the one applied.
     * @throws dev.plainlance.graph.schema.SchemaException when {@code newSource} does not parse or check
     * @throws dev.plainlance.graph.schema.SchemaPlanRefusedException listing the refused steps (unsupported ones,
     *     and data-losing ones unless {@code allowDataLoss}); nothing is written
     * @throws IllegalArgumentException when {@code current} is not the stored schema; nothing is written
     * @throws SchemaConstraintException when kept rows break a constraint the change adds or alters; nothing is
     *     written
     * @throws CommitConflictException when another writer changed a table the apply changes; nothing is published
     */
    public static SchemaPlan apply(
            CatalogSession session,
            GraphSchema current,
            String newSource,
            String fileName,
            boolean allowDataLoss,
            String actor) {
        GraphSchema next = SchemaParser.parse(newSource, fileName);
        SchemaPlan plan = SchemaPlanner.plan(current, next).requireApplicable(allowDataLoss);
        CatalogView view = session.view();
        GraphSchema stored = Graph.readSchema(view);
        if (!stored.contentHash().equals(current.contentHash())) {
            throw new IllegalArgumentException("the graph's stored schema " + stored.contentHash()
                    + " is not the current schema given, " + current.contentHash() + "; open the graph again");
        }
        if (next.contentHash().equals(current.contentHash())) {
            return plan;
        }
        ConstraintCheck.require(view, plan, next);
        List<String> leftovers = leftovers(view, current);
        if (!leftovers.isEmpty()) {
            // the tables of the schema keep their pins; every operation below is still checked against this view
            drop(session, leftovers, actor, "schema apply: drop leftover tables " + leftovers);
        }
        List<String> obsolete;
        List<ArrowReader> inputs = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            try {
                MultiTableCommit commit = session.newCommit()
                        .actor(actor)
                        .message("schema apply: " + next.contentHash())
                        .withConflictRetries(0);
                obsolete = new Changes(view, plan, allocator, inputs, commit).build(next);
                commit.apply(
                        Graph.SCHEMA_TABLE,
                        guarded(
                                view,
                                Graph.SCHEMA_TABLE,
                                Write.overwrite(input(inputs, Graph.schemaRows(next, allocator)))));
                commit.commit();
            } finally {
                inputs.forEach(SchemaMigration::closeQuietly);
            }
        }
        if (!obsolete.isEmpty()) {
            try {
                drop(session, obsolete, actor, "schema apply: " + next.contentHash() + ": drop " + obsolete);
            } catch (RuntimeException e) {
                // best effort: the new schema is published and these tables are empty; the next apply drops them
            }
        }
        return plan;
    }

    /** Registered graph tables that no type of {@code schema} names: left by an apply stopped before its drops. */
    static List<String> leftovers(CatalogView view, GraphSchema schema) {
        Set<String> live = new HashSet<>();
        schema.nodes().forEach(n -> live.add(n.tableKey()));
        schema.edges().forEach(e -> live.add(e.tableKey()));
        return view.tables().stream()
                .filter(k -> k.startsWith(NODE) || k.startsWith(EDGE))
                .filter(k -> !live.contains(k))
                .toList();
    }

    private static void drop(CatalogSession session, List<String> keys, String actor, String message) {
        MultiTableCommit drop = session.newCommit().actor(actor).message(message);
        keys.forEach(drop::dropTable);
        drop.commit();
    }

    /** The table operations of one apply, added to {@code commit}. */
    private static final class Changes {
        private final CatalogView view;
        private final SchemaPlan plan;
        private final BufferAllocator allocator;
        private final List<ArrowReader> inputs;
        private final MultiTableCommit commit;

        Changes(
                CatalogView view,
                SchemaPlan plan,
                BufferAllocator allocator,
                List<ArrowReader> inputs,
                MultiTableCommit commit) {
            this.view = view;
            this.plan = plan;
            this.allocator = allocator;
            this.inputs = inputs;
            this.commit = commit;
        }

        /** Adds every table's operation; returns the keys to unregister after the commit. */
        List<String> build(GraphSchema next) {
            Map<String, Schema> targets = new LinkedHashMap<>();
            for (NodeType node : next.nodes()) {
                targets.put(node.tableKey(), TableMapping.nodeTable(node));
            }
            for (EdgeType edge : next.edges()) {
                targets.put(edge.tableKey(), TableMapping.edgeTable(edge));
            }
            Map<String, String> renamedFrom = new HashMap<>();
            Set<String> added = new HashSet<>();
            Set<String> obsolete = new TreeSet<>();
            for (PlanStep step : plan.steps()) {
                switch (step.kind()) {
                    case RENAME_TYPE -> renamedFrom.put(step.table(), step.previousTable());
                    case ADD_TYPE -> added.add(step.table());
                    case DROP_TYPE -> obsolete.add(step.table());
                    default -> {}
                }
            }
            for (Map.Entry<String, Schema> target : targets.entrySet()) {
                String key = target.getKey();
                if (added.contains(key)) {
                    commit.createTable(
                            key, Write.create(input(inputs, ArrowReaders.empty(target.getValue(), allocator))));
                    continue;
                }
                String source = renamedFrom.getOrDefault(key, key);
                reshape(key, source, target.getValue());
                if (!source.equals(key)) {
                    obsolete.add(source);
                }
            }
            for (String key : obsolete) {
                Schema stored = view.table(key).schema().toArrowValues();
                commit.apply(
                        key, guarded(view, key, Write.overwrite(input(inputs, ArrowReaders.empty(stored, allocator)))));
            }
            return List.copyOf(obsolete);
        }

        /** Adds the operation that makes table {@code source} the table {@code key} with schema {@code target}. */
        private void reshape(String key, String source, Schema target) {
            TableSnapshot table = view.table(source);
            Schema stored = table.schema().toArrow();
            Map<String, Field> storedByName = new LinkedHashMap<>();
            stored.getFields().forEach(f -> storedByName.put(f.getName(), f));
            Map<String, String> columnRenames = new HashMap<>();
            for (PlanStep step : plan.steps()) {
                if (step.kind() == PlanStep.Kind.RENAME_PROPERTY && step.table().equals(key)) {
                    columnRenames.put(step.column(), step.previousColumn());
                }
            }
            List<String> sources = new ArrayList<>();
            List<Field> adds = new ArrayList<>();
            List<ColumnAlteration> alterations = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (Field want : target.getFields()) {
                String from = columnRenames.getOrDefault(want.getName(), want.getName());
                Field have = storedByName.get(from);
                if (have == null) {
                    adds.add(want);
                    sources.add(null);
                    continue;
                }
                if (!have.getType().equals(want.getType())) {
                    throw new IllegalStateException("column " + from + " of " + source + " is " + have.getType()
                            + ", but the new schema stores " + want.getName() + " as " + want.getType()
                            + "; the planner should have refused this change");
                }
                used.add(from);
                sources.add(from);
                ColumnAlteration.Builder alteration = new ColumnAlteration.Builder(from);
                boolean changed = false;
                if (!from.equals(want.getName())) {
                    alteration.rename(want.getName());
                    changed = true;
                }
                if (have.isNullable() != want.isNullable()) {
                    alteration.nullable(want.isNullable());
                    changed = true;
                }
                if (!metadata(have).equals(metadata(want))) {
                    alteration.metadata(metadata(want));
                    changed = true;
                }
                if (changed) {
                    alterations.add(alteration.build());
                }
            }
            List<String> drops = storedByName.keySet().stream()
                    .filter(c -> !used.contains(c))
                    .toList();
            boolean schemaMetadata =
                    !graphKeys(stored.getCustomMetadata()).equals(graphKeys(target.getCustomMetadata()));
            if (!source.equals(key)) {
                commit.createTable(key, Write.create(input(inputs, new CopyReader(table, target, sources, allocator))));
                return;
            }
            int kinds = (adds.isEmpty() ? 0 : 1) + (alterations.isEmpty() ? 0 : 1) + (drops.isEmpty() ? 0 : 1);
            TableOperation operation;
            if (schemaMetadata || kinds > 1) {
                operation = Write.overwrite(input(inputs, new CopyReader(table, target, sources, allocator)));
            } else if (!adds.isEmpty()) {
                operation = AddColumns.allNull(adds);
            } else if (!alterations.isEmpty()) {
                operation = new AlterColumns(alterations);
            } else if (!drops.isEmpty()) {
                operation = new DropColumns(drops);
            } else {
                return;
            }
            commit.apply(key, guarded(view, key, operation));
        }
    }

    private static Map<String, String> metadata(Field field) {
        return field.getMetadata() == null ? Map.of() : new TreeMap<>(field.getMetadata());
    }

    /** The schema metadata the graph writes ({@code plainlance:pg-*}); other keys are the storage layer's. */
    private static Map<String, String> graphKeys(Map<String, String> metadata) {
        Map<String, String> out = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> {
                if (k.startsWith("plainlance:pg-")) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static ArrowReader input(List<ArrowReader> inputs, ArrowReader reader) {
        inputs.add(reader);
        return reader;
    }

    private static void closeQuietly(ArrowReader reader) {
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            // the input is spent either way
        }
    }

    /** {@code operation}, refused when table {@code key} is no longer at the version {@code view} read. */
    private static TableOperation guarded(CatalogView view, String key, TableOperation operation) {
        return new Guarded(key, view.table(key).version(), operation);
    }

    private record Guarded(String key, long planned, TableOperation operation) implements TableOperation {
        @Override
        public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
            if (base.version() != planned) {
                throw new CommitConflictException("table " + key + " moved from version " + planned + " to "
                        + base.version() + " since the schema change was planned; apply it again");
            }
            return operation.stage(base, env);
        }

        @Override
        public String describe() {
            return operation.describe();
        }
    }

    /**
     * The rows of {@code table} in the layout {@code target}: target column {@code i} takes the values of stored
     * column {@code sources[i]} (moved, not copied), or is all null when that is null.
     */
    private static final class CopyReader extends ArrowReader {
        private final Schema target;
        private final List<String> sources;
        private final LanceScanner scanner;
        private ArrowReader rows;

        CopyReader(TableSnapshot table, Schema target, List<String> sources, BufferAllocator allocator) {
            super(allocator);
            this.target = target;
            this.sources = java.util.Collections.unmodifiableList(new ArrayList<>(sources));
            List<String> columns = sources.stream().filter(Objects::nonNull).toList();
            this.scanner = new LanceScanner(
                    table, new ScanOptions.Builder().columns(columns).build(), Env.defaults(allocator));
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (rows == null) {
                rows = scanner.scanBatches();
            }
            if (!rows.loadNextBatch()) {
                return false;
            }
            VectorSchemaRoot from = rows.getVectorSchemaRoot();
            VectorSchemaRoot to = getVectorSchemaRoot();
            int count = from.getRowCount();
            for (int i = 0; i < sources.size(); i++) {
                FieldVector out = to.getVector(i);
                String source = sources.get(i);
                if (source == null) {
                    out.clear();
                    out.allocateNew();
                    out.setValueCount(count);
                } else {
                    from.getVector(source).makeTransferPair(out).transfer();
                }
            }
            to.setRowCount(count);
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() throws IOException {
            try {
                if (rows != null) {
                    rows.close();
                }
            } finally {
                scanner.close();
            }
        }

        @Override
        protected Schema readSchema() {
            return target;
        }
    }
}
