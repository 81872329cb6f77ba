package dev.plainlance.lance.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.arrow.algorithm.sort.DefaultVectorComparators;
import org.apache.arrow.algorithm.sort.VectorValueComparator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The rows of a reader sorted by keys, then without the first {@code offset} and at most {@code limit} of them,
 * with only the output columns. The input is read on the first {@link #loadNextBatch()}: batches are kept until
 * they hold {@code runBytes}, then sorted; when the input holds more, each sorted run is written to a temporary Arrow
 * file (deleted on close) and the runs are merged. Ties keep no particular order.
 */
final class SortedReader extends ArrowReader {
    /** A sort key: a column of the input, its direction and where its nulls go. */
    record Key(int column, boolean ascending, boolean nullFirst) {}

    private final ArrowReader input;
    private final List<Key> keys;
    private final int[] outputColumns;
    private final Schema outputSchema;
    private final int batchSize;
    private final long runBytes;
    private final BufferAllocator allocator;
    private final List<Path> spills = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private long toSkip;
    private long remaining;
    private Cursor sorted;

    SortedReader(
            ArrowReader input,
            List<Key> keys,
            int[] outputColumns,
            int batchSize,
            long offset,
            long limit,
            long runBytes,
            BufferAllocator allocator)
            throws IOException {
        super(allocator);
        this.input = input;
        this.keys = List.copyOf(keys);
        this.outputColumns = outputColumns.clone();
        List<Field> fields = input.getVectorSchemaRoot().getSchema().getFields();
        this.outputSchema =
                new Schema(Arrays.stream(outputColumns).mapToObj(fields::get).toList());
        this.batchSize = batchSize;
        this.toSkip = offset;
        this.remaining = limit;
        this.runBytes = runBytes;
        this.allocator = allocator;
    }

    /**
     * Checks that a column of {@code field}'s type can be ordered.
     *
     * @throws IllegalArgumentException naming the column if not
     */
    static void requireOrderable(Field field, BufferAllocator allocator) {
        try (FieldVector vector = field.createVector(allocator)) {
            DefaultVectorComparators.createDefaultComparator(vector);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot order by column '" + field.getName() + "' of type " + field.getType());
        }
    }

    @Override
    protected Schema readSchema() {
        return outputSchema;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (sorted == null) {
            sorted = sortInput();
        }
        VectorSchemaRoot out = getVectorSchemaRoot();
        out.getFieldVectors().forEach(v -> {
            v.clear();
            v.setInitialCapacity(batchSize);
            v.allocateNew();
        });
        int rows = 0;
        while (rows < batchSize && remaining > 0 && sorted.advance()) {
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            for (int c = 0; c < outputColumns.length; c++) {
                out.getVector(c).copyFromSafe(sorted.row(), rows, sorted.batch().getVector(outputColumns[c]));
            }
            rows++;
            remaining--;
        }
        out.setRowCount(rows);
        return rows > 0;
    }

    /** Reads the whole input into sorted runs and returns a cursor over all its rows in order. */
    private Cursor sortInput() throws IOException {
        List<Cursor> runs = new ArrayList<>();
        List<VectorSchemaRoot> batches = new ArrayList<>();
        long bytes = 0;
        while (input.loadNextBatch()) {
            VectorSchemaRoot batch = take(input.getVectorSchemaRoot());
            batches.add(batch);
            open.add(batch);
            bytes += batch.getFieldVectors().stream()
                    .mapToLong(ValueVector::getBufferSize)
                    .sum();
            if (bytes >= runBytes) {
                runs.add(spill(new MemoryRun(batches, keys)));
                batches = new ArrayList<>();
                bytes = 0;
            }
        }
        MemoryRun last = new MemoryRun(batches, keys);
        if (runs.isEmpty()) {
            return last;
        }
        if (!batches.isEmpty()) {
            runs.add(spill(last));
        }
        return new Merge(runs, keys);
    }

    /** A root owning the buffers of {@code batch}, which the input may refill after this. */
    private VectorSchemaRoot take(VectorSchemaRoot batch) {
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : batch.getFieldVectors()) {
            TransferPair pair = vector.getTransferPair(allocator);
            pair.transfer();
            vectors.add((FieldVector) pair.getTo());
        }
        VectorSchemaRoot copy = new VectorSchemaRoot(vectors);
        copy.setRowCount(batch.getRowCount());
        return copy;
    }

    /** Writes a sorted run to a temporary file, frees its batches and returns a cursor reading the file. */
    private Cursor spill(MemoryRun run) throws IOException {
        Path file = Files.createTempFile("plainlance-sort-", ".arrow");
        spills.add(file);
        Schema schema = input.getVectorSchemaRoot().getSchema();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
                ArrowFileWriter writer = new ArrowFileWriter(out, null, channel)) {
            writer.start();
            int rows = 0;
            while (run.advance()) {
                if (rows == 0) {
                    out.getFieldVectors().forEach(v -> {
                        v.clear();
                        v.allocateNew();
                    });
                }
                for (int c = 0; c < schema.getFields().size(); c++) {
                    out.getVector(c).copyFromSafe(run.row(), rows, run.batch().getVector(c));
                }
                if (++rows == batchSize) {
                    out.setRowCount(rows);
                    writer.writeBatch();
                    rows = 0;
                }
            }
            if (rows > 0) {
                out.setRowCount(rows);
                writer.writeBatch();
            }
            writer.end();
        }
        run.close();
        open.removeAll(run.batches);
        ArrowFileReader reader = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator);
        open.add(reader);
        return new FileRun(reader);
    }

    @Override
    public long bytesRead() {
        return input.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        try {
            for (AutoCloseable c : open) {
                c.close();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            input.close();
            for (Path spill : spills) {
                Files.deleteIfExists(spill);
            }
        }
    }

    /** Rows in sorted order, one at a time. */
    private interface Cursor {
        /** Moves to the next row; false when there is none. */
        boolean advance() throws IOException;

        VectorSchemaRoot batch();

        int row();
    }

    /** Compares rows of two batches by the keys. */
    private static final class RowOrder {
        private final List<Key> keys;
        private final List<VectorValueComparator<ValueVector>> comparators = new ArrayList<>();

        RowOrder(List<Key> keys, VectorSchemaRoot sample) {
            this.keys = keys;
            for (Key key : keys) {
                comparators.add(DefaultVectorComparators.createDefaultComparator(sample.getVector(key.column())));
            }
        }

        int compare(VectorSchemaRoot a, int rowA, VectorSchemaRoot b, int rowB) {
            for (int k = 0; k < keys.size(); k++) {
                Key key = keys.get(k);
                ValueVector va = a.getVector(key.column());
                ValueVector vb = b.getVector(key.column());
                boolean nullA = va.isNull(rowA);
                boolean nullB = vb.isNull(rowB);
                int cmp;
                if (nullA || nullB) {
                    cmp = nullA == nullB ? 0 : (nullA == key.nullFirst() ? -1 : 1);
                } else {
                    VectorValueComparator<ValueVector> comparator = comparators.get(k);
                    comparator.attachVectors(va, vb);
                    cmp = comparator.compareNotNull(rowA, rowB);
                    if (!key.ascending()) {
                        cmp = -cmp;
                    }
                }
                if (cmp != 0) {
                    return cmp;
                }
            }
            return 0;
        }
    }

    /** Batches held in memory, visited in sorted order. */
    private static final class MemoryRun implements Cursor, AutoCloseable {
        final List<VectorSchemaRoot> batches;
        private final long[] order;
        private int next = -1;

        MemoryRun(List<VectorSchemaRoot> batches, List<Key> keys) {
            this.batches = batches;
            int total = batches.stream().mapToInt(VectorSchemaRoot::getRowCount).sum();
            Long[] rows = new Long[total];
            int at = 0;
            for (int b = 0; b < batches.size(); b++) {
                for (int r = 0; r < batches.get(b).getRowCount(); r++) {
                    rows[at++] = ((long) b << 32) | r;
                }
            }
            if (total > 1) {
                RowOrder rowOrder = new RowOrder(keys, batches.get(0));
                Arrays.sort(
                        rows,
                        (x, y) -> rowOrder.compare(
                                batches.get((int) (x >>> 32)), (int) (long) x, batches.get((int) (y >>> 32)), (int)
                                        (long) y));
            }
            this.order = Arrays.stream(rows).mapToLong(Long::longValue).toArray();
        }

        @Override
        public boolean advance() {
            return ++next < order.length;
        }

        @Override
        public VectorSchemaRoot batch() {
            return batches.get((int) (order[next] >>> 32));
        }

        @Override
        public int row() {
            return (int) order[next];
        }

        @Override
        public void close() {
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    /** A spilled run, read back batch by batch. */
    private static final class FileRun implements Cursor {
        private final ArrowFileReader reader;
        private int row = -1;
        private boolean loaded;

        FileRun(ArrowFileReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean advance() throws IOException {
            row++;
            while (!loaded || row >= reader.getVectorSchemaRoot().getRowCount()) {
                if (!reader.loadNextBatch()) {
                    return false;
                }
                loaded = true;
                row = 0;
            }
            return true;
        }

        @Override
        public VectorSchemaRoot batch() {
            try {
                return reader.getVectorSchemaRoot();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int row() {
            return row;
        }
    }

    /** The rows of several sorted runs, merged. */
    private static final class Merge implements Cursor {
        private final PriorityQueue<Cursor> heads;
        private final List<Cursor> pending;
        private Cursor current;

        Merge(List<Cursor> runs, List<Key> keys) throws IOException {
            List<Cursor> started = new ArrayList<>();
            for (Cursor run : runs) {
                if (run.advance()) {
                    started.add(run);
                }
            }
            RowOrder rowOrder =
                    started.isEmpty() ? null : new RowOrder(keys, started.get(0).batch());
            Comparator<Cursor> order = (x, y) -> rowOrder.compare(x.batch(), x.row(), y.batch(), y.row());
            this.heads = new PriorityQueue<>(Math.max(1, started.size()), order);
            this.pending = started;
        }

        @Override
        public boolean advance() throws IOException {
            if (pending != null && !pending.isEmpty()) {
                heads.addAll(pending);
                pending.clear();
            } else if (current != null && current.advance()) {
                heads.add(current);
            }
            current = heads.poll();
            return current != null;
        }

        @Override
        public VectorSchemaRoot batch() {
            return current.batch();
        }

        @Override
        public int row() {
            return current.row();
        }
    }
}
