package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full table history written by the official library — create, append, delete, restore, tag, merge-insert,
 * update-config, overwrite — with V1 and with V2 manifest names. After every step plainlance must report exactly
 * what the official library reports, for the latest version, every older version and every tag.
 */
class TableHistoryInteropTest {
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    @ParameterizedTest(name = "v2ManifestPaths={0}")
    @ValueSource(booleans = {false, true})
    void everyStepOfAHistoryMatchesTheOfficialLibrary(boolean v2Names, @TempDir Path dir) throws IOException {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withV2ManifestPaths(v2Names));
        Schema schema = RichData.simpleSchema();
        String naming = v2Names ? "V2 names" : "V1 names";

        assertEquals(1, w.create(schema, 0, 20));
        Compare.assertSameDataset(naming + ", after create", w);

        assertEquals(2, w.append(schema, 20, 10));
        Compare.assertSameDataset(naming + ", after append", w);

        assertEquals(3, w.delete("id % 3 = 0"));
        Compare.assertSameDataset(naming + ", after delete", w);

        assertEquals(4, w.restore(1));
        Compare.assertSameDataset(naming + ", after restore of v1", w);

        w.tag("first", 1);
        w.tag("with-deletions", 3);
        Compare.assertSameDataset(naming + ", after tagging", w);

        assertEquals(5, w.mergeInsert(schema, 15, 10));
        Compare.assertSameDataset(naming + ", after merge-insert", w);

        assertEquals(6, w.updateConfig(Map.of("plainlance.test", "yes", "other.key", "42")));
        Compare.assertSameDataset(naming + ", after update-config", w);

        assertEquals(7, w.overwrite(schema, 100, 5));
        w.tag("overwritten", 7);
        Compare.assertSameDataset(naming + ", after overwrite", w);

        // The scenario really used the requested naming scheme.
        List<String> manifests = manifestNames(w.path());
        assertEquals(7, manifests.size(), manifests.toString());
        if (v2Names) {
            assertTrue(manifests.contains("18446744073709551614.manifest"), manifests.toString());
        } else {
            assertTrue(manifests.containsAll(List.of("1.manifest", "7.manifest")), manifests.toString());
        }
    }

    static List<String> manifestNames(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("_versions"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".manifest"))
                    .sorted()
                    .toList();
        }
    }
}
