package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.graph.Graph;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official library opens every table a graph is stored in, with the same columns, at its published version. */
class GraphTablesInteropTest {
    /** Every property type of the {@code .pg} language, on a node and on an edge. */
    static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
                visits: I64?
                rank: U32?
                score: U64?
                weight: F32?
                height: F64?
                active: Bool?
                born: Date?
                seen: DateTime?
                photo: Blob?
                embedding: Vector(3)?
                tags: [String]?
                mood: enum(calm, busy)?
            }
            node Company {
                name: String @key
            }
            edge WorksAt: Person -> Company {
                since: Date?
                role: enum(staff, lead)?
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theOfficialLibraryReadsEveryGraphTable() throws Exception {
        Graph.init(new LocalStorage(dir), SCHEMA, "types.pg", RecoveryOptions.defaults(), "interop")
                .close();
        try (Graph graph = Graph.open(new LocalStorage(dir), OpenMode.READ_ONLY, RecoveryOptions.defaults());
                BufferAllocator allocator = new RootAllocator()) {
            for (String key : List.of(Graph.SCHEMA_TABLE, "node:Person", "node:Company", "edge:WorksAt")) {
                String path = dir.resolve(graph.catalog().snapshot().path(key).orElseThrow())
                        .toString();
                try (Dataset ours = graph.catalog().openTable(key);
                        org.lance.Dataset official = org.lance.Dataset.open(
                                allocator,
                                path,
                                new org.lance.ReadOptions.Builder()
                                        .setVersion(ours.version())
                                        .build())) {
                    assertEquals(ours.countRows(), official.countRows(), key);
                    List<Field> mine = ours.getSchema().getFields();
                    List<Field> theirs = official.getSchema().getFields();
                    assertEquals(mine.size(), theirs.size(), key);
                    for (int i = 0; i < mine.size(); i++) {
                        assertEquals(mine.get(i).getName(), theirs.get(i).getName(), key);
                        assertEquals(
                                mine.get(i).getType(),
                                theirs.get(i).getType(),
                                key + "." + mine.get(i).getName());
                    }
                }
            }
        }
    }
}
