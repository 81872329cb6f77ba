package dev.plainlance.lance.file;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.ArrowLoader;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.file.format.PickingFieldReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads chosen rows of some top-level fields of a Lance file into one Arrow root. A field whose reader picks rows
 * ({@link PickingFieldReader}) decodes only what those rows need; any other field decodes spans of nearby chosen
 * rows, and the chosen rows are taken from them. Fields decode in parallel on the workers when their
 * readers allow it; only the caller's thread touches Arrow memory.
 */
public final class PickedRowsReader implements AutoCloseable {
    /** Rows at most this far apart are decoded together, with the rows between them. */
    private static final int SPAN_GAP = 1024;

    private final LanceFileReader file;
    private final BufferAllocator allocator;
    private final ForkJoinPool workers;
    private final List<FieldReader> readers = new ArrayList<>();
    private final boolean concurrent;
    private final VectorSchemaRoot root;

    PickedRowsReader(
            LanceFileReader file, BufferAllocator allocator, ForkJoinPool workers, List<Integer> fieldIndices) {
        this.file = file;
        this.allocator = allocator;
        this.workers = workers;
        List<Field> fields = new ArrayList<>();
        for (int index : fieldIndices) {
            fields.add(file.arrowSchema().getFields().get(index));
            readers.add(file.fieldReader(index));
        }
        this.concurrent = readers.stream().allMatch(FieldReader::isThreadSafe);
        this.root = VectorSchemaRoot.create(new Schema(fields), allocator);
    }

    /**
     * Fills the root with the rows {@code rows[0..n)} (ascending, each below the file's row count) of every field and
     * returns it; it stays owned by this reader, valid until the next call or {@link #close()}.
     */
    public VectorSchemaRoot read(int[] rows, int n) {
        ArrayData[] decoded = decode(rows, n);
        for (int i = 0; i < readers.size(); i++) {
            fill(i, decoded[i], root.getVector(i));
        }
        root.setRowCount(n);
        return root;
    }

    /**
     * The decoded rows {@code rows[0..n)} (ascending, each below the file's row count) of every field, on the heap;
     * {@link #fill} loads them into Arrow vectors. May be called from any thread, also while another call runs.
     */
    public ArrayData[] decode(int[] rows, int n) {
        for (int i = 1; i < n; i++) {
            if (rows[i] <= rows[i - 1]) {
                throw new IllegalArgumentException("rows to read must ascend: " + rows[i - 1] + ", " + rows[i]);
            }
        }
        if (n > 0 && (rows[0] < 0 || rows[n - 1] >= file.numRows())) {
            throw new IllegalArgumentException(
                    "rows [" + rows[0] + ", " + rows[n - 1] + "] outside the file's " + file.numRows() + " rows");
        }
        if (concurrent) {
            return decodeAll(rows, n);
        }
        synchronized (readers) {
            return decodeAll(rows, n);
        }
    }

    /** Loads field {@code field}'s decoded rows ({@link #decode}) into {@code target}. */
    public void fill(int field, ArrayData data, FieldVector target) {
        try {
            ArrowLoader.fill(target, data, allocator);
        } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw file.error(root.getVector(field).getName(), e.getMessage(), e);
        }
    }

    /** Decodes every field's rows, in parallel when the readers allow; the first failure in field order is rethrown. */
    private ArrayData[] decodeAll(int[] rows, int n) {
        ArrayData[] results = new ArrayData[readers.size()];
        if (n == 0) {
            for (int i = 0; i < results.length; i++) {
                results[i] = ArrayData.nulls(0);
            }
            return results;
        }
        RuntimeException[] failures = new RuntimeException[readers.size()];
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            int field = i;
            tasks.add(ForkJoinTask.adapt(() -> {
                try {
                    results[field] = decode(field, rows, n);
                } catch (RuntimeException e) {
                    failures[field] = e;
                }
            }));
        }
        if (!concurrent || tasks.size() == 1) {
            tasks.forEach(ForkJoinTask::invoke);
        } else if (ForkJoinTask.inForkJoinPool()) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            workers.submit(() -> ForkJoinTask.invokeAll(tasks)).join();
        }
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        return results;
    }

    private ArrayData decode(int field, int[] rows, int n) {
        FieldReader reader = readers.get(field);
        return file.decoded(
                root.getVector(field).getName(),
                n,
                () -> reader instanceof PickingFieldReader picking
                        ? picking.readPicked(rows, 0, n)
                        : spans(reader, rows, n));
    }

    /**
     * The rows read span by span: rows less than {@link #SPAN_GAP} apart share a span, which is decoded whole and the
     * rows picked from it; the rows between spans are not decoded.
     */
    private static ArrayData spans(FieldReader reader, int[] rows, int n) {
        List<ArrayData> parts = new ArrayList<>();
        int first = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || rows[i] - rows[i - 1] > SPAN_GAP) {
                int start = rows[first];
                parts.add(reader.read(start, rows[i - 1] - start + 1).pick(rows, first, i, start));
                first = i;
            }
        }
        return ArrayData.concat(parts);
    }

    @Override
    public void close() {
        root.close();
    }
}
