package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.DecodeException;

/**
 * Unravels one leaf's canonical levels into per-layer Arrow structure: for every layer (outermost
 * first) the slot count and validity bitmap, plus offsets for list layers. A slot is a range of
 * entries; rows start at entries whose repetition level is {@code maxRep}, and the children of a
 * list at repetition level {@code R} start at entries with level {@code >= R - 1}.
 */
final class LeafAssembly {
    final int[] counts;
    final byte[][] validity;
    final int[][] offsets;
    final int leafSlots;

    private LeafAssembly(int[] counts, byte[][] validity, int[][] offsets, int leafSlots) {
        this.counts = counts;
        this.validity = validity;
        this.offsets = offsets;
        this.leafSlots = leafSlots;
    }

    static LeafAssembly of(LeafShape shape, LeafSlice slice, int rows) {
        int depth = shape.depth();
        int[] counts = new int[depth];
        byte[][] validity = new byte[depth][];
        int[][] offsets = new int[depth][];
        int[] def = slice.def();
        if (shape.maxRep == 0) {
            if (slice.entries() != rows) {
                throw new DecodeException("leaf has " + slice.entries() + " entries for " + rows + " rows");
            }
            for (int k = 0; k < depth; k++) {
                counts[k] = rows;
                validity[k] = def == null ? null : belowBitmap(def, rows, shape.low[k]);
            }
            return new LeafAssembly(counts, validity, offsets, rows);
        }
        int[] rep = slice.rep();
        int entries = slice.entries();
        int[] starts = new int[rows];
        int[] ends = new int[rows];
        int row = 0;
        for (int i = 0; i < entries; i++) {
            if (rep[i] == shape.maxRep) {
                DecodeException.check(row < rows, "more rows than requested");
                if (row > 0) {
                    ends[row - 1] = i;
                }
                starts[row++] = i;
            }
        }
        if (row != rows) {
            throw new DecodeException("found " + row + " rows, expected " + rows);
        }
        if (rows > 0) {
            ends[rows - 1] = entries;
        }
        int slots = rows;
        for (int k = 0; k < depth; k++) {
            counts[k] = slots;
            byte[] valid = null;
            int low = shape.low[k];
            for (int s = 0; s < slots; s++) {
                int d = def == null ? 0 : def[starts[s]];
                boolean ok = d < low || shape.isList[k] && d == low + 1;
                if (!ok) {
                    if (valid == null) {
                        valid = Bitmaps.allSet(slots);
                    }
                    valid[s >>> 3] &= (byte) ~(1 << (s & 7));
                }
            }
            validity[k] = valid;
            if (shape.isList[k]) {
                int boundary = shape.repLevel[k] - 1;
                int[] listOffsets = new int[slots + 1];
                IntList childStarts = new IntList();
                IntList childEnds = new IntList();
                for (int s = 0; s < slots; s++) {
                    int d = def == null ? 0 : def[starts[s]];
                    if (d < low) {
                        for (int e = starts[s]; e < ends[s]; e++) {
                            if (e == starts[s] || rep[e] >= boundary) {
                                if (childStarts.size() > childEnds.size()) {
                                    childEnds.add(e);
                                }
                                childStarts.add(e);
                            }
                        }
                        childEnds.add(ends[s]);
                    }
                    listOffsets[s + 1] = childStarts.size();
                }
                offsets[k] = listOffsets;
                starts = childStarts.toArray();
                ends = childEnds.toArray();
                slots = starts.length;
            }
        }
        return new LeafAssembly(counts, validity, offsets, slots);
    }

    private static byte[] belowBitmap(int[] def, int count, int limit) {
        byte[] bitmap = null;
        for (int i = 0; i < count; i++) {
            if (def[i] >= limit) {
                if (bitmap == null) {
                    bitmap = Bitmaps.allSet(count);
                }
                bitmap[i >>> 3] &= (byte) ~(1 << (i & 7));
            }
        }
        return bitmap;
    }
}
