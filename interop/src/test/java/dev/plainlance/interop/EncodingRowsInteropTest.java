package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.WriteParams;

/**
 * Issue 3: rows plainlance reads from datasets the official library wrote in file versions 2.0, 2.1 and 2.2, with
 * data shaped to make the official writer pick each of its encodings ({@link EncodingData}; observations §5.2), must
 * equal the rows the official library reads, cell by cell as canonical JSON (docs/canonical-jsonl.md).
 *
 * <p>Datasets, per file version (built once, shared by the tests of that version):
 * <ul>
 *   <li>"enc": v1 = 20,000 rows of {@link EncodingData#encodingSchema()} in two fragments (16,000 + 4,000 rows);
 *       v2 = append of 2,000 rows (fragment 2); v3 = delete {@code id % 3 = 0 OR id in [17000, 17100)}: fragment 0
 *       loses 5,334 rows (a Roaring {@code .bin} deletion file), fragments 1 and 2 fewer (Arrow {@code .arrow}).</li>
 *   <li>"wide": v1 = 6,000 rows of {@link EncodingData#wideSchema()} (300–600-byte strings and binaries,
 *       {@code fixed_size_list<float32,128>}: full-zip pages) in two fragments; v2 = delete {@code id % 4 = 1}.</li>
 * </ul>
 * Every failure names the file version, dataset and version, the operation, the column with the encodings of its
 * pages, the first differing rows (with their id and row id), and expected (official) vs actual (plainlance).
 */
class EncodingRowsInteropTest {
    static final int ENC_ROWS = 20_000;
    static final int ENC_APPEND = 2_000;
    static final int WIDE_ROWS = 6_000;

    private static BufferAllocator allocator;

    @TempDir
    static Path dir;

    private static final Map<String, Fixture> FIXTURES = new HashMap<>();

    record Fixture(String fileVersion, OfficialWriter enc, OfficialWriter wide) {}

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    static synchronized Fixture fixture(String fileVersion) {
        return FIXTURES.computeIfAbsent(fileVersion, v -> {
            OfficialWriter enc = new OfficialWriter(
                    allocator,
                    dir.resolve("enc-" + v),
                    OfficialWriter.Options.defaults().withDataStorageVersion(v).withMaxRowsPerFile(16_000));
            Schema schema = EncodingData.encodingSchema();
            assertEquals(
                    1,
                    enc.write(
                            WriteParams.WriteMode.CREATE, EncodingData.reader(allocator, schema, 0, ENC_ROWS, 5_000)));
            assertEquals(
                    2,
                    enc.write(
                            WriteParams.WriteMode.APPEND,
                            EncodingData.reader(allocator, schema, ENC_ROWS, ENC_APPEND, 1_000)));
            assertEquals(3, enc.delete("id % 3 = 0 OR (id >= 17000 AND id < 17100)"));

            OfficialWriter wide = new OfficialWriter(
                    allocator,
                    dir.resolve("wide-" + v),
                    OfficialWriter.Options.defaults().withDataStorageVersion(v).withMaxRowsPerFile(4_000));
            assertEquals(
                    1,
                    wide.write(
                            WriteParams.WriteMode.CREATE,
                            EncodingData.reader(allocator, EncodingData.wideSchema(), 0, WIDE_ROWS, 1_000)));
            assertEquals(2, wide.delete("id % 4 = 1"));
            return new Fixture(v, enc, wide);
        });
    }

    private static List<String> columns(Schema schema) {
        return schema.getFields().stream().map(f -> f.getName()).toList();
    }

    /** Every version of "enc" (no deletions, appended fragment, deletions), all columns plus _rowid/_rowaddr. */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void fullScansOfEveryVersionMatch(String fileVersion) {
        Fixture f = fixture(fileVersion);
        ScanPair pair = new ScanPair(f.enc(), fileVersion, "enc");
        // v2 (the appended fragment, no deletions) is read in projectionsBatchSizesAndLimitsMatch
        assertEquals(
                ENC_ROWS,
                pair.scan(1, ScanPair.Scan.all().withRowIdAndAddress()).size(),
                "official rows, v1");
        assertEquals(
                ENC_ROWS + ENC_APPEND - 5_334 - 1_333 - 667 - 67,
                pair.scan(3, ScanPair.Scan.all().withRowIdAndAddress()).size(),
                "official rows, v3");
        pair.done();
    }

