package dev.plainlance.graph;

import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.roaringbitmap.RoaringBitmap;

/**
 * The edges of one edge table at one version as CSR arrays over the node ordinals of its endpoint tables, in both
 * directions. Immutable.
 *
 * <p>The shared {@link Base}, built from one version, holds per edge ("slot", CSR order by source): the
 * destination ordinal and the edge's row number ({@code out}); per edge in destination order the source ordinal and
 * the slot ({@code in}); and the slot of every row. That is 20 bytes an edge plus 8 bytes a node. A version derived
 * from an older one shares its base and adds an overlay: the base slots whose rows are gone and the edges added
 * since, sorted by source and by destination. Derivation reads only what changed (the newer deletion files and the
 * added fragments, see {@link FragmentRows.Changes}); when the overlay grows past {@code max(foldMinimum, edges /
 * 8)} it is folded into a new base in memory. Edges whose endpoint is not a live node are left out (the graph's
 * writers never store such edges).
 */
final class EdgeAdjacency {
    /** Receives one edge: the ordinal at its other end and its slot. */
    @FunctionalInterface
    interface EdgeVisitor {
        void edge(int neighbor, int slot);
    }

    /** The CSR arrays of one build, shared by every version derived from it. Immutable. */
    static final class Base {
        final NodeOrdinals.Space fromSpace;
        final NodeOrdinals.Space toSpace;
        final int[] outStart;
        final int[] outDst;
        final int[] outRow;
        final int[] inStart;
        final int[] inSrc;
        final int[] inSlot;
        final int[] slotOfRow;
        final FragmentRows rows;

        /** CSR arrays of the {@code count} edges {@code src[i] -> dst[i]} at {@code address[i]} (rows of {@code rows}). */
        Base(
                NodeOrdinals.Space fromSpace,
                NodeOrdinals.Space toSpace,
                int sources,
                int targets,
                int[] src,
                int[] dst,
                long[] address,
                int count,
                FragmentRows rows) {
            this.fromSpace = fromSpace;
            this.toSpace = toSpace;
            this.rows = rows;
            outStart = new int[sources + 1];
            inStart = new int[targets + 1];
            for (int i = 0; i < count; i++) {
                outStart[src[i] + 1]++;
                inStart[dst[i] + 1]++;
            }
            for (int u = 0; u < sources; u++) {
                outStart[u + 1] += outStart[u];
            }
            for (int v = 0; v < targets; v++) {
                inStart[v + 1] += inStart[v];
            }
            outDst = new int[count];
            outRow = new int[count];
            slotOfRow = new int[rows.rows()];
            Arrays.fill(slotOfRow, -1);
            int[] cursor = Arrays.copyOf(outStart, sources);
            for (int i = 0; i < count; i++) {
                int slot = cursor[src[i]]++;
                outDst[slot] = dst[i];
                int row = rows.row(address[i]);
                outRow[slot] = row;
                slotOfRow[row] = slot;
            }
            inSrc = new int[count];
            inSlot = new int[count];
            cursor = Arrays.copyOf(inStart, targets);
            for (int u = 0; u < sources; u++) {
                for (int slot = outStart[u]; slot < outStart[u + 1]; slot++) {
                    int p = cursor[outDst[slot]]++;
                    inSrc[p] = u;
                    inSlot[p] = slot;
                }
            }
        }

        int edges() {
            return outDst.length;
        }

        long bytes() {
            return 4L
                            * (outStart.length
                                    + outDst.length
                                    + outRow.length
                                    + inStart.length
                                    + inSrc.length
                                    + inSlot.length
                                    + slotOfRow.length)
                    + rows.bytes();
        }
    }

    final AdjacencyCache.TableId table;
    final String type;
    final NodeOrdinals from;
    final NodeOrdinals to;
    final Base base;
    /** Base slots whose rows are gone. */
    private final RoaringBitmap removed;

    private final boolean anyRemoved;
    /** Edges added since the base, sorted by source then address. */
    private final int[] addSrc;

    private final int[] addDst;
    private final long[] addAddress;
    /** Indexes into the added edges, sorted by destination then address. */
    private final int[] addByDst;
    /** This version's fragments: what the next version is compared with. */
    final List<DataFragment> fragments;

    private final Map<String, double[]> weights = new ConcurrentHashMap<>();
    private final Map<String, Object[]> values = new ConcurrentHashMap<>();

