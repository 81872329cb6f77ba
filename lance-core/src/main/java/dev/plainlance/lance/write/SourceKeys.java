package dev.plainlance.lance.write;

import dev.plainlance.lance.arrow.ArrowBuffers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/**
 * The rows of a merge-insert source by key, for matching target rows: a row number, {@link #AMBIGUOUS} for a key
 * several source rows share, or {@link #NONE}. Rows with a null in a key column match nothing.
 */
abstract class SourceKeys {
    static final int NONE = -2;
    static final int AMBIGUOUS = -1;

    /** Looks up the keys of one batch of target rows. */
    interface Lookup {
        int sourceRow(int row);
    }

    /** Indexes the key columns {@code on} of {@code source} (rows numbered across batches). */
    static SourceKeys of(List<VectorSchemaRoot> source, List<String> on) {
        if (on.size() == 1 && !source.isEmpty()) {
            FieldVector first = source.get(0).getVector(on.get(0));
            if (first instanceof BigIntVector || first instanceof IntVector) {
                return new LongKeys(source, on.get(0));
            }
        }
        return new ObjectKeys(source, on);
    }

    /** The lookup of target {@code batch}, whose key columns have the source's types. */
    abstract Lookup lookup(VectorSchemaRoot batch);

    /** The key of a row, for messages and the general index: one value, a list for several columns, or null. */
    static Object key(VectorSchemaRoot batch, List<String> on, int row) {
        if (on.size() == 1) {
            return keyValue(batch.getVector(on.get(0)), row);
        }
        List<Object> values = new ArrayList<>(on.size());
        for (String column : on) {
            Object value = keyValue(batch.getVector(column), row);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    private static Object keyValue(FieldVector vector, int row) {
        if (vector == null) {
            throw new IllegalArgumentException("merge insert source has no key column");
        }
        Object value = vector.getObject(row);
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (value instanceof Text text) {
            return text.toString();
        }
        return value;
    }

    /** Any key columns: a hash map of boxed key values. */
    private static final class ObjectKeys extends SourceKeys {
        private final List<String> on;
        private final Map<Object, Integer> rows = new HashMap<>();

        ObjectKeys(List<VectorSchemaRoot> source, List<String> on) {
            this.on = on;
            int total = 0;
            for (VectorSchemaRoot batch : source) {
                for (int row = 0; row < batch.getRowCount(); row++, total++) {
                    Object key = key(batch, on, row);
                    if (key != null && rows.putIfAbsent(key, total) != null) {
                        rows.put(key, AMBIGUOUS);
                    }
                }
            }
        }

        @Override
        Lookup lookup(VectorSchemaRoot batch) {
            return row -> {
                Object key = key(batch, on, row);
                Integer found = key == null ? null : rows.get(key);
                return found == null ? NONE : found;
            };
        }
    }

    /**
     * One 32- or 64-bit integer key column: open addressing over primitive longs, with the source's smallest and
     * largest key checked first, so most target rows of a small source are rejected by two comparisons.
     */
    private static final class LongKeys extends SourceKeys {
        private final String column;
        private final long[] keys;
        private final int[] rows;
        private final boolean[] used;
        private final int mask;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        LongKeys(List<VectorSchemaRoot> source, String column) {
            this.column = column;
            int total = source.stream().mapToInt(VectorSchemaRoot::getRowCount).sum();
            int capacity = Integer.highestOneBit(Math.max(4, total) * 2 - 1) << 1;
            keys = new long[capacity];
            rows = new int[capacity];
            used = new boolean[capacity];
            mask = capacity - 1;
            int base = 0;
            for (VectorSchemaRoot batch : source) {
                FieldVector vector = batch.getVector(column);
                long[] values = values(vector, batch.getRowCount());
                for (int row = 0; row < batch.getRowCount(); row++) {
                    if (!vector.isNull(row)) {
                        add(values[row], base + row);
                    }
                }
                base += batch.getRowCount();
            }
        }

        private void add(long key, int row) {
            min = Math.min(min, key);
            max = Math.max(max, key);
            int slot = slot(key);
            while (used[slot]) {
                if (keys[slot] == key) {
                    rows[slot] = AMBIGUOUS;
                    return;
                }
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            keys[slot] = key;
            rows[slot] = row;
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        @Override
        Lookup lookup(VectorSchemaRoot batch) {
            FieldVector vector = batch.getVector(column);
            long[] values = values(vector, batch.getRowCount());
            boolean nulls = vector.getNullCount() > 0;
            return row -> {
                long key = values[row];
                if (key < min || key > max || (nulls && vector.isNull(row))) {
                    return NONE;
                }
                for (int slot = slot(key); used[slot]; slot = (slot + 1) & mask) {
                    if (keys[slot] == key) {
                        return rows[slot];
                    }
                }
                return NONE;
            };
        }

        /** The values of a 64- or 32-bit integer vector, copied out in one move (null rows hold garbage). */
        private static long[] values(FieldVector vector, int n) {
            long[] out = new long[n];
            if (vector instanceof BigIntVector) {
                ArrowBuffers.readLongs(vector.getDataBuffer(), out, n);
            } else {
                int[] ints = new int[n];
                ArrowBuffers.readInts(vector.getDataBuffer(), ints, n);
                for (int i = 0; i < n; i++) {
                    out[i] = ints[i];
                }
            }
            return out;
        }
    }
}
