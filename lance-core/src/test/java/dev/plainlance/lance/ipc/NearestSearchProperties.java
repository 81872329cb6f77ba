package dev.plainlance.lance.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.index.DistanceType;
import java.io.IOException;
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
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A nearest-neighbour scan returns what a brute-force model computes from the rows written: the {@code k} live rows
 * with a vector nearest to the key (ties in scan order), the prefilter before, the postfilter after, then the offset
 * and the limit, over several fragments with null vectors and deleted rows. Vector values are multiples of 1/4, so
 * every L2 and dot distance is exact and the model's order cannot differ by rounding.
 */
class NearestSearchProperties {
    private static final int DIM = 3;
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("tag", FieldType.nullable(new ArrowType.Int(32, true)), null),
            new Field(
                    "vec",
                    FieldType.nullable(new ArrowType.FixedSizeList(DIM)),
                    List.of(new Field(
                            "item",
                            FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                            null)))));

    /** A row of the model: its id, tag and vector (null when the vector is null). */
    private record Row(long id, int tag, float[] vec) {}

    @Property(tries = 40)
    void searchesReturnTheModelsRows(
            @ForAll @IntRange(min = 1, max = 300) int rows,
            @ForAll @IntRange(min = 1, max = 400) int k,
            @ForAll boolean prefilter,
            @ForAll @IntRange(min = 0, max = 3) int filterKind,
            @ForAll @IntRange(min = 0, max = 2) int distanceKind,
            @ForAll @IntRange(min = 0, max = 5) int offset,
            @ForAll @IntRange(min = 0, max = 60) int limit,
            @ForAll long seed)
            throws IOException {
        Random random = new Random(seed);
        List<Row> model = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            float[] vec = null;
            if (random.nextInt(8) != 0) {
                vec = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    vec[d] = (random.nextInt(17) - 8) / 4f;
                }
            }
            model.add(new Row(i, random.nextInt(5), vec));
        }
        float[] key = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            key[d] = (random.nextInt(17) - 8) / 4f;
        }
        DistanceType distance = DistanceType.values()[distanceKind];
        String filter =
                switch (filterKind) {
                    case 1 -> "tag < 3";
                    case 2 -> "tag = 1 OR id > 100";
                    case 3 -> prefilter ? "id % 2 = 0" : "_distance < 4";
                    default -> null;
                };
        Path dir = Files.createTempDirectory("nearest");
        try (BufferAllocator allocator = new RootAllocator()) {
            String uri = dir.resolve("ds").toString();
            write(allocator, uri, model, 1 + random.nextInt(rows));
            try (Dataset ds = Dataset.open(uri, allocator)) {
                ds.delete("id % 7 = 5");
                model.removeIf(r -> r.id() % 7 == 5);
            }
            try (Dataset ds = Dataset.open(uri, allocator)) {
                ScanOptions.Builder options = new ScanOptions.Builder()
                        .columns(List.of("id"))
                        .prefilter(prefilter)
                        .offset(offset)
                        .batchSize(1 + random.nextInt(20))
                        .nearest(new Query.Builder()
                                .setColumn("vec")
                                .setKey(key)
                                .setK(k)
                                .setDistanceType(distance)
                                .build());
                if (filter != null) {
                    options.filter(filter);
                }
                if (limit > 0) {
                    options.limit(limit);
                }
                String context = distance + " k=" + k + " filter=" + filter + " prefilter=" + prefilter + " offset="
                        + offset + " limit=" + limit;
                assertEquals(
                        expected(model, key, distance, k, filter, prefilter, offset, limit),
                        found(ds.newScan(options.build()).scanBatches()),
                        context);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static List<String> expected(
            List<Row> model,
            float[] key,
            DistanceType distance,
            int k,
            String filter,
            boolean prefilter,
            int offset,
            int limit) {
        record Hit(Row row, float distance, int position) {}
        List<Hit> hits = new ArrayList<>();
        for (int position = 0; position < model.size(); position++) {
            Row row = model.get(position);
            if (row.vec() == null || (prefilter && filter != null && !matches(filter, row, 0))) {
                continue;
            }
            float d = (float) distance(distance, row.vec(), key);
            if (!Float.isNaN(d)) {
                hits.add(new Hit(row, d, position));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::distance).thenComparingInt(Hit::position));
        List<Hit> kept = new ArrayList<>(hits.subList(0, Math.min(k, hits.size())));
        if (!prefilter && filter != null) {
            kept.removeIf(h -> !matches(filter, h.row(), h.distance()));
        }
        return kept.stream()
                .skip(offset)
                .limit(limit > 0 ? limit : Long.MAX_VALUE)
                .map(h -> h.row().id() + " " + h.distance())
                .toList();
    }

    private static boolean matches(String filter, Row row, float distance) {
        return switch (filter) {
            case "tag < 3" -> row.tag() < 3;
            case "tag = 1 OR id > 100" -> row.tag() == 1 || row.id() > 100;
            case "id % 2 = 0" -> row.id() % 2 == 0;
            case "_distance < 4" -> distance < 4;
            default -> throw new AssertionError(filter);
        };
    }

    private static double distance(DistanceType type, float[] x, float[] q) {
        double dot = 0;
        double xx = 0;
        double qq = 0;
        double l2 = 0;
        for (int i = 0; i < x.length; i++) {
            dot += (double) x[i] * q[i];
            xx += (double) x[i] * x[i];
            qq += (double) q[i] * q[i];
            l2 += ((double) x[i] - q[i]) * ((double) x[i] - q[i]);
        }
        return switch (type) {
            case L2 -> l2;
            case Dot -> 1 - dot;
            case Cosine -> 1 - dot / Math.sqrt(xx * qq);
            case Hamming -> throw new AssertionError("not generated");
        };
    }

    private static List<String> found(ArrowReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        try (reader) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                assertEquals(
                        List.of("id", "_distance"),
                        root.getSchema().getFields().stream()
                                .map(Field::getName)
                                .toList());
                BigIntVector id = (BigIntVector) root.getVector(0);
                Float4Vector distance = (Float4Vector) root.getVector(1);
                for (int r = 0; r < root.getRowCount(); r++) {
                    out.add(id.get(r) + " " + distance.get(r));
                }
            }
        }
        return out;
    }

    private static void write(BufferAllocator allocator, String uri, List<Row> rows, int maxRowsPerFile)
            throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            IntVector tag = (IntVector) root.getVector("tag");
            FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
            Float4Vector items = (Float4Vector) vec.getDataVector();
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                id.setSafe(i, row.id());
                tag.setSafe(i, row.tag());
                if (row.vec() == null) {
                    vec.setNull(i);
                    for (int d = 0; d < DIM; d++) {
                        items.setSafe(i * DIM + d, 0);
                    }
                } else {
                    vec.setNotNull(i);
                    for (int d = 0; d < DIM; d++) {
                        items.setSafe(i * DIM + d, row.vec()[d]);
                    }
                }
            }
            items.setValueCount(rows.size() * DIM);
            root.setRowCount(rows.size());
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                reader,
                                uri,
                                new WriteParams.Builder()
                                        .withMaxRowsPerFile(maxRowsPerFile)
                                        .build())
                        .close();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
