package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.WriteParams;
import org.lance.index.IndexType;

/**
 * On random data, random fragment layouts and random deletions, plainlance's indexed filters (scans and
 * {@code countRows}) on official BTREE and BITMAP indices equal plainlance's full scan and the official library's
 * answers; rows appended after the index was built are scanned.
 */
class IndexedFilterProperties {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(32, true)), null),
            new Field("k", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    private static BufferAllocator allocator;

    @BeforeContainer
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterContainer
    static void closeAllocator() {
        allocator.close();
    }

    /** A row: key k (null when absent) and string s (null when absent). */
    record Row(Long k, String s) {}

    record Case(List<Row> indexed, List<Row> appended, int rowsPerFile, int deleteModulo, List<String> filters) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Row> row = Combinators.combine(
                        Arbitraries.longs().between(-20, 60).injectNull(0.1),
                        Arbitraries.of("a", "b", "c", "d", "e", "f", "é", "zz").injectNull(0.15))
                .as(Row::new);
        Arbitrary<String> filter = Arbitraries.oneOf(
                Arbitraries.longs().between(-25, 65).map(v -> "k = " + v),
                Arbitraries.longs().between(-25, 65).map(v -> "k < " + v),
                Arbitraries.longs().between(-25, 65).map(v -> "k >= " + v),
                Arbitraries.longs().between(-25, 65).map(v -> "k BETWEEN " + v + " AND " + (v + 7)),
                Arbitraries.longs()
                        .between(-25, 65)
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(5)
                        .map(vs -> "k IN ("
                                + String.join(
                                        ", ", vs.stream().map(String::valueOf).toList()) + ")"),
                Arbitraries.of("a", "b", "é", "q").map(v -> "s = '" + v + "'"),
                Arbitraries.of("k IS NULL", "s IS NULL", "s IN ('a', 'zz')", "s > 'c'"),
                Arbitraries.longs().between(-25, 65).map(v -> "k > " + v + " AND s = 'a'"),
                Arbitraries.longs().between(-25, 65).map(v -> "k = " + v + " OR s IS NULL"),
                Arbitraries.longs().between(-25, 65).map(v -> "k < " + v + " AND id % 3 = 0"));
        return Combinators.combine(
                        row.list().ofMinSize(1).ofMaxSize(400),
                        row.list().ofMaxSize(60),
                        Arbitraries.integers().between(7, 150),
                        Arbitraries.integers().between(0, 6),
                        filter.list().ofMinSize(3).ofMaxSize(8))
                .as(Case::new);
    }

    @Property(tries = 30)
    void indexedAnswersEqualScansAndTheOfficialLibrary(@ForAll("cases") Case c) throws Exception {
        Path dir = Files.createTempDirectory("indexed-filter");
        try {
            OfficialWriter w = new OfficialWriter(
                    allocator, dir, OfficialWriter.Options.defaults().withMaxRowsPerFile(c.rowsPerFile()));
            w.write(WriteParams.WriteMode.CREATE, reader(c.indexed(), 0));
            IndexInteropTest.officialIndex(w, "k", IndexType.BTREE, "k_idx");
            IndexInteropTest.officialIndex(w, "s", IndexType.BITMAP, "s_idx");
            if (!c.appended().isEmpty()) {
                w.write(
                        WriteParams.WriteMode.APPEND,
                        reader(c.appended(), c.indexed().size()));
            }
            if (c.deleteModulo() > 1) {
                w.delete("id % " + c.deleteModulo() + " = 1");
            }
            try (org.lance.Dataset official = w.open();
                    dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
                for (String filter : c.filters()) {
                    List<Integer> scanned = IndexedAnswers.plainIds(plain, filter, false);
                    assertEquals(scanned, IndexedAnswers.plainIds(plain, filter, true), filter + " (indexed)");
                    assertEquals(
                            scanned,
                            IndexInteropTest.officialIds(allocator, official, filter, true),
                            filter + " (official)");
                    assertEquals(scanned.size(), plain.countRows(filter), filter + " (countRows)");
                    try (dev.plainlance.lance.ipc.LanceScanner scanner =
                            plain.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                    .filter(filter)
                                    .build())) {
                        String explain = scanner.explain();
                        assertTrue(explain.startsWith("index ") || filter.contains("id %"), explain);
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static ArrowReader reader(List<Row> rows, int firstId) {
        return OneBatchReader.of(allocator, SCHEMA, root -> {
            IntVector id = (IntVector) root.getVector("id");
            BigIntVector k = (BigIntVector) root.getVector("k");
            VarCharVector s = (VarCharVector) root.getVector("s");
            for (int i = 0; i < rows.size(); i++) {
                id.setSafe(i, firstId + i);
                if (rows.get(i).k() == null) {
                    k.setNull(i);
                } else {
                    k.setSafe(i, rows.get(i).k());
                }
                if (rows.get(i).s() == null) {
                    s.setNull(i);
                } else {
                    s.setSafe(i, rows.get(i).s().getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(rows.size());
        });
    }
}
