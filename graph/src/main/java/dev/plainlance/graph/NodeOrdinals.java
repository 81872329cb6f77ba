package dev.plainlance.graph;

import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VarCharVector;
import org.roaringbitmap.RoaringBitmap;

/**
 * Dense int ordinals for the nodes of one node table at one version: id to ordinal and back. Immutable.
 *
 * <p>A version derived from an older one keeps the older one's ordinals (same {@link Space}): a new id gets the next
 * ordinal, a deleted node's ordinal goes dead (and comes back if the id does), so adjacency built over the older
 * ordinals stays valid and nothing is renumbered. A space grows along one line only: a version derived from one
 * that is not the newest of its space, and that adds ids, starts a new space (its new ordinals could otherwise mean
 * other ids than in the newer versions). The shared {@link Base} holds the ids as UTF-8 in one array
 * with an open-addressing hash table over them and the ordinal of every row of the version it was built at; a
 * derived version adds a small overlay of rows that moved, appeared or went since. When the overlay grows past
 * {@code max(foldMinimum, size / 8)} entries it is folded into a new base, in memory, keeping every ordinal.
 */
final class NodeOrdinals {
    private static final AtomicLong SERIALS = new AtomicLong();
    /** In {@link #moved}: the ordinal has no live row. */
    private static final long DEAD = -1L;

    /** One ordinal numbering; {@link #assigned} ordinals have their id for good. */
    static final class Space {
        final AtomicInteger assigned;

        Space(int assigned) {
            this.assigned = new AtomicInteger(assigned);
        }
    }

    /** What every version derived from one build shares. Immutable. */
    static final class Base {
        final int size;
        final byte[] ids;
        final int[] starts;
        final int[] table;
        final RoaringBitmap dead;
        final FragmentRows rows;
        final int[] ordinalOfRow;

        Base(byte[] ids, int[] starts, int size, RoaringBitmap dead, FragmentRows rows, int[] ordinal) {
            this.size = size;
            this.ids = ids;
            this.starts = starts;
            this.dead = dead;
            this.rows = rows;
            this.ordinalOfRow = ordinal;
            int capacity = Integer.highestOneBit(Math.max(8, size) * 2 - 1) * 2;
            table = new int[capacity];
            int mask = capacity - 1;
            for (int o = 0; o < size; o++) {
                int slot = hash(ids, starts[o], starts[o + 1]) & mask;
                while (table[slot] != 0) {
                    if (sameId(o, table[slot] - 1)) {
                        break; // a duplicate id keeps its first ordinal
                    }
                    slot = (slot + 1) & mask;
                }
                if (table[slot] == 0) {
                    table[slot] = o + 1;
                }
            }
        }

        private boolean sameId(int a, int b) {
            return Arrays.equals(ids, starts[a], starts[a + 1], ids, starts[b], starts[b + 1]);
        }

        int find(byte[] key) {
            int mask = table.length - 1;
            int slot = hash(key, 0, key.length) & mask;
            while (true) {
                int entry = table[slot];
                if (entry == 0) {
                    return -1;
                }
                int o = entry - 1;
                if (Arrays.equals(ids, starts[o], starts[o + 1], key, 0, key.length)) {
                    return o;
                }
                slot = (slot + 1) & mask;
            }
        }

        String id(int ordinal) {
            return new String(ids, starts[ordinal], starts[ordinal + 1] - starts[ordinal], StandardCharsets.UTF_8);
        }

        byte[] idBytes(int ordinal) {
            return Arrays.copyOfRange(ids, starts[ordinal], starts[ordinal + 1]);
        }

        long bytes() {
            return ids.length
                    + 4L * starts.length
                    + 4L * table.length
                    + 4L * ordinalOfRow.length
                    + rows.bytes()
                    + dead.getSizeInBytes();
        }
    }

    final long serial = SERIALS.incrementAndGet();
    final AdjacencyCache.TableId table;
    final Space space;
    final Base base;
    /** The current address of every ordinal whose row is not its base row, or {@link #DEAD}. */
    private final Map<Integer, Long> moved;
    /** The ids of ordinals {@code base.size ..}. */
    private final List<String> added;

    private final Map<String, Integer> addedIds;
    /** The ordinal of every live row that is not a base row. */
    private final Map<Long, Integer> byAddress;
    /** This version's fragments: what the next version is compared with. */
    final List<DataFragment> fragments;

    private final int live;
    private final Map<String, Object[]> values = new java.util.concurrent.ConcurrentHashMap<>();

