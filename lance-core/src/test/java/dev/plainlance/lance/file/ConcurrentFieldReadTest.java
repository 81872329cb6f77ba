package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.ArrowLoader;
import dev.plainlance.lance.file.format.FieldReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 2.1+ field readers promise to be safe for concurrent use (scans decode batches in parallel
 * through one reader per field): random row ranges read by four threads through one shared reader
 * equal the same rows read alone.
 */
class ConcurrentFieldReadTest {

    @ParameterizedTest
    @ValueSource(strings = {"enc_2.1", "enc_2.2", "paged_2.1", "types_2.2", "wide_2.1"})
    void sharedReadersReturnTheRowsOfASequentialRead(String file) throws Exception {
        LanceFileReader reader = FixtureFiles.open("gen/" + file + ".lance");
        int rows = (int) reader.numRows();
        try (BufferAllocator allocator = new RootAllocator()) {
            List<List<Object>> expected = FixtureFiles.readColumns(reader, allocator, rows);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                for (int field = 0; field < reader.fields().size(); field++) {
                    FieldReader shared = reader.fieldReader(field);
                    assertTrue(shared.isThreadSafe(), file + " field " + field);
                    List<Future<Integer>> checks = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        Random random = new Random(31L * field + t);
                        int column = field;
                        checks.add(threads.submit(() -> readRandomRanges(
                                shared, reader, column, expected.get(column), rows, random, allocator)));
                    }
                    for (Future<Integer> check : checks) {
                        assertEquals(40, check.get());
                    }
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Reads 40 random ranges and compares each row with {@code expected}; returns the count. */
    private static int readRandomRanges(
            FieldReader shared,
            LanceFileReader reader,
            int field,
            List<Object> expected,
            int rows,
            Random random,
            BufferAllocator allocator) {
        for (int i = 0; i < 40; i++) {
            int start = random.nextInt(rows);
            int count = 1 + random.nextInt(Math.min(rows - start, 2_000));
            ArrayData data = shared.read(start, count);
            try (FieldVector vector =
                    ArrowLoader.load(reader.arrowSchema().getFields().get(field), data, allocator)) {
                for (int r = 0; r < count; r++) {
                    assertEquals(
                            expected.get(start + r),
                            FixtureFiles.plain(vector.getObject(r)),
                            "field " + field + " row " + (start + r));
                }
            }
        }
        return 40;
    }
}
