package dev.plainlance.lance.file;

import dev.plainlance.lance.env.Futures;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.ArrowLoader;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.file.format.LanceFileFormatException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@link ArrowReader} over a row range of a Lance file. Each {@link #loadNextBatch()} fills the
 * reader's {@link VectorSchemaRoot} with the next batch of every selected field.
 *
 * <p>Batches are decoded ahead of the caller in a fork/join pool, onto the heap: a
 * reader that has handed out {@code k} batches keeps at most {@code min(k, 2 × processors)} more
 * decoded, so a single read decodes a single batch and memory stays bounded by batch size. When
 * every field reader is safe for concurrent use, batches decode in parallel; otherwise one after
 * the other, each with its fields in parallel. Only the caller's thread touches Arrow memory.
 *
 * <p>A reader whose caller is itself one of the pool's threads (a task that reads one fragment while
 * others read the other fragments) decodes each batch when it is asked for, on that thread: the pool
 * is already busy with its siblings, and a worker blocked on decoding queued behind it would only
 * make the pool add threads.
 */
public final class LanceFileBatchReader extends ArrowReader {
    private final int maxAhead;
    private final ForkJoinPool workers;

    private final LanceFileReader file;
    private final Schema schema;
    private final List<Integer> fieldIndices;
    private final List<FieldReader> readers;
    private final boolean concurrent;
    private final long endRow;
    private final int batchSize;
    private final long hintWindow;
    private final ArrayDeque<CompletableFuture<ArrayData[]>> ahead = new ArrayDeque<>();
    private CompletableFuture<ArrayData[]> lastScheduled;
    private long scheduledRow;
    private long hintedRow;
    private long batchesLoaded;
    private long nextRow;

    LanceFileBatchReader(
            LanceFileReader file,
            BufferAllocator allocator,
            ForkJoinPool workers,
            Schema schema,
            List<Integer> fieldIndices,
            List<FieldReader> readers,
            long startRow,
            long endRow,
            int batchSize,
            OptionalInt readahead) {
        super(allocator);
        this.workers = workers;
        this.maxAhead = Math.max(1, readahead.orElse(2 * workers.getParallelism()));
        this.file = file;
        this.schema = schema;
        this.fieldIndices = fieldIndices;
        this.readers = readers;
        this.concurrent = readers.stream().allMatch(FieldReader::isThreadSafe);
        this.nextRow = startRow;
        this.scheduledRow = startRow;
        this.hintedRow = startRow;
        this.endRow = endRow;
        this.batchSize = batchSize;
        this.hintWindow = file.hintWindow(fieldIndices, batchSize, readahead);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot root = getVectorSchemaRoot();
        if (nextRow >= endRow) {
            return false;
        }
        int count = (int) Math.min(batchSize, endRow - nextRow);
        boolean onWorker = Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == workers;
        ArrayData[] decoded;
        boolean lastBatch = nextRow + count >= endRow;
        hintReads(nextRow);
        if ((onWorker || lastBatch) && ahead.isEmpty()) {
            // nothing to overlap with: a worker would only add a hand-off
            decoded = decodeBatch(nextRow, count);
            scheduledRow = nextRow + count;
            lastScheduled = null;
        } else {
            scheduleAhead(1);
            decoded = Futures.await(ahead.removeFirst());
        }
        batchesLoaded++;
        if (!onWorker) {
            scheduleAhead((int) Math.min(maxAhead, batchesLoaded));
        }
        for (int i = 0; i < readers.size(); i++) {
            try {
                ArrowLoader.fill(root.getVector(i), decoded[i], allocator);
            } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
                throw file.error(schema.getFields().get(i).getName(), e.getMessage(), e);
            }
        }
        root.setRowCount(count);
        nextRow += count;
        return true;
    }

    /**
     * Tells the file where the rows of the next hint window ({@link LanceFileReader#hintWindow}) from {@code row}
     * lie, so that a source with slow requests can fetch them while earlier batches decode. Rows are hinted once,
     * in steps of at least half that window, so that the fetches are few and large.
     */
    private void hintReads(long row) {
        long window = hintWindow;
        long until = Math.min(endRow, row + window);
        if (until > hintedRow && (hintedRow - row < window / 2 || until == endRow)) {
            file.prefetch(fieldIndices, Math.max(row, hintedRow), until);
            hintedRow = until;
        }
    }

    /** Schedules the decoding of further batches until {@code depth} are pending. */
    private void scheduleAhead(int depth) {
        while (ahead.size() < depth && scheduledRow < endRow) {
            long start = scheduledRow;
            int count = (int) Math.min(batchSize, endRow - start);
            hintReads(start);
            CompletableFuture<ArrayData[]> batch = concurrent || lastScheduled == null
                    ? CompletableFuture.supplyAsync(() -> decodeBatch(start, count), workers)
                    : lastScheduled.thenApplyAsync(previous -> decodeBatch(start, count), workers);
            ahead.addLast(batch);
            lastScheduled = batch;
            scheduledRow = start + count;
        }
    }

    /**
     * Decodes every field's rows: one after the other when batches decode in parallel, else in
     * parallel. The first failure in field order is rethrown.
     */
    private ArrayData[] decodeBatch(long start, int count) {
        int fields = readers.size();
        ArrayData[] results = new ArrayData[fields];
        if (concurrent || fields == 1) {
            // Batches decoding at once start on different fields, so that pages shared by
            // consecutive batches are decoded by different threads.
            int first = (int) ((start / batchSize) % fields);
            RuntimeException failure = null;
            int failed = fields;
            for (int j = 0; j < fields; j++) {
                int i = (first + j) % fields;
                try {
                    results[i] = decode(i, start, count);
                } catch (RuntimeException e) {
                    if (i < failed) {
                        failure = e;
                        failed = i;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        }
        RuntimeException[] failures = new RuntimeException[fields];
        List<ForkJoinTask<?>> tasks = new ArrayList<>(fields);
        for (int i = 0; i < fields; i++) {
            int field = i;
            tasks.add(ForkJoinTask.adapt(() -> {
                try {
                    results[field] = decode(field, start, count);
                } catch (RuntimeException e) {
                    failures[field] = e;
                }
            }));
        }
        ForkJoinTask.invokeAll(tasks);
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        return results;
    }

    /**
     * Decodes one field's rows, turning decoding failures into {@link LanceFileFormatException}.
     */
    private ArrayData decode(int field, long start, int count) {
        return file.decoded(schema.getFields().get(field).getName(), count, () -> readers.get(field)
                .read(start, count));
    }

    /** Page bytes the underlying file reader has read so far (shared by all its batch readers). */
    @Override
    public long bytesRead() {
        return file.pageBytesRead();
    }

    /** Batches not yet started are dropped; those being decoded finish on their own. */
    @Override
    protected void closeReadSource() {
        for (CompletableFuture<ArrayData[]> batch : ahead) {
            batch.cancel(false);
        }
        ahead.clear();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
