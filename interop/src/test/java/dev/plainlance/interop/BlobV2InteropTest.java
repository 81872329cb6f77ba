package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob v2 (official 7.0.0, data storage version 2.2, a {@code struct<data, uri>} column with the extension name
 * {@code lance.blob.v2}): plainlance does not read these columns yet. It opens such a dataset and counts its rows;
 * reading a data file that holds a blob v2 column (any scan) and taking its blobs are refused naming the column.
 */
class BlobV2InteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(
                    "blob",
                    new FieldType(
                            true,
                            ArrowType.Struct.INSTANCE,
                            null,
                            Map.of("ARROW:extension:name", "lance.blob.v2", "ARROW:extension:metadata", "")),
                    List.of(
                            new Field("data", FieldType.nullable(ArrowType.LargeBinary.INSTANCE), null),
                            new Field("uri", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)))));

    @Test
    void officialBlobV2ColumnsAreRefusedByName(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator()) {
            writeOfficial(uri, allocator);
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                List<org.lance.BlobFile> taken = official.takeBlobsByIndices(List.of(0L, 1L, 2L, 3L, 4L, 5L), "blob");
                assertEquals(4, taken.size(), "official takes skip the null and the empty value");
                for (org.lance.BlobFile blob : taken) {
                    blob.close();
                }
            }
            try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                assertEquals(
                        SCHEMA.getFields().get(1).getType(),
                        ours.getSchema().findField("blob").getType());
                assertEquals(6, ours.countRows());
                String expected =
                        "column 'blob' is a blob v2 column (lance.blob.v2, file format 2.2): plainlance cannot ";
                for (List<String> columns : List.of(List.of("id"), List.of("id", "blob"))) {
                    UnsupportedFeatureException scan = assertThrows(UnsupportedFeatureException.class, () -> {
                        try (dev.plainlance.lance.ipc.LanceScanner s =
                                        ours.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                                .columns(columns)
                                                .build());
                                ArrowReader reader = s.scanBatches()) {
                            reader.loadNextBatch();
                        }
                    });
                    assertTrue(scan.getMessage().endsWith(expected + "read it"), scan.getMessage());
                }
                UnsupportedFeatureException take = assertThrows(
                        UnsupportedFeatureException.class, () -> ours.takeBlobsByIndices(List.of(0L), "blob"));
                assertEquals(expected + "take the blobs of it", take.getMessage());
            }
        }
    }

    /** Six rows: values of 0 to 40 bytes (inline), a null, and one of 200,000 bytes (its own sidecar file). */
    private static void writeOfficial(String uri, BufferAllocator allocator) throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            StructVector blob = (StructVector) root.getVector(1);
            LargeVarBinaryVector data = (LargeVarBinaryVector) blob.getChild("data");
            VarCharVector blobUri = (VarCharVector) blob.getChild("uri");
            for (int i = 0; i < 6; i++) {
                id.setSafe(i, i);
                blobUri.setNull(i);
                if (i == 3) {
                    blob.setNull(i);
                    data.setNull(i);
                    continue;
                }
                blob.setIndexDefined(i);
                byte[] value = new byte[i == 5 ? 200_000 : i * 10];
                Arrays.fill(value, (byte) ('a' + i));
                data.setSafe(i, value);
            }
            id.setValueCount(6);
            data.setValueCount(6);
            blobUri.setValueCount(6);
            blob.setValueCount(6);
            root.setRowCount(6);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                Data.exportArrayStream(allocator, reader, stream);
                org.lance.Dataset.create(
                                allocator,
                                stream,
                                uri,
                                new org.lance.WriteParams.Builder()
                                        .withDataStorageVersion("2.2")
                                        .build())
                        .close();
            }
        }
    }
}
