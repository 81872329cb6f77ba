package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.table.RowVersions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Add columns, drop columns, compaction and cleanup, in both directions: every version plainlance writes reads
 * identically in the official library (same rows, schema, fragments, transactions), and plainlance reads what the
 * official library writes with the same operations identically; the two also take turns on one dataset.
 */
class MaintenanceInteropTest {
    private static final Field EXTRA = new Field("extra", FieldType.nullable(new ArrowType.Utf8()), null);
    private static BufferAllocator allocator;

    @TempDir
    Path dir;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    private void plainCreate(String uri, Schema schema, String fileVersion, boolean stable) throws Exception {
        try (ArrowReader data = RichData.reader(allocator, schema, new long[] {0, 300}, new long[] {300, 200})) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withDataStorageVersion(fileVersion)
                                    .withMaxRowsPerFile(100)
                                    .withEnableStableRowIds(stable)
                                    .build())
                    .close();
        }
    }

    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void theOfficialLibraryReadsEveryVersionPlainlanceWrites(String fileVersion) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        plainCreate(w.uri(), RichData.simpleSchema(), fileVersion, false);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.delete("id % 4 = 0 OR id BETWEEN 100 AND 180");
            ds.addColumns(
                    new SqlExpressions.Builder()
                            .withExpression("twice", "id * 2")
                            .withExpression("label", "value > 10.5")
                            .build(),
                    Optional.of(64L));
            Compare.assertSameRowsAtEveryVersion(allocator, "after add columns (SQL)", w);
            ds.addColumns(List.of(EXTRA));
            Compare.assertSameRowsAtEveryVersion(allocator, "after add columns (nulls)", w);
            ds.dropColumns(List.of("name", "label"));
            Compare.assertSameRowsAtEveryVersion(allocator, "after drop columns", w);
            CompactionMetrics metrics = ds.compact(
                    CompactionOptions.builder().withTargetRowsPerFragment(250).build());
            assertEquals(new CompactionMetrics(5, 2, 15, 2), metrics);
            Map<Long, List<String>> before = Compare.assertSameRowsAtEveryVersion(allocator, "after compaction", w);
            ds.tags().create("with-columns", 3);
            ds.cleanupWithPolicy(
                    CleanupPolicy.builder().withErrorIfTaggedOldVersions(false).build());
            Map<Long, List<String>> after = Compare.assertSameRowsAtEveryVersion(allocator, "after cleanup", w);
            assertEquals(
                    List.of(3L, ds.version()), after.keySet().stream().sorted().toList());
            after.forEach((v, rows) -> assertEquals(before.get(v), rows, "version " + v + " survives cleanup"));
        }
    }

    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void plainlanceReadsTheOfficialLibrarysOperationsIdentically(boolean stable) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults().withStableRowIds(stable).withMaxRowsPerFile(100));
        w.create(RichData.simpleSchema(), new long[] {0, 300}, new long[] {300, 200});
        w.delete("id % 4 = 0 OR id BETWEEN 100 AND 180");
        try (org.lance.Dataset ds = w.open()) {
            ds.addColumns(
                    new org.lance.schema.SqlExpressions.Builder()
                            .withExpression("twice", "id * 2")
                            .build(),
                    Optional.empty());
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "official add columns (SQL)", w);
        try (org.lance.Dataset ds = w.open()) {
            ds.addColumns(List.of(EXTRA));
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "official add columns (nulls)", w);
        try (org.lance.Dataset ds = w.open()) {
            ds.dropColumns(List.of("name"));
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "official drop columns", w);
        try (org.lance.Dataset ds = w.open()) {
            ds.compact(org.lance.compaction.CompactionOptions.builder()
                    .withTargetRowsPerFragment(250)
                    .build());
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "official compaction", w);
        try (org.lance.Dataset ds = w.open()) {
            ds.cleanupWithPolicy(org.lance.cleanup.CleanupPolicy.builder()
                    .withBeforeVersion(5)
                    .build());
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "official cleanup", w);
    }

    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void compactionWritesWhatTheOfficialLibraryWrites(boolean stable) throws Exception {
        OfficialWriter official = new OfficialWriter(
                allocator,
                dir.resolve("official"),
                OfficialWriter.Options.defaults().withStableRowIds(stable).withMaxRowsPerFile(100));
        OfficialWriter plain = new OfficialWriter(
                allocator,
                dir.resolve("plain"),
                OfficialWriter.Options.defaults().withStableRowIds(stable).withMaxRowsPerFile(100));
        for (OfficialWriter w : List.of(official, plain)) {
            w.create(RichData.simpleSchema(), new long[] {0, 300}, new long[] {300, 200});
            w.delete("id % 4 = 0 OR id BETWEEN 100 AND 180");
        }
        try (org.lance.Dataset ds = official.open()) {
            ds.compact(org.lance.compaction.CompactionOptions.builder()
                    .withTargetRowsPerFragment(250)
                    .build());
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(plain.uri(), allocator)) {
            ds.compact(
                    CompactionOptions.builder().withTargetRowsPerFragment(250).build());
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance compaction", plain);
        try (dev.plainlance.lance.Dataset o = dev.plainlance.lance.Dataset.open(official.uri(), allocator);
                dev.plainlance.lance.Dataset p = dev.plainlance.lance.Dataset.open(plain.uri(), allocator)) {
            assertEquals(o.version(), p.version(), "same versions (ReserveFragments, then Rewrite)");
            for (long v = 1; v <= o.version(); v++) {
                try (dev.plainlance.lance.Dataset ov = o.checkoutVersion(v);
                        dev.plainlance.lance.Dataset pv = p.checkoutVersion(v)) {
                    assertEquals(
                            ov.readTransaction().orElseThrow().operationName(),
                            pv.readTransaction().orElseThrow().operationName(),
                            "operation of version " + v);
                    assertEquals(shape(ov), shape(pv), "fragments of version " + v);
                    assertEquals(
                            Compare.plainRows(allocator, official.uri(), v),
                            Compare.plainRows(allocator, plain.uri(), v),
                            "rows of version " + v);
                    assertEquals(
                            officialRowsWithIds(official.uri(), v),
                            officialRowsWithIds(plain.uri(), v),
                            "rows and row ids of version " + v + ", read by the official library");
                }
            }
        }
        official.delete("id % 5 = 0");
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(official.uri(), allocator)) {
            List<String> before = stable
                    ? officialRowsWithIds(official.uri(), ds.version())
                    : Compare.officialRows(allocator, official.uri(), ds.version());
            ds.compact(
                    CompactionOptions.builder().withTargetRowsPerFragment(1000).build());
            assertEquals(
                    before,
                    stable
                            ? officialRowsWithIds(official.uri(), ds.version())
                            : Compare.officialRows(allocator, official.uri(), ds.version()),
                    "plainlance compacts the official compaction (its masked row id and version sequences)");
        }
        Compare.assertSameRowsAtEveryVersion(allocator, "plainlance compaction of an official compaction", official);
    }

    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void schemaChangesWriteWhatTheOfficialLibraryWrites(String fileVersion) throws Exception {
        OfficialWriter official = new OfficialWriter(
                allocator,
                dir.resolve("official"),
                OfficialWriter.Options.defaults()
                        .withDataStorageVersion(fileVersion)
                        .withMaxRowsPerFile(100));
        OfficialWriter plain = new OfficialWriter(
                allocator,
                dir.resolve("plain"),
                OfficialWriter.Options.defaults()
                        .withDataStorageVersion(fileVersion)
                        .withMaxRowsPerFile(100));
        for (OfficialWriter w : List.of(official, plain)) {
            w.create(RichData.simpleSchema(), new long[] {0, 250});
            w.delete("id < 30");
        }
        try (org.lance.Dataset ds = official.open()) {
            ds.addColumns(
                    new org.lance.schema.SqlExpressions.Builder()
                            .withExpression("twice", "id * 2")
                            .withExpression("big", "value > 10.5")
                            .withExpression("nested", "(id + 1) * 2")
                            .withExpression("resolved", "id - (id * 3)")
                            .build(),
                    Optional.empty());
            ds.addColumns(List.of(EXTRA));
            ds.dropColumns(List.of("name"));
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(plain.uri(), allocator)) {
            ds.addColumns(
                    new SqlExpressions.Builder()
                            .withExpression("twice", "id * 2")
                            .withExpression("big", "value > 10.5")
                            .withExpression("nested", "(id + 1) * 2")
                            .withExpression("resolved", "id - (id * 3)")
                            .build(),
                    Optional.empty());
            ds.addColumns(List.of(EXTRA));
            ds.dropColumns(List.of("name"));
        }
        try (dev.plainlance.lance.Dataset o = dev.plainlance.lance.Dataset.open(official.uri(), allocator);
                dev.plainlance.lance.Dataset p = dev.plainlance.lance.Dataset.open(plain.uri(), allocator)) {
            assertEquals(o.version(), p.version());
            for (long v = 3; v <= o.version(); v++) {
                try (dev.plainlance.lance.Dataset ov = o.checkoutVersion(v);
                        dev.plainlance.lance.Dataset pv = p.checkoutVersion(v)) {
                    assertEquals(
                            ov.readTransaction().orElseThrow().operationName(),
                            pv.readTransaction().orElseThrow().operationName(),
                            "operation of version " + v);
                    assertEquals(
                            ov.getLanceSchema().allFieldsPreOrder().stream()
                                    .map(Compare::describe)
                                    .toList(),
                            pv.getLanceSchema().allFieldsPreOrder().stream()
                                    .map(Compare::describe)
                                    .toList(),
                            "fields of version " + v);
                    assertEquals(files(ov), files(pv), "data files of version " + v);
                    assertEquals(
                            Compare.plainRows(allocator, official.uri(), v),
                            Compare.plainRows(allocator, plain.uri(), v),
                            "rows of version " + v);
                }
            }
        }
    }

    /** Per fragment: the field ids and column indices of each data file, and its physical rows. */
    private static List<String> files(dev.plainlance.lance.Dataset ds) {
        return ds.snapshot().manifest().getFragmentsList().stream()
                .map(f -> f.getId() + ":" + f.getPhysicalRows() + ":"
                        + f.getFilesList().stream()
                                .map(d -> d.getFieldsList() + "/" + d.getColumnIndicesList())
                                .toList())
                .toList();
    }

    private static List<String> officialRowsWithIds(String uri, long version) throws Exception {
        try (org.lance.Dataset ds = org.lance.Dataset.open(
                allocator,
                uri,
                new org.lance.ReadOptions.Builder().setVersion(version).build())) {
            return WriteInteropTest.lines(ds.newScan(new org.lance.ipc.ScanOptions.Builder()
                            .withRowId(true)
                            .build())
                    .scanBatches());
        }
    }

    /**
     * Fragment ids, physical rows, file count, deletion count and the created-at / last-updated version of each
     * row: what must match whoever compacted.
     */
    private static List<String> shape(dev.plainlance.lance.Dataset ds) {
        return ds.snapshot().manifest().getFragmentsList().stream()
                .map(f -> f.getId() + ":" + f.getPhysicalRows() + ":"
                        + f.getFilesCount() + ":" + f.getDeletionFile().getNumDeletedRows() + ":" + f.hasInlineRowIds()
                        + ":" + versions(f, f.getInlineCreatedAtVersions())
                        + ":" + versions(f, f.getInlineLastUpdatedAtVersions()))
                .toList();
    }

    /** The per-row versions of a version sequence, as runs {@code version x rows} (span encodings differ). */
    private static List<String> versions(
            dev.plainlance.lance.pb.table.DataFragment f, com.google.protobuf.ByteString bytes) {
        long[] rows = RowVersions.expand(f.getPhysicalRows(), bytes, "fragment " + f.getId());
        List<String> runs = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 1; i <= rows.length; i++) {
            if (i == rows.length || rows[i] != rows[start]) {
                runs.add(rows[start] + "x" + (i - start));
                start = i;
            }
        }
        return runs;
    }

    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.1", "2.2"})
    void theTwoLibrariesTakeTurns(String fileVersion) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults().withMaxRowsPerFile(100).withDataStorageVersion(fileVersion));
        w.create(RichData.simpleSchema(), new long[] {0, 300});
        // nullable (value is), so the official append below may leave it out
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.addColumns(
                    new SqlExpressions.Builder()
                            .withExpression("twice", "value * 2")
                            .build(),
                    Optional.empty());
        }
        w.append(RichData.simpleSchema(), 300, 50);
        w.delete("id < 20");
        try (org.lance.Dataset ds = w.open()) {
            ds.dropColumns(List.of("value"));
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.compact(
                    CompactionOptions.builder().withTargetRowsPerFragment(1000).build());
        }
        try (org.lance.Dataset ds = w.open()) {
            ds.addColumns(List.of(EXTRA));
        }
        Map<Long, List<String>> before = Compare.assertSameRowsAtEveryVersion(allocator, "mixed history", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.cleanupWithPolicy(
                    CleanupPolicy.builder().withBeforeVersion(ds.version() - 1).build());
        }
        Map<Long, List<String>> after =
                Compare.assertSameRowsAtEveryVersion(allocator, "mixed history after plainlance cleanup", w);
        assertEquals(2, after.size());
        after.forEach((v, rows) -> assertEquals(before.get(v), rows, "version " + v + " survives cleanup"));
    }
}
