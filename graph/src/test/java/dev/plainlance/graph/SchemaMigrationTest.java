package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.PlanStep;
import dev.plainlance.graph.schema.SchemaParser;
import dev.plainlance.graph.schema.SchemaPlan;
import dev.plainlance.graph.schema.SchemaPlanRefusedException;
import dev.plainlance.graph.schema.TableMapping;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schema apply} against a real graph in a temporary directory, initialised from {@code test.pg}. */
class SchemaMigrationTest {
    @TempDir
    java.nio.file.Path dir;

    private Storage root;
    private String base;

    @BeforeEach
    void initGraph() throws IOException {
        try (InputStream in = SchemaMigrationTest.class.getResourceAsStream("/test.pg")) {
            base = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        root = new LocalStorage(dir);
        try (Graph graph = Graph.init(root, base, "test.pg", RecoveryOptions.defaults(), "alice")) {
            insert(graph.catalog(), "node:Person", row("ada", "ada", 36), row("bob", "bob", null));
            insert(graph.catalog(), "node:Company", row("acme", "acme"));
            insert(graph.catalog(), "edge:WorksAt", row("e1", "ada", "acme"));
            insert(graph.catalog(), "edge:Knows", row("k1", "ada", "bob", 19000));
        }
    }

    private Graph open() {
        return Graph.open(root, OpenMode.READ_WRITE, RecoveryOptions.defaults());
    }

    /** Applies {@code source} to the graph as stored now. */
    private SchemaPlan apply(String source, boolean allowDataLoss) {
        try (Graph graph = open()) {
            return SchemaMigration.apply(graph.catalog(), graph.schema(), source, "next.pg", allowDataLoss, "bob");
        }
    }

    @Test
    void addingATypeCreatesItsEmptyTableAndStoresTheSchemaInOneCommit() {
        String next = base + "\nnode City { name: String @key }\n";
        long before = manifestVersion();
        SchemaPlan plan = apply(next, false);
        assertEquals(List.of(PlanStep.Kind.ADD_TYPE), kinds(plan));
        try (Graph graph = open()) {
            GraphSchema expected = SchemaParser.parse(next, "next.pg");
            assertEquals(expected.contentHash(), graph.schema().contentHash());
            assertEquals(before + 1, graph.catalog().snapshot().manifestVersion(), "one catalog commit");
            CatalogSnapshot state = graph.catalog().snapshot();
            assertEquals("schema apply: " + expected.contentHash(), state.head().message());
            assertEquals("bob", state.head().actor());
            assertEquals(List.of(), rows(graph.catalog(), "node:City"));
            assertEquals(
                    TableMapping.nodeTable(expected.node("City").orElseThrow()),
                    graph.catalog().view().table("node:City").schema().toArrow());
            assertEquals(2, rows(graph.catalog(), "node:Person").size(), "other tables keep their rows");
        }
    }

    @Test
    void aNullablePropertyIsAnAllNullColumnAndExistingRowsReadNull() {
        String next = base.replace("age: I32?", "age: I32?\n    email: String?");
        apply(next, false);
        try (Graph graph = open()) {
            List<Map<String, Object>> people = rows(graph.catalog(), "node:Person");
            assertEquals(List.of("ada", "bob"), column(people, "name"));
            assertEquals(36, people.get(0).get("age"));
            assertTrue(people.get(0).containsKey("email"));
            assertNull(people.get(0).get("email"));
            assertNull(people.get(1).get("email"));
            assertEquals(mapped(graph, "Person", "email"), stored(graph, "node:Person", "email"));
            assertEquals("Merge", lastOperation(graph, "node:Person"), "a schema change, not a rewrite");
        }
    }

    @Test
    void extendingAnEnumChangesTheFieldMetadataOnlyAndKeepsTheValues() {
        String withEnum = base.replace("age: I32?", "age: I32?\n    status: enum(active, gone)?");
        apply(withEnum, false);
        try (Graph graph = open()) {
            insert(graph.catalog(), "node:Person", row("cy", "cy", 20, "gone"));
        }
        SchemaPlan plan = apply(withEnum.replace("enum(active, gone)", "enum(active, gone, paused)"), false);
        assertEquals(List.of(PlanStep.Kind.EXTEND_ENUM), kinds(plan));
        try (Graph graph = open()) {
            Field status = stored(graph, "node:Person", "status");
            assertEquals("enum(active, gone, paused)?", status.getMetadata().get(TableMapping.PG_TYPE));
            assertEquals(mapped(graph, "Person", "status"), status);
            assertEquals("Project", lastOperation(graph, "node:Person"), "metadata only, data files untouched");
            List<Map<String, Object>> people = rows(graph.catalog(), "node:Person");
            assertEquals(java.util.Arrays.asList(null, null, "gone"), column(people, "status"));
        }
    }

    @Test
    void renamingAPropertyKeepsItsValuesUnderTheNewName() {
        apply(base.replace("age: I32?", "years: I32? @rename_from(\"age\")"), false);
        try (Graph graph = open()) {
            List<Map<String, Object>> people = rows(graph.catalog(), "node:Person");
            assertEquals(java.util.Arrays.asList(36, null), column(people, "years"));
            assertFalse(people.get(0).containsKey("age"));
            assertEquals(mapped(graph, "Person", "years"), stored(graph, "node:Person", "years"));
            assertEquals("Project", lastOperation(graph, "node:Person"));
        }
    }

    @Test
    void renamingATypeMovesItsRowsToTheNewKeyAndDropsTheOldOne() {
        String next = base.replace("node Company {", "node Firm @rename_from(\"Company\") {")
                .replace("Person -> Company", "Person -> Firm");
        SchemaPlan plan = apply(next, false);
        assertEquals(List.of(PlanStep.Kind.RENAME_TYPE), kinds(plan));
        try (Graph graph = open()) {
            CatalogSnapshot state = graph.catalog().snapshot();
            assertFalse(state.tables().containsKey("node:Company"), "the old key is unregistered");
            assertTrue(state.tables().containsKey("node:Firm"));
            assertEquals(List.of(row("acme", "acme")), values(rows(graph.catalog(), "node:Firm")));
            assertEquals(
                    TableMapping.nodeTable(graph.schema().node("Firm").orElseThrow()),
                    graph.catalog().view().table("node:Firm").schema().toArrow());
            // the edge type pointing at the renamed node keeps its rows; its endpoints metadata follows the rename
            assertEquals(List.of(row("e1", "ada", "acme")), values(rows(graph.catalog(), "edge:WorksAt")));
            assertEquals(
                    "Person -> Firm",
                    graph.catalog()
                            .view()
                            .table("edge:WorksAt")
                            .schema()
                            .toArrow()
                            .getCustomMetadata()
                            .get(TableMapping.PG_ENDPOINTS));
        }
    }

    @Test
    void severalChangesToOneTableAreOneOperationAndKeepTheValues() {
        String withEnum = base.replace("age: I32?", "age: I32?\n    status: enum(active, gone)");
        // adding a required property is unsupported, so start from a nullable enum and make nothing required
        withEnum = withEnum.replace("enum(active, gone)", "enum(active, gone)?");
        apply(withEnum, false);
        String next = withEnum.replace("age: I32?", "years: I32? @rename_from(\"age\")")
                .replace("enum(active, gone)?", "enum(active, gone, paused)?\n    email: String?");
        long before = manifestVersion();
        SchemaPlan plan = apply(next, false);
        assertEquals(3, plan.steps().size(), plan.steps().toString());
        try (Graph graph = open()) {
            assertEquals(before + 1, graph.catalog().snapshot().manifestVersion());
            List<Map<String, Object>> people = rows(graph.catalog(), "node:Person");
            assertEquals(List.of("ada", "bob"), column(people, "name"));
            assertEquals(java.util.Arrays.asList(36, null), column(people, "years"));
            assertEquals(java.util.Arrays.asList(null, null), column(people, "email"));
            assertEquals(
                    TableMapping.nodeTable(graph.schema().node("Person").orElseThrow()),
                    graph.catalog().view().table("node:Person").schema().toArrow(),
                    "the rewritten table has exactly the mapped schema");
        }
    }

    @Test
    void aDataLosingChangeIsRefusedWithoutTheFlagAndWritesNothing() {
        String next = base.replace("    age: I32?\n", "").replaceAll("(?s)edge Knows.*?}\\n", "");
        long before = manifestVersion();
        String hash;
        try (Graph graph = open()) {
            hash = graph.schema().contentHash();
        }
        SchemaPlanRefusedException refused = assertThrows(SchemaPlanRefusedException.class, () -> apply(next, false));
        assertTrue(refused.getMessage().contains("drop property Person.age"), refused.getMessage());
        assertTrue(refused.getMessage().contains("drop edge type Knows"), refused.getMessage());
        try (Graph graph = open()) {
            assertEquals(before, graph.catalog().snapshot().manifestVersion(), "no catalog commit");
            assertEquals(hash, graph.schema().contentHash());
            assertEquals(36, rows(graph.catalog(), "node:Person").get(0).get("age"));
        }

        apply(next, true);
        try (Graph graph = open()) {
            assertEquals(
                    SchemaParser.parse(next, "next.pg").contentHash(),
                    graph.schema().contentHash());
            assertFalse(rows(graph.catalog(), "node:Person").get(0).containsKey("age"));
            assertFalse(graph.catalog().snapshot().tables().containsKey("edge:Knows"));
            assertEquals(2, rows(graph.catalog(), "node:Person").size());
        }
    }

    @Test
    void openReadsTheAppliedSchemaAndAnEqualSchemaPublishesNothing() {
        String next = base.replace("since: Date?", "since: Date?\n    weight: I32?");
        apply(next, false);
        GraphSchema expected = SchemaParser.parse(next, "next.pg");
        try (Graph graph = Graph.open(root, OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
            assertEquals(expected, graph.schema());
            assertEquals(expected.contentHash(), graph.schema().contentHash());
        }
        long before = manifestVersion();
        assertTrue(apply(next + "\n// the same schema, formatted differently\n", false)
                .isEmpty());
        assertEquals(before, manifestVersion());
    }

    @Test
    void aReorderedSchemaPlansNoStepsButIsStoredWithoutChangingATable() {
        String company = "node Company {\n    name: String @key\n}\n";
        assertTrue(base.contains(company));
        String next = company + "\n" + base.replace(company, "");
        long before = manifestVersion();
        long person;
        try (Graph graph = open()) {
            person = graph.catalog().snapshot().pinnedVersion(CatalogSnapshot.MAIN, "node:Person");
        }
        assertTrue(apply(next, false).isEmpty());
        try (Graph graph = open()) {
            assertEquals(before + 1, graph.catalog().snapshot().manifestVersion());
            assertEquals(
                    SchemaParser.parse(next, "next.pg").contentHash(),
                    graph.schema().contentHash());
            assertEquals("Company", graph.schema().nodes().get(0).name());
            assertEquals(person, graph.catalog().snapshot().pinnedVersion(CatalogSnapshot.MAIN, "node:Person"));
        }
    }

    @Test
    void newConstraintsAreCheckedAgainstTheStoredRowsBeforeAnythingIsWritten() {
        try (Graph graph = open()) {
            insert(graph.catalog(), "node:Person", row("cy", "cy", 36));
        }
        long before = manifestVersion();
        SchemaConstraintException range = assertThrows(
                SchemaConstraintException.class,
                () -> apply(base.replace("age: I32?", "age: I32? @range(0..30)"), false));
        assertEquals(2, range.total(), range.getMessage());
        assertTrue(
                range.getMessage().contains("node:Person.age of row ada = 36 is outside @range(0..30)"),
                range.getMessage());
        SchemaConstraintException unique = assertThrows(
                SchemaConstraintException.class,
                () -> apply(base.replace("age: I32?", "years: I32? @unique @rename_from(\"age\")"), false));
        assertEquals(1, unique.total(), unique.getMessage());
        assertTrue(unique.getMessage().contains("[years] = [36]"), unique.getMessage());
        SchemaConstraintException card = assertThrows(
                SchemaConstraintException.class,
                () -> apply(base.replace("Person -> Company", "Person -> Company @card(1..1)"), false));
        assertEquals(2, card.total(), "bob and cy work nowhere: " + card.getMessage());
        SchemaConstraintException check = assertThrows(
                SchemaConstraintException.class,
                () -> apply(
                        base.replace("name: String @key\n    age", "name: String @key @check(\"[a-b]+\")\n    age"),
                        false));
        assertTrue(check.getMessage().contains("\"cy\" does not match"), check.getMessage());
        assertEquals(before, manifestVersion(), "refused changes write nothing");

        String next = base.replace("age: I32?", "age: I32? @range(0..200) @index")
                .replace("Person -> Company", "Person -> Company @card(0..1)");
        apply(next, false);
        try (Graph graph = open()) {
            assertEquals(
                    SchemaParser.parse(next, "next.pg").contentHash(),
                    graph.schema().contentHash());
            assertEquals(
                    "@index @range(0..200)",
                    stored(graph, "node:Person", "age").getMetadata().get(TableMapping.PG_ANNOTATIONS));
        }
    }

    @Test
    void aStaleCurrentSchemaIsRefusedBeforeAnythingIsWritten() {
        long before = manifestVersion();
        try (Graph graph = open()) {
            String staleSource = base.replace("age: I32?", "age: I32?\n    x: I32?");
            GraphSchema stale = SchemaParser.parse(staleSource, "stale.pg");
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> SchemaMigration.apply(
                            graph.catalog(),
                            stale,
                            staleSource + "\nnode City { name: String @key }\n",
                            "n.pg",
                            false,
                            "b"));
            assertTrue(refused.getMessage().contains("open the graph again"), refused.getMessage());
        }
        assertEquals(before, manifestVersion());
    }

    @Test
    void aLeftoverTableOfAnInterruptedApplyIsDroppedBeforeItsNameIsUsedAgain() {
        // an apply that stopped between its main commit and its drops leaves an emptied table no type names
        try (Graph graph = open();
                BufferAllocator allocator = new RootAllocator()) {
            Schema old = new Schema(
                    List.of(Field.notNullable("id", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)));
            graph.catalog()
                    .newCommit()
                    .createTable("node:City", ArrowReaders.empty(old, allocator))
                    .commit();
            assertEquals(
                    List.of("node:City"),
                    SchemaMigration.leftovers(graph.catalog().view(), graph.schema()));
        }
        apply(base + "\nnode City { name: String @key }\n", false);
        try (Graph graph = open()) {
            assertEquals(
                    TableMapping.nodeTable(graph.schema().node("City").orElseThrow()),
                    graph.catalog().view().table("node:City").schema().toArrow());
            assertEquals(List.of(), SchemaMigration.leftovers(graph.catalog().view(), graph.schema()));
        }
    }

    // ---- helpers

    private long manifestVersion() {
        try (Graph graph = open()) {
            return graph.catalog().snapshot().manifestVersion();
        }
    }

    private static List<PlanStep.Kind> kinds(SchemaPlan plan) {
        return plan.steps().stream().map(PlanStep::kind).toList();
    }

    private static Field stored(Graph graph, String key, String column) {
        return graph.catalog().view().table(key).schema().toArrow().getFields().stream()
                .filter(f -> f.getName().equals(column))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no column " + column + " in " + key));
    }

    private static Field mapped(Graph graph, String node, String column) {
        NodeType type = graph.schema().node(node).orElseThrow();
        return TableMapping.nodeTable(type).getFields().stream()
                .filter(f -> f.getName().equals(column))
                .findFirst()
                .orElseThrow();
    }

    private static String lastOperation(Graph graph, String key) {
        try (Dataset table = graph.catalog().openTable(key)) {
            return table.readTransaction().orElseThrow().operationName();
        }
    }

    private static List<Object> column(List<Map<String, Object>> rows, String name) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(name)));
        return out;
    }

    private static List<List<Object>> values(List<Map<String, Object>> rows) {
        return rows.stream()
                .map(r -> (List<Object>) new ArrayList<>(r.values()))
                .toList();
    }

    /** A row as values in column order. */
    private static List<Object> row(Object... values) {
        return java.util.Arrays.asList(values);
    }

    private static void insert(CatalogSession session, String key, List<?>... rows) {
        Schema schema = session.view().table(key).schema().toArrowValues();
        try (BufferAllocator allocator = new RootAllocator()) {
            VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < rows[r].size(); c++) {
                    set(batch.getVector(c), r, rows[r].get(c));
                }
            }
            batch.setRowCount(rows.length);
            ArrowReader reader = ArrowReaders.owning(schema, List.of(batch), allocator);
            session.newCommit().append(key, reader).commit();
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            if (vector instanceof VarCharVector v) {
                v.setNull(row);
            } else if (vector instanceof IntVector v) {
                v.setNull(row);
            } else if (vector instanceof DateDayVector v) {
                v.setNull(row);
            }
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof IntVector v) {
            v.setSafe(row, (Integer) value);
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(row, (Integer) value);
        } else {
            throw new IllegalArgumentException("no setter for " + vector.getField());
        }
    }

    /** Every row of table {@code key}, as column name to value (strings as {@code String}), ordered by id. */
    private static List<Map<String, Object>> rows(CatalogSession session, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                LanceScanner scanner =
                        new LanceScanner(session.view().table(key), ScanOptions.defaults(), Env.defaults(allocator));
                ArrowReader batches = scanner.scanBatches()) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot batch = batches.getVectorSchemaRoot();
                for (int i = 0; i < batch.getRowCount(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (FieldVector vector : batch.getFieldVectors()) {
                        Object value = vector.getObject(i);
                        row.put(
                                vector.getName(),
                                value instanceof org.apache.arrow.vector.util.Text t ? t.toString() : value);
                    }
                    out.add(row);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(r -> (String) r.get("id")));
        return out;
    }
}
