package dev.plainlance.lance.scan;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.index.IndexedFilter;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * Finds the live rows holding given values of a utf8 key column without scanning the table: an in-memory index per
 * data file (the sorted 32-bit hashes of the file's keys with their row offsets, 8 bytes a row), built on the first
 * lookup that meets the file and kept for the object's life, plus the fragment's deletion vector. Data files never
 * change, so an index built for one version serves every later version that still has the fragment; only new
 * fragments are read. Entries are {@code hash << 32 | offset}, sorted. Candidates are confirmed by reading the key at
 * their address, so hash collisions cost a read, never a wrong answer. Fragments a BTREE or BITMAP index on the column
 * covers are answered by that index instead (a page of it read per lookup, never the file's whole key column), unless
 * their file is already indexed in memory. Thread-safe.
 */
public final class KeyLookup {
    /** The most keys one lookup asks a scalar index for. */
    static final int MAX_INDEXED_KEYS = 1024;

    private final String column;
    private final Map<String, long[]> byFile = new ConcurrentHashMap<>();
    private final Map<String, RoaringBitmap> deleted = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong scalarIndexLookups =
            new java.util.concurrent.atomic.AtomicLong();

    public KeyLookup(String column) {
        this.column = column;
    }

    /** How many data files this lookup has indexed (each cost a read of the file's key column). */
    public int indexedFiles() {
        return byFile.size();
    }

    /** How many lookups a scalar index on the column answered (for the fragments it covers). */
    public long scalarIndexLookups() {
        return scalarIndexLookups.get();
    }

    /**
     * The live rows of {@code table} whose key is one of {@code keys}, by fragment id, as row offsets.
     *
     * @throws UnsupportedFeatureException for tables with stable row ids
     */
    public Map<Long, RoaringBitmap> locate(TableSnapshot table, Collection<String> keys, Env env) {
        Map<Long, RoaringBitmap> out = new HashMap<>();
        for (Map.Entry<String, Long> hit : addresses(table, keys, env).entrySet()) {
            long address = hit.getValue();
            out.computeIfAbsent(address >>> 32, f -> new RoaringBitmap()).add((int) address);
        }
        return out;
    }

    /** The row address of the live row holding each of {@code keys} that has one (the first, if several do). */
    public Map<String, Long> addresses(TableSnapshot table, Collection<String> keys, Env env) {
        return confirm(table, candidates(table, keys, env), keys, env);
    }

    /**
     * As {@link #locate(TableSnapshot, Collection, Env)}, trying first where {@code hints} say some keys are (row
     * addresses, e.g. where an older version held them): a hint is used only when its row is live in {@code table}
     * and holds its key, so a wrong or stale hint costs a read, never a wrong answer. Only the keys no hint finds go
     * through the index, whose files are then read; when every hint holds, no index is built.
     */
    public Map<Long, RoaringBitmap> locate(
            TableSnapshot table, Collection<String> keys, Map<String, Long> hints, Env env) {
        java.util.Set<String> rest = new java.util.HashSet<>(keys);
        Map<String, Long> found = new HashMap<>();
        if (!hints.isEmpty() && table.exists()) {
            Map<Long, DataFragment> fragments = new HashMap<>();
            table.fragments().forEach(f -> fragments.put(f.getId(), f));
            List<Long> hinted = new ArrayList<>();
            for (String key : keys) {
                Long address = hints.get(key);
                DataFragment fragment = address == null ? null : fragments.get(address >>> 32);
                if (fragment != null
                        && (int) (long) address >= 0
                        && (int) (long) address < fragment.getPhysicalRows()
                        && !deletions(table, fragment, env).contains((int) (long) address)) {
                    hinted.add(address);
                }
            }
            found.putAll(confirm(table, hinted, keys, env));
            rest.removeAll(found.keySet());
        }
        if (!rest.isEmpty()) {
            found.putAll(addresses(table, rest, env));
        }
        Map<Long, RoaringBitmap> out = new HashMap<>();
        for (long address : found.values()) {
            out.computeIfAbsent(address >>> 32, f -> new RoaringBitmap()).add((int) address);
        }
        return out;
    }

    /**
     * The addresses of live rows whose key hashes like one of {@code keys}, unconfirmed: a superset of the rows
     * holding them (usually exactly those). Callers that read the rows anyway check the key themselves.
     */
    public List<Long> candidates(TableSnapshot table, Collection<String> keys, Env env) {
        if (table.hasStableRowIds()) {
            throw new UnsupportedFeatureException(
                    "key lookup in " + table.name() + " is not supported: it uses stable row ids");
        }
        if (!table.exists() || keys.isEmpty()) {
            return List.of();
        }
        Optional<IndexedFilter.Plan> indexed = scalarIndexPlan(table, keys, env);
        List<Long> candidates = new ArrayList<>();
        for (DataFragment fragment : table.fragments()) {
            RoaringBitmap gone = deletions(table, fragment, env);
            if (indexed.isPresent()
                    && indexed.get().covered().contains((int) fragment.getId())
                    && !byFile.containsKey(fileKey(table, fragment))) {
                RoaringBitmap rows = indexed.get().selection().get(fragment.getId());
                if (rows != null) {
                    RoaringBitmap.andNot(rows, gone)
                            .forEach((int offset) ->
                                    candidates.add(fragment.getId() << 32 | Integer.toUnsignedLong(offset)));
                }
                continue;
            }
            long[] index = index(table, fragment, env);
            for (String key : keys) {
                int hash = hash(key.getBytes(StandardCharsets.UTF_8));
                for (int i = lowerBound(index, (long) hash << 32); i < index.length && index[i] >> 32 == hash; i++) {
                    int offset = (int) index[i];
                    if (!gone.contains(offset)) {
                        candidates.add(fragment.getId() << 32 | Integer.toUnsignedLong(offset));
                    }
                }
            }
        }
        return candidates;
    }

    /**
     * The rows a BTREE or BITMAP index on the column names for {@code keys}, in the fragments it covers; asked only
     * when some fragment's file has no in-memory index yet (a warm file answers without any read, cheaper than the
     * index's page reads) and for at most {@link #MAX_INDEXED_KEYS} keys (each may cost a page of the index: more
     * keys than that read about as much as the key column), and empty when the table has no such index.
     */
    private Optional<IndexedFilter.Plan> scalarIndexPlan(TableSnapshot table, Collection<String> keys, Env env) {
        boolean cold = table.fragments().stream().anyMatch(f -> !byFile.containsKey(fileKey(table, f)));
        if (!cold || keys.size() > MAX_INDEXED_KEYS) {
            return Optional.empty();
        }
        Optional<IndexedFilter.Plan> plan = IndexedFilter.planIn(table, column, new ArrayList<Object>(keys), env);
        plan.ifPresent(p -> scalarIndexLookups.incrementAndGet());
        return plan;
    }

    private Map<String, Long> confirm(TableSnapshot table, List<Long> candidates, Collection<String> keys, Env env) {
        Map<String, Long> found = new HashMap<>();
        if (candidates.isEmpty()) {
            return found;
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(keys);
        int i = 0;
        try (ArrowReader rows = Takes.byRowId(table, candidates, List.of(column), env)) {
            while (rows.loadNextBatch()) {
                VectorSchemaRoot batch = rows.getVectorSchemaRoot();
                VarCharVector values = (VarCharVector) batch.getVector(column);
                for (int row = 0; row < batch.getRowCount(); row++, i++) {
                    if (!values.isNull(row)) {
                        String key = new String(values.get(row), StandardCharsets.UTF_8);
                        if (wanted.contains(key)) {
                            found.putIfAbsent(key, candidates.get(i));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keys of " + table.name(), e);
        }
        return found;
    }

    private long[] index(TableSnapshot table, DataFragment fragment, Env env) {
        return byFile.computeIfAbsent(fileKey(table, fragment), f -> build(table, fragment, env));
    }

    private String fileKey(TableSnapshot table, DataFragment fragment) {
        return table.storage().describe(fragment.getFiles(0).getPath()) + "#" + column;
    }

    private long[] build(TableSnapshot table, DataFragment fragment, Env env) {
        DataFragment whole = fragment.toBuilder().clearDeletionFile().build();
        TableScan scan = new TableScan(
                table.withFragments(List.of(whole)),
                new TableScan.Request(
                        Optional.of(List.of(column)),
                        Optional.empty(),
                        TableScan.DEFAULT_BATCH_SIZE,
                        Optional.empty(),
                        false,
                        true),
                env);
        long[] index = new long[(int) fragment.getPhysicalRows()];
        int n = 0;
        try (ArrowReader rows = scan.batches()) {
            while (rows.loadNextBatch()) {
                VectorSchemaRoot batch = rows.getVectorSchemaRoot();
                VarCharVector values = (VarCharVector) batch.getVector(0);
                UInt8Vector addresses = (UInt8Vector) batch.getVector(1);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    if (!values.isNull(row)) {
                        index[n++] = (long) hash(values.get(row)) << 32 | (addresses.get(row) & 0xFFFF_FFFFL);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index " + column + " of " + table.name(), e);
        }
        long[] sorted = Arrays.copyOf(index, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private RoaringBitmap deletions(TableSnapshot table, DataFragment fragment, Env env) {
        if (!fragment.hasDeletionFile()) {
            return new RoaringBitmap();
        }
        DeletionFile file = DeletionFile.fromProto(fragment.getDeletionFile());
        String key = table.bases().deletionFile(fragment.getId(), file).describe();
        return deleted.computeIfAbsent(key, k -> DeletionVector.read(
                        table.bases(), fragment.getId(), fragment.getPhysicalRows(), file, env.allocator())
                .toBitmap());
    }

    /** Index of the first entry {@code >= value}. */
    private static int lowerBound(long[] index, long value) {
        int lo = 0;
        int hi = index.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (index[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** 32-bit FNV-1a of the key's UTF-8 bytes. */
    private static int hash(byte[] bytes) {
        int h = 0x811C9DC5;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h;
    }
}
