package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.format.ByteArraySource;
import dev.plainlance.lance.file.write.ByteArraySink;
import dev.plainlance.lance.file.write.LanceFileWriter;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.ByteRange;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * A batch reader given a read-ahead asks its source for the pages of that many batches ahead at a time, and returns
 * the same rows as one sizing its read-ahead itself.
 */
class ReadaheadTest {
    private static final int ROWS = 20_000;
    private static final int BATCH = 100;

    /** Records each prefetch hint's end, the furthest byte it asks for. */
    private static final class HintedSource implements RandomAccessSource {
        final ByteArraySource bytes;
        final List<Long> hintEnds = new ArrayList<>();

        HintedSource(byte[] file) {
            this.bytes = new ByteArraySource(file, "ahead.lance");
        }

        @Override
        public long size() {
            return bytes.size();
        }

        @Override
        public ByteBuffer read(long offset, int length) throws IOException {
            return bytes.read(offset, length);
        }

        @Override
        public synchronized void prefetch(List<ByteRange> ranges) {
            hintEnds.add(ranges.stream().mapToLong(ByteRange::end).max().orElse(0));
        }

        @Override
        public String name() {
            return bytes.name();
        }
    }

    private static byte[] file(BufferAllocator allocator) {
        Schema schema = new Schema(List.of(Field.nullable("x", new ArrowType.Int(64, true))));
        ByteArraySink sink = new ByteArraySink();
        LanceFileWriter writer = LanceFileWriter.create(
                sink,
                LanceSchema.fromArrow(schema),
                dev.plainlance.lance.file.format.LanceFileVersion.V2_1,
                WriterOptions.defaults().withMaxPageBytes(1024));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int i = 0; i < ROWS; i++) {
                ((BigIntVector) root.getVector(0)).setSafe(i, i * 7919L);
            }
            root.setRowCount(ROWS);
            writer.write(root);
        }
        writer.finish();
        return sink.toByteArray();
    }

    private static List<Long> read(HintedSource source, OptionalInt readahead, BufferAllocator allocator)
            throws IOException {
        List<Long> values = new ArrayList<>();
        LanceFileReader reader = LanceFileReader.open(source);
        try (LanceFileBatchReader batches =
                reader.readBatches(allocator, ForkJoinPool.commonPool(), null, 0, ROWS, BATCH, readahead)) {
            while (batches.loadNextBatch()) {
                BigIntVector x = (BigIntVector) batches.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < x.getValueCount(); i++) {
                    values.add(x.get(i));
                }
            }
        }
        return values;
    }

    @Test
    void aReadaheadBoundsHowFarEachHintReaches() throws IOException {
        try (BufferAllocator allocator = new RootAllocator()) {
            byte[] file = file(allocator);
            HintedSource decided = new HintedSource(file);
            List<Long> expected = read(decided, OptionalInt.empty(), allocator);
            assertEquals(ROWS, expected.size());
            for (int readahead : new int[] {0, 2, 8}) {
                HintedSource source = new HintedSource(file);
                assertEquals(expected, read(source, OptionalInt.of(readahead), allocator), "readahead " + readahead);
                // a hint reaches the loaded batch and the read-ahead ones (one at least), every half of that at most
                int window = BATCH * (1 + Math.max(1, readahead));
                assertTrue(
                        source.hintEnds.size() >= ROWS / window,
                        "readahead " + readahead + ": " + source.hintEnds.size() + " hints");
                assertTrue(
                        source.hintEnds.size() > 4 * decided.hintEnds.size(),
                        "readahead " + readahead + " hints in smaller steps than the reader's own sizing: "
                                + source.hintEnds.size() + " against " + decided.hintEnds.size());
            }
        }
    }
}
