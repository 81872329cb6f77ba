package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An upsert keyed by a 32- or 64-bit integer column (the primitive key index) leaves exactly the model's rows:
 * target rows whose key the source lacks, plus every source row; null keys match nothing; keys of any sign and
 * magnitude, in several target fragments.
 */
class MergeInsertKeyProperties {

    @Property(tries = 30)
    void upsertOnAnIntegerKeyMatchesTheModel(
            @ForAll boolean wide,
            @ForAll @IntRange(min = 0, max = 3_000) int targetRows,
            @ForAll @IntRange(min = 0, max = 1_000) int sourceRows,
            @ForAll long seed)
            throws IOException {
        Random random = new Random(seed);
        Schema schema = new Schema(List.of(
                new Field("k", FieldType.nullable(new ArrowType.Int(wide ? 64 : 32, true)), null),
                new Field("v", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
        long spread = 1L + random.nextInt(5_000);
        List<Long> targetKeys = new ArrayList<>(distinctKeys(random, targetRows, spread, wide));
        List<Long> sourceKeys = new ArrayList<>(distinctKeys(random, sourceRows, spread, wide));
        targetKeys.replaceAll(k -> random.nextInt(20) == 0 ? null : k);
        sourceKeys.replaceAll(k -> random.nextInt(20) == 0 ? null : k);
        Path dir = Files.createTempDirectory("merge-keys");
        try (BufferAllocator allocator = new RootAllocator()) {
            String uri = dir.resolve("ds").toString();
            try (VectorSchemaRoot target = rows(allocator, schema, targetKeys, 0);
                    ArrowReader reader = ArrowReaders.of(schema, List.of(target), allocator)) {
                Dataset.create(
                                allocator,
                                reader,
                                uri,
                                new WriteParams.Builder()
                                        .withMaxRowsPerFile(1 + random.nextInt(1_000))
                                        .build())
                        .close();
            }
            List<String> expected = new ArrayList<>();
            Set<Long> replaced = new HashSet<>();
            for (Long k : sourceKeys) {
                if (k != null) {
                    replaced.add(k);
                }
            }
            for (int i = 0; i < targetKeys.size(); i++) {
                Long k = targetKeys.get(i);
                if (k == null || !replaced.contains(k)) {
                    expected.add(k + "=" + i);
                }
            }
            for (int i = 0; i < sourceKeys.size(); i++) {
                expected.add(sourceKeys.get(i) + "=" + (1_000_000 + i));
            }
            try (Dataset ds = Dataset.open(uri, allocator);
                    VectorSchemaRoot source = rows(allocator, schema, sourceKeys, 1_000_000);
                    ArrowReader reader = ArrowReaders.of(schema, List.of(source), allocator);
                    MergeInsertResult result = ds.mergeInsert(
                            new MergeInsertParams(List.of("k"))
                                    .withMatchedUpdateAll()
                                    .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll),
                            reader)) {
                expected.sort(null);
                assertEquals(expected, contents(result.dataset()));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Set<Long> distinctKeys(Random random, int count, long spread, boolean wide) {
        Set<Long> keys = new java.util.LinkedHashSet<>();
        while (keys.size() < count) {
            long k =
                    random.nextInt(4) == 0 ? (wide ? random.nextLong() : random.nextInt()) : random.nextLong() % spread;
            keys.add(k);
        }
        return keys;
    }

    private static VectorSchemaRoot rows(BufferAllocator allocator, Schema schema, List<Long> keys, int firstValue) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        BaseIntVector k = (BaseIntVector) root.getVector("k");
        IntVector v = (IntVector) root.getVector("v");
        root.allocateNew();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null) {
                root.getVector("k").setNull(i);
            } else {
                k.setWithPossibleTruncate(i, keys.get(i));
            }
            v.setSafe(i, firstValue + i);
        }
        root.setRowCount(keys.size());
        return root;
    }

    private static List<String> contents(Dataset ds) throws IOException {
        List<String> out = new ArrayList<>();
        try (ArrowReader r = ds.newScan().scanBatches()) {
            while (r.loadNextBatch()) {
                VectorSchemaRoot root = r.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    Object k = root.getVector("k").getObject(i);
                    out.add((k == null ? null : ((Number) k).longValue()) + "="
                            + root.getVector("v").getObject(i));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