    /** Each column of "enc" scanned alone at the latest version (with deletions): localizes a failing encoding. */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void eachColumnAloneMatches(String fileVersion) {
        Fixture f = fixture(fileVersion);
        ScanPair pair = new ScanPair(f.enc(), fileVersion, "enc");
        for (String column : columns(EncodingData.encodingSchema())) {
            pair.scan(3, ScanPair.Scan.all().columns(column));
        }
        pair.done();
    }

    /** Reordered projections, small batches and limits (crossing fragment and deletion boundaries). */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void projectionsBatchSizesAndLimitsMatch(String fileVersion) {
        Fixture f = fixture(fileVersion);
        ScanPair pair = new ScanPair(f.enc(), fileVersion, "enc");
        pair.scan(
                3,
                ScanPair.Scan.all()
                        .columns("st", "id", "words", "tags", "x_f64", "lowcard")
                        .batchSize(777)
                        .withRowIdOnly(),
                rows -> assertBatchesAtMost(777, rows));
        pair.scan(
                1,
                ScanPair.Scan.all()
                        .columns("constant", "runs", "allnull", "seq")
                        .batchSize(1000),
                rows -> assertBatchesAtMost(1000, rows));
        pair.scan(
                3,
                ScanPair.Scan.all().batchSize(7).limit(150).withRowIdAndAddress(),
                rows -> assertBatchesAtMost(7, rows));
        pair.scan(2, ScanPair.Scan.all().batchSize(1000).limit(6_000), rows -> assertBatchesAtMost(1000, rows));
        RowDump.Rows full;
        try (org.lance.Dataset official = f.enc().open(3)) {
            full = RowDump.official(() -> official.newScan(
                            ScanPair.Scan.all().withRowIdAndAddress().official())
                    .scanBatches());
        }
        // 10,666 live rows in fragment 0: the limit 10,667 ends one row into fragment 1
        for (long limit : new long[] {0, 1, 10_667, full.size() + 10L}) {
            pair.scan(3, ScanPair.Scan.all().withRowIdAndAddress().limit(limit), rows -> {
                int n = (int) Math.min(limit, full.size());
                assertEquals(
                        n,
                        rows.size(),
                        "limit " + limit + ": plainlance row count vs the first rows of the" + " official full scan");
                for (int r = 0; r < n; r++) {
                    assertEquals(
                            full.line(r), rows.line(r), "limit " + limit + ": row " + r + " vs the official full scan");
                }
            });
        }
        pair.done();
    }

    private static void assertBatchesAtMost(int batchSize, RowDump.Rows rows) {
        for (int i = 0; i < rows.batchSizes().size(); i++) {
            int size = rows.batchSizes().get(i);
            assertTrue(size <= batchSize, "plainlance batch " + i + " has " + size + " rows, batch size " + batchSize);
        }
    }

    /** take (positions among live rows) and takeRows (row ids), random and unsorted, before and after deletions. */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void takeAndTakeRowsMatch(String fileVersion) {
        Fixture f = fixture(fileVersion);
        ScanPair pair = new ScanPair(f.enc(), fileVersion, "enc");
        List<String> all = columns(EncodingData.encodingSchema());
        // plainlance's take costs ~20-45 ms per row over 32 columns (the official library: < 1 ms), so the samples
        // are kept small to hold the suite's time budget.
        RowDump.Rows v1 = pair.scan(1, ScanPair.Scan.all().columns("id").withRowIdOnly());
        pair.take(1, ScanPair.positions(v1.size(), 50, 43), List.of("tags", "id", "st", "words", "x_f32"));
        pair.takeRows(1, ScanPair.rowIds(v1, 10, 100), all);
        RowDump.Rows v3 = pair.scan(3, ScanPair.Scan.all().columns("id").withRowIdOnly());
        pair.take(3, ScanPair.positions(v3.size(), 30, 45), all);
        pair.take(3, ScanPair.positions(v3.size(), 50, 10), List.of("tags", "id", "st", "lowcard", "x_f64"));
        pair.takeRows(3, ScanPair.rowIds(v3, 30, 102), all);
        pair.done();
    }

    /** "wide": full-zip pages (variable and fixed width): scans of both versions, tiny batches, take. */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void fullZipColumnsMatch(String fileVersion) {
        Fixture f = fixture(fileVersion);
        ScanPair pair = new ScanPair(f.wide(), fileVersion, "wide");
        pair.scan(1, ScanPair.Scan.all().withRowIdAndAddress());
        RowDump.Rows rows = pair.scan(2, ScanPair.Scan.all().withRowIdAndAddress());
        pair.scan(2, ScanPair.Scan.all().batchSize(7).limit(200), r -> assertBatchesAtMost(7, r));
        pair.scan(2, ScanPair.Scan.all().columns("emb", "id").batchSize(100).limit(2500));
        pair.take(2, ScanPair.positions(rows.size(), 60, 5), columns(EncodingData.wideSchema()));
        pair.takeRows(2, ScanPair.rowIds(rows, 60, 6), columns(EncodingData.wideSchema()));
        pair.done();
    }

