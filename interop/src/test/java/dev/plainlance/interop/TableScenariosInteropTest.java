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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.fragment.DeletionFileType;

/**
 * Table-level scenarios written by the official library: deletion vectors of both kinds, a delete that empties a
 * fragment, stable row ids, table config, empty datasets, multi-fragment writes. Each step is compared with
 * {@link Compare#assertSameDataset} (latest version, every version, every tag).
 */
class TableScenariosInteropTest {
    private static BufferAllocator allocator;
    private static final Schema SIMPLE = RichData.simpleSchema();

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    @Test
    void smallDeletionsAreArrowFiles(@TempDir Path dir) throws IOException {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(SIMPLE, 0, 100);
        w.delete("id % 10 = 0");
        assertEquals(List.of(DeletionFileType.ARRAY), officialDeletionTypes(w));
        assertTrue(
                deletionFiles(w.path()).stream().allMatch(n -> n.endsWith(".arrow")),
                deletionFiles(w.path()).toString());
        Compare.assertSameDataset("10 deletions (.arrow)", w);

        w.delete("id = 1 OR id = 99");
        Compare.assertSameDataset("12 deletions after a second delete", w);
    }

    @Test
    void largeDeletionsAreBitmapFiles(@TempDir Path dir) throws IOException {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(SIMPLE, 0, 20_000);
        w.delete("id < 3000");
        assertEquals(List.of(DeletionFileType.ARRAY), officialDeletionTypes(w));
        Compare.assertSameDataset("3000 deletions", w);

        w.delete("id >= 3000 AND id < 9000");
        assertEquals(List.of(DeletionFileType.BITMAP), officialDeletionTypes(w));
        assertTrue(
                deletionFiles(w.path()).stream().anyMatch(n -> n.endsWith(".bin")),
                deletionFiles(w.path()).toString());
        Compare.assertSameDataset("9000 deletions (.bin)", w);
    }

