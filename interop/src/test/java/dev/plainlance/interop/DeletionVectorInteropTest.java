package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.io.Storages;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.ipc.ScanOptions;
import org.roaringbitmap.RoaringBitmap;

/**
 * The contents of deletion files written by the official library ({@code .arrow}: Arrow IPC with ZSTD bodies;
 * {@code .bin}: Roaring): the row offsets plainlance's {@link DeletionVector} reads must be exactly the offsets the
 * official scanner hides. The official side is derived from a scan with row ids: without stable row ids a row id
 * is the row address {@code fragment_id << 32 | offset}, so deleted offsets = {@code [0, physicalRows)} minus the
 * offsets the scan returns.
 */
class DeletionVectorInteropTest {
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
    void smallArrowDeletionFiles(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 10);
        w.append(RichData.simpleSchema(), 10, 10);
        w.delete("id % 3 = 0");
        assertSameDeletionsInEveryVersion(w, 1);
    }

    @Test
    void largeArrowAndBitmapDeletionFiles(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(10_000));
        w.create(RichData.simpleSchema(), 0, 20_000);
        w.delete("id % 7 = 3"); // ~1430 rows per fragment: .arrow, ZSTD-compressed bodies
        w.delete("id < 6000 OR id % 11 = 5"); // fragment 0 now > 5000 deleted: .bin; fragment 1 stays .arrow
        try (org.lance.Dataset official = w.open()) {
            List<String> types = official.getFragments().stream()
                    .map(f -> f.metadata().getDeletionFile().getFileType().name())
                    .toList();
            assertEquals(List.of("BITMAP", "ARRAY"), types);
        }
        assertSameDeletionsInEveryVersion(w, 2);
    }

    /** Offsets above 65535: a Roaring bitmap with several containers, one of them full. */
    @Test
    void bitmapSpanningSeveralContainers(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 140_000);
        w.delete("id < 66000 OR (id > 70000 AND id % 3 = 0) OR id >= 139000");
        try (org.lance.Dataset official = w.open()) {
            assertEquals(
                    "BITMAP",
                    official.getFragments()
                            .get(0)
                            .metadata()
                            .getDeletionFile()
                            .getFileType()
                            .name());
        }
        assertSameDeletionsInEveryVersion(w, 1);
    }

    @Test
    void deletionsSurviveRestoreAndMergeInsert(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 30);
        w.delete("id % 4 = 1");
        w.mergeInsert(RichData.simpleSchema(), 20, 15);
        w.restore(2);
        assertSameDeletionsInEveryVersion(w, 3);
    }

    /** Compares every version; at least {@code versionsWithDeletions} of them must hold deletion files. */
    private static void assertSameDeletionsInEveryVersion(OfficialWriter w, int versionsWithDeletions) {
        int withDeletions = 0;
        try (org.lance.Dataset latest = w.open();
                dev.plainlance.lance.Dataset plainLatest = dev.plainlance.lance.Dataset.open(w.uri())) {
            for (org.lance.Version v : latest.listVersions()) {
                try (org.lance.Dataset official = latest.checkoutVersion(v.getId());
                        dev.plainlance.lance.Dataset plain = plainLatest.checkoutVersion(v.getId())) {
                    if (assertSameDeletions(official, plain, w.uri())) {
                        withDeletions++;
                    }
                }
            }
        }
        assertTrue(withDeletions >= versionsWithDeletions, "versions with deletion files: " + withDeletions);
    }

    /** Returns whether the version has deletion files. */
    private static boolean assertSameDeletions(
            org.lance.Dataset official, dev.plainlance.lance.Dataset plain, String uri) {
        Map<Long, RoaringBitmap> live = liveOffsets(official);
        Map<Long, RoaringBitmap> expected = new TreeMap<>();
        Map<Long, RoaringBitmap> actual = new TreeMap<>();
        boolean any = false;
        for (dev.plainlance.lance.Fragment fragment : plain.getFragments()) {
            dev.plainlance.lance.FragmentMetadata meta = fragment.metadata();
            RoaringBitmap deleted = new RoaringBitmap();
            deleted.add(0L, meta.getPhysicalRows());
            deleted.andNot(live.getOrDefault(meta.getId(), new RoaringBitmap()));
            expected.put(meta.getId(), deleted);
            any |= meta.getDeletionFile().isPresent();
            actual.put(
                    meta.getId(),
                    meta.getDeletionFile()
                            .map(d -> DeletionVector.read(
                                            Storages.forUri(uri), meta.getId(), meta.getPhysicalRows(), d, allocator)
                                    .toBitmap())
                            .orElseGet(RoaringBitmap::new));
        }
        assertEquals(expected, actual, "deleted row offsets per fragment at v" + official.version());
        assertEquals(
                official.countRows(),
                live.values().stream()
                        .mapToLong(RoaringBitmap::getLongCardinality)
                        .sum());
        return any;
    }

    private static Map<Long, RoaringBitmap> liveOffsets(org.lance.Dataset official) {
        Map<Long, RoaringBitmap> live = new HashMap<>();
        ScanOptions options =
                new ScanOptions.Builder().columns(List.of("id")).withRowId(true).build();
        try (ArrowReader reader = official.newScan(options).scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                UInt8Vector rowIds = (UInt8Vector) root.getVector("_rowid");
                for (int i = 0; i < root.getRowCount(); i++) {
                    long address = rowIds.get(i);
                    live.computeIfAbsent(address >>> 32, k -> new RoaringBitmap())
                            .add((int) address);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("official scan failed", e);
        }
        return live;
    }
}
