package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Blob columns at two depths of nullable structs ({@code s.b2} and {@code s.t.b}, beside non-blob fields), written by
 * plainlance in 2.0 and 2.1 with random nulls at every level, empty and non-empty values and random file sizes: every
 * row's descriptions are null exactly where the model's blob or a struct around it is (2.1; 2.0 keeps no struct
 * nulls), and {@code takeBlobsByIndices} gives each blob's bytes (none for a null, or in 2.1 under a null struct).
 */
class NestedBlobProperties {
    private static final Map<String, String> BLOB = Map.of("lance-encoding:blob", "true");
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "s",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                            new Field(
                                    "t",
                                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                                    List.of(
                                            new Field(
                                                    "b",
                                                    new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, BLOB),
                                                    null),
                                            new Field("c", FieldType.nullable(new ArrowType.Int(32, true)), null))),
                            new Field("b2", new FieldType(true, ArrowType.LargeBinary.INSTANCE, null, BLOB), null)))));

    /** One row: which levels are null, and the two blobs' bytes (null: a null blob). */
    record Row(boolean sNull, boolean tNull, byte[] b, byte[] b2) {}

    @Provide
    Arbitrary<List<Row>> tables() {
        Arbitrary<byte[]> value = Arbitraries.oneOf(
                Arbitraries.just((byte[]) null),
                Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(3000));
        Arbitrary<Boolean> rarely = Arbitraries.integers().between(0, 9).map(i -> i == 0);
        return Combinators.combine(rarely, rarely, value, value)
                .as(Row::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(120);
    }

    @Property(tries = 40)
    void descriptionsAndTakesFollowTheModel(
            @ForAll("tables") List<Row> rows,
            @ForAll("versions") String version,
            @ForAll("rowsPerFile") int rowsPerFile)
            throws Exception {
        Path dir = Files.createTempDirectory("nested-blobs");
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator()) {
            try (VectorSchemaRoot root = batch(rows, allocator);
                    ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                Dataset.create(
                                allocator,
                                reader,
                                uri,
                                new WriteParams.Builder()
                                        .withDataStorageVersion(version)
                                        .withMaxRowsPerFile(rowsPerFile)
                                        .build())
                        .close();
            }
            try (Dataset dataset = Dataset.open(uri, allocator)) {
                List<String> nulls = new ArrayList<>();
                try (LanceScanner scan = dataset.newScan(new ScanOptions.Builder().build());
                        ArrowReader reader = scan.scanBatches()) {
                    while (reader.loadNextBatch()) {
                        StructVector s =
                                (StructVector) reader.getVectorSchemaRoot().getVector("s");
                        StructVector t = s.getChild("t", StructVector.class);
                        StructVector b = t.getChild("b", StructVector.class);
                        StructVector b2 = s.getChild("b2", StructVector.class);
                        for (int i = 0; i < s.getValueCount(); i++) {
                            nulls.add(s.isNull(i) + "/" + t.isNull(i) + "/" + b.isNull(i) + "/" + b2.isNull(i));
                        }
                    }
                }
                List<String> expected = new ArrayList<>();
                for (Row row : rows) {
                    boolean structs = version.equals("2.1");
                    boolean s = structs && row.sNull();
                    boolean t = structs && (row.sNull() || row.tNull());
                    boolean b = row.sNull() || row.tNull() || row.b() == null;
                    boolean b2 = row.sNull() || row.b2() == null;
                    // 2.0 keeps no struct nulls, and a null blob is a (non-null) description of size 0
                    expected.add(s + "/" + t + "/" + (structs && b) + "/" + (structs && b2));
                }
                assertEquals(expected, nulls);
                List<Long> indices = new ArrayList<>();
                for (long i = 0; i < rows.size(); i++) {
                    indices.add(i);
                }
                List<BlobFile> deep = dataset.takeBlobsByIndices(indices, "s.t.b");
                List<BlobFile> shallow = dataset.takeBlobsByIndices(indices, "s.b2");
                boolean structs = version.equals("2.1");
                for (int i = 0; i < rows.size(); i++) {
                    Row row = rows.get(i);
                    // 2.0 keeps no struct nulls: a blob under a null struct keeps its own value, as other fields do
                    boolean bGone = row.b() == null || (structs && (row.sNull() || row.tNull()));
                    boolean b2Gone = row.b2() == null || (structs && row.sNull());
                    byte[] b = bGone ? new byte[0] : row.b();
                    byte[] b2 = b2Gone ? new byte[0] : row.b2();
                    assertArrayEquals(b, deep.get(i).read(), "s.t.b of row " + i);
                    assertArrayEquals(b2, shallow.get(i).read(), "s.b2 of row " + i);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.of("2.0", "2.1");
    }

    @Provide
    Arbitrary<Integer> rowsPerFile() {
        return Arbitraries.integers().between(1, 60);
    }

    private static VectorSchemaRoot batch(List<Row> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector(0);
        StructVector s = (StructVector) root.getVector(1);
        StructVector t = s.getChild("t", StructVector.class);
        LargeVarBinaryVector b = (LargeVarBinaryVector) t.getChild("b");
        IntVector c = (IntVector) t.getChild("c");
        LargeVarBinaryVector b2 = (LargeVarBinaryVector) s.getChild("b2");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            id.setSafe(i, i);
            c.setSafe(i, i);
            set(b, i, row.b());
            set(b2, i, row.b2());
            if (row.sNull()) {
                s.setNull(i);
            } else {
                s.setIndexDefined(i);
            }
            if (row.tNull()) {
                t.setNull(i);
            } else {
                t.setIndexDefined(i);
            }
        }
        for (var vector : List.of(id, c, b, b2, t, s)) {
            vector.setValueCount(rows.size());
        }
        root.setRowCount(rows.size());
        return root;
    }

    private static void set(LargeVarBinaryVector vector, int i, byte[] value) {
        if (value == null) {
            vector.setNull(i);
        } else {
            vector.setSafe(i, value);
        }
    }
}
