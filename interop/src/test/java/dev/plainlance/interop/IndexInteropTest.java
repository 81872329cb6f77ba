package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.index.IndexDescription;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.BTreeIndexParams;
import org.lance.index.scalar.BitmapIndexParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/**
 * Indices the official library builds survive every plainlance write: plainlance lists them as the official
 * library does, and after plainlance appends, deletes, updates, merge inserts, compacts and changes columns, the
 * official library still answers indexed filters as a full scan does.
 */
class IndexInteropTest {
    static final List<String> FILTERS = List.of(
            "id = 42",
            "id < 57",
            "id >= 120 AND id < 180",
            "id IN (3, 77, 150, 260, 420, 999)",
            "name = 'name_33'",
            "name IN ('name_5', 'name_250', 'name_404')",
            "name IS NULL");

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

    static void officialIndex(OfficialWriter w, String column, IndexType type, String name) {
        try (org.lance.Dataset ds = w.open()) {
            ds.createIndex(
                    List.of(column),
                    type,
                    Optional.of(name),
                    IndexParams.builder()
                            .setScalarIndexParams(
                                    type == IndexType.BTREE
                                            ? BTreeIndexParams.builder().build()
                                            : BitmapIndexParams.builder().build())
                            .build(),
                    true);
        }
    }

