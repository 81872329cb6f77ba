package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Two datasets take the same random writes, one with BTREE indices on {@code id} and {@code k} and a BITMAP index
 * on {@code s}, the other without: after every write (appends, deletes, updates, merge inserts keyed on the
 * indexed {@code id}, compactions, index optimizations) both hold the same rows, and every filter answers the
 * same in the indexed dataset, with and without its indices, as in the plain one; {@code countRows} too.
 */
class IndexedWritesProperties {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("k", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    /** One write: kind, and a number that parameterises it. */
    record Action(String kind, int n) {}

    @Provide
    Arbitrary<List<Action>> actions() {
        return Combinators.combine(
                        Arbitraries.of("append", "delete", "update", "merge", "compact", "optimize"),
                        Arbitraries.integers().between(1, 90))
                .as(Action::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(7);
    }

    @Provide
    Arbitrary<List<String>> filters() {
        return Arbitraries.oneOf(
                        Arbitraries.longs().between(-5, 100).map(v -> "k = " + v),
                        Arbitraries.longs().between(-5, 100).map(v -> "k <= " + v),
                        Arbitraries.longs().between(0, 700).map(v -> "id BETWEEN " + v + " AND " + (v + 40)),
                        Arbitraries.longs().between(0, 700).map(v -> "id IN (" + v + ", " + (v * 3) + ", 7)"),
                        Arbitraries.of("s = 'x'", "s IS NULL", "s IN ('y', 'zz')", "k IS NULL", "s < 'y'"),
                        Arbitraries.longs().between(-5, 100).map(v -> "k > " + v + " OR s = 'y'"),
                        Arbitraries.longs().between(-5, 100).map(v -> "k > " + v + " AND id % 2 = 0"))
                .list()
                .ofMinSize(2)
                .ofMaxSize(5);
    }

    @Property(tries = 40)
    void indexedAndPlainDatasetsAgree(
            @ForAll("actions") List<Action> actions,
            @ForAll("filters") List<String> filters,
            @ForAll boolean stableRowIds,
            @ForAll("rowsPerFile") int rowsPerFile)
            throws Exception {
        Path dir = Files.createTempDirectory("indexed-writes");
        try (BufferAllocator allocator = new RootAllocator()) {
            String indexedUri = dir.resolve("indexed").toString();
            String plainUri = dir.resolve("plain").toString();
            for (String uri : List.of(indexedUri, plainUri)) {
                write(allocator, uri, WriteParams.WriteMode.CREATE, 0, 300, 0, rowsPerFile, stableRowIds);
            }
            try (Dataset indexed = Dataset.open(indexedUri, allocator)) {
                indexed.createIndex(List.of("id"), IndexType.BTREE, Optional.empty(), IndexParams.defaults(), false);
                indexed.createIndex(List.of("k"), IndexType.BTREE, Optional.empty(), IndexParams.defaults(), false);
                indexed.createIndex(List.of("s"), IndexType.BITMAP, Optional.empty(), IndexParams.defaults(), false);
            }
            long next = 300;
            for (Action action : actions) {
                for (String uri : List.of(indexedUri, plainUri)) {
                    apply(allocator, uri, action, next, rowsPerFile, stableRowIds);
                }
                next += action.kind().equals("append") ? action.n() : 0;
                try (Dataset indexed = Dataset.open(indexedUri, allocator);
                        Dataset plain = Dataset.open(plainUri, allocator)) {
                    assertEquals(
                            rows(plain, Optional.empty(), true), rows(indexed, Optional.empty(), true), "" + action);
                    for (String filter : filters) {
                        List<String> expected = rows(plain, Optional.of(filter), true);
                        assertEquals(expected, rows(indexed, Optional.of(filter), true), action + ": " + filter);
                        assertEquals(expected, rows(indexed, Optional.of(filter), false), action + ": " + filter);
                        assertEquals(expected.size(), indexed.countRows(filter), action + ": count " + filter);
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Integer> rowsPerFile() {
        return Arbitraries.integers().between(20, 200);
    }

    private static void apply(
            BufferAllocator allocator, String uri, Action action, long next, int rowsPerFile, boolean stable)
            throws Exception {
        switch (action.kind()) {
            case "append" ->
                write(allocator, uri, WriteParams.WriteMode.APPEND, next, action.n(), 1, rowsPerFile, stable);
            case "delete" -> {
                try (Dataset ds = Dataset.open(uri, allocator)) {
                    ds.delete("k % " + (action.n() % 7 + 2) + " = 1 OR id = " + action.n());
                }
            }
            case "update" -> {
                if (!stable) {
                    try (Dataset ds = Dataset.open(uri, allocator)) {
                        ds.update("id % " + (action.n() % 5 + 2) + " = 0", java.util.Map.of("k", "k + 1"));
                    }
                }
            }
            case "merge" -> {
                if (!stable) {
                    try (Dataset ds = Dataset.open(uri, allocator);
                            ArrowReader source = reader(allocator, action.n() * 3L, 40, 2)) {
                        ds.mergeInsert(
                                        new MergeInsertParams(List.of("id"))
                                                .withMatchedUpdateAll()
                                                .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll),
                                        source)
                                .close();
                    }
                }
            }
            case "compact" -> {
                try (Dataset ds = Dataset.open(uri, allocator)) {
                    ds.compact();
                }
            }
            default -> {
                try (Dataset ds = Dataset.open(uri, allocator)) {
                    if (!ds.listIndexes().isEmpty()) {
                        ds.optimizeIndices(OptimizeOptions.all());
                    }
                }
            }
        }
    }

    private static void write(
            BufferAllocator allocator,
            String uri,
            WriteParams.WriteMode mode,
            long first,
            int rows,
            int salt,
            int rowsPerFile,
            boolean stable)
            throws Exception {
        try (ArrowReader data = reader(allocator, first, rows, salt)) {
            Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder()
                                    .withMode(mode)
                                    .withMaxRowsPerFile(rowsPerFile)
                                    .withEnableStableRowIds(stable)
                                    .build())
                    .close();
        }
    }

    /** Rows {@code first..first+rows-1}: k = a hash of the id (null now and then), s from a few strings. */
    static ArrowReader reader(BufferAllocator allocator, long first, int rows, int salt) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        BigIntVector k = (BigIntVector) root.getVector("k");
        VarCharVector s = (VarCharVector) root.getVector("s");
        String[] strings = {"x", "y", "zz", "é"};
        for (int i = 0; i < rows; i++) {
            long v = first + i;
            id.setSafe(i, v);
            long h = (v * 37 + salt * 11) % 97;
            if (h % 13 == 5) {
                k.setNull(i);
            } else {
                k.setSafe(i, h);
            }
            if ((v + salt) % 9 == 4) {
                s.setNull(i);
            } else {
                s.setSafe(i, strings[(int) ((v + salt) % strings.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        root.setRowCount(rows);
        return dev.plainlance.lance.arrow.ArrowReaders.owning(SCHEMA, List.of(root), allocator);
    }

    /** Every row as text, sorted. */
    private static List<String> rows(Dataset ds, Optional<String> filter, boolean useIndex) throws Exception {
        ScanOptions.Builder options = new ScanOptions.Builder().useScalarIndex(useIndex);
        filter.ifPresent(options::filter);
        List<String> out = new ArrayList<>();
        try (ArrowReader reader = ds.newScan(options.build()).scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    StringBuilder row = new StringBuilder();
                    for (FieldVector v : root.getFieldVectors()) {
                        row.append(v.getObject(i)).append('|');
                    }
                    out.add(row.toString());
                }
            }
        }
        out.sort(null);
        return out;
    }
}
