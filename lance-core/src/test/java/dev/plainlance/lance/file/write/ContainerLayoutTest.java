package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.pb.file.FileDescriptor;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte-level checks of the container: the official writer's exact bytes, alignment, footer and tables. */
class ContainerLayoutTest {

    /** The official 7.0.0 writer's files for the same 10 rich rows are reproduced byte for byte. */
    @ParameterizedTest
    @CsvSource({"V2_1, rich_2.1.lance", "V2_0, rich_2.0.lance"})
    void reproducesOfficialFileBytes(LanceFileVersion version, String fixture) throws IOException {
        byte[] official;
        try (InputStream in = getClass().getResourceAsStream("/lance-7.0.0/" + fixture)) {
            official = in.readAllBytes();
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written = RoundTrip.write(
                    RichSchema.rich(),
                    List.of(RichSchema.richRows(0, 10)),
                    version,
                    WriterOptions.defaults(),
                    allocator);
            assertArrayEquals(official, written.bytes());
        }
    }

    @ParameterizedTest
    @CsvSource({"V2_1, 2, 1, 14", "V2_0, 0, 3, 16"})
    void footerTablesAndAlignment(LanceFileVersion version, int major, int minor, int columns) throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written = RoundTrip.write(
                    RichSchema.rich(),
                    List.of(RichSchema.richRows(0, 700), RichSchema.richRows(700, 1000)),
                    version,
                    WriterOptions.defaults().withMaxPageBytes(1024),
                    allocator);
            byte[] file = written.bytes();
            ByteBuffer footer =
                    ByteBuffer.wrap(file, file.length - 40, 40).slice().order(ByteOrder.LITTLE_ENDIAN);
            long columnMetaStart = footer.getLong(0);
            long cmoStart = footer.getLong(8);
            long gboStart = footer.getLong(16);
            assertEquals(1, footer.getInt(24));
            assertEquals(columns, footer.getInt(28));
            assertEquals(major, footer.getShort(32));
            assertEquals(minor, footer.getShort(34));
            assertEquals("LANC", new String(file, file.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(cmoStart + 16L * columns, gboStart);
            assertEquals(file.length - 40, gboStart + 16);

            ByteBuffer all = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            long gb0 = all.getLong((int) gboStart);
            long gb0Size = all.getLong((int) gboStart + 8);
            assertEquals(0, gb0 % 64);
            assertEquals(columnMetaStart, gb0 + gb0Size);
            FileDescriptor descriptor =
                    FileDescriptor.parseFrom(Arrays.copyOfRange(file, (int) gb0, (int) (gb0 + gb0Size)));
            assertEquals(1000, descriptor.getLength());
            assertEquals(
                    LanceSchema.fromArrow(RichSchema.rich()).toProto(),
                    descriptor.getSchema().getFieldsList());

            long expectedNext = columnMetaStart;
            long previousEnd = 0;
            int pages = 0;
            for (int c = 0; c < columns; c++) {
                long pos = all.getLong((int) (cmoStart + 16L * c));
                long size = all.getLong((int) (cmoStart + 16L * c + 8));
                assertEquals(expectedNext, pos, "column metadata blocks are back to back");
                expectedNext = pos + size;
                ColumnMetadata meta = ColumnMetadata.parseFrom(Arrays.copyOfRange(file, (int) pos, (int) (pos + size)));
                for (ColumnMetadata.Page page : meta.getPagesList()) {
                    pages++;
                    for (int b = 0; b < page.getBufferOffsetsCount(); b++) {
                        long offset = page.getBufferOffsets(b);
                        assertEquals(0, offset % 64, "page buffers start 64-byte aligned");
                        assertTrue(offset + page.getBufferSizes(b) <= gb0);
                        previousEnd = Math.max(previousEnd, offset + page.getBufferSizes(b));
                    }
                }
            }
            assertEquals(cmoStart, expectedNext);
            assertTrue(pages > columns, "small pages split the columns");
            for (long i = previousEnd; i < gb0; i++) {
                assertEquals(0x48, file[(int) i], "padding before global buffer 0");
            }
            assertEquals(file.length, written.summary().fileSizeBytes());
        }
    }

    @Test
    void summaryListsColumnsOfEveryFieldIn20AndOfLeavesIn21() {
        try (BufferAllocator allocator = new RootAllocator()) {
            WrittenFile v21 = RoundTrip.write(
                            RichSchema.rich(),
                            List.of(RichSchema.richRows(0, 3)),
                            LanceFileVersion.V2_1,
                            WriterOptions.defaults(),
                            allocator)
                    .summary();
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15}, v21.fields());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, v21.columnIndices());
            assertEquals(1, v21.minorVersion());
            WrittenFile v20 = RoundTrip.write(
                            RichSchema.rich(),
                            List.of(RichSchema.richRows(0, 3)),
                            LanceFileVersion.V2_0,
                            WriterOptions.defaults(),
                            allocator)
                    .summary();
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, v20.fields());
            assertArrayEquals(v20.fields(), v20.columnIndices());
            assertEquals(0, v20.minorVersion());
            assertEquals(3, v20.rows());
        }
    }

    /**
     * Global buffers added to a writer follow the schema, each 64-byte aligned, in the order added; the reader gives
     * each back by index and refuses an index the file does not have, naming the file.
     */
    @Test
    void addedGlobalBuffersFollowTheSchemaAndReadBack() {
        org.apache.arrow.vector.types.pojo.Schema schema =
                new org.apache.arrow.vector.types.pojo.Schema(List.of(org.apache.arrow.vector.types.pojo.Field.nullable(
                        "x", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true))));
        try (BufferAllocator allocator = new RootAllocator();
                org.apache.arrow.vector.VectorSchemaRoot rows =
                        org.apache.arrow.vector.VectorSchemaRoot.create(schema, allocator)) {
            for (int i = 0; i < 3; i++) {
                ((org.apache.arrow.vector.BigIntVector) rows.getVector(0)).setSafe(i, i);
            }
            rows.setRowCount(3);
            ByteArraySink sink = new ByteArraySink();
            LanceFileWriter writer = LanceFileWriter.create(sink, LanceSchema.fromArrow(schema));
            writer.write(rows);
            assertEquals(1, writer.addGlobalBuffer(new byte[] {1, 2, 3}));
            assertEquals(2, writer.addGlobalBuffer(new byte[0]));
            assertEquals(3, writer.addGlobalBuffer("ivf".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            writer.finish();
            byte[] file = sink.toByteArray();
            ByteBuffer all = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int gboStart = (int) all.getLong(file.length - 40 + 16);
            assertEquals(4, all.getInt(file.length - 40 + 24));
            for (int i = 0; i < 4; i++) {
                assertEquals(0, all.getLong(gboStart + 16 * i) % 64, "buffer " + i + " is aligned");
            }
            dev.plainlance.lance.file.LanceFileReader reader = dev.plainlance.lance.file.LanceFileReader.open(
                    new dev.plainlance.lance.file.format.ByteArraySource(file, "g.lance"));
            assertEquals(4, reader.globalBufferCount());
            assertEquals(3, reader.numRows());
            assertArrayEquals(new byte[] {1, 2, 3}, reader.globalBuffer(1));
            assertArrayEquals(new byte[0], reader.globalBuffer(2));
            assertEquals("ivf", new String(reader.globalBuffer(3), java.nio.charset.StandardCharsets.UTF_8));
            dev.plainlance.lance.file.format.LanceFileFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.plainlance.lance.file.format.LanceFileFormatException.class, () -> reader.globalBuffer(4));
            assertEquals("g.lance: has no global buffer 4 (it has 4)", e.getMessage());
        }
    }
}
