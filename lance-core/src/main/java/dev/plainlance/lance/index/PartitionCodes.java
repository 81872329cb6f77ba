package dev.plainlance.lance.index;

/**
 * How official Lance lays out the quantized codes of one IVF partition ({@code n} rows of {@code width} bytes) in its
 * fixed-size-list column, and the way back to one row after another.
 */
enum PartitionCodes {
    /** PQ codes: byte {@code j} of row {@code i} at {@code j * n + i}. */
    TRANSPOSED {
        @Override
        byte[] toRows(byte[] stored, int n, int width) {
            return transpose(stored, width, n);
        }

        @Override
        byte[] fromRows(byte[] rows, int n, int width) {
            return transpose(rows, n, width);
        }
    },

    /**
     * RabitQ codes: each whole block of 32 rows as {@code width} groups of 32 bytes, in the nibble order of the SIMD
     * lookup official Lance searches with; the rows after the last whole block transposed.
     */
    RABIT_PACKED {
        @Override
        byte[] toRows(byte[] stored, int n, int width) {
            byte[] rows = new byte[stored.length];
            int blocks = n / BLOCK;
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < width; i++) {
                    int at = (b * width + i) * BLOCK;
                    for (int j = 0; j < 16; j++) {
                        int low = stored[at + j] & 0xff;
                        int high = stored[at + j + 16] & 0xff;
                        int first = b * BLOCK + PERM[j];
                        rows[first * width + i] = (byte) ((low & 0xf) | ((high & 0xf) << 4));
                        rows[(first + 16) * width + i] = (byte) ((low >>> 4) | (high & 0xf0));
                    }
                }
            }
            remainder(stored, rows, n, width, true);
            return rows;
        }

        @Override
        byte[] fromRows(byte[] rows, int n, int width) {
            byte[] stored = new byte[rows.length];
            int blocks = n / BLOCK;
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < width; i++) {
                    int at = (b * width + i) * BLOCK;
                    for (int j = 0; j < 16; j++) {
                        int first = rows[(b * BLOCK + PERM[j]) * width + i] & 0xff;
                        int second = rows[(b * BLOCK + PERM[j] + 16) * width + i] & 0xff;
                        stored[at + j] = (byte) ((first & 0xf) | ((second & 0xf) << 4));
                        stored[at + j + 16] = (byte) ((first >>> 4) | (second & 0xf0));
                    }
                }
            }
            remainder(rows, stored, n, width, false);
            return stored;
        }
    };

    private static final int BLOCK = 32;
    /** Which row of a half block each of the 16 byte positions holds. */
    private static final int[] PERM = {0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15};

    /** The partition's codes one row after another. */
    abstract byte[] toRows(byte[] stored, int n, int width);

    /** Rows one after another laid out as stored. */
    abstract byte[] fromRows(byte[] rows, int n, int width);

    /** A {@code rows} x {@code columns} byte matrix, stored row after row, stored column after column. */
    private static byte[] transpose(byte[] matrix, int rows, int columns) {
        byte[] out = new byte[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = matrix[r * columns + c];
            }
        }
        return out;
    }

    /** Copies the rows after the last whole block: transposed where stored, one after another in {@code rows}. */
    private static void remainder(byte[] from, byte[] to, int n, int width, boolean toRows) {
        int start = n / BLOCK * BLOCK;
        int left = n - start;
        int offset = start * width;
        for (int r = 0; r < left; r++) {
            for (int c = 0; c < width; c++) {
                int row = offset + r * width + c;
                int column = offset + c * left + r;
                if (toRows) {
                    to[row] = from[column];
                } else {
                    to[column] = from[row];
                }
            }
        }
    }
}