    private NodeOrdinals(
            AdjacencyCache.TableId table,
            Space space,
            Base base,
            Map<Integer, Long> moved,
            List<String> added,
            Map<String, Integer> addedIds,
            Map<Long, Integer> byAddress,
            List<DataFragment> fragments) {
        this.table = table;
        this.space = space;
        this.base = base;
        this.moved = moved;
        this.added = added;
        this.addedIds = addedIds;
        this.byAddress = byAddress;
        this.fragments = fragments;
        int count = base.size - base.dead.getCardinality();
        for (Map.Entry<Integer, Long> m : moved.entrySet()) {
            boolean wasLive = m.getKey() < base.size && !base.dead.contains(m.getKey());
            boolean isLive = m.getValue() != DEAD;
            count += (isLive ? 1 : 0) - (wasLive ? 1 : 0);
        }
        this.live = count;
    }

    /** Reads the ids of every live row of {@code snapshot}: ordinals in scan order. */
    static NodeOrdinals build(AdjacencyCache.TableId table, TableSnapshot snapshot, Env env) {
        FragmentRows rows = new FragmentRows(snapshot.fragments());
        int[] ordinalOfRow = new int[rows.rows()];
        Arrays.fill(ordinalOfRow, -1);
        IdsBuilder ids = new IdsBuilder(rows.rows());
        FragmentRows.scan(snapshot, null, List.of("id"), env, (columns, row, address) -> {
            ordinalOfRow[rows.row(address)] = ids.add(((VarCharVector) columns[0]).get(row));
        });
        Base base = ids.base(new RoaringBitmap(), rows, ordinalOfRow);
        return new NodeOrdinals(
                table, new Space(base.size), base, Map.of(), List.of(), Map.of(), Map.of(), snapshot.fragments());
    }

    /**
     * This version's ordinals carried to {@code newer} (a later version of the same table), reading only what
     * changed; folded into a new base (same ordinals) when the overlay grows past {@code foldMinimum} and an eighth
     * of the size.
     */
    NodeOrdinals derive(AdjacencyCache.TableId id, TableSnapshot newer, Env env, int foldMinimum) {
        FragmentRows.Changes changes = new FragmentRows.Changes(fragments, newer, env);
        Map<Integer, Long> nextMoved = new HashMap<>(moved);
        List<String> nextAdded = new ArrayList<>(added);
        Map<String, Integer> nextAddedIds = new HashMap<>(addedIds);
        Map<Long, Integer> nextByAddress = new HashMap<>(byAddress);
        for (DataFragment gone : changes.goneFragments) {
            if (base.rows.holds(gone)) {
                for (int offset = 0; offset < gone.getPhysicalRows(); offset++) {
                    removeRow(gone, offset, nextMoved, nextByAddress);
                }
            } else {
                for (Map.Entry<Long, Integer> row : List.copyOf(nextByAddress.entrySet())) {
                    if (row.getKey() >>> 32 == gone.getId()) {
                        nextByAddress.remove(row.getKey());
                        nextMoved.put(row.getValue(), DEAD);
                    }
                }
            }
        }
        changes.deletions.forEach((fragment, deleted) ->
                deleted.forEach((int offset) -> removeRow(fragment, offset, nextMoved, nextByAddress)));
        int[] size = {base.size + added.size()};
        FragmentRows.scan(newer, changes.addedFragments, List.of("id"), env, (columns, row, address) -> {
            byte[] key = ((VarCharVector) columns[0]).get(row);
            int ordinal = base.find(key);
            if (ordinal < 0) {
                String text = new String(key, StandardCharsets.UTF_8);
                Integer known = nextAddedIds.get(text);
                if (known == null) {
                    known = size[0]++;
                    nextAdded.add(text);
                    nextAddedIds.put(text, known);
                }
                ordinal = known;
            }
            nextMoved.put(ordinal, address);
            nextByAddress.put(address, ordinal);
        });
        Space nextSpace = space;
        if (size[0] > size() && !space.assigned.compareAndSet(size(), size[0])) {
            nextSpace = new Space(size[0]);
        }
        NodeOrdinals next = new NodeOrdinals(
                id, nextSpace, base, nextMoved, nextAdded, nextAddedIds, nextByAddress, newer.fragments());
        if (nextMoved.size() + nextAdded.size() > Math.max(foldMinimum, next.size() / 8)) {
            return next.fold();
        }
        return next;
    }

    /** The row at {@code offset} of {@code fragment} (of this version) is gone: its ordinal dies if it lived there. */
    private void removeRow(DataFragment fragment, int offset, Map<Integer, Long> nextMoved, Map<Long, Integer> rows) {
        long address = fragment.getId() << 32 | Integer.toUnsignedLong(offset);
        Integer ordinal = rows.remove(address);
        if (ordinal != null) {
            nextMoved.put(ordinal, DEAD);
            return;
        }
        if (base.rows.holds(fragment)) {
            int o = base.ordinalOfRow[base.rows.row(address)];
            if (o >= 0 && !nextMoved.containsKey(o)) {
                nextMoved.put(o, DEAD);
            }
        }
    }

