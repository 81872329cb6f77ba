package dev.plainlance.lance.file.v21;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unravelling repetition/definition levels into list offsets and validity. */
class RepDefTest {

    private static boolean[] bits(byte[] bitmap, int count) {
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = bitmap == null || Bitmaps.get(bitmap, i);
        }
        return out;
    }

    /** {@code [[1, null], null, [], [3]]}: list of nullable items, lists nullable and emptyable. */
    @Test
    void unravelsNullAndEmptyLists() {
        LeafShape shape = new LeafShape(new boolean[] {true, false});
        int[] map =
                shape.canonicalDefs(List.of(RepDefLayer.REPDEF_NULLABLE_ITEM, RepDefLayer.REPDEF_NULL_AND_EMPTY_LIST));
        assertArrayEquals(new int[] {0, 1, 2, 3}, map);
        int[] rep = {1, 0, 1, 1, 1};
        int[] def = {0, 1, 2, 3, 0};
        ArrayData values = ArrayData.fixed(3, 4, new byte[12], null);
        LeafAssembly assembly = LeafAssembly.of(shape, new LeafSlice(5, rep, def, values), 4);
        assertEquals(4, assembly.counts[0]);
        assertArrayEquals(new int[] {0, 2, 2, 2, 3}, assembly.offsets[0]);
        assertArrayEquals(new boolean[] {true, false, true, true}, bits(assembly.validity[0], 4));
        assertEquals(3, assembly.leafSlots);
        assertArrayEquals(new boolean[] {true, false, true}, bits(assembly.validity[1], 3));
    }

    /** Nested lists {@code [[[1, 2], []], [[3]]]} as one row plus a second row {@code []}. */
    @Test
    void unravelsNestedLists() {
        LeafShape shape = new LeafShape(new boolean[] {true, true, false});
        int[] map = shape.canonicalDefs(List.of(
                RepDefLayer.REPDEF_ALL_VALID_ITEM,
                RepDefLayer.REPDEF_EMPTYABLE_LIST,
                RepDefLayer.REPDEF_EMPTYABLE_LIST));
        int innerEmpty = map[1];
        int outerEmpty = map[2];
        int[] rep = {2, 0, 1, 1, 2};
        int[] def = {0, 0, innerEmpty, 0, outerEmpty};
        LeafAssembly assembly =
                LeafAssembly.of(shape, new LeafSlice(5, rep, def, ArrayData.fixed(3, 1, new byte[3], null)), 2);
        assertArrayEquals(new int[] {0, 3, 3}, assembly.offsets[0]);
        assertArrayEquals(new int[] {0, 2, 2, 3}, assembly.offsets[1]);
        assertEquals(3, assembly.leafSlots);
        assertNull(assembly.validity[0]);
        assertNull(assembly.validity[1]);
    }

    /** A nullable struct around a nullable item: def 1 = item null, 2 = struct null. */
    @Test
    void derivesStructAndItemValidityWithoutLists() {
        LeafShape shape = new LeafShape(new boolean[] {false, false});
        assertArrayEquals(
                new int[] {0, 1, 2},
                shape.canonicalDefs(List.of(RepDefLayer.REPDEF_NULLABLE_ITEM, RepDefLayer.REPDEF_NULLABLE_ITEM)));
        assertArrayEquals(
                new int[] {0, 2},
                shape.canonicalDefs(List.of(RepDefLayer.REPDEF_ALL_VALID_ITEM, RepDefLayer.REPDEF_NULLABLE_ITEM)));
        LeafAssembly assembly = LeafAssembly.of(
                shape, new LeafSlice(3, null, new int[] {0, 1, 2}, ArrayData.fixed(3, 4, new byte[12], null)), 3);
        assertArrayEquals(new boolean[] {true, true, false}, bits(assembly.validity[0], 3));
        assertArrayEquals(new boolean[] {true, false, false}, bits(assembly.validity[1], 3));
    }

    @Test
    void rejectsPagesWhoseNestingDiffersFromTheField() {
        LeafShape shape = new LeafShape(new boolean[] {false});
        assertThrows(DecodeException.class, () -> shape.canonicalDefs(List.of(RepDefLayer.REPDEF_NULLABLE_LIST)));
        assertThrows(
                DecodeException.class,
                () -> shape.canonicalDefs(List.of(RepDefLayer.REPDEF_NULLABLE_ITEM, RepDefLayer.REPDEF_NULLABLE_ITEM)));
    }
}
