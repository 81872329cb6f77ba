package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison harness must be able to fail: plainlance opened on a <em>different</em> dataset (or version) than
 * the official one has to produce mismatches in the facts that differ.
 */
class CompareSelfTest {
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    @Test
    void twoWritesOfTheSameDataAreToldApart(@TempDir Path a, @TempDir Path b) {
        OfficialWriter first = new OfficialWriter(allocator, a);
        OfficialWriter second = new OfficialWriter(allocator, b);
        first.create(RichData.simpleSchema(), 0, 10);
        second.create(RichData.simpleSchema(), 0, 10);
        try (org.lance.Dataset official = first.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(second.uri())) {
            AssertionError e =
                    assertThrows(AssertionError.class, () -> Compare.assertSameVersion("self-test", official, plain));
            String message = e.getMessage();
            // Same shape, but a different transaction, data file name and commit time.
            assertTrue(message.contains("transaction uuid"), message);
            assertTrue(message.contains("files"), message);
            assertTrue(message.contains("dataTime"), message);
            assertTrue(!message.contains("countRows"), message);
        }
    }

    @Test
    void differentVersionsAreToldApart(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 10);
        w.delete("id < 3");
        w.tag("t", 1);
        try (org.lance.Dataset official = w.open(1);
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri())) {
            String message = assertThrows(
                            AssertionError.class, () -> Compare.assertSameVersion("self-test", official, plain))
                    .getMessage();
            assertTrue(message.contains("version()"), message);
            assertTrue(message.contains("countRows()"), message);
            assertTrue(message.contains("deletionFile"), message);
            assertTrue(message.contains("transaction operation"), message);
        }
    }

    @Test
    void schemasTagsAndConfigAreToldApart(@TempDir Path a, @TempDir Path b) {
        OfficialWriter first = new OfficialWriter(allocator, a);
        OfficialWriter second = new OfficialWriter(
                allocator,
                b,
                OfficialWriter.Options.defaults().withStableRowIds(true).withDataStorageVersion("2.0"));
        first.create(RichData.simpleSchema(), 0, 10);
        second.create(RichData.metadataSchema(), 0, 10);
        second.updateConfig(java.util.Map.of("k", "v"));
        second.tag("only-here", 1);
        first.append(RichData.simpleSchema(), 10, 1);
        try (org.lance.Dataset official = first.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(second.uri())) {
            String message = assertThrows(
                            AssertionError.class, () -> Compare.assertSameVersion("self-test", official, plain))
                    .getMessage();
            for (String fact : java.util.List.of(
                    "getSchema()",
                    "getLanceSchema() fields",
                    "tags",
                    "getConfig()",
                    "hasStableRowIds()",
                    "getLanceFileFormatVersion()",
                    "has stable row ids",
                    "listVersions")) {
                assertTrue(message.contains(fact), fact + " not compared:\n" + message);
            }
        }
    }
}
