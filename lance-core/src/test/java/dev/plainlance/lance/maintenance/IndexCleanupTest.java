package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Ref;
import dev.plainlance.lance.index.IndexParams;
import dev.plainlance.lance.index.IndexType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cleanup of {@code _indices/{uuid}/}: one test per rule. */
class IndexCleanupTest {
    @TempDir
    Path dir;

    private final Tables.ManualClock clock = new Tables.ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    private UUID first;
    private UUID replacement;
    private UUID dropped;

    /**
     * v1 data; v2 index {@code id_idx} ({@link #first}); v3 {@code id_idx} replaced ({@link #replacement}); v4 index
     * {@code name_idx} ({@link #dropped}); v5 {@code name_idx} dropped. One day apart.
     */
    private Dataset history() throws IOException {
        Dataset ds = Tables.create(dir, clock, false, 20);
        clock.advance(Duration.ofDays(1));
        first = index(ds, "id", IndexType.BTREE, false);
        replacement = index(ds, "id", IndexType.BTREE, true);
        dropped = index(ds, "name", IndexType.BITMAP, false);
        ds.dropIndex("name_idx");
        clock.advance(Duration.ofDays(1));
        return ds;
    }

    private UUID index(Dataset ds, String column, IndexType type, boolean replace) {
        UUID uuid = ds.createIndex(List.of(column), type, Optional.empty(), IndexParams.defaults(), replace)
                .uuid();
        clock.advance(Duration.ofDays(1));
        return uuid;
    }

    private boolean present(UUID uuid) {
        return Files.isDirectory(dir.resolve("_indices").resolve(uuid.toString()))
                && filesIn(dir.resolve("_indices").resolve(uuid.toString())) > 0;
    }

    private static long filesIn(Path path) {
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void removesSegmentsOnlyRemovedVersionsList() throws IOException {
        try (Dataset ds = history()) {
            long expected = filesIn(dir.resolve("_indices").resolve(first.toString()))
                    + filesIn(dir.resolve("_indices").resolve(dropped.toString()));
            RemovalStats stats = ds.cleanupOldVersions(Duration.ZERO, 1);
            assertEquals(4, stats.getOldVersions());
            assertEquals(expected, stats.getIndexFilesRemoved());
            assertFalse(present(first));
            assertFalse(present(dropped));
            assertTrue(present(replacement));
            assertEquals(1, ds.countRows("id = 13"));
            assertTrue(ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                            .filter("id = 13")
                            .build())
                    .explain()
                    .contains("id_idx"));
        }
    }

    @Test
    void removesTheDirectoriesOfRemovedSegmentsOnALocalDisk() throws IOException {
        try (Dataset ds = history()) {
            UUID building = UUID.randomUUID();
            Path inProgress =
                    dir.resolve("_indices").resolve(building.toString()).resolve("page_data.lance");
            Files.createDirectories(inProgress.getParent());
            Files.write(inProgress, new byte[] {1, 2, 3});
            ds.cleanupOldVersions(Duration.ZERO, 1);
            assertFalse(Files.exists(segmentDir(first)));
            assertFalse(Files.exists(segmentDir(dropped)));
            assertTrue(present(replacement));
            assertTrue(present(building));
            ds.cleanupWithPolicy(
                    CleanupPolicy.builder().withDeleteUnverified(true).build());
            assertFalse(Files.exists(segmentDir(building)));
            assertTrue(present(replacement));
            assertTrue(Files.isDirectory(dir.resolve("_indices")));
            assertEquals(1, ds.countRows("id = 13"));
        }
    }

    private Path segmentDir(UUID uuid) {
        return dir.resolve("_indices").resolve(uuid.toString());
    }

    @Test
    void keepsSegmentsOfRetainedVersions() throws IOException {
        try (Dataset ds = history()) {
            ds.cleanupOldVersions(Duration.ZERO, 2);
            assertFalse(present(first));
            assertTrue(present(dropped));
            assertTrue(present(replacement));
            try (Dataset v4 = ds.checkoutVersion(4)) {
                assertEquals(List.of("id_idx", "name_idx"), v4.listIndexes());
                assertEquals(1, v4.countRows("name = 'n13'"));
            }
        }
    }

    @Test
    void keepsSegmentsOfTaggedVersions() throws IOException {
        try (Dataset ds = history()) {
            ds.tags().create("first", 2);
            ds.cleanupOldVersions(Duration.ZERO, 1);
            assertTrue(present(first));
            assertFalse(present(dropped));
            try (Dataset tagged = ds.checkoutTag("first")) {
                assertEquals(1, tagged.countRows("id = 13"));
            }
        }
    }

    @Test
    void keepsSegmentsABranchReads() throws IOException {
        try (Dataset ds = history()) {
            try (Dataset branch = ds.createBranch("b", Ref.ofMain(4))) {
                clock.advance(Duration.ofDays(1));
                ds.cleanupOldVersions(Duration.ZERO, 1);
                assertTrue(present(dropped));
                assertFalse(present(first));
                assertEquals(1, branch.countRows("name = 'n13'"));
            }
        }
    }

    @Test
    void leavesSegmentsNoManifestListsYetUnlessUnverifiedFilesMayGo() throws IOException {
        try (Dataset ds = history()) {
            UUID building = UUID.randomUUID();
            Path inProgress =
                    dir.resolve("_indices").resolve(building.toString()).resolve("page_data.lance");
            Files.createDirectories(inProgress.getParent());
            Files.write(inProgress, new byte[] {1, 2, 3});
            ds.cleanupOldVersions(Duration.ZERO, 1);
            assertTrue(present(building));
            assertTrue(present(replacement));
            RemovalStats stats = ds.cleanupWithPolicy(
                    CleanupPolicy.builder().withDeleteUnverified(true).build());
            assertEquals(1, stats.getIndexFilesRemoved());
            assertFalse(present(building));
            assertTrue(present(replacement));
            assertEquals(1, ds.countRows("id = 13"));
        }
    }
}