    @Test
    void aDeleteThatEmptiesAFragmentDropsIt(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(10));
        w.create(SIMPLE, 0, 20);
        w.delete("id < 12");
        try (org.lance.Dataset official = w.open()) {
            assertEquals(
                    List.of(1),
                    official.getFragments().stream()
                            .map(org.lance.Fragment::getId)
                            .toList());
        }
        Compare.assertSameDataset("delete emptying fragment 0", w);
        w.delete("true");
        try (org.lance.Dataset official = w.open()) {
            assertEquals(0, official.countRows());
            assertTrue(official.getFragments().isEmpty());
        }
        Compare.assertSameDataset("delete of every row", w);
        w.append(SIMPLE, 40, 3);
        Compare.assertSameDataset("append after every fragment was deleted (ids continue)", w);
    }

    @Test
    void multiFragmentWrites(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(10));
        w.create(SIMPLE, 0, 25);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(3, official.getFragments().size());
        }
        Compare.assertSameDataset("25 rows, maxRowsPerFile 10", w);
        w.append(SIMPLE, 25, 12);
        w.delete("id % 4 = 1");
        Compare.assertSameDataset("append of 2 more fragments, then a delete across all", w);
    }

    @Test
    void stableRowIds(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withStableRowIds(true));
        w.create(SIMPLE, 0, 10);
        try (org.lance.Dataset official = w.open()) {
            assertTrue(official.hasStableRowIds());
        }
        Compare.assertSameDataset("stable row ids, create", w);
        w.append(SIMPLE, 10, 10);
        w.delete("id % 3 = 0");
        Compare.assertSameDataset("stable row ids, append + delete", w);
        w.mergeInsert(SIMPLE, 5, 18);
        Compare.assertSameDataset("stable row ids, merge-insert", w);
    }

    @Test
    void tableConfig(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(SIMPLE, 0, 5);
        w.updateConfig(Map.of("a.key", "1", "lance.test.flag", "true"));
        Compare.assertSameDataset("config set", w);
        w.updateConfig(Map.of("a.key", "2"));
        try (org.lance.Dataset official = w.open()) {
            // Observed in 7.0.0: Dataset.updateConfig(map) replaces the whole config ("lance.test.flag" is gone).
            assertEquals(Map.of("a.key", "2"), official.getConfig());
        }
        Compare.assertSameDataset("config replaced", w);
        w.updateConfig(Map.of("a.key", "3", "b.key", "x"));
        w.deleteConfigKeys("a.key");
        try (org.lance.Dataset official = w.open()) {
            assertEquals(Map.of("b.key", "x"), official.getConfig());
        }
        Compare.assertSameDataset("config key deleted", w);
        w.append(SIMPLE, 5, 5);
        Compare.assertSameDataset("config updated, then an append", w);
    }

    @Test
    void emptyDataset(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.createEmpty(SIMPLE);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(0, official.countRows());
            assertTrue(official.getFragments().isEmpty());
        }
        Compare.assertSameDataset("empty dataset", w);
        w.append(SIMPLE, 0, 3);
        Compare.assertSameDataset("empty dataset, then an append", w);
    }

    @Test
    void emptyRichDataset(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.createEmpty(RichTypesInteropTest.richWithoutDictionary());
        Compare.assertSameDataset("empty dataset with every type", w);
    }

    @Test
    void tagsOnManyVersions(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withV2ManifestPaths(false));
        w.create(SIMPLE, 0, 4);
        w.tag("v1", 1);
        w.append(SIMPLE, 4, 4);
        w.tag("v2-a", 2);
        w.tag("v2-b", 2);
        w.delete("id = 0");
        w.tag("latest", 3);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(4, official.tags().list().size());
        }
        Compare.assertSameDataset("four tags on three versions", w);
    }

    @Test
    void tagsMovedAndDeleted(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(SIMPLE, 0, 4);
        w.append(SIMPLE, 4, 4);
        w.tag("moving", 1);
        w.tag("doomed", 2);
        w.retag("moving", 2);
        w.untag("doomed");
        w.tagMetadata("moving", Map.of("reason", "moved", "by", "interop test"));
        try (org.lance.Dataset official = w.open()) {
            assertEquals(
                    List.of("moving->2"),
                    official.tags().list().stream()
                            .map(t -> t.getName() + "->" + t.getVersion())
                            .toList());
        }
        Compare.assertSameDataset("a tag moved, another deleted", w);
    }

    @Test
    void overwriteWithADifferentSchema(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(SIMPLE, 0, 10);
        w.delete("id < 2");
        w.overwrite(RichData.richSubset("i64", "st", "li", "ts_us"), 50, 12);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(5, official.getSchema().getFields().size());
        }
        Compare.assertSameDataset("overwrite changing the schema (older versions keep theirs)", w);
    }

    @Test
    void restoreOfAVersionWithDeletions(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(8));
        w.create(SIMPLE, 0, 20);
        w.delete("id % 2 = 0");
        w.append(SIMPLE, 20, 5);
        assertEquals(4, w.restore(2));
        w.mergeInsert(SIMPLE, 18, 10);
        Compare.assertSameDataset("restore of a version with deletion files, then merge-insert", w);
    }

    @Test
    void stableRowIdsWithV1NamesAndManyFragments(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults()
                        .withStableRowIds(true)
                        .withV2ManifestPaths(false)
                        .withMaxRowsPerFile(6)
                        .withDataStorageVersion("2.2"));
        w.create(SIMPLE, 0, 20);
        w.delete("id < 7");
        w.mergeInsert(SIMPLE, 15, 10);
        w.restore(1);
        Compare.assertSameDataset("stable row ids, V1 names, 2.2, maxRowsPerFile 6", w);
    }

    @Test
    void schemaAndFieldMetadataAndNonNullableChildren(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        Schema schema = RichData.metadataSchema();
        w.create(schema, 0, 14);
        try (org.lance.Dataset official = w.open()) {
            // The official library keeps the metadata, so the comparison below covers it.
            assertEquals(schema.getCustomMetadata(), official.getSchema().getCustomMetadata());
            assertEquals(
                    Map.of("role", "key"), official.getSchema().findField("id").getMetadata());
            assertEquals(
                    schema.findField("meta").getMetadata(),
                    official.getSchema().findField("meta").getMetadata());
        }
        Compare.assertSameDataset("schema and field metadata, non-nullable children", w);
        w.append(schema, 14, 3);
        Compare.assertSameDataset("schema and field metadata, after an append", w);
    }

    /** Beyond the brief's list: schema evolution and compaction (Merge, Project, Rewrite transactions). */
    @Test
    void schemaEvolutionAndCompaction(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(5));
        w.create(SIMPLE, 0, 20);
        w.delete("id % 4 = 0");
        assertEquals(3, w.addColumn("double_id", "id * 2"));
        try (org.lance.Dataset official = w.open()) {
            assertEquals(2, official.getFragments().get(0).metadata().getFiles().size());
        }
        Compare.assertSameDataset("add column (two data files per fragment)", w);
        assertEquals(4, w.dropColumns("name"));
        assertEquals(5, w.renameColumn("value", "amount"));
        Compare.assertSameDataset("drop + rename column", w);
        // Observed: compaction of this history commits two versions (6 and 7).
        assertTrue(w.compact() > 5);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(15, official.countRows());
        }
        Compare.assertSameDataset("compaction", w);
    }

    /** More than 9 versions with V1 names: "10.manifest" sorts before "2.manifest" as text. */
    @Test
    void manyVersionsWithV1Names(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withV2ManifestPaths(false));
        w.create(SIMPLE, 0, 2);
        for (int i = 1; i <= 11; i++) {
            w.append(SIMPLE, i * 2L, 2);
        }
        w.tag("ten", 10);
        w.tag("two", 2);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(12, official.version());
        }
        Compare.assertSameDataset("12 versions, V1 names", w);
    }

    @Test
    void overwriteWithAnotherDataStorageVersion(@TempDir Path dir) {
        OfficialWriter old = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withDataStorageVersion("2.0"));
        old.create(SIMPLE, 0, 5);
        OfficialWriter newer = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withDataStorageVersion("2.2"));
        newer.overwrite(SIMPLE, 10, 5);
        try (org.lance.Dataset official = newer.open();
                org.lance.Dataset first = newer.open(1)) {
            assertEquals("2.0", first.getLanceFileFormatVersion());
            // Whatever the official library decides for v2 (keep 2.0 or switch to 2.2), plainlance must agree.
            assertTrue(List.of("2.0", "2.2").contains(official.getLanceFileFormatVersion()));
        }
        Compare.assertSameDataset("2.0 dataset overwritten with data storage version 2.2", newer);
    }

    private static List<DeletionFileType> officialDeletionTypes(OfficialWriter w) {
        try (org.lance.Dataset official = w.open()) {
            return official.getFragments().stream()
                    .map(f -> f.metadata().getDeletionFile())
                    .filter(java.util.Objects::nonNull)
                    .map(org.lance.fragment.DeletionFile::getFileType)
                    .toList();
        }
    }

    private static List<String> deletionFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("_deletions"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
