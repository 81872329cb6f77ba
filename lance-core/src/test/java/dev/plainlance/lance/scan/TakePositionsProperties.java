package dev.plainlance.lance.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code take} of any positions equals the full scan's rows at those positions: sparse positions (reached by
 * seeks that decode only the rows around them), dense runs (read on through aligned chunks) and mixes, in request
 * order with repeats, on 2.0 and 2.1 files with several fragments, nulls and deleted rows.
 */
class TakePositionsProperties {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("value", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    @Property(tries = 12)
    void takeEqualsScanAtThePositions(
            @ForAll @IntRange(min = 1, max = 40_000) int rows,
            @ForAll boolean v21,
            @ForAll @IntRange(min = 0, max = 7) int deleteEvery,
            @ForAll long seed)
            throws IOException {
        Path dir = Files.createTempDirectory("take-positions");
        try (BufferAllocator allocator = new RootAllocator()) {
            String uri = dir.resolve("ds").toString();
            write(allocator, uri, rows, v21, new Random(seed));
            try (Dataset ds = Dataset.open(uri, allocator)) {
                if (deleteEvery > 1) {
                    ds.delete("id % " + deleteEvery + " = 1");
                }
            }
            try (Dataset ds = Dataset.open(uri, allocator)) {
                List<String> all = lines(ds.newScan().scanBatches());
                if (all.isEmpty()) {
                    return;
                }
                List<Long> positions = positions(all.size(), new Random(seed ^ 0x5DEECE66DL));
                List<String> expected = new ArrayList<>();
                for (long p : positions) {
                    expected.add(all.get((int) p));
                }
                assertEquals(expected, lines(ds.take(positions, List.of("id", "value", "name"))));
                List<Long> sorted = positions.stream().sorted().distinct().toList();
                List<String> expectedSorted = new ArrayList<>();
                for (long p : sorted) {
                    expectedSorted.add(all.get((int) p));
                }
                assertEquals(expectedSorted, lines(ds.take(sorted, List.of("id", "value", "name"))));
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** A mix of isolated positions, dense runs and repeats, shuffled. */
    private static List<Long> positions(int live, Random random) {
        List<Long> out = new ArrayList<>();
        int groups = 1 + random.nextInt(12);
        for (int g = 0; g < groups; g++) {
            int start = random.nextInt(live);
            int kind = random.nextInt(3);
            if (kind == 0) {
                out.add((long) start);
            } else if (kind == 1) {
                int run = 1 + random.nextInt(5_000);
                for (int p = start; p < Math.min(live, start + run); p++) {
                    out.add((long) p);
                }
            } else {
                int step = 1 + random.nextInt(3_000);
                for (int p = start, k = 0; p < live && k < 20; p += step, k++) {
                    out.add((long) p);
                }
            }
        }
        out.add(out.get(random.nextInt(out.size())));
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private static void write(BufferAllocator allocator, String uri, int rows, boolean v21, Random random)
            throws IOException {
        WriteParams params = new WriteParams.Builder()
                .withDataStorageVersion(v21 ? "2.1" : "2.0")
                .withMaxRowsPerFile(1 + random.nextInt(rows))
                .build();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            Float8Vector value = (Float8Vector) root.getVector("value");
            VarCharVector name = (VarCharVector) root.getVector("name");
            root.allocateNew();
            for (int i = 0; i < rows; i++) {
                id.setSafe(i, i);
                if (random.nextInt(10) == 0) {
                    value.setNull(i);
                } else {
                    value.setSafe(i, random.nextInt(1000) * 0.25);
                }
                if (random.nextInt(10) == 0) {
                    name.setNull(i);
                } else {
                    String s = "name-" + Long.toHexString(random.nextLong()).substring(0, 1 + random.nextInt(12));
                    name.setSafe(i, s.getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(rows);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(allocator, reader, uri, params).close();
            }
        }
    }

    private static List<String> lines(ArrowReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        CanonicalJsonLines json = new CanonicalJsonLines();
        try (reader) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    StringBuilder sb = new StringBuilder();
                    json.appendRow(root, r, sb);
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
