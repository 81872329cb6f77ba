package dev.plainlance.lance.file;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.ArrowLoader;
import dev.plainlance.lance.file.codec.DecodeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@link ArrowReader} over a row range of a Lance file. Each {@link #loadNextBatch()} decodes the
 * next batch of every selected field into the reader's {@link VectorSchemaRoot}.
 */
public final class LanceFileBatchReader extends ArrowReader {
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(
                    runnable -> {
                        Thread thread = new Thread(runnable, "lance-file-decode");
                        thread.setDaemon(true);
                        return thread;
                    });

    private final LanceFileReader file;
    private final Schema schema;
    private final List<FieldReader> readers;
    private final long endRow;
    private final int batchSize;
    private long nextRow;

    LanceFileBatchReader(
            LanceFileReader file,
            BufferAllocator allocator,
            Schema schema,
            List<FieldReader> readers,
            long startRow,
            long endRow,
            int batchSize) {
        super(allocator);
        this.file = file;
        this.schema = schema;
        this.readers = readers;
        this.nextRow = startRow;
        this.endRow = endRow;
        this.batchSize = batchSize;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot root = getVectorSchemaRoot();
        if (nextRow >= endRow) {
            return false;
        }
        int count = (int) Math.min(batchSize, endRow - nextRow);
        ArrayData[] decoded = decodeAll(nextRow, count);
        for (int i = 0; i < readers.size(); i++) {
            ArrayData data = decoded[i];
            try {
                ArrowLoader.fill(root.getVector(i), data, allocator);
            } catch (DecodeException
                    | ArithmeticException
                    | IndexOutOfBoundsException
                    | IllegalArgumentException e) {
                throw file.error(schema.getFields().get(i).getName(), e.getMessage(), e);
            }
        }
        root.setRowCount(count);
        nextRow += count;
        return true;
    }

    /**
     * Decodes one field's rows, turning decoding failures into {@link LanceFileFormatException}.
     */
    private ArrayData decode(FieldReader reader, String column, long start, int count) {
        try {
            ArrayData data = reader.read(start, count);
            if (data.length != count) {
                throw new DecodeException("decoded " + data.length + " rows, expected " + count);
            }
            return data;
        } catch (LanceFileFormatException e) {
            throw e;
        } catch (DecodeException
                | ArithmeticException
                | IndexOutOfBoundsException
                | IllegalArgumentException
                | NegativeArraySizeException
                | IllegalStateException e) {
            throw file.error(column, e.getMessage(), e);
        }
    }

    /**
     * Decodes every field's rows; the calling thread and up to (processors - 1) pool threads take
     * fields from a shared counter until all are done.
     */
    private ArrayData[] decodeAll(long start, int count) {
        int fields = readers.size();
        ArrayData[] results = new ArrayData[fields];
        AtomicInteger next = new AtomicInteger();
        Runnable worker =
                () -> {
                    for (int i = next.getAndIncrement(); i < fields; i = next.getAndIncrement()) {
                        results[i] =
                                decode(
                                        readers.get(i),
                                        schema.getFields().get(i).getName(),
                                        start,
                                        count);
                    }
                };
        int helpers = Math.min(fields, Runtime.getRuntime().availableProcessors()) - 1;
        List<CompletableFuture<Void>> running = new ArrayList<>(Math.max(helpers, 0));
        for (int h = 0; h < helpers; h++) {
            running.add(CompletableFuture.runAsync(worker, POOL));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            next.set(fields);
            failure = e;
        }
        for (CompletableFuture<Void> helper : running) {
            try {
                helper.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /** Page bytes the underlying file reader has read so far (shared by all its batch readers). */
    @Override
    public long bytesRead() {
        return file.pageBytesRead();
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