    private EdgeAdjacency(
            AdjacencyCache.TableId table,
            String type,
            NodeOrdinals from,
            NodeOrdinals to,
            Base base,
            RoaringBitmap removed,
            Added added,
            List<DataFragment> fragments) {
        this.table = table;
        this.type = type;
        this.from = from;
        this.to = to;
        this.base = base;
        this.removed = removed;
        this.anyRemoved = !removed.isEmpty();
        this.fragments = fragments;
        int n = added.count;
        Integer[] bySrc = new Integer[n];
        Integer[] byDst = new Integer[n];
        for (int i = 0; i < n; i++) {
            bySrc[i] = i;
            byDst[i] = i;
        }
        Arrays.sort(
                bySrc,
                (a, b) -> added.src[a] != added.src[b]
                        ? Integer.compare(added.src[a], added.src[b])
                        : Long.compare(added.address[a], added.address[b]));
        addSrc = new int[n];
        addDst = new int[n];
        addAddress = new long[n];
        for (int i = 0; i < n; i++) {
            addSrc[i] = added.src[bySrc[i]];
            addDst[i] = added.dst[bySrc[i]];
            addAddress[i] = added.address[bySrc[i]];
        }
        for (int i = 0; i < n; i++) {
            byDst[i] = i;
        }
        Arrays.sort(
                byDst,
                (a, b) -> addDst[a] != addDst[b]
                        ? Integer.compare(addDst[a], addDst[b])
                        : Long.compare(addAddress[a], addAddress[b]));
        addByDst = new int[n];
        for (int i = 0; i < n; i++) {
            addByDst[i] = byDst[i];
        }
    }

    /** Edges as parallel growable arrays. */
    private static final class Added {
        int[] src;
        int[] dst;
        long[] address;
        int count;

        Added() {
            this(16);
        }

        Added(int capacity) {
            src = new int[Math.max(16, capacity)];
            dst = new int[src.length];
            address = new long[src.length];
        }

        void add(int s, int d, long a) {
            if (count == src.length) {
                src = Arrays.copyOf(src, count * 2);
                dst = Arrays.copyOf(dst, count * 2);
                address = Arrays.copyOf(address, count * 2);
            }
            src[count] = s;
            dst[count] = d;
            address[count++] = a;
        }
    }

    /** Reads {@code src}, {@code dst} and the address of every live row of {@code snapshot}. */
    static EdgeAdjacency build(
            AdjacencyCache.TableId table,
            String type,
            TableSnapshot snapshot,
            NodeOrdinals from,
            NodeOrdinals to,
            Env env) {
        long live = 0;
        for (DataFragment fragment : snapshot.fragments()) {
            live += fragment.getPhysicalRows()
                    - (fragment.hasDeletionFile() ? fragment.getDeletionFile().getNumDeletedRows() : 0);
        }
        Added edges = new Added((int) Math.min(live, Integer.MAX_VALUE - 8));
        readEdges(snapshot, null, from, to, env, edges);
        FragmentRows rows = new FragmentRows(snapshot.fragments());
        Base base = new Base(
                from.space(),
                to.space(),
                from.size(),
                to.size(),
                edges.src,
                edges.dst,
                edges.address,
                edges.count,
                rows);
        return new EdgeAdjacency(table, type, from, to, base, new RoaringBitmap(), new Added(), snapshot.fragments());
    }

    private static void readEdges(
            TableSnapshot snapshot,
            List<DataFragment> fragments,
            NodeOrdinals from,
            NodeOrdinals to,
            Env env,
            Added into) {
        FragmentRows.scan(snapshot, fragments, List.of("src", "dst"), env, (columns, row, address) -> {
            int s = from.ordinal(((VarCharVector) columns[0]).get(row));
            int d = to.ordinal(((VarCharVector) columns[1]).get(row));
            if (s >= 0 && d >= 0) {
                into.add(s, d, address);
            }
        });
    }

