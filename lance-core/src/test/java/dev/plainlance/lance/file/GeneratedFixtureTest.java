package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.file.format.ByteArraySource;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes files the official Lance 7.0.0 library wrote from {@link FixtureData} (see {@code
 * lance-7.0.0/gen/README.md}) and compares every value with the source data.
 */
class GeneratedFixtureTest {

    @ParameterizedTest
    @CsvSource({
        "types, 2.0",
        "types, 2.1",
        "types, 2.2",
        "enc, 2.1",
        "enc, 2.2",
        "wide, 2.1",
        "wide, 2.2",
        "compressed, 2.0",
        "compressed, 2.1",
        "compressed, 2.2",
        "paged, 2.0",
        "paged, 2.1",
        "paged, 2.2"
    })
    void decodesEveryValue(String dataset, String version) {
        LanceFileReader reader = FixtureFiles.open("gen/" + dataset + "_" + version + ".lance");
        assertEquals(version, reader.version().toString());
        try (RootAllocator allocator = new RootAllocator();
                VectorSchemaRoot expected = FixtureData.create(dataset, allocator)) {
            assertEquals(
                    expected.getSchema().getFields().size(),
                    reader.arrowSchema().getFields().size());
            for (int i = 0; i < expected.getSchema().getFields().size(); i++) {
                assertEquals(
                        expected.getSchema().getFields().get(i).getType(),
                        reader.arrowSchema().getFields().get(i).getType(),
                        "type of " + expected.getSchema().getFields().get(i).getName());
            }
            List<List<Object>> expectedColumns = FixtureData.columns(expected);
            for (int batchSize : new int[] {7, 333, 100_000}) {
                List<List<Object>> actual = FixtureFiles.readColumns(reader, allocator, batchSize);
                for (int c = 0; c < expectedColumns.size(); c++) {
                    String column = expected.getSchema().getFields().get(c).getName();
                    org.apache.arrow.vector.types.pojo.Field field =
                            expected.getSchema().getFields().get(c);
                    List<Object> want = expectedColumns.get(c);
                    List<Object> got = actual.get(c);
                    for (int r = 0; r < want.size(); r++) {
                        Object wanted = version.equals("2.0") ? withoutStructNulls(want.get(r), field) : want.get(r);
                        assertEquals(wanted, got.get(r), column + " row " + r + " (batch size " + batchSize + ")");
                    }
                }
            }
        }
    }

    /**
     * Lance 2.0 stores no struct validity: a null struct reads back as a struct of null children.
     */
    private static Object withoutStructNulls(Object value, org.apache.arrow.vector.types.pojo.Field field) {
        switch (field.getType().getTypeID()) {
            case Struct:
                return value == null ? new java.util.TreeMap<String, Object>() : value;
            case List:
            case LargeList: {
                if (value == null) {
                    return null;
                }
                List<Object> out = new java.util.ArrayList<>();
                for (Object item : (List<?>) value) {
                    out.add(withoutStructNulls(item, field.getChildren().get(0)));
                }
                return out;
            }
            default:
                return value;
        }
    }

    @ParameterizedTest
    @CsvSource({"paged, 2.0", "paged, 2.1", "types, 2.0", "types, 2.2", "enc, 2.1", "enc, 2.2"})
    void readsRowRangesOfSelectedFields(String dataset, String version) throws java.io.IOException {
        LanceFileReader reader = FixtureFiles.open("gen/" + dataset + "_" + version + ".lance");
        int fields = reader.arrowSchema().getFields().size();
        List<Integer> selection = new java.util.ArrayList<>();
        for (int i = fields - 1; i >= 0; i -= 2) {
            selection.add(i);
        }
        int rows = (int) reader.numRows();
        int[][] ranges = {{0, 1}, {rows - 1, rows}, {rows / 3, rows / 3 + 17}, {5, rows - 5}, {rows / 2, rows / 2}};
        try (RootAllocator allocator = new RootAllocator();
                VectorSchemaRoot expected = FixtureData.create(dataset, allocator)) {
            List<List<Object>> all = FixtureData.columns(expected);
            for (int[] range : ranges) {
                try (LanceFileBatchReader batches = reader.readBatches(allocator, selection, range[0], range[1], 97)) {
                    assertEquals(
                            selection.size(),
                            batches.getVectorSchemaRoot()
                                    .getSchema()
                                    .getFields()
                                    .size());
                    int row = range[0];
                    while (batches.loadNextBatch()) {
                        VectorSchemaRoot root = batches.getVectorSchemaRoot();
                        for (int r = 0; r < root.getRowCount(); r++, row++) {
                            for (int c = 0; c < selection.size(); c++) {
                                org.apache.arrow.vector.types.pojo.Field field =
                                        expected.getSchema().getFields().get(selection.get(c));
                                Object want = all.get(selection.get(c)).get(row);
                                if (version.equals("2.0")) {
                                    want = withoutStructNulls(want, field);
                                }
                                assertEquals(
                                        want,
                                        FixtureFiles.plain(root.getVector(c).getObject(r)),
                                        field.getName() + " row " + row);
                            }
                        }
                    }
                    assertEquals(range[1], row);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void readsOnlyThePagesOfSelectedFields() throws java.io.IOException {
        byte[] bytes = FixtureFiles.bytes("gen/enc_2.1.lance");
        LanceFileReader reader = LanceFileReader.open(new ByteArraySource(bytes, "enc"));
        try (RootAllocator allocator = new RootAllocator();
                LanceFileBatchReader batches = reader.readBatches(allocator, List.of(7), 0, reader.numRows(), 10_000)) {
            while (batches.loadNextBatch()) {
                assertEquals(6000, batches.getVectorSchemaRoot().getRowCount());
            }
            long flagBytes = batches.bytesRead();
            org.junit.jupiter.api.Assertions.assertTrue(flagBytes > 6000 / 8 && flagBytes < 2000, "read " + flagBytes);
        }
    }

    @org.junit.jupiter.api.Test
    void smallRowRangesDoNotReadTheWholePage() throws java.io.IOException {
        LanceFileReader reader = FixtureFiles.open("gen/enc_2.1.lance");
        try (RootAllocator allocator = new RootAllocator();
                LanceFileBatchReader batches = reader.readBatches(allocator, List.of(4), 5900, 5910, 100)) {
            org.junit.jupiter.api.Assertions.assertTrue(batches.loadNextBatch());
            assertEquals(10, batches.getVectorSchemaRoot().getRowCount());
            long read = batches.bytesRead();
            org.junit.jupiter.api.Assertions.assertTrue(
                    read < 10_000, "read " + read + " bytes of a 48,000-byte column");
        }
    }
}
