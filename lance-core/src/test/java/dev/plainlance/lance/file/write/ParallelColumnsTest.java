package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.LanceFileVersion;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Columns of large batches are encoded in parallel, and the file is byte for byte the one a sequential writer
 * makes: pages reach the file in the same order whatever the threads' timing.
 */
class ParallelColumnsTest {

    @ParameterizedTest
    @EnumSource(value = LanceFileVersion.class, names = {"V2_0", "V2_1"})
    void parallelEncodingWritesTheSequentialFile(LanceFileVersion version) throws Exception {
        Schema schema = RichSchema.rich();
        List<List<List<Object>>> batches = List.of(RichSchema.richRows(0, 6000), RichSchema.richRows(6000, 20000));
        WriterOptions small = WriterOptions.defaults().withMaxPageBytes(16 * 1024);
        try (BufferAllocator allocator = new RootAllocator()) {
            byte[] sequential = RoundTrip.write(schema, batches, version, small.withParallelColumns(false), allocator)
                    .bytes();
            for (int run = 0; run < 3; run++) {
                RoundTrip.Written parallel = RoundTrip.write(schema, batches, version, small, allocator);
                assertArrayEquals(sequential, parallel.bytes(), "run " + run);
            }
            int pages = FileMetadata.columns(sequential).stream().mapToInt(c -> c.getPagesCount()).sum();
            assertTrue(pages > 2 * FileMetadata.columns(sequential).size(), pages + " pages");
            List<String> expected = RoundTrip.expected(schema, batches, allocator);
            if (version == LanceFileVersion.V2_0) {
                expected = expected.stream().map(l -> l.replace("\"st\":null", "\"st\":{\"a\":null,\"b\":null}"))
                        .toList();
            }
            assertEquals(expected, RoundTrip.readBack(sequential, allocator, 4096));
        }
    }
}
