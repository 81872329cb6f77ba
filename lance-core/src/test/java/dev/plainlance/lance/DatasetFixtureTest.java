package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.fragment.DataFile;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.fragment.DeletionFileType;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.Tag;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Reads datasets written by the official library and checks the facts recorded when they were written. */
class DatasetFixtureTest {

    @Test
    void historyVersionsAndSummaries() {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history"))) {
            assertEquals(6, ds.version());
            assertEquals(6, ds.latestVersion());
            assertEquals(ManifestNaming.V2, ds.manifestNaming());
            List<Version> versions = ds.listVersions();
            assertEquals(
                    List.of(1L, 2L, 3L, 4L, 5L, 6L),
                    versions.stream().map(Version::id).toList());
            assertEquals(
                    Map.of(
                            "total_data_file_rows",
                            "20",
                            "total_data_files",
                            "2",
                            "total_deletion_file_rows",
                            "7",
                            "total_deletion_files",
                            "2",
                            "total_files_size",
                            "10847",
                            "total_fragments",
                            "2",
                            "total_rows",
                            "13"),
                    versions.get(2).getMetadata());
            for (int i = 1; i < versions.size(); i++) {
                assertFalse(
                        versions.get(i).dataTime().isBefore(versions.get(i - 1).dataTime()));
            }
            assertEquals("2.1", ds.getLanceFileFormatVersion());
            assertEquals(5, ds.countRows());
        }
    }

    @Test
    void historyFragmentsAtEachVersion() {
        try (Dataset latest = Dataset.open(FixtureDatasets.path("history"))) {
            Dataset v3 = latest.checkoutVersion(3);
            assertEquals(3, v3.version());
            assertEquals(
                    List.of(0, 1),
                    v3.getFragments().stream().map(Fragment::getId).toList());
            FragmentMetadata f0 = v3.getFragments().get(0).metadata();
            assertEquals(10, f0.getPhysicalRows());
            assertEquals(4, f0.getNumDeletions());
            assertEquals(6, f0.getNumRows());
            DeletionFile deletion = f0.getDeletionFile().orElseThrow();
            assertEquals(DeletionFileType.ARRAY, deletion.fileType());
            assertEquals(2, deletion.readVersion());
            assertEquals(Long.parseUnsignedLong("11107057054367749805"), deletion.id());
            assertEquals("_deletions/0-2-11107057054367749805.arrow", deletion.key(0));
            DataFile file = f0.getFiles().get(0);
            assertEquals(50 + ".lance".length(), file.getPath().length());
            assertEquals(2, file.getFileMajorVersion());
            assertEquals(1, file.getFileMinorVersion());
            assertEquals(5391, file.getFileSizeBytes());
            assertEquals(14, file.getColumnIndices().length);
            assertEquals(13, v3.countRows());
            assertEquals("Delete", v3.readTransaction().orElseThrow().operationName());
            assertEquals(2, v3.readTransaction().orElseThrow().readVersion());

            Dataset v4 = latest.checkoutVersion(4);
            assertEquals("Restore", v4.readTransaction().orElseThrow().operationName());
            assertEquals(10, v4.countRows());
            assertEquals(
                    "Update",
                    latest.checkoutVersion(5).readTransaction().orElseThrow().operationName());
            assertEquals("Overwrite", latest.readTransaction().orElseThrow().operationName());
        }
    }

    @Test
    void tagsOpenTheirVersion() {
        String path = FixtureDatasets.path("history");
        try (Dataset ds = Dataset.open(path)) {
            List<Tag> tags = ds.tags().list();
            assertEquals(1, tags.size());
            assertEquals("first", tags.get(0).name());
            assertEquals(1, tags.get(0).version());
            assertEquals(1353, tags.get(0).manifestSize());
            assertEquals(1, ds.checkoutTag("first").version());
            assertEquals(
                    1,
                    Dataset.open(path, new ReadOptions.Builder().setTag("first").build())
                            .version());
            assertEquals(1, ds.tags().getVersion("first"));
            assertThrows(NotFoundException.class, () -> ds.checkoutTag("nope"));
        }
    }

    @Test
    void historySchemaIsTheRichSchema() {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history"))) {
            Schema schema = ds.getSchema();
            assertEquals(
                    List.of("id", "i64", "f32", "f64", "s", "ls", "bin", "b", "d", "ts", "vec", "li", "st"),
                    schema.getFields().stream().map(f -> f.getName()).toList());
            assertFalse(schema.findField("id").isNullable());
            assertEquals(16, ds.getLanceSchema().allFieldsPreOrder().size());
        }
    }

    @Test
    void v1NamesAreFound() {
        try (Dataset ds =
                Dataset.open(Paths.get(FixtureDatasets.path("v1paths")).toUri().toString())) {
            assertEquals(ManifestNaming.V1, ds.manifestNaming());
            assertEquals(2, ds.version());
            assertEquals(
                    List.of(1L, 2L), ds.listVersions().stream().map(Version::id).toList());
        }
    }

    @Test
    void bitmapDeletionFilesAreReported() {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("deletions"))) {
            FragmentMetadata f = ds.getFragments().get(0).metadata();
            assertEquals(
                    DeletionFileType.BITMAP, f.getDeletionFile().orElseThrow().fileType());
            assertEquals(10000, f.getNumDeletions());
            assertEquals(10000, ds.countRows());
            assertEquals(
                    DeletionFileType.ARRAY,
                    ds.checkoutVersion(2)
                            .getFragments()
                            .get(0)
                            .metadata()
                            .getDeletionFile()
                            .orElseThrow()
                            .fileType());
        }
    }

    @Test
    void wholeFragmentDeleteDropsTheFragment() {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("delete_whole_fragment"))) {
            assertEquals(
                    List.of(1), ds.getFragments().stream().map(Fragment::getId).toList());
            assertEquals(2, ds.checkoutVersion(2).getFragments().size());
        }
    }

    @Test
    void stableRowIdsConfigAndEmpty() {
        try (Dataset ds = Dataset.open(FixtureDatasets.path("stable_rowids"))) {
            assertTrue(ds.hasStableRowIds());
            assertTrue(ds.getFragments().stream().allMatch(f -> f.metadata().hasRowIds()));
        }
        try (Dataset ds = Dataset.open(FixtureDatasets.path("config"))) {
            assertFalse(ds.getConfig().isEmpty());
            assertEquals("UpdateConfig", ds.readTransaction().orElseThrow().operationName());
        }
        try (Dataset ds = Dataset.open(FixtureDatasets.path("empty"))) {
            assertEquals(0, ds.countRows());
            assertTrue(ds.getFragments().isEmpty());
        }
    }

    @Test
    void missingDatasetOrVersionIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> Dataset.open("/definitely/not/here"));
        assertTrue(e.getMessage().contains("/definitely/not/here"), e.getMessage());
        try (Dataset ds = Dataset.open(FixtureDatasets.path("history"))) {
            assertThrows(NotFoundException.class, () -> ds.checkoutVersion(99));
        }
    }
}
