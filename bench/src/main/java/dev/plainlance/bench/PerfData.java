package dev.plainlance.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The benchmark table: {@code id int64 = 0..n-1}, {@code value float64 = (id % 1000) * 0.5},
 * {@code name utf8 = "nm" + 14 lower-case hex digits} (a 56-bit mix of {@code id}, so the strings look random,
 * as real keys do). All columns are non-nullable.
 */
final class PerfData {
    static final int NAME_BYTES = 16;

    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("value", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
            new Field("name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PerfData() {}

    /** Sum of {@code value} over ids {@code 0..rows-1}; exact (all partial sums are multiples of 0.5 below 2^52). */
    static double expectedValueSum(long rows) {
        long full = rows / 1000;
        long rem = rows % 1000;
        long halfUnits = full * 499_500L + rem * (rem - 1) / 2;
        return halfUnits * 0.5;
    }

    /** Sum of {@code id} over {@code 0..rows-1}. */
    static long expectedIdSum(long rows) {
        return rows * (rows - 1) / 2;
    }

    /** SplitMix64 finalizer: a bijective mix of {@code x}. */
    static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The 16 ASCII bytes of {@code name} for row {@code id}, written into {@code out}. */
    static void name(long id, byte[] out) {
        out[0] = 'n';
        out[1] = 'm';
        long h = mix(id) & 0x00FF_FFFF_FFFF_FFFFL;
        for (int i = 15; i >= 2; i--) {
            out[i] = HEX[(int) (h & 0xF)];
            h >>>= 4;
        }
    }

    /** Rows {@code 0..rows-1} as batches of at most {@code batchRows} rows; the caller closes every root. */
    static List<VectorSchemaRoot> generate(BufferAllocator allocator, long rows, int batchRows) {
        return generate(allocator, 0, rows, batchRows);
    }

    /** Rows {@code start..start+rows-1} as batches of at most {@code batchRows} rows; the caller closes them. */
    static List<VectorSchemaRoot> generate(BufferAllocator allocator, long start, long rows, int batchRows) {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            for (long first = start; first < start + rows; first += batchRows) {
                int n = (int) Math.min(batchRows, start + rows - first);
                batches.add(batch(allocator, first, n));
            }
            return batches;
        } catch (RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator, long first, int n) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        Float8Vector value = (Float8Vector) root.getVector("value");
        VarCharVector name = (VarCharVector) root.getVector("name");
        id.allocateNew(n);
        value.allocateNew(n);
        name.allocateNew((long) NAME_BYTES * n, n);
        byte[] bytes = new byte[NAME_BYTES];
        ArrowBuf data = name.getDataBuffer();
        ArrowBuf offsets = name.getOffsetBuffer();
        offsets.setInt(0, 0);
        for (int i = 0; i < n; i++) {
            long v = first + i;
            id.set(i, v);
            value.set(i, (v % 1000) * 0.5);
            name(v, bytes);
            data.setBytes((long) i * NAME_BYTES, bytes);
            offsets.setInt((long) (i + 1) * Integer.BYTES, (i + 1) * NAME_BYTES);
            name.setIndexDefined(i);
        }
        name.setLastSet(n - 1);
        root.setRowCount(n);
        return root;
    }

    /**
     * An {@link ArrowReader} replaying pre-generated batches without copying: each batch's buffers are shared
     * (reference-counted) with the reader's root, so the same batches can be written again and again.
     */
    static final class ReplayReader extends ArrowReader {
        private final List<VectorSchemaRoot> batches;
        private int next;

        ReplayReader(BufferAllocator allocator, List<VectorSchemaRoot> batches) {
            super(allocator);
            this.batches = batches;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            prepareLoadNextBatch();
            if (next >= batches.size()) {
                return false;
            }
            VectorSchemaRoot source = batches.get(next++);
            ArrowRecordBatch batch = new VectorUnloader(source).getRecordBatch();
            try {
                new VectorLoader(getVectorSchemaRoot()).load(batch);
            } finally {
                batch.close();
            }
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
}
