package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A sink that fails part-way: the failure reaches the caller as raised, and the writer can be aborted. */
class WriterFailureTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null)));

    /** Accepts {@code limit} bytes, then fails every write. */
    private static final class FailingSink implements OutputSink {
        private final long limit;
        private long position;
        int failures;

        FailingSink(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (position + bytes.remaining() > limit) {
                failures++;
                throw new IOException("disk full at " + position);
            }
            position += bytes.remaining();
            bytes.position(bytes.limit());
        }

        @Override
        public long position() {
            return position;
        }
    }

    @ParameterizedTest
    @CsvSource({"2.1, true", "2.1, false", "2.0, true", "2.0, false"})
    void aFailedWriteReachesTheCallerAndTheWriterCanBeAborted(String version, boolean background) {
        LanceFileVersion v = version.equals("2.0") ? LanceFileVersion.V2_0 : LanceFileVersion.V2_1;
        FailingSink sink = new FailingSink(20_000);
        LanceFileWriter writer = LanceFileWriter.create(
                sink,
                LanceSchema.fromArrow(SCHEMA),
                v,
                WriterOptions.defaults().withMaxPageBytes(4096).withBackgroundEncoding(background));
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) batch.getVector("id");
            VarCharVector name = (VarCharVector) batch.getVector("name");
            int rows = 5000;
            id.allocateNew(rows);
            name.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                id.set(i, i * 7919L);
                name.setSafe(i, ("name-" + i).getBytes());
            }
            batch.setRowCount(rows);
            UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> {
                for (int b = 0; b < 20; b++) {
                    writer.write(batch);
                }
                writer.finish();
            });
            assertTrue(failure.getCause().getMessage().startsWith("disk full"), failure.getMessage());
            assertEquals(1, sink.failures);
            writer.abort();
            assertThrows(IllegalStateException.class, () -> writer.write(batch));
            assertEquals(1, sink.failures, "nothing is written after the failure");
        }
    }
}
