package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.ForwardingStorage;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * A finished data file is told it is complete at once and published only after the next file is written, so the
 * storage can make it durable meanwhile; the calls still come in one order, and a failure publishes nothing.
 */
class FragmentWriterPublishOrderTest {
    private static final Schema SCHEMA =
            new Schema(List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

    /** Records {@code create N}, {@code finish N} and {@code commit N} (N = order of creation), failing create {@code failAt}. */
    private static final class RecordingStorage extends ForwardingStorage {
        final List<String> calls = new ArrayList<>();
        private final int failAt;
        private int created;

        RecordingStorage(InMemoryStorage inner, int failAt) {
            super(inner);
            this.failAt = failAt;
        }

        @Override
        public PendingObject create(String key) throws IOException {
            int n = ++created;
            calls.add("create " + n);
            if (n == failAt) {
                throw new IOException("disk gone");
            }
            PendingObject object = super.create(key);
            return new PendingObject() {
                @Override
                public void write(ByteBuffer bytes) throws IOException {
                    object.write(bytes);
                }

                @Override
                public long position() {
                    return object.position();
                }

                @Override
                public void finishWriting() {
                    calls.add("finish " + n);
                }

                @Override
                public void commit() throws IOException {
                    calls.add("commit " + n);
                    object.commit();
                }

                @Override
                public void close() throws IOException {
                    object.close();
                }
            };
        }
    }

    private static List<DataFragment> write(RecordingStorage storage) throws IOException {
        AtomicLong ids = new AtomicLong();
        FragmentWriter writer = new FragmentWriter(
                storage,
                LanceSchema.fromArrow(SCHEMA),
                LanceFileVersion.V2_0,
                3000,
                WriteSpec.DEFAULT_MAX_BYTES_PER_FILE,
                new DataFileNames(() -> new UUID(0, ids.incrementAndGet())),
                WriterOptions.defaults());
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot rows = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector id = (BigIntVector) rows.getVector("id");
            id.allocateNew(10_000);
            for (int i = 0; i < 10_000; i++) {
                id.set(i, i);
            }
            rows.setRowCount(10_000);
            try (ArrowReader input = ArrowReaders.of(SCHEMA, List.of(rows), allocator)) {
                return writer.write(input);
            }
        }
    }

    @Test
    void eachFileIsPublishedAfterTheNextIsWritten() throws IOException {
        InMemoryStorage memory = new InMemoryStorage();
        RecordingStorage storage = new RecordingStorage(memory, 0);
        List<DataFragment> fragments = write(storage);
        assertEquals(
                List.of(
                        "create 1",
                        "finish 1",
                        "create 2",
                        "finish 2",
                        "commit 1",
                        "create 3",
                        "finish 3",
                        "commit 2",
                        "create 4",
                        "finish 4",
                        "commit 3",
                        "commit 4"),
                storage.calls);
        assertEquals(
                List.of(3000L, 3000L, 3000L, 1000L),
                fragments.stream().map(DataFragment::getPhysicalRows).toList());
        assertEquals(4, memory.list("data/").size());
    }

    @Test
    void aFailureBeforeTheNextFileIsWrittenPublishesNothing() throws IOException {
        InMemoryStorage memory = new InMemoryStorage();
        RecordingStorage storage = new RecordingStorage(memory, 2);
        assertThrows(IOException.class, () -> write(storage));
        assertEquals(List.of("create 1", "finish 1", "create 2"), storage.calls);
        assertEquals(List.of(), memory.list("data/"));
    }
}
