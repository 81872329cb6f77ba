package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Fragment;
import dev.plainlance.lance.FragmentMetadata;
import dev.plainlance.lance.FragmentOperation;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.Transaction;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.delta.DatasetDelta;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.Append;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The methods of issue 19 against the official library: both give the same result, or the official library reads
 * what plainlance committed.
 */
class DatasetParityInteropTest {
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    private static Dataset plain(String uri) {
        return Dataset.open(allocator, uri, ReadOptions.defaults());
    }

    private static List<String> officialScan(org.lance.Dataset official, org.lance.ipc.ScanOptions options)
            throws Exception {
        try (org.lance.ipc.LanceScanner scan = official.newScan(options)) {
            return RowDump.lines(scan.scanBatches());
        }
    }

    private static List<String> officialRows(String uri) throws Exception {
        try (org.lance.Dataset official = officialOpen(uri)) {
            return officialScan(official, new org.lance.ipc.ScanOptions.Builder().build());
        }
    }

    private static org.lance.Dataset officialOpen(String uri) {
        return org.lance.Dataset.open(allocator, uri, new org.lance.ReadOptions.Builder().build());
    }

    @Test
    void truncateTableCommitsTheDeleteOfficial700Commits(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 10);
        w.append(RichData.simpleSchema(), 10, 5);
        try (Dataset ds = plain(w.uri())) {
            ds.truncateTable();
            assertEquals(3, ds.version());
            assertEquals(0, ds.countRows());
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(3, official.version());
            assertEquals(0, official.countRows());
            assertEquals(RichData.simpleSchema(), official.getSchema());
            org.lance.Transaction txn = official.readTransaction().orElseThrow();
            assertTrue(txn.operation().toString().contains("deletedFragmentIds=[0, 1]"), txn.toString());
            assertTrue(txn.operation().toString().contains("predicate=true"), txn.toString());
        }
        w.append(RichData.simpleSchema(), 20, 2);
        try (Dataset ds = plain(w.uri())) {
            assertEquals(2, ds.countRows(), "the truncated dataset takes new rows");
        }
    }

    /**
     * Twin datasets with V1 manifest names written by the official library: plainlance migrates one and the
     * official library the other. Both end with the same manifest names, both libraries read every version of
     * plainlance's migration as before, and the official library's next commit there takes a V2 name.
     */
    @Test
    void migrateManifestPathsV2RenamesAsTheOfficialMethodDoes(@TempDir Path dir) throws Exception {
        List<OfficialWriter> twins = new ArrayList<>();
        for (String name : List.of("plain", "official")) {
            OfficialWriter w = new OfficialWriter(
                    allocator,
                    dir.resolve(name),
                    OfficialWriter.Options.defaults().withV2ManifestPaths(false));
            w.create(RichData.simpleSchema(), 0, 10);
            w.append(RichData.simpleSchema(), 10, 5);
            w.delete("id < 3");
            w.append(RichData.simpleSchema(), 20, 2);
            twins.add(w);
        }
        OfficialWriter mine = twins.get(0);
        List<List<String>> before = new ArrayList<>();
        for (long version = 1; version <= 4; version++) {
            before.add(officialRowsAt(mine.uri(), version));
        }
        assertEquals(List.of("1.manifest", "2.manifest", "3.manifest", "4.manifest"), manifestNames(mine.path()));
        try (Dataset ds = plain(mine.uri())) {
            ds.migrateManifestPathsV2();
            assertEquals(dev.plainlance.lance.table.ManifestNaming.V2, ds.manifestNaming());
            assertEquals(4, ds.version());
        }
        try (org.lance.Dataset official = twins.get(1).open()) {
            official.migrateManifestPathsV2();
        }
        assertEquals(manifestNames(twins.get(1).path()), manifestNames(mine.path()));
        for (long version = 1; version <= 4; version++) {
            assertEquals(before.get((int) version - 1), officialRowsAt(mine.uri(), version), "version " + version);
            try (Dataset ds = Dataset.open(
                    allocator,
                    mine.uri(),
                    new ReadOptions.Builder().setVersion(version).build())) {
                assertEquals(
                        before.get((int) version - 1),
                        RowDump.lines(ds.newScan().scanBatches()));
            }
        }
        assertEquals(5, mine.append(RichData.simpleSchema(), 30, 1));
        assertEquals(
                manifestNames(twins.get(1).path()).size() + 1,
                manifestNames(mine.path()).size());
        try (Dataset ds = plain(mine.uri())) {
            assertEquals(5, ds.version());
            assertEquals(dev.plainlance.lance.table.ManifestNaming.V2, ds.manifestNaming());
        }
    }

    private static List<String> officialRowsAt(String uri, long version) throws Exception {
        try (org.lance.Dataset official = org.lance.Dataset.open(
                allocator,
                uri,
                new org.lance.ReadOptions.Builder().setVersion(version).build())) {
            return officialScan(official, new org.lance.ipc.ScanOptions.Builder().build());
        }
    }

    private static List<String> manifestNames(Path dataset) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(dataset.resolve("_versions"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".manifest"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void dropRemovesTheDatasetTheOfficialLibraryWrote(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 10);
        w.tag("t", 1);
        Dataset.drop(w.uri(), Map.of());
        assertFalse(Files.exists(w.path()));
        assertThrows(RuntimeException.class, () -> w.open().close());
    }

    @Test
    void calculateDataSizeMatchesTheOfficialCount(@TempDir Path dir) throws Exception {
        for (String version : List.of("2.0", "2.1")) {
            OfficialWriter w = new OfficialWriter(
                    allocator,
                    dir.resolve(version),
                    OfficialWriter.Options.defaults().withDataStorageVersion(version));
            w.create(RichData.richSchema(), 0, 300);
            w.append(RichData.richSchema(), 300, 50);
            w.dropColumns("s");
            long expected;
            try (org.lance.Dataset official = w.open()) {
                expected = official.calculateDataSize();
            }
            try (Dataset ds = plain(w.uri())) {
                assertTrue(expected > 0);
                assertEquals(expected, ds.calculateDataSize(), "file format " + version);
            }
        }
        // and on what plainlance wrote
        String uri = dir.resolve("plain").toString();
        try (ArrowReader data = RichData.reader(allocator, RichData.simpleSchema(), 0, 500);
                Dataset ds = Dataset.create(allocator, data, uri, new WriteParams.Builder().build());
                org.lance.Dataset official = officialOpen(uri)) {
            assertEquals(official.calculateDataSize(), ds.calculateDataSize());
        }
    }

    @Test
    void sampleDrawsDistinctLiveRowsInScanOrder(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 100);
        w.append(RichData.simpleSchema(), 100, 50);
        w.delete("id % 10 = 0");
        List<String> all = officialRows(w.uri());
        try (Dataset ds = plain(w.uri())) {
            for (int round = 0; round < 5; round++) {
                List<String> sampled = RowDump.lines(ds.sample(20, List.of()));
                assertEquals(all.get(0), sampled.get(0), "all columns");
                List<String> rows = sampled.subList(1, sampled.size());
                assertEquals(20, rows.size());
                assertEquals(20, new HashSet<>(rows).size(), "distinct");
                List<String> inScanOrder = new ArrayList<>(all.subList(1, all.size()));
                inScanOrder.retainAll(rows);
                assertEquals(inScanOrder, rows, "live rows, in scan order");
            }
            List<String> everything = RowDump.lines(ds.sample(1000, List.of()));
            assertEquals(all, everything, "asking for more rows than there are gives every row");
            List<String> ofSecond = RowDump.lines(ds.sample(1000, List.of("id"), Optional.of(List.of(1))));
            try (org.lance.Dataset official = w.open()) {
                assertEquals(
                        RowDump.lines(official.sample(1000, List.of("id"), Optional.of(List.of(1)))),
                        ofSecond,
                        "sampling a fragment draws from its rows only");
            }
        }
    }

    @Test
    void fragmentScansReadWhatTheOfficialFragmentScansRead(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.richSchema(), 0, 40);
        w.append(RichData.richSchema(), 40, 30);
        w.delete("id % 4 = 1");
        try (Dataset ds = plain(w.uri());
                org.lance.Dataset official = w.open()) {
            for (int id : List.of(0, 1)) {
                org.lance.Fragment theirs = new org.lance.Fragment(official, id);
                Fragment ours = new Fragment(ds, id);
                assertEquals(theirs.countRows(), ours.countRows());
                try (org.lance.ipc.LanceScanner theirScan = theirs.newScan(new org.lance.ipc.ScanOptions.Builder()
                                .columns(List.of("id", "s"))
                                .filter("id > 10")
                                .build());
                        LanceScanner ourScan = ours.newScan(new ScanOptions.Builder()
                                .columns(List.of("id", "s"))
                                .filter("id > 10")
                                .build())) {
                    assertEquals(
                            RowDump.lines(theirScan.scanBatches()),
                            RowDump.lines(ourScan.scanBatches()),
                            "fragment " + id);
                }
                try (org.lance.ipc.LanceScanner theirScan = theirs.newScan(7);
                        LanceScanner ourScan = ours.newScan(7)) {
                    assertEquals(
                            RowDump.lines(theirScan.scanBatches()),
                            RowDump.lines(ourScan.scanBatches()),
                            "fragment " + id);
                }
            }
        }
    }

    /**
     * Workers write fragments with {@link Fragment#create}, their metadata travels serialized (as Spark and Ray send
     * it), and another party commits them: the official library reads every row.
     */
    @Test
    void fragmentsWrittenByWorkersAreCommittedLater(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 10);
        List<FragmentMetadata> written = new ArrayList<>();
        for (int worker = 0; worker < 3; worker++) {
            try (ArrowReader rows = RichData.reader(allocator, RichData.simpleSchema(), 100 * (worker + 1), 25)) {
                written.addAll(Fragment.create(w.uri(), rows, new WriteParams.Builder().build()));
            }
        }
        try (Dataset ds = plain(w.uri())) {
            assertEquals(1, ds.latestVersion(), "writing fragments commits nothing");
        }
        List<FragmentMetadata> received = deserialize(serialize(written));
        assertEquals(written, received);
        try (Dataset committed = Dataset.commitAppend(w.uri(), Optional.of(1L), received, Map.of())) {
            assertEquals(2, committed.version());
            assertEquals(85, committed.countRows());
            List<Integer> ids =
                    committed.getFragments().stream().map(Fragment::getId).toList();
            assertEquals(List.of(0, 1, 2, 3), ids, "new fragments get ids at commit");
        }
        assertEquals(
                RowDump.lines(RichData.reader(
                        allocator,
                        RichData.simpleSchema(),
                        new long[] {0, 10},
                        new long[] {100, 25},
                        new long[] {200, 25},
                        new long[] {300, 25})),
                officialRows(w.uri()));
    }

    @Test
    void commitOverwriteAndFragmentOperationsCreateAndReplaceDatasets(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        List<FragmentMetadata> first;
        try (ArrowReader rows = RichData.reader(allocator, RichTypesInteropTest.richWithoutDictionary(), 0, 30)) {
            first = Fragment.create(uri, rows, new WriteParams.Builder().build());
        }
        try (Dataset created = Dataset.commitOverwrite(
                uri, RichTypesInteropTest.richWithoutDictionary(), Optional.empty(), first, Map.of())) {
            assertEquals(1, created.version());
        }
        assertEquals(
                RowDump.lines(RichData.reader(allocator, RichTypesInteropTest.richWithoutDictionary(), 0, 30)),
                officialRows(uri));

        List<FragmentMetadata> second;
        try (ArrowReader rows = RichData.reader(allocator, RichData.simpleSchema(), 500, 7)) {
            second = Fragment.create(
                    uri,
                    rows,
                    new WriteParams.Builder()
                            .withMode(WriteParams.WriteMode.OVERWRITE)
                            .build());
        }
        try (Dataset replaced = Dataset.commit(
                allocator, uri, new FragmentOperation.Overwrite(second, RichData.simpleSchema()), Optional.of(1L))) {
            assertEquals(2, replaced.version());
        }
        assertEquals(RowDump.lines(RichData.reader(allocator, RichData.simpleSchema(), 500, 7)), officialRows(uri));

        List<FragmentMetadata> third;
        try (ArrowReader rows = RichData.reader(allocator, RichData.simpleSchema(), 600, 3)) {
            third = Fragment.create(uri, rows, new WriteParams.Builder().build());
        }
        try (Dataset appended =
                Dataset.commit(allocator, uri, new FragmentOperation.Append(third), Optional.of(2L), Map.of())) {
            assertEquals(3, appended.version());
        }
        assertEquals(
                RowDump.lines(
                        RichData.reader(allocator, RichData.simpleSchema(), new long[] {500, 7}, new long[] {600, 3})),
                officialRows(uri));
    }

    @Test
    void transactionsBuiltOnADatasetCarryTheirTagAndProperties(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 5);
        List<FragmentMetadata> fragments;
        try (ArrowReader rows = RichData.reader(allocator, RichData.simpleSchema(), 5, 5)) {
            fragments = Fragment.create(w.uri(), rows, new WriteParams.Builder().build());
        }
        try (Dataset ds = plain(w.uri());
                Dataset committed = ds.newTransactionBuilder()
                        .operation(Append.builder().fragments(fragments).build())
                        .tag("batch-7")
                        .transactionProperties(Map.of("writer", "spark-job-7"))
                        .build()
                        .commit()) {
            assertEquals(1, ds.version(), "the builder's dataset keeps its version");
            assertEquals(2, committed.version());
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(10, official.countRows());
            org.lance.Transaction txn = official.readTransaction().orElseThrow();
            assertEquals(Optional.of("batch-7"), txn.tag());
            assertEquals(Optional.of(Map.of("writer", "spark-job-7")), txn.transactionProperties());
            assertEquals("Append", txn.operation().name());
        }
    }

    @Test
    void commitTransactionCommitsATransactionValueWithItsUuidAndReadsTheOfficialOnesBack(@TempDir Path dir)
            throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 5);
        List<FragmentMetadata> fragments;
        try (ArrowReader rows = RichData.reader(allocator, RichData.simpleSchema(), 5, 4)) {
            fragments = Fragment.create(w.uri(), rows, new WriteParams.Builder().build());
        }
        String uuid = "8d5b1c2e-0000-4000-8000-000000000007";
        Transaction transaction = new Transaction.Builder()
                .readVersion(1)
                .uuid(uuid)
                .operation(Append.builder().fragments(fragments).build())
                .tag("batch-8")
                .transactionProperties(Map.of("writer", "flink-8"))
                .build();
        try (Dataset ds = plain(w.uri());
                Dataset committed = ds.commitTransaction(transaction)) {
            assertEquals(2, committed.version());
            Transaction read = committed.readTransaction().orElseThrow();
            assertEquals(transaction, read);
            assertEquals(fragments, ((Append) read.operation()).fragments());
            assertThrows(UnsupportedFeatureException.class, () -> ds.commitTransaction(transaction, true, false));
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(9, official.countRows());
            org.lance.Transaction txn = official.readTransaction().orElseThrow();
            assertEquals(uuid, txn.uuid());
            assertEquals(Optional.of("batch-8"), txn.tag());
            assertEquals("Append", txn.operation().name());
        }
        w.delete("id < 2");
        try (Dataset ds = plain(w.uri())) {
            Transaction theirs = ds.readTransaction().orElseThrow();
            assertEquals("Delete", theirs.operationName());
            dev.plainlance.lance.operation.Delete delete = (dev.plainlance.lance.operation.Delete) theirs.operation();
            assertEquals(3, ds.version());
            assertEquals(2, theirs.readVersion());
            assertTrue(delete.predicate().contains("id < 2"), delete.predicate());
        }
    }

    /**
     * The official 7.0.0 {@code DatasetDelta} fails with UnsatisfiedLinkError (its native methods are missing from
     * the shipped library), so the oracle is what it is defined as: a scan with the row version columns, filtered on
     * them.
     */
    @Test
    void deltaGivesTheRowsTheRowVersionColumnsSelect(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withStableRowIds(true));
        w.create(RichData.simpleSchema(), 0, 10); // v1
        w.append(RichData.simpleSchema(), 10, 5); // v2
        w.delete("id = 3 OR id = 12"); // v3
        w.mergeInsert(RichData.simpleSchema(), 13, 4); // v4: updates 13, 14; inserts 15, 16
        w.append(RichData.simpleSchema(), 20, 3); // v5
        try (Dataset ds = plain(w.uri());
                org.lance.Dataset official = w.open()) {
            long[][] ranges = {{0, 5}, {1, 5}, {2, 4}, {3, 4}, {4, 5}, {1, 3}, {5, 5}};
            for (long[] range : ranges) {
                String in = " > " + range[0] + " AND %s <= " + range[1];
                String inserted = "_row_created_at_version" + in.formatted("_row_created_at_version");
                String updated = "_row_last_updated_at_version" + in.formatted("_row_last_updated_at_version")
                        + " AND _row_created_at_version <= " + range[0];
                try (DatasetDelta delta = ds.delta(range[0], range[1])) {
                    assertEquals(
                            versionScan(official, inserted),
                            RowDump.lines(delta.getInsertedRows()),
                            "inserted " + range[0]);
                    assertEquals(
                            versionScan(official, updated),
                            RowDump.lines(delta.getUpdatedRows()),
                            "updated " + range[0]);
                    assertEquals(range[1] - range[0], delta.listTransactions().size());
                }
            }
            try (DatasetDelta delta = ds.delta(3)) {
                assertEquals(
                        1 + 2, RowDump.lines(delta.getUpdatedRows()).size(), "ids 13 and 14 were updated at version 4");
                assertEquals(
                        1 + 2 + 3, RowDump.lines(delta.getInsertedRows()).size(), "15, 16 at version 4; 20..22 at 5");
                assertEquals(
                        List.of("Update", "Append"),
                        delta.listTransactions().stream()
                                .map(t -> t.operationName())
                                .toList());
            }
        }
    }

    /**
     * Without stable row ids there are no row versions; plainlance finds the changes from the transaction files the
     * official library wrote: appended fragments hold inserted rows, a merge insert's new fragment updated ones.
     */
    @Test
    void deltaWithoutStableRowIdsFollowsTheTransactionFiles(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 10); // v1
        w.append(RichData.simpleSchema(), 10, 5); // v2
        w.delete("id = 3 OR id = 11"); // v3
        w.mergeInsert(RichData.simpleSchema(), 13, 4); // v4: updates 13, 14; inserts 15, 16
        w.append(RichData.simpleSchema(), 20, 3); // v5
        try (Dataset ds = plain(w.uri())) {
            try (DatasetDelta delta = ds.delta(1, 5)) {
                assertEquals(
                        List.of(10L, 12L, 20L, 21L, 22L),
                        dev.plainlance.interop.porting.IdsAccess.of(delta.getInsertedRows()));
                assertEquals(
                        List.of(13L, 14L, 15L, 16L),
                        dev.plainlance.interop.porting.IdsAccess.of(delta.getUpdatedRows()),
                        "a merge insert's rows, the inserted ones included, share its new fragment");
            }
            try (DatasetDelta delta = ds.delta(4);
                    ArrowReader inserted = delta.getInsertedRows()) {
                List<String> rows = RowDump.lines(inserted);
                assertEquals("id,name,value,_rowid,_row_created_at_version,_row_last_updated_at_version", rows.get(0));
                assertEquals(4, rows.size());
                assertTrue(rows.get(1).contains("\"_row_created_at_version\":5"), rows.get(1));
            }
            try (DatasetDelta delta = ds.delta(0, 2)) {
                assertEquals(
                        0,
                        dev.plainlance.interop.porting.IdsAccess.of(delta.getUpdatedRows())
                                .size());
                assertEquals(
                        11,
                        dev.plainlance.interop.porting.IdsAccess.of(delta.getInsertedRows())
                                .size(),
                        "the rows of versions 1 and 2 still live in the shown version 5");
            }
        }
    }

    private static List<String> versionScan(org.lance.Dataset official, String filter) throws Exception {
        return officialScan(
                official,
                new org.lance.ipc.ScanOptions.Builder()
                        .columns(List.of(
                                "id",
                                "name",
                                "value",
                                "_rowid",
                                "_row_created_at_version",
                                "_row_last_updated_at_version"))
                        .filter(filter)
                        .build());
    }

    /**
     * Both libraries cast a string column of the same data (and rename it): the official library reads the same schema
     * and rows from both. (Official 7.0.0 leaves integer columns as they were when asked to cast them through its Java
     * API, so integer widening is checked on its own below.)
     */
    @Test
    void alterColumnsCastsAsTheOfficialLibraryDoes(@TempDir Path dir) throws Exception {
        List<String> results = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        for (String side : List.of("official", "plainlance")) {
            OfficialWriter w = castable(dir.resolve(side));
            if (side.equals("official")) {
                try (org.lance.Dataset official = w.open()) {
                    official.alterColumns(List.of(new org.lance.schema.ColumnAlteration.Builder("name")
                            .rename("label")
                            .castTo(org.apache.arrow.vector.types.pojo.ArrowType.LargeUtf8.INSTANCE)
                            .build()));
                }
            } else {
                try (Dataset ds = plain(w.uri())) {
                    ds.alterColumns(List.of(new dev.plainlance.lance.schema.ColumnAlteration.Builder("name")
                            .rename("label")
                            .castTo(org.apache.arrow.vector.types.pojo.ArrowType.LargeUtf8.INSTANCE)
                            .build()));
                }
            }
            try (org.lance.Dataset official = w.open()) {
                schemas.add(official.getLanceSchema().toString());
                results.add(String.join("\n", officialScan(official, new org.lance.ipc.ScanOptions.Builder().build())));
                assertEquals(
                        "Merge",
                        official.readTransaction().orElseThrow().operation().name());
            }
        }
        assertEquals(schemas.get(0), schemas.get(1), "same field ids, names and types");
        assertTrue(schemas.get(1).contains("large_string"), schemas.get(1));
        assertEquals(results.get(0), results.get(1));
    }

    /** plainlance widens integer columns; the official library reads the new types and the same values. */
    @Test
    void widenedIntegerColumnsKeepTheirValues(@TempDir Path dir) throws Exception {
        OfficialWriter w = castable(dir);
        List<String> before = officialRows(w.uri());
        try (Dataset ds = plain(w.uri())) {
            ds.alterColumns(List.of(
                    new dev.plainlance.lance.schema.ColumnAlteration.Builder("id")
                            .castTo(new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true))
                            .build(),
                    new dev.plainlance.lance.schema.ColumnAlteration.Builder("small")
                            .castTo(new org.apache.arrow.vector.types.pojo.ArrowType.Int(16, true))
                            .build()));
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(
                    new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true),
                    official.getSchema().findField("id").getType());
            assertEquals(
                    new org.apache.arrow.vector.types.pojo.ArrowType.Int(16, true),
                    official.getSchema().findField("small").getType());
        }
        assertEquals(before, officialRows(w.uri()));
    }

    /** 100 rows in files of 40, some deleted, with a non-nullable int8 column {@code small} added. */
    private static OfficialWriter castable(Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(40));
        w.create(RichData.simpleSchema(), 0, 100);
        w.delete("id % 7 = 2");
        w.addColumn("small", "CAST(id AS TINYINT)");
        return w;
    }

    @Test
    void aCastThatLosesAValueCommitsNothing(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 300);
        try (Dataset ds = plain(w.uri())) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ds.alterColumns(List.of(new dev.plainlance.lance.schema.ColumnAlteration.Builder("id")
                            .castTo(new org.apache.arrow.vector.types.pojo.ArrowType.Int(8, true))
                            .build())));
            assertTrue(e.getMessage().contains("128"), e.getMessage());
            assertEquals(1, ds.latestVersion());
        }
    }

    @Test
    void scanOffsetsSkipTheRowsTheOfficialOffsetSkips(@TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(30));
        w.create(RichData.simpleSchema(), 0, 100);
        w.delete("id % 5 = 1");
        try (Dataset ds = plain(w.uri());
                org.lance.Dataset official = w.open()) {
            long[][] cases = {{0, -1}, {7, -1}, {25, 10}, {31, 40}, {95, 5}, {200, -1}};
            for (long[] c : cases) {
                org.lance.ipc.ScanOptions.Builder theirs = new org.lance.ipc.ScanOptions.Builder()
                        .columns(List.of("id"))
                        .filter("id > 3")
                        .batchSize(8)
                        .offset(c[0]);
                ScanOptions.Builder ours = new ScanOptions.Builder()
                        .columns(List.of("id"))
                        .filter("id > 3")
                        .batchSize(8)
                        .offset(c[0]);
                if (c[1] >= 0) {
                    theirs.limit(c[1]);
                    ours.limit(c[1]);
                }
                try (LanceScanner scan = ds.newScan(ours.build())) {
                    assertEquals(
                            officialScan(official, theirs.build()),
                            RowDump.lines(scan.scanBatches()),
                            "offset " + c[0] + " limit " + c[1]);
                }
            }
        }
    }

    @Test
    void checkoutLatestMovesTheInstanceAndCloseIsSeen(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 5);
        Dataset ds = plain(w.uri());
        w.append(RichData.simpleSchema(), 5, 5);
        assertEquals(1, ds.version());
        ds.checkoutLatest();
        assertEquals(2, ds.version());
        assertEquals(10, ds.countRows());
        assertFalse(ds.closed());
        ds.close();
        assertTrue(ds.closed());
    }

    private static byte[] serialize(List<FragmentMetadata> fragments) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(fragments));
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static List<FragmentMetadata> deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (List<FragmentMetadata>) in.readObject();
        }
    }
}
