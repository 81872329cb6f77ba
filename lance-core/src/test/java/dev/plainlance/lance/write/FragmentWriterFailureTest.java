package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.LanceIOException;
import dev.plainlance.lance.file.LanceFileVersion;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
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

    /** In-memory storage whose new objects refuse writes once they hold {@code limit} bytes. */
    private static final class FullDiskStorage implements Storage {
        final InMemoryStorage delegate = new InMemoryStorage();
        private final long limit;

        FullDiskStorage(long limit) {
            this.limit = limit;
        }

        @Override
        public byte[] read(String key) throws IOException {
            return delegate.read(key);
        }

        @Override
        public ByteBuffer readRange(String key, long offset, int length) throws IOException {
            return delegate.readRange(key, offset, length);
        }

        @Override
        public Optional<byte[]> readIfExists(String key) throws IOException {
            return delegate.readIfExists(key);
        }

        @Override
        public long size(String key) throws IOException {
            return delegate.size(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) throws IOException {
            return delegate.list(prefix);
        }

        @Override
        public void putIfAbsent(String key, byte[] data) throws IOException {
            delegate.putIfAbsent(key, data);
        }

        @Override
        public PendingObject create(String key) throws IOException {
            PendingObject object = delegate.create(key);
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

        @Override
        public void replace(String key, byte[] data) throws IOException {
            delegate.replace(key, data);
        }

        @Override
        public boolean delete(String key) throws IOException {
            return delegate.delete(key);
        }

        @Override
        public String describe(String key) {
            return "memory:" + key;
        }
    }

    /** Ten batches of 1,000 rows, replayed. */
    private static final class Batches extends ArrowReader {
        private int loaded;

        Batches(BufferAllocator allocator) {
            super(allocator);
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (loaded == 10) {
                return false;
            }
            VectorSchemaRoot root = getVectorSchemaRoot();
            BigIntVector id = (BigIntVector) root.getVector("id");
            VarCharVector name = (VarCharVector) root.getVector("name");
            id.allocateNew(1000);
            name.allocateNew(1000);
            for (int i = 0; i < 1000; i++) {
                long row = loaded * 1000L + i;
                id.set(i, row * 31);
                if (row % 7 != 0) {
                    name.setSafe(i, ("row " + row).getBytes());
                }
            }
            root.setRowCount(1000);
            loaded++;
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {}

        @Override
        protected Schema readSchema() {
            return SCHEMA;
        }
    }

    @ParameterizedTest
    @CsvSource({"2.1, 100, true", "2.1, 30000, true", "2.1, 30000, false", "2.0, 100, true", "2.0, 30000, false"})
    void aFullDiskIsATypedErrorNamingTheFile(String version, long limit, boolean background) {
        LanceFileVersion v = version.equals("2.0") ? LanceFileVersion.V2_0 : LanceFileVersion.V2_1;
        FullDiskStorage storage = new FullDiskStorage(limit);
        AtomicLong ids = new AtomicLong();
        FragmentWriter writer = new FragmentWriter(storage, LanceSchema.fromArrow(SCHEMA), v, 3000,
                new DataFileNames(() -> new UUID(0, ids.incrementAndGet())),
                WriterOptions.defaults().withMaxPageBytes(4096).withBackgroundEncoding(background));
        try (BufferAllocator allocator = new RootAllocator(); Batches input = new Batches(allocator)) {
            LanceIOException failure = assertThrows(LanceIOException.class, () -> writer.write(input));
            assertTrue(failure.getMessage().startsWith("cannot write data file memory:data/"), failure.getMessage());
            assertTrue(failure.getMessage().endsWith("no space left on device"), failure.getMessage());
            assertEquals(List.of(), storage.delegate.list("data/"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
