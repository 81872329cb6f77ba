package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.file.LanceFileBatchReader;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.file.write.LanceFileWriter;
import dev.plainlance.lance.file.write.OutputSink;
import dev.plainlance.lance.index.IndexMetadatas;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.index.IVF;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.arrow.memory.BufferAllocator;
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
import org.roaringbitmap.RoaringBitmap;

/**
 * A compaction without stable row ids remaps an IVF segment with a FLAT sub-index (built here in the layout official
 * Lance 7.0.0 writes, covering every row written before it, deleted ones too) for any fragment sizes, deletions,
 * partition assignments and compaction targets: afterwards the segment stores each live row exactly once, in the
 * partition it was in, with the same stored value (a vector holding the row's id, or PQ codes of its id bytes,
 * transposed per partition as official Lance stores them), at an address where the dataset has that row. Deleted
 * rows it still holds (those of fragments the compaction did not rewrite) point at no live row.
 */
class VectorIndexRemapProperties {
    private static final int WIDTH = 2;

    @Property(tries = 60)
    void compactionKeepsEveryLiveRowInItsPartitionWithItsStoredValue(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 40) Integer> fragmentSizes,
            @ForAll @IntRange(min = 1, max = 5) int partitions,
            @ForAll @IntRange(min = 0, max = 3) int deleteEvery,
            @ForAll @IntRange(min = 1, max = 60) int targetRows,
            @ForAll boolean pq,
            @ForAll long seed)
            throws Exception {
        Path dir = Files.createTempDirectory("vector-remap");
        try (Dataset ds = Tables.create(
                dir,
                Clock.systemUTC(),
                false,
                fragmentSizes.stream().mapToInt(i -> i).toArray())) {
            Env env = Env.defaults(ds.allocator());
            Map<Long, Integer> partitionOf = new HashMap<>();
            Random random = new Random(seed);
            addressesById(ds).keySet().forEach(id -> partitionOf.put(id, random.nextInt(partitions)));
            UUID uuid = writeSegment(dir, ds, partitionOf, partitions, pq);
            commitIndex(ds, env, uuid);
            ds.checkoutLatest();
            if (deleteEvery > 0) {
                ds.delete("id % " + (deleteEvery + 2) + " = " + random.nextInt(deleteEvery + 2));
            }
            ds.compact(CompactionOptions.builder()
                    .withTargetRowsPerFragment(targetRows)
                    .build());
            ds.checkoutLatest();
            Map<Long, Long> live = addressesById(ds);
            if (ds.getIndexes().isEmpty()) {
                // the delete emptied every fragment it covered: official retain_relevant_indices drops the segment
                assertEquals(Map.of(), live);
                return;
            }
            UUID now = ds.getIndexes().get(0).uuid();
            Map<Long, long[]> stored = storedById(dir.resolve("_indices").resolve(now.toString()), ds.allocator());
            assertTrue(stored.keySet().containsAll(live.keySet()), "every live row is indexed");
            java.util.Set<Long> liveAddresses = new java.util.HashSet<>(live.values());
            stored.forEach((id, row) -> {
                if (live.containsKey(id)) {
                    assertEquals(live.get(id), row[0], "row " + id + " is at its new address");
                    assertEquals(partitionOf.get(id).longValue(), row[1], "row " + id + " stays in its partition");
                } else {
                    // a deleted row the segment still holds (as official deletes leave them) points at no live row
                    assertTrue(!liveAddresses.contains(row[0]), "deleted row " + id + " points at a live row");
                    assertTrue((row[0] >>> 32) < fragmentSizes.size(), "deleted row " + id + " was moved");
                }
            });
            boolean moved = live.values().stream().anyMatch(address -> (address >>> 32) >= fragmentSizes.size());
            if (moved) {
                assertNotEquals(uuid, now, "a compaction that rewrote rows remaps the segment");
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The live rows' addresses by id. */
    private static Map<Long, Long> addressesById(Dataset ds) throws IOException {
        Map<Long, Long> out = new TreeMap<>();
        try (ArrowReader reader = ds.newScan(new ScanOptions.Builder()
                        .columns(List.of("id"))
                        .withRowAddress(true)
                        .build())
                .scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                for (int i = 0; i < batch.getRowCount(); i++) {
                    out.put(
                            ((BigIntVector) batch.getVector("id")).get(i),
                            ((UInt8Vector) batch.getVector("_rowaddr")).get(i));
                }
            }
        }
        return out;
    }

    /** Writes {@code index.idx} and {@code auxiliary.idx} of a segment over every row, by partition. */
    private static UUID writeSegment(Path dir, Dataset ds, Map<Long, Integer> partitionOf, int partitions, boolean pq)
            throws IOException {
        UUID uuid = UUID.randomUUID();
        LocalStorage storage = new LocalStorage(dir);
        String prefix = "_indices/" + uuid + "/";
        Map<Long, Long> addresses = addressesById(ds);
        IVF.Builder ivf = IVF.newBuilder();
        String type = pq ? "IVF_PQ" : "IVF_FLAT";
        Field marker = new Field("__flat_marker", FieldType.notNullable(new ArrowType.Int(64, false)), null);
        write(
                storage,
                prefix + "index.idx",
                new Schema(
                        List.of(marker),
                        Map.of(
                                "lance:ivf", "1",
                                "lance:flat", "[]",
                                "lance:index", "{\"type\":\"" + type + "\",\"distance_type\":\"l2\"}")),
                ds.allocator(),
                List.of(),
                IVF.newBuilder()
                        .addAllLengths(java.util.Collections.nCopies(partitions, 0))
                        .build());
        Field stored = pq
                ? new Field(
                        "__pq_code",
                        FieldType.nullable(new ArrowType.FixedSizeList(WIDTH)),
                        List.of(new Field("item", FieldType.nullable(new ArrowType.Int(8, false)), null)))
                : new Field(
                        "flat",
                        FieldType.notNullable(new ArrowType.FixedSizeList(WIDTH)),
                        List.of(new Field(
                                "item",
                                FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                                null)));
        Schema schema = new Schema(
                List.of(new Field("_rowid", FieldType.nullable(new ArrowType.Int(64, false)), null), stored),
                Map.of(
                        "lance:ivf",
                        "1",
                        "distance_type",
                        "l2",
                        "storage_metadata",
                        pq
                                ? "[\"{\\\"nbits\\\":8,\\\"num_sub_vectors\\\":2,\\\"transposed\\\":true}\"]"
                                : "[\"{\\\"dim\\\":2}\"]"));
        List<List<Long>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<Long> ids = new ArrayList<>();
            for (Map.Entry<Long, Integer> e : partitionOf.entrySet()) {
                if (e.getValue() == p) {
                    ids.add(e.getKey());
                }
            }
            byPartition.add(ids);
            ivf.addOffsets(byPartition.stream().limit(p).mapToLong(List::size).sum())
                    .addLengths(ids.size());
        }
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (List<Long> ids : byPartition) {
            if (ids.isEmpty()) {
                continue;
            }
            VectorSchemaRoot root = VectorSchemaRoot.create(schema, ds.allocator());
            root.allocateNew();
            FixedSizeListVector list = (FixedSizeListVector) root.getVector(1);
            int n = ids.size();
            for (int i = 0; i < n; i++) {
                long id = ids.get(i);
                ((UInt8Vector) root.getVector(0)).setSafe(i, addresses.get(id));
                list.setNotNull(i);
                for (int j = 0; j < WIDTH; j++) {
                    if (pq) {
                        // byte j of row i at j * n + i: the per-partition transposed layout
                        ((UInt1Vector) list.getDataVector()).setSafe(j * n + i, (byte) (id >>> (8 * j)));
                    } else {
                        ((Float4Vector) list.getDataVector()).setSafe(i * WIDTH + j, id + j);
                    }
                }
            }
            list.getDataVector().setValueCount(n * WIDTH);
            root.setRowCount(n);
            batches.add(root);
        }
        write(storage, prefix + "auxiliary.idx", schema, ds.allocator(), batches, ivf.build());
        batches.forEach(VectorSchemaRoot::close);
        return uuid;
    }

    private static void write(
            LocalStorage storage,
            String key,
            Schema schema,
            BufferAllocator allocator,
            List<VectorSchemaRoot> batches,
            IVF ivf)
            throws IOException {
        try (PendingObject pending = storage.create(key)) {
            LanceFileWriter writer = LanceFileWriter.create(OutputSink.of(pending), LanceSchema.fromArrow(schema));
            batches.forEach(writer::write);
            assertEquals(1, writer.addGlobalBuffer(ivf.toByteArray()));
            writer.finish();
            pending.commit();
        }
    }

    private static void commitIndex(Dataset ds, Env env, UUID uuid) {
        TableSnapshot base = ds.snapshot();
        RoaringBitmap all = new RoaringBitmap();
        base.fragments().forEach(f -> all.add((int) f.getId()));
        IndexMetadata index = IndexMetadata.newBuilder()
                .setUuid(IndexMetadatas.uuid(uuid))
                .addFields(0)
                .setName("vec_idx")
                .setDatasetVersion(base.version())
                .setFragmentBitmap(IndexMetadatas.serialize(all))
                .setIndexDetails(Any.newBuilder().setTypeUrl("/lance.table.VectorIndexDetails"))
                .setIndexVersion(1)
                .build();
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(base.version())
                .setUuid(UUID.randomUUID().toString())
                .setCreateIndex(Transaction.CreateIndex.newBuilder().addNewIndices(index))
                .build();
        new Committer(base.storage(), env).commit(txn, base.naming(), new ManifestBuilder.NewDatasetOptions("", false));
    }

    /** The segment's rows by the id their stored value holds: {address, partition}. */
    private static Map<Long, long[]> storedById(Path segment, BufferAllocator allocator) throws IOException {
        Map<Long, long[]> out = new TreeMap<>();
        try (RandomAccessSource source = new LocalStorage(segment).openRandomAccess("auxiliary.idx")) {
            LanceFileReader file = LanceFileReader.open(source);
            IVF ivf = IVF.parseFrom(file.globalBuffer(1));
            long expectedOffset = 0;
            for (int p = 0; p < ivf.getOffsetsCount(); p++) {
                assertEquals(expectedOffset, ivf.getOffsets(p), "partition " + p + " follows the one before");
                int n = ivf.getLengths(p);
                expectedOffset += n;
                if (n == 0) {
                    continue;
                }
                try (LanceFileBatchReader batches =
                        file.readBatches(allocator, List.of(0, 1), ivf.getOffsets(p), ivf.getOffsets(p) + n, n)) {
                    assertTrue(batches.loadNextBatch());
                    VectorSchemaRoot batch = batches.getVectorSchemaRoot();
                    FixedSizeListVector list = (FixedSizeListVector) batch.getVector(1);
                    for (int i = 0; i < n; i++) {
                        long id;
                        if (list.getDataVector() instanceof UInt1Vector codes) {
                            id = Byte.toUnsignedLong(codes.get(i)) | (Byte.toUnsignedLong(codes.get(n + i)) << 8);
                        } else {
                            Float4Vector values = (Float4Vector) list.getDataVector();
                            id = (long) values.get(i * WIDTH);
                            assertEquals(id + 1f, values.get(i * WIDTH + 1), "the vector of row " + id);
                        }
                        long[] previous = out.put(id, new long[] {((UInt8Vector) batch.getVector(0)).get(i), p});
                        assertTrue(previous == null, "row " + id + " is stored once");
                    }
                }
            }
            assertEquals(file.numRows(), expectedOffset, "the partitions hold every row of the file");
            assertEquals(
                    Map.of("lance:ivf", "1", "distance_type", "l2"),
                    file.arrowSchema().getCustomMetadata().entrySet().stream()
                            .filter(e -> !e.getKey().equals("storage_metadata"))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "the storage file keeps its metadata");
        }
        return out;
    }
}