    /** The same ordinals over a new base holding this version's rows, with an empty overlay. */
    NodeOrdinals fold() {
        FragmentRows rows = new FragmentRows(fragments);
        int[] ordinalOfRow = new int[rows.rows()];
        Arrays.fill(ordinalOfRow, -1);
        for (int r = 0; r < base.ordinalOfRow.length; r++) {
            int o = base.ordinalOfRow[r];
            if (o >= 0 && !moved.containsKey(o)) {
                ordinalOfRow[rows.row(base.rows.address(r))] = o;
            }
        }
        RoaringBitmap dead = new RoaringBitmap();
        IdsBuilder ids = new IdsBuilder(size());
        for (int o = 0; o < size(); o++) {
            ids.add(o < base.size ? base.idBytes(o) : added.get(o - base.size).getBytes(StandardCharsets.UTF_8));
            Long address = moved.get(o);
            if (address == null) {
                if (o >= base.size || base.dead.contains(o)) {
                    dead.add(o);
                }
            } else if (address == DEAD) {
                dead.add(o);
            } else {
                ordinalOfRow[rows.row(address)] = o;
            }
        }
        return new NodeOrdinals(
                table, space, ids.base(dead, rows, ordinalOfRow), Map.of(), List.of(), Map.of(), Map.of(), fragments);
    }

    /** The ordinal numbering; adjacency is valid with every {@code NodeOrdinals} of the same space. */
    Space space() {
        return space;
    }

    /** How many ordinals exist, dead ones included: every ordinal is below this. */
    int size() {
        return base.size + added.size();
    }

    /** How many ordinals have a live node. */
    int live() {
        return live;
    }

    /** Whether ordinal {@code o} is a live node of this version. */
    boolean isLive(int o) {
        Long address = moved.isEmpty() ? null : moved.get(o);
        if (address != null) {
            return address != DEAD;
        }
        return o < base.size && !base.dead.contains(o);
    }

    /** The ordinal of the live node {@code id}, or -1. */
    int ordinal(String id) {
        return ordinal(id.getBytes(StandardCharsets.UTF_8));
    }

    /** The ordinal of the live node whose id has UTF-8 bytes {@code id}, or -1. */
    int ordinal(byte[] id) {
        int o = base.find(id);
        if (o < 0 && !addedIds.isEmpty()) {
            o = addedIds.getOrDefault(new String(id, StandardCharsets.UTF_8), -1);
        }
        return o >= 0 && isLive(o) ? o : -1;
    }

    /**
     * The values of property {@code property} of every live node, by ordinal (null for dead ordinals), read from
     * {@code snapshot} (this version) on first use and kept with these ordinals.
     */
    Object[] values(String property, PropertyType type, java.util.function.Supplier<TableSnapshot> snapshot, Env env) {
        return values.computeIfAbsent(property, p -> {
            Object[] out = new Object[size()];
            FragmentRows.scan(snapshot.get(), null, List.of("id", p), env, (columns, row, address) -> {
                int o = ordinal(((VarCharVector) columns[0]).get(row));
                if (o >= 0) {
                    out[o] = GraphValues.get(columns[1], row, type);
                }
            });
            return out;
        });
    }

    /** The id of ordinal {@code o}. */
    String id(int o) {
        return o < base.size ? base.id(o) : added.get(o - base.size);
    }

    /** Bytes held by the base (shared with every version derived from it). */
    long baseBytes() {
        return base.bytes();
    }

    /** Entries in this version's overlay. */
    int overlay() {
        return moved.size() + added.size();
    }

    /** Ids as one UTF-8 array in ordinal order. */
    private static final class IdsBuilder {
        private byte[] bytes;
        private int[] starts;
        private int size;

        IdsBuilder(int expected) {
            bytes = new byte[Math.max(16, expected * 8)];
            starts = new int[expected + 1];
        }

        int add(byte[] id) {
            if (size + 1 >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2 + 1);
            }
            int end = starts[size] + id.length;
            if (end > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
            }
            System.arraycopy(id, 0, bytes, starts[size], id.length);
            starts[++size] = end;
            return size - 1;
        }

        Base base(RoaringBitmap dead, FragmentRows rows, int[] ordinalOfRow) {
            return new Base(
                    Arrays.copyOf(bytes, starts[size]),
                    Arrays.copyOf(starts, size + 1),
                    size,
                    dead,
                    rows,
                    ordinalOfRow);
        }
    }

    /** FNV-1a over {@code bytes[from..to)}, then mixed. */
    static int hash(byte[] bytes, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h ^= bytes[i] & 0xFF;
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
