package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Version;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCleanerTest {
    @TempDir
    Path dir;

    private final Tables.ManualClock clock = new Tables.ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** Versions 1..5 one day apart: create, append, delete, compact (ReserveFragments + Rewrite). */
    private Dataset history() throws IOException {
        Tables.create(dir, clock, false, 10).close();
        clock.advance(Duration.ofDays(1));
        Tables.append(dir, 10, 10, clock);
        clock.advance(Duration.ofDays(1));
        Dataset ds = Dataset.open(
                new dev.plainlance.lance.io.LocalStorage(dir),
                dir.toString(),
                new dev.plainlance.lance.ReadOptions.Builder().setClock(clock).build());
        ds.delete("id < 5");
        clock.advance(Duration.ofDays(1));
        ds.compact(CompactionOptions.builder().withTargetRowsPerFragment(100).build());
        clock.advance(Duration.ofDays(1));
        return ds;
    }

    private static Map<Long, List<String>> snapshot(Dataset ds) throws IOException {
        Map<Long, List<String>> rows = new HashMap<>();
        for (Version v : ds.listVersions()) {
            rows.put(v.getId(), Tables.rows(ds.checkoutVersion(v.getId())));
        }
        return rows;
    }

    private long files(String sub) throws IOException {
        Path path = dir.resolve(sub);
        if (!Files.isDirectory(path)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.count();
        }
    }

    @Test
    void removesOldVersionsAndOnlyTheirFiles() throws IOException {
        try (Dataset ds = history()) {
            Map<Long, List<String>> before = snapshot(ds);
            assertEquals(5, ds.latestVersion());
            RemovalStats stats = ds.cleanupOldVersions(Duration.ofHours(36), 1);
            assertEquals(3, stats.getOldVersions(), "versions 1..3 are older than 36 h; 4 is not");
            assertEquals(
                    List.of(4L, 5L),
                    ds.listVersions().stream().map(Version::getId).toList());
            assertEquals(0, stats.getDataFilesRemoved(), "version 4 (ReserveFragments) still uses the originals");
            assertEquals(0, stats.getDeletionFilesRemoved());
            assertEquals(3, stats.getTransactionFilesRemoved());
            assertTrue(stats.getBytesRemoved() > 0);
            assertEquals(3, files("data"));
            assertEquals(1, files("_deletions"));
            assertEquals(2, files("_transactions"));
            RemovalStats more = ds.cleanupOldVersions(Duration.ZERO, 1);
            assertEquals(new RemovalStats(more.getBytesRemoved(), 1, 2, 1, 0, 1), more);
            assertEquals(1, files("data"));
            assertEquals(0, files("_deletions"));
            assertEquals(before.get(5L), Tables.rows(ds.checkoutVersion(5)));
        }
    }

    @Test
    void keepsRetainedVersionsAndEveryFileTheyReference() throws IOException {
        try (Dataset ds = history()) {
            Map<Long, List<String>> before = snapshot(ds);
            RemovalStats stats = ds.cleanupWithPolicy(CleanupPolicy.builder()
                    .withRetainedVersions(java.util.Set.of(2L))
                    .build());
            assertEquals(3, stats.getOldVersions(), "1, 3 and 4 go; 2 is retained, 5 is the latest");
            assertEquals(
                    List.of(2L, 5L),
                    ds.listVersions().stream().map(Version::getId).toList());
            assertEquals(before.get(2L), Tables.rows(ds.checkoutVersion(2)), "version 2 reads as before");
            assertEquals(before.get(5L), Tables.rows(ds.checkoutVersion(5)));
        }
    }

    @Test
    void keepsTheLatestAndTaggedVersions() throws IOException {
        try (Dataset ds = history()) {
            Map<Long, List<String>> before = snapshot(ds);
            ds.tags().create("first", 1);
            TaggedOldVersionsException tagged = assertThrows(
                    TaggedOldVersionsException.class,
                    () -> ds.cleanupWithPolicy(CleanupPolicy.builder().build()));
            assertTrue(tagged.getMessage().contains("[1]"), tagged.getMessage());
            assertEquals(5, ds.listVersions().size(), "a refused cleanup removes nothing");
            RemovalStats stats = ds.cleanupWithPolicy(
                    CleanupPolicy.builder().withErrorIfTaggedOldVersions(false).build());
            assertEquals(3, stats.getOldVersions());
            assertEquals(
                    List.of(1L, 5L),
                    ds.listVersions().stream().map(Version::getId).toList());
            assertEquals(before.get(1L), Tables.rows(ds.checkoutTag("first")));
            assertEquals(before.get(5L), Tables.rows(ds.checkoutVersion(5)));
        }
    }

    @Test
    void beforeVersionAndTimestampMustBothHold() throws IOException {
        try (Dataset ds = history()) {
            RemovalStats stats = ds.cleanupWithPolicy(CleanupPolicy.builder()
                    .withBeforeVersion(3)
                    .withBeforeTimestampMillis(
                            Instant.parse("2026-01-01T12:00:00Z").toEpochMilli())
                    .build());
            assertEquals(1, stats.getOldVersions());
            assertEquals(
                    List.of(2L, 3L, 4L, 5L),
                    ds.listVersions().stream().map(Version::getId).toList());
        }
    }

    @Test
    void aCrashAtAnyPointLeavesEveryListedVersionReadable() throws IOException {
        for (Failpoint point : CleanupFailpoints.ALL) {
            Path run = dir.resolve(point.name());
            Files.createDirectories(run);
            dir = run;
            try (Dataset ds = history()) {
                Map<Long, List<String>> before = snapshot(ds);
                try (Failpoints.Scope crash = Failpoints.install(p -> {
                    if (p == point) {
                        throw new IllegalStateException("crash at " + p);
                    }
                })) {
                    assertThrows(IllegalStateException.class, () -> ds.cleanupOldVersions(Duration.ZERO, 1));
                }
                for (Version v : ds.listVersions()) {
                    assertEquals(before.get(v.getId()), Tables.rows(ds.checkoutVersion(v.getId())), point.name());
                }
                RemovalStats rest = ds.cleanupWithPolicy(
                        CleanupPolicy.builder().withDeleteUnverified(true).build());
                assertEquals(
                        List.of(5L),
                        ds.listVersions().stream().map(Version::getId).toList());
                assertTrue(rest.getDataFilesRemoved() + rest.getOldVersions() > 0, point.name());
                assertEquals(1, files("data"), "leftovers are removed as unverified files");
            } finally {
                dir = dir.getParent();
            }
        }
    }
}
