package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogFormatException;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.SchemaException;
import dev.plainlance.graph.schema.SchemaParser;
import dev.plainlance.graph.schema.TableMapping;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphInitTest {
    @TempDir
    Path dir;

    private static String testPg() throws IOException {
        try (InputStream in = GraphInitTest.class.getResourceAsStream("/test.pg")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void initCreatesEveryTypesTableAndTheSchemaInOneCommit() throws IOException {
        String source = testPg();
        Storage root = new LocalStorage(dir);
        try (Graph graph = Graph.init(root, source, "test.pg", RecoveryOptions.defaults(), "alice")) {
            assertEquals(SchemaParser.parse(source, "test.pg"), graph.schema());
        }
        try (Graph graph = Graph.open(root, OpenMode.READ_ONLY, RecoveryOptions.defaults())) {
            assertEquals(SchemaParser.parse(source, "test.pg"), graph.schema());
            assertEquals(1, graph.catalog().catalog().log().size() - 1, "one commit after the catalog's creation");
            assertEquals("alice", graph.catalog().catalog().log().get(0).actor());
            int tables = 1;
            for (NodeType node : graph.schema().nodes()) {
                assertTable(graph, node.tableKey(), TableMapping.nodeTable(node));
                tables++;
            }
            for (EdgeType edge : graph.schema().edges()) {
                assertTable(graph, edge.tableKey(), TableMapping.edgeTable(edge));
                tables++;
            }
            assertEquals(tables, graph.catalog().snapshot().tables().size());
            assertTrue(tables > 3, "test.pg has several node and edge types");
        }
    }

    private static void assertTable(Graph graph, String key, Schema mapped) {
        try (Dataset table = graph.catalog().openTable(key)) {
            assertEquals(1, table.version(), key);
            assertEquals(0, table.countRows(), key);
            List<Field> stored = table.getSchema().getFields();
            assertEquals(mapped.getFields().size(), stored.size(), key);
            for (int i = 0; i < stored.size(); i++) {
                Field want = mapped.getFields().get(i);
                assertEquals(want.getName(), stored.get(i).getName(), key);
                assertEquals(want.getType(), stored.get(i).getType(), key + "." + want.getName());
                assertEquals(want.isNullable(), stored.get(i).isNullable(), key + "." + want.getName());
            }
        }
    }

    @Test
    void aBadSchemaWritesNothing() throws IOException {
        Storage root = new LocalStorage(dir);
        SchemaException bad = assertThrows(
                SchemaException.class,
                () -> Graph.init(root, "node Person { name: Strin }", "bad.pg", RecoveryOptions.defaults(), "a"));
        assertTrue(bad.getMessage().contains("bad.pg"), bad.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aSecondInitIsRefusedAndAStoredSchemaThatDoesNotMatchItsHashIsCorrupt() throws IOException {
        String source = testPg();
        Storage root = new LocalStorage(dir);
        Graph.init(root, source, "test.pg", RecoveryOptions.defaults(), "a").close();
        assertThrows(
                CatalogFormatException.class,
                () -> Graph.init(root, source, "test.pg", RecoveryOptions.defaults(), "a"));
        try (Graph graph = Graph.open(root, OpenMode.READ_WRITE, RecoveryOptions.defaults());
                BufferAllocator allocator = new RootAllocator()) {
            VectorSchemaRoot rows = VectorSchemaRoot.create(Graph.SCHEMA_ROWS, allocator);
            ((VarCharVector) rows.getVector("source")).setSafe(0, source.getBytes(StandardCharsets.UTF_8));
            ((VarCharVector) rows.getVector("hash")).setSafe(0, "0000".getBytes(StandardCharsets.UTF_8));
            rows.setRowCount(1);
            graph.catalog()
                    .newCommit()
                    .overwrite(Graph.SCHEMA_TABLE, ArrowReaders.owning(Graph.SCHEMA_ROWS, List.of(rows), allocator))
                    .commit();
        }
        CorruptFileException corrupt = assertThrows(
                CorruptFileException.class, () -> Graph.open(root, OpenMode.READ_ONLY, RecoveryOptions.defaults()));
        assertTrue(corrupt.getMessage().contains("does not match its hash"), corrupt.getMessage());
    }
}
