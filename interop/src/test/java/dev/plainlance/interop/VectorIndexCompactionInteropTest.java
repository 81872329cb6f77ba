package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.file.LanceFileBatchReader;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.index.Index;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.ipc.Query;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.index.IVF;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.vector.HnswBuildParams;
import org.lance.index.vector.IvfBuildParams;
import org.lance.index.vector.SQBuildParams;
import org.lance.index.vector.VectorIndexParams;

/**
 * A plainlance compaction of a dataset without stable row ids remaps the IVF_FLAT, IVF_PQ and IVF_RQ indices official
 * Lance built, as the official compaction does: each remapped segment stores exactly the live rows of the fragments
 * it covered, at their new addresses, in the same partitions, with the same vector, PQ code or RabitQ code as before.
 * The official library opens it and counts its rows; its index searches with every partition probed give the same
 * answers as before the compaction (IVF_FLAT and IVF_PQ: official RabitQ searches are not repeatable), and, every
 * candidate refined, the rows plainlance's exact search returns. Compacting twice remaps plainlance's own files, and
 * the official {@code optimizeIndices} folds appended rows into them. An HNSW index, which plainlance does not remap,
 * keeps its fragments.
 */
class VectorIndexCompactionInteropTest {
    private static final int DIM = 8;
    private static final int PARTITIONS = 4;
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "vec",
                    FieldType.nullable(new ArrowType.FixedSizeList(DIM)),
                    List.of(new Field(
                            "item",
                            FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                            null)))));
    private static final int RABIT_GROUPS = 150;
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /**
     * Rows {@code firstId ..} with random vectors; with {@code groups > 0} rows whose ids are equal modulo
     * {@code groups} share one vector, so an index stores them with equal codes.
     */
    private static ArrowReader rows(long seed, long firstId, int count, int groups) {
        return OneBatchReader.of(allocator, SCHEMA, root -> {
            Random sequence = new Random(seed);
            FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
            for (int i = 0; i < count; i++) {
                long id = firstId + i;
                Random random = groups > 0 ? new Random(seed * 1_000_003 + id % groups) : sequence;
                ((BigIntVector) root.getVector("id")).setSafe(i, id);
                vec.setNotNull(i);
                for (int d = 0; d < DIM; d++) {
                    ((Float4Vector) vec.getDataVector()).setSafe(i * DIM + d, random.nextFloat() * 4 - 2);
                }
            }
            vec.getDataVector().setValueCount(count * DIM);
            root.setRowCount(count);
        });
    }

    private static VectorIndexParams params(String kind) {
        return switch (kind) {
            case "IVF_FLAT" -> VectorIndexParams.ivfFlat(PARTITIONS, org.lance.index.DistanceType.L2);
            case "IVF_PQ" -> VectorIndexParams.ivfPq(PARTITIONS, 8, 4, org.lance.index.DistanceType.L2, 10);
            case "IVF_RQ" -> VectorIndexParams.ivfRq(PARTITIONS, (byte) 1, org.lance.index.DistanceType.L2);
            default ->
                VectorIndexParams.withIvfHnswSqParams(
                        org.lance.index.DistanceType.L2,
                        new IvfBuildParams.Builder()
                                .setNumPartitions(PARTITIONS)
                                .build(),
                        new HnswBuildParams.Builder().build(),
                        new SQBuildParams.Builder().build());
        };
    }

    /**
     * RabitQ codes are packed by blocks of 32 rows, so a code cannot be told from its row by a simple layout:
     * vectors repeat, every 150 rows, and rows sharing a vector must keep sharing a code. (Other index kinds get
     * distinct vectors: an exact search over repeated vectors would have ties.)
     */
    private static int groups(String kind) {
        return kind.equals("IVF_RQ") ? RABIT_GROUPS : 0;
    }

    /** A dataset of 1,200 indexed rows in 4 fragments, 300 unindexed rows appended, and a tenth of rows deleted. */
    private static OfficialWriter indexedDataset(Path dir, String kind) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(300));
        w.write(org.lance.WriteParams.WriteMode.CREATE, rows(1, 0, 1_200, groups(kind)));
        try (org.lance.Dataset ds = w.open()) {
            ds.createIndex(
                    List.of("vec"),
                    IndexType.VECTOR,
                    Optional.of("vec_idx"),
                    IndexParams.builder().setVectorIndexParams(params(kind)).build(),
                    true);
        }
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(2, 1_200, 300, groups(kind)));
        w.delete("id % 10 = 3");
        return w;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"IVF_FLAT", "IVF_PQ", "IVF_RQ"})
    void compactionRemapsTheOfficialIndex(String kind, @TempDir Path dir) throws Exception {
        OfficialWriter w = indexedDataset(dir, kind);
        Map<Long, StoredRow> before;
        String oldUuid;
        // official RabitQ searches are not repeatable (the same query twice may give other rows), so only the other
        // kinds are compared with their own earlier answers
        boolean repeatable = !kind.equals("IVF_RQ");
        List<List<String>> answers = repeatable ? approximateAnswers(w, kind) : List.of();
        try (Dataset ds = Dataset.open(w.uri(), allocator)) {
            oldUuid = ds.getIndexes().get(0).uuid().toString();
            before = storedById(w.path(), oldUuid, ds, false);
            assertEquals(1_080, before.size(), "the live indexed rows before the compaction");
            assertRepeatsAgree(before, kind);
            ds.compact();
            Index index = ds.getIndexes().get(0);
            assertNotEquals(oldUuid, index.uuid().toString(), "the remapped segment has a new uuid");
            List<Integer> live =
                    ds.getFragments().stream().map(f -> (int) f.getId()).toList();
            List<Integer> covered = index.fragments().orElseThrow();
            assertTrue(live.containsAll(covered), "the segment covers live fragments only: " + covered);
            assertTrue(covered.stream().allMatch(id -> id > 4), "the old fragments were compacted: " + covered);
        }
        assertRemapped(w, before, kind, 1_080);
        assertEquals(
                answers,
                repeatable ? approximateAnswers(w, kind) : List.of(),
                "the index's own answers, distances included");

        w.delete("id % 10 = 7");
        List<List<String>> answersAgain = repeatable ? approximateAnswers(w, kind) : List.of();
        try (Dataset ds = Dataset.open(w.uri(), allocator)) {
            ds.compact();
            Map<Long, StoredRow> again =
                    storedById(w.path(), ds.getIndexes().get(0).uuid().toString(), ds, true);
            assertEquals(960, again.size(), "a second compaction remaps plainlance's own files");
            again.forEach((id, row) -> assertSame(before.get(id), row, "row " + id));
        }
        assertRemapped(w, before, kind, 960);
        assertEquals(
                answersAgain,
                repeatable ? approximateAnswers(w, kind) : List.of(),
                "the index's own answers after a second remap");

        // the official library builds on plainlance's files: it folds appended rows into the remapped index
        w.write(org.lance.WriteParams.WriteMode.APPEND, rows(3, 1_500, 100, groups(kind)));
        try (org.lance.Dataset official = w.open()) {
            official.optimizeIndices(org.lance.index.OptimizeOptions.builder().build());
        }
        assertOfficialSearchesExact(w, kind, 960 + 240 + 100);
    }

    /**
     * The official index search's answers (ids and distances) to 20 queries, every partition probed and nothing
     * refined: they come from the stored codes alone, so a remap that moved a row's code to another row, or laid a
     * partition's codes out wrongly, changes them.
     */
    private static List<List<String>> approximateAnswers(OfficialWriter w, String kind) throws Exception {
        List<List<String>> out = new ArrayList<>();
        Random random = new Random(kind.hashCode() + 1);
        try (org.lance.Dataset official = w.open()) {
            for (int round = 0; round < 20; round++) {
                float[] key = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    key[d] = random.nextFloat() * 4 - 2;
                }
                try (org.lance.ipc.LanceScanner scan = official.newScan(new org.lance.ipc.ScanOptions.Builder()
                        .nearest(new org.lance.ipc.Query.Builder()
                                .setColumn("vec")
                                .setKey(key)
                                .setK(10)
                                .setNprobes(PARTITIONS)
                                .build())
                        .columns(List.of("id", "_distance"))
                        .build())) {
                    out.add(RowDump.lines(scan.scanBatches()));
                }
            }
        }
        return out;
    }

    /** The official library uses the remapped segment and finds what an exact search finds. */
    private static void assertRemapped(OfficialWriter w, Map<Long, StoredRow> before, String kind, long indexed)
            throws Exception {
        try (Dataset ds = Dataset.open(w.uri(), allocator)) {
            Map<Long, StoredRow> after =
                    storedById(w.path(), ds.getIndexes().get(0).uuid().toString(), ds, true);
            assertEquals(indexed, after.size());
            assertRepeatsAgree(after, kind);
            after.forEach((id, row) -> assertSame(before.get(id), row, "row " + id));
        }
        assertOfficialSearchesExact(w, kind, indexed);
    }

    /**
     * The official library counts {@code indexed} rows in the index and the others as unindexed, and its index
     * searches, every partition probed and every candidate refined, find what plainlance's exact search finds.
     */
    private static void assertOfficialSearchesExact(OfficialWriter w, String kind, long indexed) throws Exception {
        try (org.lance.Dataset official = w.open();
                Dataset plain = Dataset.open(w.uri(), allocator)) {
            Map<String, Object> stats = official.getIndexStatistics("vec_idx");
            assertEquals(indexed, ((Number) stats.get("num_indexed_rows")).longValue(), stats.toString());
            assertEquals(
                    plain.countRows() - indexed,
                    ((Number) stats.get("num_unindexed_rows")).longValue(),
                    stats.toString());
            Random random = new Random(kind.hashCode());
            for (int round = 0; round < 20; round++) {
                float[] key = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    key[d] = random.nextFloat() * 4 - 2;
                }
                org.lance.ipc.Query.Builder tq = new org.lance.ipc.Query.Builder()
                        .setColumn("vec")
                        .setKey(key)
                        .setK(10)
                        .setNprobes(PARTITIONS)
                        .setRefineFactor(500);
                List<Long> theirs;
                try (org.lance.ipc.LanceScanner scan = official.newScan(new org.lance.ipc.ScanOptions.Builder()
                        .nearest(tq.build())
                        .columns(List.of("id"))
                        .build())) {
                    theirs = ids(RowDump.lines(scan.scanBatches()));
                }
                List<Long> ours;
                try (ArrowReader reader = plain.newScan(new ScanOptions.Builder()
                                .nearest(new Query.Builder()
                                        .setColumn("vec")
                                        .setKey(key)
                                        .setK(10)
                                        .build())
                                .columns(List.of("id"))
                                .build())
                        .scanBatches()) {
                    ours = ids(RowDump.lines(reader));
                }
                assertEquals(ours, theirs, "round " + round + ": " + Arrays.toString(key));
            }
        }
    }

    @Test
    void anHnswIndexKeepsItsFragments(@TempDir Path dir) throws Exception {
        OfficialWriter w = indexedDataset(dir, "IVF_HNSW_SQ");
        try (Dataset ds = Dataset.open(w.uri(), allocator)) {
            List<Integer> covered = ds.getIndexes().get(0).fragments().orElseThrow();
            ds.compact();
            assertEquals(covered, ds.getIndexes().get(0).fragments().orElseThrow());
            assertTrue(ds.getFragments().stream()
                    .map(f -> (int) f.getId())
                    .toList()
                    .containsAll(covered));
        }
        try (org.lance.Dataset official = w.open()) {
            assertEquals(
                    1_080L, ((Number) official.getIndexStatistics("vec_idx").get("num_indexed_rows")).longValue());
        }
    }

    private static final int[] RABIT_ORDER = {0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15};

    /**
     * Byte {@code j} of row {@code i}'s RabitQ code in a partition of {@code n} rows, as official Lance packs them:
     * in each whole block of 32 rows, group {@code j} of 32 bytes holds at position {@code p < 16} the low nibbles of
     * rows {@code RABIT_ORDER[p]} and {@code RABIT_ORDER[p] + 16}, at {@code p + 16} their high nibbles; the rows
     * after the last whole block are transposed.
     */
    private static byte rabitCode(UInt1Vector codes, int n, int width, int i, int j) {
        int blockStart = i / 32 * 32;
        if (blockStart + 32 > n) {
            int left = n - blockStart;
            return codes.get(blockStart * width + j * left + (i - blockStart));
        }
        int inBlock = i % 32;
        int p = 0;
        while (RABIT_ORDER[p] != inBlock % 16) {
            p++;
        }
        int at = blockStart * width + j * 32;
        int low = codes.get(at + p) & 0xff;
        int high = codes.get(at + p + 16) & 0xff;
        return (byte) (inBlock < 16 ? (low & 0xf) | ((high & 0xf) << 4) : (low >>> 4) | (high & 0xf0));
    }

    /** Rows sharing a vector were stored alike: the same code, the same factors, the same partition. */
    private static void assertRepeatsAgree(Map<Long, StoredRow> stored, String kind) {
        if (groups(kind) == 0) {
            return;
        }
        Map<Long, StoredRow> first = new HashMap<>();
        int compared = 0;
        for (Map.Entry<Long, StoredRow> e : stored.entrySet()) {
            StoredRow earlier = first.putIfAbsent(e.getKey() % groups(kind), e.getValue());
            if (earlier != null) {
                assertSame(earlier, e.getValue(), "row " + e.getKey() + " and its repeats");
                compared++;
            }
        }
        assertTrue(compared > 500, "only " + compared + " repeats compared");
    }

    /** The row was indexed before, in the same partition, stored as the same vector or PQ code. */
    private static void assertSame(StoredRow before, StoredRow after, String what) {
        assertTrue(before != null, what + " was indexed before");
        assertEquals(before.partition(), after.partition(), what + ": partition");
        assertArrayEquals(before.stored(), after.stored(), what + ": stored vector or code");
    }

    private static List<Long> ids(List<String> lines) {
        List<Long> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ID.matcher(line);
            if (m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    /** A row of a segment's storage file: the stored vector or PQ code bytes, and its partition. */
    private record StoredRow(byte[] stored, int partition) {}

    /**
     * The rows of segment {@code uuid}'s storage file by the {@code id} of the live dataset row their address points
     * at; with {@code liveOnly} every address must point at a live row (an official delete leaves deleted rows in
     * the segment, a remap drops them). PQ codes are read back from their per-partition transposed layout.
     */
    private static Map<Long, StoredRow> storedById(Path root, String uuid, Dataset ds, boolean liveOnly)
            throws Exception {
        Map<Long, Long> idByAddress = new HashMap<>();
        try (ArrowReader reader = ds.newScan(new ScanOptions.Builder()
                        .columns(List.of("id"))
                        .withRowAddress(true)
                        .build())
                .scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (int i = 0; i < batch.getRowCount(); i++) {
                    idByAddress.put(
                            ((UInt8Vector) batch.getVector("_rowaddr")).get(i),
                            ((BigIntVector) batch.getVector("id")).get(i));
                }
            }
        }
        Map<Long, StoredRow> out = new TreeMap<>();
        LocalStorage storage = new LocalStorage(root.resolve("_indices").resolve(uuid));
        try (RandomAccessSource source = storage.openRandomAccess("auxiliary.idx")) {
            LanceFileReader file = LanceFileReader.open(source);
            IVF ivf = IVF.parseFrom(file.globalBuffer(
                    Integer.parseInt(file.arrowSchema().getCustomMetadata().get("lance:ivf"))));
            String codes = file.arrowSchema().getFields().get(1).getName();
            for (int p = 0; p < ivf.getOffsetsCount(); p++) {
                long start = ivf.getOffsets(p);
                int n = ivf.getLengths(p);
                if (n == 0) {
                    continue;
                }
                try (LanceFileBatchReader batches = file.readBatches(allocator, null, start, start + n, n)) {
                    assertTrue(batches.loadNextBatch());
                    VectorSchemaRoot batch = batches.getVectorSchemaRoot();
                    FixedSizeListVector stored = (FixedSizeListVector) batch.getVector(1);
                    int width = stored.getListSize();
                    for (int i = 0; i < n; i++) {
                        long address = ((UInt8Vector) batch.getVector(0)).get(i);
                        Long id = idByAddress.get(address);
                        assertTrue(id != null || !liveOnly, "address " + Long.toHexString(address) + " is a live row");
                        if (id == null) {
                            continue;
                        }
                        byte[] bytes;
                        if (codes.equals("_rabit_codes")) {
                            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(width + 8);
                            for (int j = 0; j < width; j++) {
                                b.put(rabitCode((UInt1Vector) stored.getDataVector(), n, width, i, j));
                            }
                            bytes = b.putFloat(((Float4Vector) batch.getVector(2)).get(i))
                                    .putFloat(((Float4Vector) batch.getVector(3)).get(i))
                                    .array();
                        } else if (codes.equals("__pq_code")) {
                            bytes = new byte[width];
                            UInt1Vector pq = (UInt1Vector) stored.getDataVector();
                            for (int j = 0; j < width; j++) {
                                bytes[j] = pq.get(j * n + i);
                            }
                        } else {
                            Float4Vector values = (Float4Vector) stored.getDataVector();
                            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * width);
                            for (int j = 0; j < width; j++) {
                                b.putFloat(values.get(i * width + j));
                            }
                            bytes = b.array();
                        }
                        assertTrue(out.put(id, new StoredRow(bytes, p)) == null, "row " + id + " is stored once");
                    }
                }
            }
        }
        return out;
    }
}
