package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.schema.LanceSchema;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A column larger than the page size limit is split into several bounded pages, also within one batch. */
class PageSizeTest {
    private static final Schema SCHEMA =
            new Schema(List.of(new Field("v", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

    @ParameterizedTest
    @EnumSource(
            value = LanceFileVersion.class,
            names = {"V2_0", "V2_1"})
    void largeColumnIsSplitIntoBoundedPages(LanceFileVersion version) throws Exception {
        int rows = 1_000_000;
        long maxPageBytes = 256 * 1024;
        ByteArraySink sink = new ByteArraySink();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector v = (BigIntVector) root.getVector(0);
            v.allocateNew(rows);
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < rows; i++) {
                v.set(i, random.nextLong());
            }
            root.setRowCount(rows);
            LanceFileWriter writer = LanceFileWriter.create(
                    sink,
                    LanceSchema.fromArrow(SCHEMA),
                    version,
                    WriterOptions.defaults().withMaxPageBytes(maxPageBytes));
            writer.write(root);
            writer.write(root);
            writer.finish();
        }
        List<ColumnMetadata.Page> pages = pages(sink.toByteArray());
        long total = 0;
        long expectedPriority = 0;
        for (ColumnMetadata.Page page : pages) {
            long bytes = page.getBufferSizesList().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertTrue(bytes <= 2 * maxPageBytes, "page of " + bytes + " bytes");
            if (version == LanceFileVersion.V2_1) {
                assertEquals(expectedPriority, page.getPriority());
            }
            expectedPriority += page.getLength();
            total += page.getLength();
        }
        assertEquals(2L * rows, total);
        assertTrue(pages.size() >= 2 * rows * 8L / maxPageBytes / 2, pages.size() + " pages");
    }

    private static List<ColumnMetadata.Page> pages(byte[] file) throws Exception {
        return FileMetadata.columns(file).get(0).getPagesList();
    }
}
