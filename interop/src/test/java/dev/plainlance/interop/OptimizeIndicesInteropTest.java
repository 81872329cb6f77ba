package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code optimizeIndices} with each {@code numIndicesToMerge} (none, 0, 1, 2) on BTREE and BITMAP indices, the two
 * libraries taking turns on one dataset: official 7.0.0 merges the new fragments and every segment into one
 * segment whatever the number, and so does plainlance; after each step both list that one segment over every
 * fragment, describe the index alike, and answer filters through it as a full scan does. With nothing new to
 * index, a merge count of 0 commits nothing in either library.
 */
class OptimizeIndicesInteropTest {
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

    enum Type {
        BTREE(org.lance.index.IndexType.BTREE, dev.plainlance.lance.index.IndexType.BTREE),
        BITMAP(org.lance.index.IndexType.BITMAP, dev.plainlance.lance.index.IndexType.BITMAP);

        final org.lance.index.IndexType official;
        final dev.plainlance.lance.index.IndexType plain;

        Type(org.lance.index.IndexType official, dev.plainlance.lance.index.IndexType plain) {
            this.official = official;
            this.plain = plain;
        }
    }

    @ParameterizedTest
    @EnumSource(Type.class)
    void everyMergeCountLeavesOneSegmentOverEveryFragmentInBothLibraries(Type type) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(100));
        Schema schema = RichData.simpleSchema();
        w.create(schema, 0, 200);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            IndexedAnswers.createIndex(ds, "id", type.plain);
        }
        long next = 200;
        Integer[] counts = {null, 0, 1, 2};
        for (int step = 0; step < 2 * counts.length; step++) {
            Integer count = counts[step % counts.length];
            boolean plainOptimizes = step % 2 == 0;
            String what = (plainOptimizes ? "plainlance" : "official") + " optimize, numIndicesToMerge " + count;
            w.append(schema, next, 100);
            next += 100;
            if (plainOptimizes) {
                plainOptimize(w, count);
            } else {
                officialOptimize(w, count);
            }
            assertOneSegmentOverEveryFragment(w, next, what);
            IndexedAnswers.assertAnswersHold(
                    allocator,
                    w,
                    List.of(
                            "id = " + (next - 50),
                            "id >= 150 AND id < " + (next - 20),
                            "id IN (3, 250, " + (next - 1) + ")",
                            "id < 20 OR id > " + (next - 30)));
        }
        // nothing new to index: a merge count of 0 commits nothing in either library
        long version = version(w);
        plainOptimize(w, 0);
        officialOptimize(w, 0);
        assertEquals(version, version(w));
    }

    private static long version(OfficialWriter w) {
        try (org.lance.Dataset ds = w.open()) {
            return ds.version();
        }
    }

    private static void plainOptimize(OfficialWriter w, Integer count) {
        dev.plainlance.lance.index.OptimizeOptions.Builder options =
                dev.plainlance.lance.index.OptimizeOptions.builder();
        if (count != null) {
            options.numIndicesToMerge(count);
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.optimizeIndices(options.build());
        }
    }

    private static void officialOptimize(OfficialWriter w, Integer count) {
        org.lance.index.OptimizeOptions.Builder options = org.lance.index.OptimizeOptions.builder();
        if (count != null) {
            options.numIndicesToMerge(count);
        }
        try (org.lance.Dataset ds = w.open()) {
            ds.optimizeIndices(options.build());
        }
    }

    private static void assertOneSegmentOverEveryFragment(OfficialWriter w, long rows, String what) {
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            List<Integer> fragments = new ArrayList<>();
            plain.getFragments().forEach(f -> fragments.add(f.getId()));
            List<org.lance.index.Index> officialSegments = official.getIndexes();
            List<dev.plainlance.lance.index.Index> plainSegments = plain.getIndexes();
            assertEquals(1, officialSegments.size(), what + ": " + officialSegments);
            assertEquals(1, plainSegments.size(), what + ": " + plainSegments);
            assertEquals(fragments, officialSegments.get(0).fragments().orElseThrow(), what);
            assertEquals(fragments, plainSegments.get(0).fragments().orElseThrow(), what);
            assertEquals(officialSegments.get(0).uuid(), plainSegments.get(0).uuid(), what);
            List<String> officialDescribed = new ArrayList<>();
            for (org.lance.index.IndexDescription d : official.describeIndices()) {
                officialDescribed.add(d.getName() + " " + d.getIndexType() + " " + d.getRowsIndexed() + " "
                        + d.getMetadata().size());
            }
            List<String> described = new ArrayList<>();
            for (dev.plainlance.lance.index.IndexDescription d : plain.describeIndices()) {
                described.add(d.getName() + " " + d.getIndexType() + " " + d.getRowsIndexed() + " "
                        + d.getMetadata().size());
            }
            assertEquals(1, described.size(), what + ": " + described);
            assertEquals(officialDescribed, described, what);
            assertEquals(rows, plain.describeIndices().get(0).getRowsIndexed(), what);
        }
    }
}
