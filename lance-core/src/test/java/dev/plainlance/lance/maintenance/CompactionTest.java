package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.DataFragment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
    @TempDir
    Path dir;

    private static CompactionOptions target(long rows) {
        return CompactionOptions.builder().withTargetRowsPerFragment(rows).build();
    }

    @Test
    void smallFragmentsAreMergedWithReservedIdsAndTheSameRows() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10, 10, 100, 10)) {
            List<String> before = Tables.rows(ds);
            List<String> progress = new java.util.ArrayList<>();
            CompactionMetrics metrics = ds.compact(target(50), (done, total) -> progress.add(done + "/" + total));
            assertEquals(new CompactionMetrics(3, 1, 3, 1), metrics, "the lone small fragment 4 stays");
            assertEquals(List.of("1/1"), progress);
            assertEquals(7, ds.version(), "a ReserveFragments version, then the Rewrite");
            assertEquals(
                    "ReserveFragments",
                    ds.checkoutVersion(6).readTransaction().orElseThrow().operationName());
            assertEquals("Rewrite", ds.readTransaction().orElseThrow().operationName());
            assertEquals(
                    List.of(3, 4, 5),
                    ds.getFragments().stream().map(f -> f.getId()).toList());
            assertEquals(5, ds.snapshot().manifest().getMaxFragmentId());
            assertEquals(sorted(before), sorted(Tables.rows(ds)));
            assertEquals(
                    Tables.rows(ds.checkoutVersion(5)).subList(30, 140),
                    Tables.rows(ds).subList(0, 110),
                    "fragments stay sorted by id, so the new fragment 5 (rows 0..29) comes last");
            assertEquals(30, ds.snapshot().manifest().getFragments(2).getPhysicalRows());
        }
    }

    /**
     * A branch reads its parent's index files through a base path; compacting the branch writes the remapped
     * segment into the branch's own {@code _indices}, so the segment no longer names the parent's base.
     */
    @Test
    void aBranchCompactionRemapsAnInheritedIndexIntoItsOwnRoot() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10, 10)) {
            ds.createIndex(
                    List.of("id"),
                    dev.plainlance.lance.index.IndexType.BTREE,
                    java.util.Optional.of("id_idx"),
                    dev.plainlance.lance.index.IndexParams.defaults(),
                    false);
            try (Dataset branch = ds.createBranch("b", dev.plainlance.lance.Ref.ofMain())) {
                assertTrue(branch.getIndexes().get(0).baseId().isPresent(), "the branch reads the parent's index");
                branch.delete("id % 4 = 1");
                branch.compact(target(100));
                assertEquals(1, branch.getFragments().size());
                assertEquals(
                        java.util.Optional.empty(), branch.getIndexes().get(0).baseId());
                assertEquals(1, branch.countRows("id = 12"));
                assertEquals(0, branch.countRows("id = 13"));
                assertTrue(branch.newScan(
                                new ScanOptions.Builder().filter("id = 12").build())
                        .explain()
                        .contains("id_idx"));
            }
            assertEquals(1, ds.countRows("id = 13"), "the parent keeps its rows and index");
        }
    }

    @Test
    void deletionsAreMaterializedAboveTheThreshold() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 100, 100)) {
            ds.delete("id < 20");
            ds.delete("id >= 100 AND id < 105");
            List<String> before = Tables.rows(ds);
            CompactionMetrics metrics = ds.compact(target(100));
            assertEquals(new CompactionMetrics(1, 1, 2, 1), metrics, "5% deleted stays, 20% is rewritten");
            DataFragment rewritten = ds.snapshot().manifest().getFragments(1);
            assertEquals(80, rewritten.getPhysicalRows());
            assertFalse(rewritten.hasDeletionFile());
            assertTrue(ds.snapshot().manifest().getFragments(0).hasDeletionFile());
            List<String> expected = new java.util.ArrayList<>(before.subList(80, 175));
            expected.addAll(before.subList(0, 80));
            assertEquals(expected, Tables.rows(ds), "the rewritten fragment (id 2) comes after fragment 1");
        }
    }

    @Test
    void nothingToCompactCommitsNothing() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 100, 100)) {
            assertEquals(CompactionMetrics.NONE, ds.compact(target(50)));
            assertEquals(2, ds.latestVersion());
        }
    }

    @Test
    void stableRowIdsAndVersionsAreCarriedOver() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), true, 10, 10, 10)) {
            ds.delete("id % 4 = 0");
            ScanOptions withIds = new ScanOptions.Builder().withRowId(true).build();
            List<String> before = Tables.rows(ds, withIds);
            CompactionMetrics metrics = ds.compact(target(1000));
            assertEquals(new CompactionMetrics(3, 1, 6, 1), metrics);
            assertEquals(before, Tables.rows(ds, withIds), "rows keep their stable ids");
            assertEquals(30, ds.snapshot().manifest().getNextRowId());
            DataFragment merged = ds.snapshot().manifest().getFragments(0);
            assertEquals(3, merged.getId(), "ids reserved once for all groups");
            assertEquals(List.of(1L, 2L, 3L), versions(merged), "created-at versions of rows 1..29 survive");
        }
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    private static List<Long> versions(DataFragment fragment) throws IOException {
        return dev.plainlance.lance.pb.table.RowDatasetVersionSequence.parseFrom(fragment.getInlineCreatedAtVersions())
                .getRunsList()
                .stream()
                .map(r -> r.getVersion())
                .toList();
    }
}
