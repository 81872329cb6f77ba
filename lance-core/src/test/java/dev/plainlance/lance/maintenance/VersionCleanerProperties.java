package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.Version;
import dev.plainlance.lance.io.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VersionCleanerProperties {
    /** One step of a random history: 0 append, 1 delete, 2 compact, 3 tag the current version, 4 one hour passes. */
    @Provide
    Arbitrary<List<Integer>> histories() {
        return Arbitraries.integers().between(0, 4).list().ofMinSize(3).ofMaxSize(12);
    }

    @Property(tries = 12, seed = "20261122")
    void everyKeptVersionReadsTheSameRowsAfterCleanup(
            @ForAll("histories") List<Integer> steps,
            @ForAll boolean deleteUnverified,
            @ForAll("hours") int olderThanHours,
            @ForAll("keep") int keep)
            throws IOException {
        Path dir = Files.createTempDirectory("cleanup-property");
        Tables.ManualClock clock = new Tables.ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (Dataset ds = history(dir, clock, steps)) {
            Map<Long, List<String>> before = new HashMap<>();
            for (Version v : ds.listVersions()) {
                before.put(v.getId(), Tables.rows(ds.checkoutVersion(v.getId())));
            }
            Set<Long> tagged = new HashSet<>();
            ds.tags().list().forEach(t -> tagged.add(t.getVersion()));
            long latest = ds.latestVersion();
            ds.cleanupWithPolicy(CleanupPolicy.builder()
                    .withErrorIfTaggedOldVersions(false)
                    .withDeleteUnverified(deleteUnverified)
                    .withBeforeTimestampMillis(clock.instant()
                            .minus(Duration.ofHours(olderThanHours))
                            .toEpochMilli())
                    .withBeforeVersion(Math.max(1, latest - keep + 1))
                    .build());
            Set<Long> kept = new HashSet<>();
            for (Version v : ds.listVersions()) {
                kept.add(v.getId());
                assertEquals(before.get(v.getId()), Tables.rows(ds.checkoutVersion(v.getId())), "version " + v);
            }
            assertTrue(kept.contains(latest));
            assertTrue(kept.containsAll(tagged), "tagged " + tagged + " kept " + kept);
            for (long v = Math.max(1, latest - keep + 1); v <= latest; v++) {
                assertTrue(kept.contains(v), "version " + v + " is among the last " + keep);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Integer> hours() {
        return Arbitraries.integers().between(0, 6);
    }

    @Provide
    Arbitrary<Integer> keep() {
        return Arbitraries.integers().between(1, 4);
    }

    private static Dataset history(Path dir, Tables.ManualClock clock, List<Integer> steps) throws IOException {
        Tables.create(dir, clock, false, 8).close();
        Dataset ds = Dataset.open(
                new LocalStorage(dir),
                dir.toString(),
                new ReadOptions.Builder().setClock(clock).build());
        long next = 8;
        int tags = 0;
        for (int step : steps) {
            switch (step) {
                case 0 -> {
                    Tables.append(dir, next, 5, clock);
                    next += 5;
                    ds = reopen(ds, dir, clock);
                }
                case 1 -> ds.delete("id % 3 = " + (next % 3));
                case 2 ->
                    ds.compact(CompactionOptions.builder()
                            .withTargetRowsPerFragment(20)
                            .build());
                case 3 -> ds.tags().create("t" + tags++, ds.version());
                default -> clock.advance(Duration.ofHours(1));
            }
        }
        return ds;
    }

    private static Dataset reopen(Dataset old, Path dir, Tables.ManualClock clock) {
        old.close();
        return Dataset.open(
                new LocalStorage(dir),
                dir.toString(),
                new ReadOptions.Builder().setClock(clock).build());
    }
}
