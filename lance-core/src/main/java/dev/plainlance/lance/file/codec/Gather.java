package dev.plainlance.lance.file.codec;

/** Materializes dictionary-encoded data: {@code out[i] = items[indices[i] - base]}. */
public final class Gather {
    private Gather() {}

    /**
     * Looks up each index in {@code items}. With {@code base} 1, index 0 denotes a null row. Null
     * indices produce null values; out-of-range indices fail.
     */
    public static ArrayData gather(ArrayData items, ArrayData indices, int base) {
        int rows = indices.length;
        if (indices.kind == ArrayData.Kind.NULL) {
            return ArrayData.nullItemsLike(items, rows);
        }
        DecodeException.check(
                indices.kind == ArrayData.Kind.FIXED && indices.width <= 8, "dictionary indices must be integers");
        byte[] validity = indices.validity == null ? null : indices.validity.clone();
        int[] positions = new int[rows];
        for (int i = 0; i < rows; i++) {
            if (validity != null && !Bitmaps.get(validity, i)) {
                positions[i] = -1;
                continue;
            }
            long key = Bytes.uint(indices.data, i * indices.width, indices.width) - base;
            if (key == -1) {
                if (validity == null) {
                    validity = Bitmaps.allSet(rows);
                }
                validity[i >>> 3] &= (byte) ~(1 << (i & 7));
                positions[i] = -1;
                continue;
            }
            if (!(key >= 0 && key < items.length)) {
                throw new DecodeException("dictionary index " + (key + base) + " out of range");
            }
            positions[i] = (int) key;
            if (!items.isValid((int) key)) {
                if (validity == null) {
                    validity = Bitmaps.allSet(rows);
                }
                validity[i >>> 3] &= (byte) ~(1 << (i & 7));
            }
        }
        return take(items, positions, validity);
    }

    /**
     * Selects {@code items[positions[i]]} (-1 = null slot) for fixed-width or variable-width items.
     */
    public static ArrayData take(ArrayData items, int[] positions, byte[] validity) {
        int rows = positions.length;
        switch (items.kind) {
            case FIXED: {
                int width = items.width;
                byte[] out = new byte[Math.multiplyExact(rows, width)];
                for (int i = 0; i < rows; i++) {
                    if (positions[i] >= 0) {
                        System.arraycopy(items.data, positions[i] * width, out, i * width, width);
                    }
                }
                return ArrayData.fixed(rows, width, out, validity);
            }
            case VARIABLE: {
                int[] offsets = new int[rows + 1];
                long total = 0;
                for (int i = 0; i < rows; i++) {
                    int p = positions[i];
                    if (p >= 0) {
                        total += items.offsets[p + 1] - items.offsets[p];
                    }
                    DecodeException.check(total <= Integer.MAX_VALUE - 64, "dictionary expansion too large");
                    offsets[i + 1] = (int) total;
                }
                byte[] out = new byte[(int) total];
                for (int i = 0; i < rows; i++) {
                    int p = positions[i];
                    if (p >= 0) {
                        System.arraycopy(items.data, items.offsets[p], out, offsets[i], offsets[i + 1] - offsets[i]);
                    }
                }
                return ArrayData.variable(rows, offsets, out, validity);
            }
            case NULL:
                return ArrayData.nulls(rows);
            default:
                throw new DecodeException("unsupported dictionary item kind " + items.kind);
        }
    }
}
