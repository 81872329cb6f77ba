package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The partition code layouts official Lance stores PQ and RabitQ codes in, and their way back to rows. */
class PartitionCodesProperties {
    @Property
    void everyLayoutGivesItsRowsBack(
            @ForAll PartitionCodes layout,
            @ForAll @IntRange(min = 0, max = 200) int rows,
            @ForAll @IntRange(min = 1, max = 9) int width,
            @ForAll long seed) {
        byte[] codes = new byte[rows * width];
        new Random(seed).nextBytes(codes);
        byte[] stored = layout.fromRows(codes, rows, width);
        assertEquals(codes.length, stored.length);
        assertArrayEquals(codes, layout.toRows(stored, rows, width));
    }

    /** Byte {@code j} of row {@code i} of a PQ partition of {@code n} rows is at {@code j * n + i}. */
    @Test
    void pqCodesAreTransposed() {
        byte[] rows = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new byte[] {1, 3, 5, 2, 4, 6}, PartitionCodes.TRANSPOSED.fromRows(rows, 3, 2));
    }

    /**
     * RabitQ, one block of 32 one-byte codes followed by 3 more: byte {@code j < 16} of the block holds the low
     * nibbles of rows {@code PERM[j]} and {@code PERM[j] + 16}, byte {@code j + 16} their high nibbles; the 3 rows
     * after the block are transposed (here, one byte each, as they are).
     */
    @Test
    void rabitCodesArePackedByBlocksOf32() {
        byte[] rows = new byte[35];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = (byte) (k * 7 + 3);
        }
        byte[] stored = PartitionCodes.RABIT_PACKED.fromRows(rows, 35, 1);
        // j = 0: rows 0 (0x03) and 16 (0x73); j = 1: rows 8 (0x3b) and 24 (0xab)
        assertEquals((byte) 0x33, stored[0]);
        assertEquals((byte) 0x70, stored[16]);
        assertEquals((byte) 0xbb, stored[1]);
        assertEquals((byte) 0xa3, stored[17]);
        assertArrayEquals(new byte[] {rows[32], rows[33], rows[34]}, java.util.Arrays.copyOfRange(stored, 32, 35));
    }
}