    static void plainAppend(OfficialWriter w, Schema schema, long firstId, int rows) throws Exception {
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

    /** The ids the official library returns for {@code filter}, with or without scalar indices, sorted. */
    static List<Integer> officialIds(org.lance.Dataset ds, String filter, boolean useIndex) throws Exception {
        return officialIds(allocator, ds, filter, useIndex);
    }

    static List<Integer> officialIds(BufferAllocator allocator, org.lance.Dataset ds, String filter, boolean useIndex)
            throws Exception {
        List<Integer> ids = new ArrayList<>();
        try (LanceScanner scanner = LanceScanner.create(
                        ds,
                        new ScanOptions.Builder()
                                .columns(List.of("id"))
                                .filter(filter)
                                .useScalarIndex(useIndex)
                                .build(),
                        allocator);
                ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                IntVector id = (IntVector) root.getVector("id");
                for (int i = 0; i < root.getRowCount(); i++) {
                    ids.add(id.get(i));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The official library's indexed answers equal its unindexed ones and plainlance's, for every filter. */
    static void assertOfficialAnswersHold(String context, OfficialWriter w) throws Exception {
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            for (String filter : FILTERS) {
                List<Integer> expected = IndexedAnswers.plainIds(plain, filter, false);
                assertEquals(expected, officialIds(official, filter, false), context + ": " + filter + " (scan)");
                assertEquals(expected, officialIds(official, filter, true), context + ": " + filter + " (index)");
            }
        }
    }

    /** plainlance lists the same segments (uuid, fields, fragments, type) as the official library. */
    static void assertSameIndices(String context, OfficialWriter w) {
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(official.listIndexes(), plain.listIndexes(), context);
            List<String> expected = new ArrayList<>();
            for (org.lance.index.Index i : official.getIndexes()) {
                expected.add(i.uuid() + " " + i.name() + " " + i.fields() + " " + i.fragments() + " " + i.indexType()
                        + " v" + i.datasetVersion());
            }
            List<String> actual = new ArrayList<>();
            for (dev.plainlance.lance.index.Index i : plain.getIndexes()) {
                actual.add(i.uuid() + " " + i.name() + " " + i.fields() + " " + i.fragments() + " " + i.indexType()
                        + " v" + i.datasetVersion());
            }
            assertEquals(expected, actual, context);
            List<String> officialDescriptions = new ArrayList<>();
            for (org.lance.index.IndexDescription d : official.describeIndices()) {
                officialDescriptions.add(
                        d.getName() + " " + d.getFieldIds() + " " + d.getTypeUrl() + " " + d.getIndexType() + " "
                                + d.getRowsIndexed() + " " + d.getSegments().size());
            }
            List<String> plainDescriptions = new ArrayList<>();
            for (IndexDescription d : plain.describeIndices()) {
                plainDescriptions.add(
                        d.getName() + " " + d.getFieldIds() + " " + d.getTypeUrl() + " " + d.getIndexType() + " "
                                + d.getRowsIndexed() + " " + d.getSegments().size());
            }
            officialDescriptions.sort(null); // official 7.0.0 does not keep manifest order here
            plainDescriptions.sort(null);
            assertEquals(officialDescriptions, plainDescriptions, context);
            for (String name : official.listIndexes()) {
                Map<String, Object> officialStats = new java.util.HashMap<>(official.getIndexStatistics(name));
                Map<String, Object> plainStats = new java.util.HashMap<>(plain.getIndexStatistics(name));
                if (!List.of("BTree", "Bitmap").contains(officialStats.get("index_type"))) {
                    // plainlance does not open other index types, so it has no per-segment statistics for them
                    for (String key : List.of("indices", "segments")) {
                        officialStats.remove(key);
                        plainStats.remove(key);
                    }
                }
                assertEquals(statistics(officialStats), statistics(plainStats), context + ": statistics of " + name);
                assertEquals(
                        official.countIndexedRows(name, "id < 57", Optional.empty()),
                        plain.countIndexedRows(name, "id < 57", Optional.empty()),
                        context + ": countIndexedRows of " + name);
            }
        }
    }

    /** Statistics with every number as a long, for comparing JSON-parsed and plainlance maps. */
    static String statistics(Map<String, Object> stats) {
        return normalized(new java.util.TreeMap<>(stats)).toString();
    }

    private static Object normalized(Object value) {
        if (value instanceof Number n && !(value instanceof Double)) {
            return n.longValue();
        }
        if (value instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalized(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(IndexInteropTest::normalized).toList();
        }
        return value;
    }

    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void plainlanceWritesKeepOfficialIndicesCorrect(boolean stable) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults().withMaxRowsPerFile(100).withStableRowIds(stable));
        Schema schema = RichData.simpleSchema();
        w.create(schema, new long[] {0, 450});
        officialIndex(w, "id", IndexType.BTREE, "id_idx");
        officialIndex(w, "name", IndexType.BITMAP, "name_idx");
        assertSameIndices("as built", w);
        assertOfficialAnswersHold("as built", w);
        plainAppend(w, schema, 450, 40);
        assertSameIndices("after append", w);
        assertOfficialAnswersHold("after append", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.delete("id % 5 = 0 OR id BETWEEN 200 AND 299");
            assertSameIndices("after delete", w);
            assertOfficialAnswersHold("after delete", w);
            if (!stable) {
                ds.update("id % 7 = 1", Map.of("value", "value + 1"));
                assertSameIndices("after update", w);
                assertOfficialAnswersHold("after update", w);
                try (ArrowReader source = RichData.reader(allocator, schema, 420, 60)) {
                    ds.mergeInsert(
                                    new MergeInsertParams(List.of("id"))
                                            .withMatchedUpdateAll()
                                            .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll),
                                    source)
                            .close();
                }
            }
        }
        assertSameIndices("after merge insert", w);
        assertOfficialAnswersHold("after merge insert", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.compact();
        }
        assertSameIndices("after compaction", w);
        assertOfficialAnswersHold("after compaction", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.addColumns(
                    new dev.plainlance.lance.schema.SqlExpressions.Builder()
                            .withExpression("twice", "id * 2")
                            .build(),
                    Optional.empty());
            ds.dropColumns(List.of("value"));
        }
        assertSameIndices("after column changes", w);
        assertOfficialAnswersHold("after column changes", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.dropColumns(List.of("name"));
            assertEquals(List.of("id_idx"), ds.listIndexes());
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(List.of("id_idx"), official.listIndexes());
            assertEquals(officialIds(official, "id < 57", false), officialIds(official, "id < 57", true));
        }
    }

