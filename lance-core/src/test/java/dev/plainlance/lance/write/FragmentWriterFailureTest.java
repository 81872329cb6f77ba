package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.ForwardingStorage;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A data file the storage cannot take fails the write with a typed error naming the file, and leaves nothing. */
class FragmentWriterFailureTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null)));

    /** In-memory storage whose new objects refuse writes once they would hold more than {@code limit} bytes. */
    private static final class FullDiskStorage extends ForwardingStorage {
        private final long limit;

        FullDiskStorage(InMemoryStorage inner, long limit) {
            super(inner);
            this.limit = limit;
        }

        @Override
        public PendingObject create(String key) throws IOException {
            PendingObject object = super.create(key);
            return new PendingObject() {
                @Override
                public void write(ByteBuffer bytes) throws IOException {
                    if (object.position() + bytes.remaining() > limit) {
                        throw new IOException("no space left on device");
                    }
                    object.write(bytes);
                }

                @Override
                public long position() {
                    return object.position();
                }

                @Override
                public void commit() throws IOException {
                    object.commit();
                }

                @Override
                public void close() throws IOException {
                    object.close();
                }
            };
        }
    }

    /** 10,000 rows; every seventh name is null. */
    private static VectorSchemaRoot rows(BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        int n = 10_000;
        id.allocateNew(n);
        name.allocateNew(n);
        for (int i = 0; i < n; i++) {
            id.set(i, i * 31L);
            if (i % 7 != 0) {
                name.setSafe(i, ("row " + i).getBytes());
            }
        }
        root.setRowCount(n);
        return root;
    }

    @ParameterizedTest
    @CsvSource({"2.1, 100, true", "2.1, 30000, true", "2.1, 30000, false", "2.0, 100, true", "2.0, 30000, false"})
    void aFullDiskIsATypedErrorNamingTheFile(String version, long limit, boolean background) throws IOException {
        LanceFileVersion v = version.equals("2.0") ? LanceFileVersion.V2_0 : LanceFileVersion.V2_1;
        InMemoryStorage memory = new InMemoryStorage();
        AtomicLong ids = new AtomicLong();
        FragmentWriter writer = new FragmentWriter(
                new FullDiskStorage(memory, limit),
                LanceSchema.fromArrow(SCHEMA),
                v,
                3000,
                WriteSpec.DEFAULT_MAX_BYTES_PER_FILE,
                new DataFileNames(() -> new UUID(0, ids.incrementAndGet())),
                WriterOptions.defaults().withMaxPageBytes(4096).withBackgroundEncoding(background));
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot rows = rows(allocator);
                ArrowReader input = ArrowReaders.of(SCHEMA, List.of(rows), allocator)) {
            LanceIOException failure = assertThrows(LanceIOException.class, () -> writer.write(input));
            assertTrue(
                    failure.getMessage().startsWith("cannot write data file " + memory.describe("data/")),
                    failure.getMessage());
            assertTrue(failure.getMessage().endsWith("no space left on device"), failure.getMessage());
            assertEquals(List.of(), memory.list("data/"));
        }
    }
}
