package dev.plainlance.lance.file.write;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * The values of one page of a leaf column, appended from Arrow vectors in runs of consecutive indices. Keeps the
 * value bytes (or bits), the end offsets of variable-width values, the leaf's own validity and, for fixed-size
 * lists, one item validity bitmap per list layer.
 */
final class LeafValues {
    private final LeafType type;
    private final GrowableBytes bytes;
    private final BitBuilder bits;
    private final GrowableBytes ends;
    private final BitBuilder validity = new BitBuilder();
    private final BitBuilder[] itemValidity;
    private int count;

    LeafValues(LeafType type) {
        this(type, 1 << 16, 1 << 16);
    }

    /**
     * Empty values of the same type with room for as many bytes as {@code previous} holds, so that a page like the
     * last one fills without growing (and copying) its arrays.
     */
    static LeafValues sizedLike(LeafValues previous) {
        return new LeafValues(
                previous.type,
                Math.max(1 << 16, previous.bytes.size()),
                previous.ends == null ? 0 : Math.max(1 << 16, previous.ends.size()));
    }

    private LeafValues(LeafType type, int byteCapacity, int endCapacity) {
        this.type = type;
        this.bytes = GrowableBytes.pooled(byteCapacity);
        boolean bitItems = type.itemBits() == 1;
        this.bits = bitItems ? new BitBuilder() : null;
        this.ends = type.kind() == LeafType.Kind.VARIABLE ? GrowableBytes.pooled(endCapacity) : null;
        this.itemValidity = new BitBuilder[type.dimensions().length];
        for (int i = 0; i < itemValidity.length; i++) {
            itemValidity[i] = new BitBuilder();
        }
    }

    /** Values of {@code count} 32-bit integers already laid out in {@code data}. */
    static LeafValues ofInts(GrowableBytes data, int count) {
        LeafValues values = new LeafValues(new LeafType(LeafType.Kind.FIXED, 32, 0, new int[0]), data);
        values.count = count;
        return values;
    }

    private LeafValues(LeafType type, GrowableBytes bytes) {
        this.type = type;
        this.bytes = bytes;
        this.bits = null;
        this.ends = null;
        this.itemValidity = new BitBuilder[0];
    }

    LeafType type() {
        return type;
    }

    int count() {
        return count;
    }

    /** Value bytes (FIXED, VARIABLE, FSL of fixed-width items). */
    GrowableBytes bytes() {
        return bytes;
    }

    /** Value bits (BITS, FSL of booleans). */
    BitBuilder bits() {
        return bits;
    }

    /** End offset of each variable-width value, as u64, relative to the page's first value. */
    long end(int index) {
        return GrowableBytes.getLong(ends.array(), 8 * index);
    }

    /** The u64 end offsets of the values (see {@link #end}); changes to them last until {@link #clear()}. */
    GrowableBytes ends() {
        return ends;
    }

    long start(int index) {
        return index == 0 ? 0 : end(index - 1);
    }

    /** Validity of each value (set = valid). */
    BitBuilder validity() {
        return validity;
    }

    /** Validity of the children of fixed-size list layer {@code layer} (0 = outermost). */
    BitBuilder itemValidity(int layer) {
        return itemValidity[layer];
    }

    /** Approximate bytes held. */
    long byteSize() {
        return bytes.size() + (bits == null ? 0 : bits.length() / 8) + (ends == null ? 0 : ends.size());
    }

    /** Gives the value and offset arrays to the {@link BufferPool}; this must not be used after. */
    void release() {
        bytes.release();
        if (ends != null) {
            ends.release();
        }
    }

    void clear() {
        bytes.clear();
        if (bits != null) {
            bits.clear();
        }
        if (ends != null) {
            ends.clear();
        }
        validity.clear();
        for (BitBuilder b : itemValidity) {
            b.clear();
        }
        count = 0;
    }

    /** Appends values {@code [start, end)} of {@code vector}. */
    void append(FieldVector vector, int start, int end) {
        int n = end - start;
        if (n <= 0) {
            return;
        }
        appendValidity(validity, vector, start, n);
        switch (type.kind()) {
            case FIXED ->
                bytes.put(vector.getDataBuffer(), (long) start * (type.itemBits() / 8), n * (type.itemBits() / 8));
            case BITS -> bits.append(vector.getDataBuffer(), start, n);
            case VARIABLE -> appendVariable(vector, start, n);
            case FSL -> appendFixedSizeList(vector, start, n);
            default -> throw new IllegalStateException();
        }
        count += n;
    }

    private void appendVariable(FieldVector vector, int start, int n) {
        ArrowBuf offsets = vector.getOffsetBuffer();
        long first;
        long last;
        long base = ends.size() == 0 ? 0 : end(count - 1);
        int width = type.offsetBytes();
        java.nio.ByteBuffer view =
                offsets.nioBuffer((long) width * start, width * (n + 1)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = ends.grow(8 * n);
        byte[] out = ends.array();
        if (width == 4) {
            first = view.getInt(0);
            for (int i = 1; i <= n; i++) {
                GrowableBytes.setLong(out, at + 8 * (i - 1), base + view.getInt(4 * i) - first);
            }
            last = view.getInt(4 * n);
        } else {
            first = view.getLong(0);
            for (int i = 1; i <= n; i++) {
                GrowableBytes.setLong(out, at + 8 * (i - 1), base + view.getLong(8 * i) - first);
            }
            last = view.getLong(8 * n);
        }
        bytes.put(vector.getDataBuffer(), first, Math.toIntExact(last - first));
    }

    /**
     * Appends the flattened items and, per list layer, the validity of the layer's children. Children of null lists
     * count as valid: they are never read, and this keeps columns without real item nulls free of validity buffers.
     */
    private void appendFixedSizeList(FieldVector vector, int start, int n) {
        long from = start;
        long items = n;
        long perRow = 1;
        FieldVector current = vector;
        for (int layer = 0; layer < itemValidity.length; layer++) {
            int dim = type.dimensions()[layer];
            from *= dim;
            items *= dim;
            perRow *= dim;
            long base = itemValidity[layer].length();
            appendValidity(
                    itemValidity[layer], ((FixedSizeListVector) current).getDataVector(), from, Math.toIntExact(items));
            if (vector.getNullCount() > 0) {
                for (int row = 0; row < n; row++) {
                    if (vector.isNull(start + row)) {
                        itemValidity[layer].setRange(base + row * perRow, perRow);
                    }
                }
            }
            current = ((FixedSizeListVector) current).getDataVector();
        }
        if (type.itemBits() == 1) {
            bits.append(current.getDataBuffer(), from, Math.toIntExact(items));
        } else {
            int width = type.itemBits() / 8;
            bytes.put(current.getDataBuffer(), from * width, Math.toIntExact(items * width));
        }
    }

    private static void appendValidity(BitBuilder target, FieldVector vector, long from, int n) {
        if (vector.getNullCount() == 0) {
            target.appendOnes(n);
        } else {
            target.append(vector.getValidityBuffer(), from, n);
        }
    }
}
