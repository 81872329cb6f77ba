package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetIndexCommandsTest {
    @TempDir
    Path dir;

    @Test
    void createListOptimizeExplainAndDrop() throws IOException {
        String uri = dir.resolve("ds").toString();
        assertEquals(
                0,
                run(
                                "dataset",
                                "write",
                                uri,
                                "--input",
                                IdFiles.write(dir.resolve("a.arrow"), 0, 1000).toString())
                        .code());
        Result created = run("dataset", "index", "create", uri, "id", "--type", "btree");
        assertEquals(0, created.code(), created.err());
        assertEquals(
                "created btree index id_idx on id at version 2", created.out().strip());
        assertEquals(
                0,
                run(
                                "dataset",
                                "write",
                                uri,
                                "--mode",
                                "append",
                                "--input",
                                IdFiles.write(dir.resolve("b.arrow"), 1000, 1100)
                                        .toString())
                        .code());

        Result listed = run("dataset", "index", "list", uri, "--json");
        assertEquals(0, listed.code(), listed.err());
        JsonNode indices = Json.MAPPER.readTree(listed.out());
        assertEquals(1, indices.size());
        assertEquals("id_idx", indices.get(0).get("name").asText());
        assertEquals("BTree", indices.get(0).get("type").asText());
        assertEquals(1000, indices.get(0).get("indexedRows").asLong());
        assertEquals(100, indices.get(0).get("unindexedRows").asLong());

        Result cat = run("dataset", "cat", uri, "--filter", "id IN (5, 1050)", "--explain");
        assertEquals(0, cat.code(), cat.err());
        assertEquals("{\"id\":5}\n{\"id\":1050}", cat.out().strip());
        assertEquals(
                "index id_idx: 1 of 2 fragments answered by the index, 1 scanned",
                cat.err().strip());

        Result optimized = run("dataset", "index", "optimize", uri);
        assertEquals(0, optimized.code(), optimized.err());
        assertEquals("optimized indices at version 4", optimized.out().strip());
        Result again = run("dataset", "cat", uri, "--filter", "id = 1050", "--explain");
        assertEquals(
                "index id_idx: 2 of 2 fragments answered by the index, 0 scanned",
                again.err().strip());
        Result table = run("dataset", "index", "list", uri);
        assertTrue(table.out().contains("id_idx"), table.out());

        Result dropped = run("dataset", "index", "drop", uri, "id_idx");
        assertEquals(0, dropped.code(), dropped.err());
        Result none = run("dataset", "cat", uri, "--filter", "id = 1050", "--explain");
        assertEquals("no index: 2 fragments scanned", none.err().strip());
        Result missing = run("dataset", "index", "drop", uri, "id_idx");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("index id_idx is not in version"), missing.err());
    }
}
