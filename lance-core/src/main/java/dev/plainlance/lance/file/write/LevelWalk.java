package dev.plainlance.lance.file.write;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;

/**
 * Walks rows {@code [start, end)} of a batch down a {@link LeafPath} and produces the Lance 2.1 repetition levels,
 * provisional definition codes and the leaf indices of the visible value slots.
 *
 * <p>Layers are numbered from the leaf (0) outwards. The provisional code of an entry is 0 when it is valid at every
 * layer, {@code 2p + 1} when layer {@code p} is null and {@code 2p + 2} when list layer {@code p} is empty (the
 * outermost event wins). They become definition levels once the page knows which events occur at all; like the
 * official writer, a layer whose vector has nulls is nullable even if all of them lie under outer nulls.
 */
final class LevelWalk {
    /** Number of level entries. */
    int entries;
    /** Repetition level per entry, or null without lists. */
    short[] rep;
    /** Provisional definition code per entry, or null if all are 0. */
    short[] codes;
    /** Leaf index per entry, -1 for entries without a value slot; null means entry i is index start + i. */
    int[] leafIndex;
    /** First row (identity mapping when {@link #leafIndex} is null). */
    int start;
    /** Bit {@code 2p} set: a null at layer p; bit {@code 2p + 1}: an empty list at layer p. */
    long events;

    private LevelWalk() {}

    static LevelWalk walk(LeafPath path, FieldVector[] vectors, int start, int end) {
        LevelWalk w = new LevelWalk();
        w.start = start;
        w.entries = end - start;
        int maxRep = path.listsFrom(0);
        if (maxRep > 0) {
            w.rep = new short[w.entries];
            Arrays.fill(w.rep, (short) maxRep);
        }
        int depth = path.depth();
        for (int node = 0; node < depth; node++) {
            int layer = depth - 1 - node;
            LeafPath.NodeKind kind = path.kind(node);
            if (LeafPath.isList(kind)) {
                w.expandList(vectors[node], layer, path.listsFrom(node));
            } else {
                w.markNulls(vectors[node], layer, listNullBitsBelow(path, node));
            }
        }
        return w;
    }

    /** The null-event bits of the list layers below {@code node}. */
    private static long listNullBitsBelow(LeafPath path, int node) {
        long bits = 0;
        for (int below = node + 1; below < path.depth(); below++) {
            if (LeafPath.isList(path.kind(below))) {
                bits |= 1L << (2 * (path.depth() - 1 - below));
            }
        }
        return bits;
    }

    private int index(int entry) {
        return leafIndex == null ? start + entry : leafIndex[entry];
    }

    private void materialize() {
        if (leafIndex == null) {
            leafIndex = new int[entries];
            for (int i = 0; i < entries; i++) {
                leafIndex[i] = start + i;
            }
        }
    }

    private void setCode(int entry, int code) {
        if (codes == null) {
            codes = new short[Math.max(entries, 1)];
        }
        codes[entry] = (short) code;
    }

    /**
     * Marks the nulls of a struct or leaf layer. A null above a list hides the entry; the lists below then count as
     * having nulls, so that their layers can describe the hidden entry.
     */
    private void markNulls(FieldVector vector, int layer, long listNullBitsBelow) {
        if (vector.getNullCount() == 0) {
            return;
        }
        for (int i = 0; i < entries; i++) {
            int j = index(i);
            if (j < 0 || !vector.isNull(j)) {
                continue;
            }
            events |= 1L << (2 * layer);
            if (codes != null && codes[i] != 0) {
                continue;
            }
            setCode(i, 2 * layer + 1);
            if (listNullBitsBelow != 0) {
                events |= listNullBitsBelow;
                materialize();
                leafIndex[i] = -1;
            }
        }
    }

    private void expandList(FieldVector list, int layer, int listDepth) {
        int total = 0;
        boolean hasNulls = list.getNullCount() > 0;
        for (int i = 0; i < entries; i++) {
            int j = index(i);
            if (j < 0 || (hasNulls && list.isNull(j))) {
                total++;
            } else {
                total += Math.max(1, Math.toIntExact(LeafPath.listStart(list, j + 1) - LeafPath.listStart(list, j)));
            }
        }
        int[] newIndex = new int[total];
        short[] newRep = new short[total];
        short[] newCodes = codes == null ? null : new short[total];
        int at = 0;
        short continuation = (short) (listDepth - 1);
        for (int i = 0; i < entries; i++) {
            int j = index(i);
            short r = rep[i];
            if (j < 0) {
                newIndex[at] = -1;
                newRep[at] = r;
                if (newCodes != null) {
                    newCodes[at] = codes[i];
                }
                at++;
                continue;
            }
            if (hasNulls && list.isNull(j)) {
                newCodes = code(newCodes, total, at, 2 * layer + 1);
                events |= 1L << (2 * layer);
                newIndex[at] = -1;
                newRep[at++] = r;
                continue;
            }
            long from = LeafPath.listStart(list, j);
            int length = Math.toIntExact(LeafPath.listStart(list, j + 1) - from);
            if (length == 0) {
                newCodes = code(newCodes, total, at, 2 * layer + 2);
                events |= 1L << (2 * layer + 1);
                newIndex[at] = -1;
                newRep[at++] = r;
                continue;
            }
            int first = Math.toIntExact(from);
            for (int t = 0; t < length; t++) {
                newIndex[at] = first + t;
                newRep[at++] = t == 0 ? r : continuation;
            }
        }
        entries = total;
        leafIndex = newIndex;
        rep = newRep;
        codes = newCodes;
    }

    private static short[] code(short[] codes, int total, int at, int code) {
        short[] out = codes == null ? new short[total] : codes;
        out[at] = (short) code;
        return out;
    }
}