    /**
     * This version's edges carried to {@code newer} (a version of the same table, not older) over {@code from} and
     * {@code to}, which must have the ordinal spaces of this version's endpoints; reads only what changed.
     */
    EdgeAdjacency derive(
            AdjacencyCache.TableId id,
            TableSnapshot newer,
            NodeOrdinals newFrom,
            NodeOrdinals newTo,
            Env env,
            int foldMinimum) {
        if (newFrom.space() != base.fromSpace || newTo.space() != base.toSpace) {
            throw new IllegalArgumentException("adjacency of " + type + " cannot move to other node ordinals");
        }
        FragmentRows.Changes changes = new FragmentRows.Changes(fragments, newer, env);
        RoaringBitmap nextRemoved = removed.clone();
        Map<Long, Integer> addedAt = new HashMap<>();
        boolean[] dropped = new boolean[addSrc.length];
        for (int i = 0; i < addSrc.length; i++) {
            addedAt.put(addAddress[i], i);
        }
        for (DataFragment gone : changes.goneFragments) {
            if (base.rows.holds(gone)) {
                int start = base.rows.row(gone.getId() << 32);
                for (int offset = 0; offset < gone.getPhysicalRows(); offset++) {
                    int slot = base.slotOfRow[start + offset];
                    if (slot >= 0) {
                        nextRemoved.add(slot);
                    }
                }
            } else {
                for (int i = 0; i < addSrc.length; i++) {
                    if (addAddress[i] >>> 32 == gone.getId()) {
                        dropped[i] = true;
                    }
                }
            }
        }
        changes.deletions.forEach((fragment, deleted) -> {
            boolean held = base.rows.holds(fragment);
            int start = held ? base.rows.row(fragment.getId() << 32) : 0;
            deleted.forEach((int offset) -> {
                if (held) {
                    int slot = base.slotOfRow[start + offset];
                    if (slot >= 0) {
                        nextRemoved.add(slot);
                    }
                } else {
                    Integer i = addedAt.get(fragment.getId() << 32 | Integer.toUnsignedLong(offset));
                    if (i != null) {
                        dropped[i] = true;
                    }
                }
            });
        });
        Added next = new Added();
        for (int i = 0; i < addSrc.length; i++) {
            if (!dropped[i]) {
                next.add(addSrc[i], addDst[i], addAddress[i]);
            }
        }
        readEdges(newer, changes.addedFragments, newFrom, newTo, env, next);
        EdgeAdjacency derived = new EdgeAdjacency(id, type, newFrom, newTo, base, nextRemoved, next, newer.fragments());
        if (nextRemoved.getCardinality() + next.count > Math.max(foldMinimum, base.edges() / 8)) {
            return derived.fold();
        }
        return derived;
    }

    /** The same edges over a new base holding this version's rows, with an empty overlay. */
    EdgeAdjacency fold() {
        Added all = new Added(edges());
        org.roaringbitmap.PeekableIntIterator gone = removed.getIntIterator();
        for (int u = 0; u + 1 < base.outStart.length; u++) {
            for (int slot = base.outStart[u]; slot < base.outStart[u + 1]; slot++) {
                if (gone.hasNext() && gone.peekNext() == slot) {
                    gone.next();
                } else {
                    all.add(u, base.outDst[slot], base.rows.address(base.outRow[slot]));
                }
            }
        }
        for (int i = 0; i < addSrc.length; i++) {
            all.add(addSrc[i], addDst[i], addAddress[i]);
        }
        Base folded = new Base(
                base.fromSpace,
                base.toSpace,
                from.size(),
                to.size(),
                all.src,
                all.dst,
                all.address,
                all.count,
                new FragmentRows(fragments));
        return new EdgeAdjacency(table, type, from, to, folded, new RoaringBitmap(), new Added(), fragments);
    }

    /** The edges leaving source ordinal {@code u}: destination ordinal and slot, base edges first. */
    void forEachOut(int u, EdgeVisitor visitor) {
        if (u + 1 < base.outStart.length) {
            int end = base.outStart[u + 1];
            for (int slot = base.outStart[u]; slot < end; slot++) {
                if (!anyRemoved || !removed.contains(slot)) {
                    visitor.edge(base.outDst[slot], slot);
                }
            }
        }
        if (addSrc.length > 0) {
            int edges = base.edges();
            for (int i = lowerBound(addSrc, u); i < addSrc.length && addSrc[i] == u; i++) {
                visitor.edge(addDst[i], edges + i);
            }
        }
    }

    /** The edges arriving at destination ordinal {@code v}: source ordinal and slot, base edges first. */
    void forEachIn(int v, EdgeVisitor visitor) {
        if (v + 1 < base.inStart.length) {
            int end = base.inStart[v + 1];
            for (int p = base.inStart[v]; p < end; p++) {
                int slot = base.inSlot[p];
                if (!anyRemoved || !removed.contains(slot)) {
                    visitor.edge(base.inSrc[p], slot);
                }
            }
        }
        if (addByDst.length > 0) {
            int edges = base.edges();
            int lo = 0;
            int hi = addByDst.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (addDst[addByDst[mid]] < v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int k = lo; k < addByDst.length && addDst[addByDst[k]] == v; k++) {
                visitor.edge(addSrc[addByDst[k]], edges + addByDst[k]);
            }
        }
    }

    /** How many edges leave {@code u}. */
    int outDegree(int u) {
        int n = 0;
        if (u + 1 < base.outStart.length) {
            n = base.outStart[u + 1] - base.outStart[u];
            if (anyRemoved && n > 0) {
                n -= (int) removed.rangeCardinality(base.outStart[u], base.outStart[u + 1]);
            }
        }
        if (addSrc.length > 0) {
            for (int i = lowerBound(addSrc, u); i < addSrc.length && addSrc[i] == u; i++) {
                n++;
            }
        }
        return n;
    }