    /** Without stable row ids the compacted indexed fragments get a remapped segment (a new uuid). */
    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void compactionKeepsIndexedAndUnindexedFragmentsApart(boolean stable) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults().withMaxRowsPerFile(100).withStableRowIds(stable));
        Schema schema = RichData.simpleSchema();
        w.create(schema, new long[] {0, 300});
        officialIndex(w, "id", IndexType.BTREE, "id_idx");
        w.append(schema, 300, 50);
        w.append(schema, 350, 50);
        w.delete("id % 9 = 4");
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            java.util.UUID before = ds.getIndexes().get(0).uuid();
            ds.compact();
            assertEquals(stable, before.equals(ds.getIndexes().get(0).uuid()));
            List<Integer> covered = ds.getIndexes().get(0).fragments().orElseThrow();
            long coveredRows = ds.getFragments().stream()
                    .filter(f -> covered.contains((int) f.getId()))
                    .mapToLong(f -> f.countRows())
                    .sum();
            assertEquals(300 - 33, coveredRows);
            assertFalse(covered.isEmpty());
            assertTrue(ds.getFragments().size() <= 2);
        }
        assertSameIndices("after compaction", w);
        assertOfficialAnswersHold("after compaction", w);
    }

    @ParameterizedTest(name = "stable row ids {0}")
    @ValueSource(booleans = {false, true})
    void theOfficialLibraryUsesIndicesPlainlanceBuilds(boolean stable) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults().withMaxRowsPerFile(90).withStableRowIds(stable));
        Schema schema = RichData.simpleSchema();
        w.create(schema, new long[] {0, 9000});
        w.delete("id % 11 = 3");
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.createIndex(
                    List.of("id"),
                    dev.plainlance.lance.index.IndexType.BTREE,
                    Optional.of("id_idx"),
                    dev.plainlance.lance.index.IndexParams.defaults(),
                    false);
            ds.createIndex(
                    List.of("name"),
                    dev.plainlance.lance.index.IndexType.BITMAP,
                    Optional.empty(),
                    dev.plainlance.lance.index.IndexParams.defaults(),
                    false);
            assertEquals(List.of("id_idx", "name_idx"), ds.listIndexes());
        }
        assertSameIndices("as plainlance built them", w);
        assertOfficialAnswersHold("as plainlance built them", w);
        try (org.lance.Dataset official = w.open()) {
            Map<String, Object> stats = official.getIndexStatistics("id_idx");
            assertEquals(0L, ((Number) stats.get("num_unindexed_rows")).longValue());
        }
        plainAppend(w, schema, 9000, 500);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(500L, ((Number) ds.getIndexStatistics("id_idx").get("num_unindexed_rows")).longValue());
            ds.optimizeIndices(dev.plainlance.lance.index.OptimizeOptions.all());
        }
        assertSameIndices("after optimize", w);
        assertOfficialAnswersHold("after optimize", w);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(0L, ((Number) official.getIndexStatistics("name_idx").get("num_unindexed_rows")).longValue());
        }
        // the official library appends and optimizes on top of plainlance's files (it reads them to merge)
        w.append(schema, 9500, 300);
        try (org.lance.Dataset official = w.open()) {
            official.optimizeIndices(org.lance.index.OptimizeOptions.builder().build());
        }
        assertSameIndices("after the official optimize", w);
        assertOfficialAnswersHold("after the official optimize", w);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            ds.dropIndex("name_idx");
            assertEquals(List.of("id_idx"), ds.listIndexes());
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(List.of("id_idx"), official.listIndexes());
        }
    }

    /**
     * An index type plainlance does not read (an official INVERTED index) is listed with its type, survives
     * plainlance's writes, and keeps its fragments: compaction leaves them alone, so the official library still
     * opens the index over the fragments it covers.
     */
    @org.junit.jupiter.api.Test
    void unknownIndexTypesAreListedAndLeftIntact() throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(50));
        Schema schema = RichData.simpleSchema();
        w.create(schema, new long[] {0, 200});
        try (org.lance.Dataset ds = w.open()) {
            ds.createIndex(
                    List.of("name"),
                    IndexType.INVERTED,
                    Optional.of("name_fts"),
                    IndexParams.builder()
                            .setScalarIndexParams(new org.lance.index.scalar.InvertedIndexParams.Builder()
                                    .baseTokenizer("simple")
                                    .language("English")
                                    .withPosition(false)
                                    .maxTokenLength(40)
                                    .lowerCase(true)
                                    .stem(false)
                                    .removeStopWords(false)
                                    .asciiFolding(false)
                                    .minNgramLength(3)
                                    .maxNgramLength(3)
                                    .prefixOnly(false)
                                    .skipMerge(false)
                                    .build())
                            .build(),
                    true);
        }
        officialIndex(w, "id", IndexType.BTREE, "id_idx");
        plainAppend(w, schema, 200, 30);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
            assertEquals(
                    dev.plainlance.lance.index.IndexType.INVERTED,
                    ds.getIndexes().get(0).indexType());
            assertEquals("Inverted", ds.describeIndices().get(0).getIndexType());
            ds.delete("id % 3 = 0");
            ds.compact();
            List<Integer> covered = ds.getIndexes().get(0).fragments().orElseThrow();
            assertEquals(
                    covered,
                    ds.getFragments().stream()
                            .map(f -> (int) f.getId())
                            .filter(covered::contains)
                            .toList(),
                    "every fragment the inverted index covers still exists");
        }
        assertSameIndices("after plainlance writes", w);
        assertOfficialAnswersHold("after plainlance writes", w);
        try (org.lance.Dataset official = w.open()) {
            assertEquals(((Number) official.getIndexStatistics("name_fts").get("num_indexed_rows")).longValue(), 133L);
        }
    }
}
