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
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
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

/**
 * Files finished in the background while the next one is buffered: the storage sees the same operations in the
 * same order as when they are finished one after the other, and a failure is reported the same way.
 */
class FragmentWriterBackgroundTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null)));
    private static final int ROWS_PER_FILE = 3000;

    /** Records every mutating operation; fails the commit of the {@code failCommit}-th created object (1-based). */
    private static final class RecordingStorage implements Storage {
        final InMemoryStorage delegate = new InMemoryStorage();
        final List<String> operations = Collections.synchronizedList(new ArrayList<>());
        private final int failCommit;
        private int created;

        RecordingStorage(int failCommit) {
            this.failCommit = failCommit;
        }

        /** Commits take a while, so that a file finished in the background is still busy when the next one fills. */
        private static void pause() throws IOException {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
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
            operations.add("put " + key);
            delegate.putIfAbsent(key, data);
        }

        @Override
        public synchronized PendingObject create(String key) throws IOException {
            operations.add("create " + key);
            PendingObject object = delegate.create(key);
            boolean fail = ++created == failCommit;
            return new PendingObject() {
                @Override
                public void write(ByteBuffer bytes) throws IOException {
                    operations.add("write " + key + " " + bytes.remaining());
                    object.write(bytes);
                }

                @Override
                public long position() {
                    return object.position();
                }

                @Override
                public void commit() throws IOException {
                    pause();
                    operations.add("commit " + key);
                    if (fail) {
                        throw new IOException("injected commit failure of " + key);
                    }
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
            operations.add("replace " + key);
            delegate.replace(key, data);
        }

        @Override
        public boolean delete(String key) throws IOException {
            operations.add("delete " + key);
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

    private static FragmentWriter writer(Storage storage, LanceFileVersion version, boolean background) {
        AtomicLong ids = new AtomicLong();
        return new FragmentWriter(storage, LanceSchema.fromArrow(SCHEMA), version, ROWS_PER_FILE,
                new DataFileNames(() -> new UUID(0, ids.incrementAndGet())),
                WriterOptions.defaults().withMaxPageBytes(4096).withBackgroundEncoding(background));
    }

    @ParameterizedTest
    @CsvSource({"2.1", "2.0"})
    void backgroundFinishingDoesTheSameStorageOperationsInTheSameOrder(String version) throws IOException {
        LanceFileVersion v = version.equals("2.0") ? LanceFileVersion.V2_0 : LanceFileVersion.V2_1;
        RecordingStorage sequential = new RecordingStorage(0);
        RecordingStorage background = new RecordingStorage(0);
        try (BufferAllocator allocator = new RootAllocator()) {
            List<DataFragment> one;
            List<DataFragment> other;
            try (Batches input = new Batches(allocator)) {
                one = writer(sequential, v, false).write(input);
            }
            try (Batches input = new Batches(allocator)) {
                other = writer(background, v, true).write(input);
            }
            assertEquals(4, one.size());
            assertEquals(one, other);
            assertEquals(sequential.operations, background.operations);
            assertTrue(sequential.operations.size() > 20, sequential.operations.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"1, true", "2, true", "3, true", "1, false", "2, false"})
    void aFileThatFailsToPublishFailsTheWriteAsRaisedAndNoLaterFileIsCommitted(int failing, boolean background) {
        RecordingStorage storage = new RecordingStorage(failing);
        try (BufferAllocator allocator = new RootAllocator(); Batches input = new Batches(allocator)) {
            LanceIOException failure = assertThrows(LanceIOException.class,
                    () -> writer(storage, LanceFileVersion.V2_1, background).write(input));
            assertTrue(failure.getMessage().startsWith("cannot publish data file"), failure.getMessage());
            long commits = storage.operations.stream().filter(op -> op.startsWith("commit ")).count();
            assertEquals(failing, commits, storage.operations.toString());
            assertEquals(failing - 1, storage.delegate.list("data/").size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