    /** The row address of the edge in {@code slot}. */
    long address(int slot) {
        int edges = base.edges();
        return slot < edges ? base.rows.address(base.outRow[slot]) : addAddress[slot - edges];
    }

    /** Every source ordinal of an edge is below this. */
    int sourceExtent() {
        return Math.max(base.outStart.length - 1, addSrc.length == 0 ? 0 : addSrc[addSrc.length - 1] + 1);
    }

    /** Every destination ordinal of an edge is below this. */
    int targetExtent() {
        return Math.max(base.inStart.length - 1, addByDst.length == 0 ? 0 : addDst[addByDst[addByDst.length - 1]] + 1);
    }

    /** How many live edges this version has. */
    int edges() {
        return base.edges() - removed.getCardinality() + addSrc.length;
    }

    /** Slots are below this. */
    int slots() {
        return base.edges() + addSrc.length;
    }

    /** Entries in this version's overlay. */
    int overlay() {
        return removed.getCardinality() + addSrc.length;
    }

    long baseBytes() {
        return base.bytes();
    }

    /**
     * The value of the numeric property {@code property} of every edge, by slot (NaN for a null value, and for
     * slots that are not live), read from {@code snapshot} (this version) on first use and kept.
     *
     * @param check sees each non-null value with the edge's address before it is kept, and may refuse it
     */
    double[] weights(String property, PropertyType type, TableSnapshot snapshot, Env env, WeightCheck check) {
        return weights.computeIfAbsent(property, p -> readWeights(p, type, snapshot, env, check));
    }

    /** Refuses a weight by throwing. */
    @FunctionalInterface
    interface WeightCheck {
        void check(double weight, long address);
    }

    private double[] readWeights(
            String property, PropertyType type, TableSnapshot snapshot, Env env, WeightCheck check) {
        double[] out = new double[slots()];
        Arrays.fill(out, Double.NaN);
        forEachSlot(snapshot, List.of(property), env, (columns, row, address, slot) -> {
            Object value = GraphValues.get(columns[0], row, type);
            if (value == null) {
                return;
            }
            double weight = value instanceof Long l && l < 0 && isUnsigned(type)
                    ? (double) (l >>> 1) * 2.0
                    : ((Number) value).doubleValue();
            check.check(weight, address);
            out[slot] = weight;
        });
        return out;
    }

    /**
     * The values of column {@code column} (a property, or {@code id}, {@code src}, {@code dst}) of every edge, by
     * slot (null for slots that are not live), read from {@code snapshot} (this version) on first use and kept.
     */
    Object[] values(String column, PropertyType type, java.util.function.Supplier<TableSnapshot> snapshot, Env env) {
        return values.computeIfAbsent(column, c -> {
            Object[] out = new Object[slots()];
            forEachSlot(snapshot.get(), List.of(c), env, (columns, row, address, slot) -> {
                out[slot] = GraphValues.get(columns[0], row, type);
            });
            return out;
        });
    }

    /** Receives a live edge's row with its slot. */
    @FunctionalInterface
    private interface SlotSink {
        void accept(FieldVector[] columns, int row, long address, int slot);
    }

    /** Every live edge of {@code snapshot} (this version) with {@code columns}, and its slot. */
    private void forEachSlot(TableSnapshot snapshot, List<String> columns, Env env, SlotSink sink) {
        Map<Long, Boolean> held = new HashMap<>();
        for (DataFragment fragment : snapshot.fragments()) {
            held.put(fragment.getId(), base.rows.holds(fragment));
        }
        Map<Long, Integer> addedAt = new HashMap<>();
        for (int i = 0; i < addSrc.length; i++) {
            addedAt.put(addAddress[i], base.edges() + i);
        }
        FragmentRows.scan(snapshot, null, columns, env, (vectors, row, address) -> {
            int slot;
            if (held.getOrDefault(address >>> 32, false)) {
                slot = base.slotOfRow[base.rows.row(address)];
                slot = slot >= 0 && !removed.contains(slot) ? slot : -1;
            } else {
                slot = addedAt.getOrDefault(address, -1);
            }
            if (slot >= 0) {
                sink.accept(vectors, row, address, slot);
            }
        });
    }

    private static boolean isUnsigned(PropertyType type) {
        return type instanceof PropertyType.Scalar s
                && (s.kind() == dev.plainlance.graph.schema.ScalarKind.U64
                        || s.kind() == dev.plainlance.graph.schema.ScalarKind.U32);
    }

    private static int lowerBound(int[] sorted, int value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
