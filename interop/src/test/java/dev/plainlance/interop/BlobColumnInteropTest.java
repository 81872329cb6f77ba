package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.format.LanceFileFormatException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blob columns ({@code lance-encoding:blob}) as official 7.0.0 writes them, and what plainlance does with them today:
 * the other columns read; the blob column is refused naming the file, the column and the encoding (2.0: a packed
 * struct of positions and sizes; 2.1: the blob page layout). The layout facts are in the README ("Blob columns").
 */
class BlobColumnInteropTest {
    @ParameterizedTest
    @ValueSource(strings = {"2.0", "2.1"})
    void plainlanceReadsTheOtherColumnsOfADatasetWithABlobColumn(String version, @TempDir Path dir) throws Exception {
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field(
                        "blob",
                        new FieldType(
                                true, ArrowType.LargeBinary.INSTANCE, null, Map.of("lance-encoding:blob", "true")),
                        null)));
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            LargeVarBinaryVector blob = (LargeVarBinaryVector) root.getVector(1);
            for (int i = 0; i < 4; i++) {
                id.setSafe(i, i);
                blob.setSafe(i, ("blob-" + i).repeat(i + 1).getBytes());
            }
            root.setRowCount(4);
            try (ArrowReader rows = dev.plainlance.lance.arrow.ArrowReaders.of(schema, List.of(root), allocator);
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                Data.exportArrayStream(allocator, rows, stream);
                org.lance.Dataset.create(
                                allocator,
                                stream,
                                uri,
                                new org.lance.WriteParams.Builder()
                                        .withDataStorageVersion(version)
                                        .build())
                        .close();
            }
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                assertEquals(
                        1, official.getFragments().get(0).metadata().getFiles().size(), "one data file");
                assertEquals(
                        "blob-2blob-2blob-2",
                        new String(
                                official.takeBlobs(List.of(2L), "blob").get(0).read()));
            }
            try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                    dev.plainlance.lance.ipc.LanceScanner scan =
                            ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                    .columns(List.of("id"))
                                    .build())) {
                assertEquals(List.of(0L, 1L, 2L, 3L), dev.plainlance.interop.porting.IdsAccess.of(scan.scanBatches()));
            }
            try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                    dev.plainlance.lance.ipc.LanceScanner scan = ds.newScan();
                    ArrowReader all = scan.scanBatches()) {
                LanceFileFormatException refused = assertThrows(LanceFileFormatException.class, all::loadNextBatch);
                assertTrue(refused.getMessage().contains("column 'blob'"), refused.getMessage());
                assertTrue(
                        refused.getMessage().contains(version.equals("2.0") ? "PACKED_STRUCT" : "BLOB_LAYOUT"),
                        refused.getMessage());
            }
        }
    }
}
