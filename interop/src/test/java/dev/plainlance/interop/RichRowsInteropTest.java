package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3 on every type of {@link RichData#richSchema()} (44 columns: all integer and float widths, strings,
 * binaries, dates, times, timestamps with and without zones, durations, decimals, lists, large lists, structs,
 * list&lt;struct&gt;, dictionary): rows plainlance reads from multi-fragment datasets with deletions, written by the
 * official library in file versions 2.0, 2.1 and 2.2, must equal the official rows; and the same with stable row
 * ids, where {@code _rowid} differs from {@code _rowaddr} after a compaction.
 */
class RichRowsInteropTest {
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    private static List<String> columns(Schema schema) {
        return schema.getFields().stream().map(f -> f.getName()).toList();
    }

    /**
     * v1: 6,000 rows in fragments 0-2 (2,500 rows per file); v2: append of 2,000 rows (fragment 3); v3: delete
     * {@code id % 5 = 1 OR id in [2600, 4900)} (fragment 1 nearly emptied).
     */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.0", "2.1", "2.2"})
    void everyRichTypeMatchesAcrossFragmentsAndDeletions(String fileVersion, @TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults()
                        .withDataStorageVersion(fileVersion)
                        .withMaxRowsPerFile(2_500));
        Schema schema = RichData.richSchema();
        assertEquals(1, w.create(schema, 0, 6_000));
        assertEquals(2, w.append(schema, 6_000, 2_000));
        assertEquals(3, w.delete("id % 5 = 1 OR (id >= 2600 AND id < 4900)"));

        ScanPair pair = new ScanPair(w, fileVersion, "rich");
        for (long version = 1; version <= 3; version++) {
            pair.scan(version, ScanPair.Scan.all().withRowIdAndAddress());
        }
        pair.scan(3, ScanPair.Scan.all().batchSize(7).limit(150));
        pair.scan(3, ScanPair.Scan.all().batchSize(1000).limit(4_000));
        pair.scan(
                3,
                ScanPair.Scan.all()
                        .columns("dict", "lst", "id", "vec", "st", "lli", "f16", "dec256")
                        .withRowIdOnly());
        RowDump.Rows rows = pair.scan(3, ScanPair.Scan.all().columns("id").withRowIdOnly());
        assertEquals(8_000 - 1_600 - 2_300 + 460, rows.size(), "official live rows at v3");
        pair.take(3, ScanPair.positions(rows.size(), 20, 11), columns(schema));
        pair.takeRows(3, ScanPair.rowIds(rows, 20, 12), columns(schema));
        pair.take(1, ScanPair.positions(6_000, 10, 13), columns(schema));
        pair.done();
    }

    /**
     * Stable row ids: v1 create 5,000 rows (3,000 per file), v2 delete {@code id % 4 = 0}, v3 append 1,000 rows,
     * v4 delete {@code id in [1000, 1200)}, v5 compact (rows move: row ids no longer equal row addresses).
     */
    @ParameterizedTest(name = "file version {0}")
    @ValueSource(strings = {"2.1", "2.2"})
    void stableRowIdsMatchBeforeAndAfterCompaction(String fileVersion, @TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults()
                        .withDataStorageVersion(fileVersion)
                        .withMaxRowsPerFile(3_000)
                        .withStableRowIds(true));
        Schema schema = RichData.richSubset("i64", "s", "dict", "st", "li", "f64");
        assertEquals(1, w.create(schema, 0, 5_000));
        assertEquals(2, w.delete("id % 4 = 0"));
        assertEquals(3, w.append(schema, 5_000, 1_000));
        assertEquals(4, w.delete("id >= 1000 AND id < 1200"));
        long compacted = w.compact();
        assertNotEquals(4, compacted, "compaction committed a version");

        ScanPair pair = new ScanPair(w, fileVersion, "stable-row-ids");
        for (long version = 1; version <= compacted; version++) {
            pair.scan(version, ScanPair.Scan.all().withRowIdAndAddress());
        }
        RowDump.Rows rows =
                pair.scan(compacted, ScanPair.Scan.all().columns("id").withRowIdAndAddress());
        int moved = 0;
        for (String[] row : rows.rows()) {
            if (!row[1].equals(row[2])) {
                moved++;
            }
        }
        assertNotEquals(0, moved, "after compaction some official row ids differ from row addresses");
        pair.takeRows(compacted, ScanPair.rowIds(rows, 40, 21), columns(schema));
        pair.take(compacted, ScanPair.positions(rows.size(), 40, 22), columns(schema));
        RowDump.Rows before = pair.scan(4, ScanPair.Scan.all().columns("id").withRowIdOnly());
        pair.takeRows(4, ScanPair.rowIds(before, 40, 23), columns(schema));
        pair.done();
    }
}
