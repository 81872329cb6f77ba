package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.index.IndexType;

/**
 * After plainlance's cleanup removes old versions and the index segments only they listed, the official library
 * still opens and uses every index of every kept version (the latest, the one before it and a tagged one), and
 * exactly the segments those versions list remain.
 */
class IndexCleanupInteropTest {
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

    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void officialLibraryUsesEveryIndexOfEveryKeptVersion(boolean stable) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults().withMaxRowsPerFile(100).withStableRowIds(stable));
        Schema schema = RichData.simpleSchema();
        w.create(schema, new long[] {0, 400});
        IndexInteropTest.officialIndex(w, "id", IndexType.BTREE, "id_idx");
        long tagged;
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            tagged = ds.version();
            ds.tags().create("first", tagged);
        }
        plainAppend(w, schema, 400, 60);
        try (org.lance.Dataset official = w.open()) {
            official.optimizeIndices(org.lance.index.OptimizeOptions.builder().build());
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.createIndex(
                    List.of("name"),
                    dev.plainlance.lance.index.IndexType.BITMAP,
                    Optional.empty(),
                    dev.plainlance.lance.index.IndexParams.defaults(),
                    false);
            ds.delete("id % 9 = 4");
            ds.dropIndex("name_idx");
            ds.compact();
        }
        IndexInteropTest.officialIndex(w, "id", IndexType.BTREE, "id_idx");
        IndexInteropTest.officialIndex(w, "name", IndexType.BITMAP, "name_idx");
        plainAppend(w, schema, 460, 30);
        Set<String> before = segmentDirs(w);

        dev.plainlance.lance.maintenance.RemovalStats stats;
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            stats = ds.cleanupOldVersions(Duration.ZERO, 2);
        }
        Set<String> after = segmentDirs(w);
        assertTrue(stats.getIndexFilesRemoved() > 0, "some index files removed: " + stats);
        assertTrue(after.size() < before.size(), before + " -> " + after);

        Set<String> listed = new HashSet<>();
        try (org.lance.Dataset official = w.open()) {
            List<Long> kept = official.listVersions().stream()
                    .map(org.lance.Version::getId)
                    .toList();
            assertEquals(3, kept.size(), "the tagged version and the newest two: " + kept);
            assertTrue(kept.contains(tagged));
            for (long version : kept) {
                try (org.lance.Dataset o = official.checkoutVersion(version);
                        dev.plainlance.lance.Dataset latest = dev.plainlance.lance.Dataset.open(w.uri(), allocator);
                        dev.plainlance.lance.Dataset p = latest.checkoutVersion(version)) {
                    assertFalse(o.listIndexes().isEmpty(), "version " + version + " has indices");
                    for (org.lance.index.Index index : o.getIndexes()) {
                        listed.add(index.uuid().toString());
                    }
                    for (String name : o.listIndexes()) {
                        o.getIndexStatistics(name);
                    }
                    for (String filter : IndexInteropTest.FILTERS) {
                        List<Integer> expected = IndexedAnswers.plainIds(p, filter, false);
                        String context = "version " + version + ": " + filter;
                        assertEquals(expected, IndexInteropTest.officialIds(allocator, o, filter, false), context);
                        assertEquals(expected, IndexInteropTest.officialIds(allocator, o, filter, true), context);
                    }
                }
            }
        }
        assertEquals(listed, after, "exactly the segments kept versions list remain");
    }

    private static void plainAppend(OfficialWriter w, Schema schema, long firstId, int rows) throws Exception {
        try (ArrowReader data = RichData.reader(allocator, schema, firstId, rows)) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            data,
                            w.uri(),
                            new dev.plainlance.lance.WriteParams.Builder()
                                    .withMode(dev.plainlance.lance.WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        }
    }

    /** The segment directories that still hold a file (a local directory emptied by cleanup stays behind). */
    private static Set<String> segmentDirs(OfficialWriter w) throws Exception {
        Path indices = Path.of(w.uri()).resolve("_indices");
        try (Stream<Path> s = Files.walk(indices)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> indices.relativize(p).getName(0).toString())
                    .collect(Collectors.toSet());
        }
    }
}