    /**
     * Guards the fixtures: the official writer really chose the encodings this suite means to exercise
     * (observations §5.2), and the deletions produced both a Roaring bitmap and an Arrow deletion file.
     */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void fixturesReachTheIntendedEncodings(String fileVersion) {
        Fixture f = fixture(fileVersion);
        Map<String, String> enc;
        Map<String, String> wide;
        try (dev.plainlance.lance.Dataset e =
                        dev.plainlance.lance.Dataset.open(f.enc().uri());
                dev.plainlance.lance.Dataset w =
                        dev.plainlance.lance.Dataset.open(f.wide().uri())) {
            enc = FileEncodings.of(e);
            wide = FileEncodings.of(w);
        }
        StringBuilder table =
                new StringBuilder("encodings chosen by the official writer, file version " + fileVersion + ":\n");
        enc.forEach((k, v) ->
                table.append("  enc.").append(k).append(": ").append(v).append('\n'));
        wide.forEach((k, v) ->
                table.append("  wide.").append(k).append(": ").append(v).append('\n'));
        System.out.println(table);

        List<String> missing = new ArrayList<>();
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        if (fileVersion.equals("2.0")) {
            expected.put("enc.lowcard", "dictionary");
            expected.put("enc.allnull", "all_nulls");
            expected.put("enc.small", "some_nulls");
            expected.put("enc.tags", "dictionary");
            expected.put("wide.emb", "fixed_size_list");
            expected.put("wide.longtext", "binary");
        } else {
            expected.put("enc.seq", "inline_bitpacking");
            // def levels: bit-packed in 2.1, RLE in 2.2
            expected.put("enc.small", fileVersion.equals("2.1") ? "out_of_line_bitpacking" : "def_compression { rle");
            expected.put("enc.runs", "rle");
            expected.put("enc.lowcard", "dictionary");
            expected.put("enc.words", "fsst");
            expected.put("enc.allnull", "all_null_layout");
            expected.put("enc.allnull_s", "all_null_layout");
            expected.put("enc.tags", "dictionary");
            expected.put("enc.vec8", "fixed_size_list");
            expected.put("wide.longtext", "full_zip_layout");
            expected.put("wide.longbin", "full_zip_layout");
            expected.put("wide.emb", "full_zip_layout");
            if (fileVersion.equals("2.1")) {
                expected.put("enc.constant", "rle");
            } else {
                expected.put("enc.constant", "inline_value"); // constant page: all_null_layout.inline_value
                // constant strings: no inline_value, the value is in the page's buffers
                expected.put("enc.const_s", "all_null_layout { layers: REPDEF_ALL_VALID_ITEM }");
                expected.put("enc.const_s8", "all_null_layout { layers: REPDEF_ALL_VALID_ITEM }");
                expected.put("enc.const_n", "all_null_layout { layers: REPDEF_NULLABLE_ITEM inline_value");
                expected.put("enc.lowcard", "LZ4");
                expected.put("enc.tags", "LZ4");
            }
        }
        expected.forEach((key, fragment) -> {
            String text = key.startsWith("enc.") ? enc.get(key.substring(4)) : wide.get(key.substring(5));
            if (text == null
                    || !text.toLowerCase(java.util.Locale.ROOT).contains(fragment.toLowerCase(java.util.Locale.ROOT))) {
                missing.add(key + " should use " + fragment + " but has " + text);
            }
        });
        try (org.lance.Dataset official = f.enc().open()) {
            List<String> types = official.getFragments().stream()
                    .map(fr -> fr.metadata().getDeletionFile() == null
                            ? "none"
                            : fr.metadata().getDeletionFile().getFileType().name())
                    .toList();
            if (!types.equals(List.of("BITMAP", "ARRAY", "ARRAY"))) {
                missing.add("enc deletion files should be [BITMAP, ARRAY, ARRAY] but are " + types);
            }
        }
        if (!missing.isEmpty()) {
            fail("file version " + fileVersion + ": fixture does not reach the intended encodings:\n  "
                    + String.join("\n  ", missing));
        }
    }
}
