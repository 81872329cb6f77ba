package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data files of a blob column inside a struct written by official 7.0.0 ({@code nested_blob_*.lance}, see the
 * fixtures' README): each row's description has the size the fixture's rule gives, and is null where the blob or, in
 * 2.1, the struct is (2.0 describes a null blob as a non-null {@code (1, 0)}).
 */
class NestedBlobFixtureTest {
    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1"})
    void descriptionsFollowTheFixturesRule(String version) throws Exception {
        LanceFileReader reader = FixtureFiles.open("nested_blob_" + version + ".lance");
        List<String> actual = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator();
                LanceFileBatchReader batches = reader.readBatches(allocator, null, 0, reader.numRows(), 64)) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                StructVector s = (StructVector) root.getVector("s");
                StructVector b = s.getChild("b", StructVector.class);
                UInt8Vector size = b.getChild("size", UInt8Vector.class);
                for (int r = 0; r < root.getRowCount(); r++) {
                    actual.add(s.isNull(r) + "/" + b.isNull(r) + "/" + (b.isNull(r) ? "-" : size.get(r)));
                }
            }
        }
        for (int i = 0; i < 300; i++) {
            boolean structs = version.equals("2.1");
            boolean structNull = i % 11 == 2;
            boolean blobNull = structNull || i % 7 == 1;
            long size = blobNull || i % 7 == 3 ? 0 : (i * 37) % 200 + 1;
            boolean described = !(structs && blobNull);
            expected.add((structs && structNull) + "/" + !described + "/" + (described ? size : "-"));
        }
        assertEquals(expected, actual);
    }
}
