package dev.plainlance.graph;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * The physical rows of one table version, numbered densely: row {@code offset} of the i-th fragment is
 * {@code start(i) + offset}, deleted rows included. Adjacency keeps one int per row by this number, and finds what
 * a later version changed from the fragment lists alone (see {@link Changes}).
 */
final class FragmentRows {
    private final Map<Long, DataFragment> byId = new HashMap<>();
    private final long[] fragmentIds;
    private final int[] starts;
    /** Fragment ids ascending, with the start of each: {@link #row} without boxing. */
    private final long[] sortedIds;

    private final int[] sortedStarts;
    private final int rows;

    FragmentRows(List<DataFragment> fragments) {
        fragmentIds = new long[fragments.size()];
        starts = new int[fragments.size()];
        long total = 0;
        for (int i = 0; i < fragments.size(); i++) {
            DataFragment fragment = fragments.get(i);
            fragmentIds[i] = fragment.getId();
            starts[i] = (int) total;
            byId.put(fragment.getId(), fragment);
            total += fragment.getPhysicalRows();
            if (total > Integer.MAX_VALUE) {
                throw new UnsupportedFeatureException("graph adjacency holds at most 2^31 rows of one table");
            }
        }
        rows = (int) total;
        Integer[] order = new Integer[fragmentIds.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(fragmentIds[a], fragmentIds[b]));
        sortedIds = new long[order.length];
        sortedStarts = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedIds[i] = fragmentIds[order[i]];
            sortedStarts[i] = starts[order[i]];
        }
    }

    /** How many physical rows the version has. */
    int rows() {
        return rows;
    }

    /** Whether {@code fragment} (of some version) is one of these, with the same data files. */
    boolean holds(DataFragment fragment) {
        DataFragment mine = byId.get(fragment.getId());
        return mine != null && mine.getFilesList().equals(fragment.getFilesList());
    }

    /** The row number of {@code address}, whose fragment must be one of these. */
    int row(long address) {
        int i = java.util.Arrays.binarySearch(sortedIds, address >>> 32);
        if (i < 0) {
            throw new IllegalArgumentException("row address " + address + " is in no fragment of this version");
        }
        return sortedStarts[i] + (int) address;
    }

    /** The row address ({@code fragment << 32 | offset}) of row number {@code row}. */
    long address(int row) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return fragmentIds[lo] << 32 | Integer.toUnsignedLong(row - starts[lo]);
    }

    /** 4 bytes a fragment plus the map entries: small next to the per-row arrays. */
    long bytes() {
        return fragmentIds.length * 64L;
    }

    static Map<Long, DataFragment> byId(List<DataFragment> fragments) {
        Map<Long, DataFragment> out = new HashMap<>();
        fragments.forEach(f -> out.put(f.getId(), f));
        return out;
    }

    static void requirePlainRowIds(TableSnapshot table) {
        if (table.hasStableRowIds()) {
            throw new UnsupportedFeatureException(
                    "graph adjacency over " + table.name() + " is not supported: it uses stable row ids");
        }
    }

    /**
     * What changed between an older and a newer version of one table, told by their fragment lists: fragments the
     * newer one lacks (or holds with other data files) are gone whole; of a fragment both hold with the same files,
     * the rows of the newer deletion vector are deleted (already-deleted ones included: callers ignore rows they
     * already dropped, so the older deletion file is never read, and may have been cleaned up); fragments only the
     * newer one holds are added. Nothing but the newer deletion files and the added fragments is read.
     */
    static final class Changes {
        /** Fragments of the older version that are gone whole. */
        final List<DataFragment> goneFragments = new ArrayList<>();
        /** Fragments held by both (as the older version holds them), with the newer version's deleted offsets. */
        final Map<DataFragment, RoaringBitmap> deletions = new HashMap<>();
        /** Fragments only the newer version holds. */
        final List<DataFragment> addedFragments = new ArrayList<>();

        Changes(List<DataFragment> older, TableSnapshot newer, Env env) {
            requirePlainRowIds(newer);
            Map<Long, DataFragment> newById = byId(newer.fragments());
            Map<Long, DataFragment> oldById = byId(older);
            for (DataFragment old : older) {
                DataFragment now = newById.get(old.getId());
                if (now == null || !now.getFilesList().equals(old.getFilesList())) {
                    goneFragments.add(old);
                } else if (!Objects.equals(deletionOf(old), deletionOf(now))) {
                    deletions.put(
                            old,
                            DeletionVector.read(
                                            newer.storage(),
                                            now.getId(),
                                            now.getPhysicalRows(),
                                            DeletionFile.fromProto(now.getDeletionFile()),
                                            env.allocator())
                                    .toBitmap());
                }
            }
            for (DataFragment now : newer.fragments()) {
                DataFragment old = oldById.get(now.getId());
                if (old == null || !now.getFilesList().equals(old.getFilesList())) {
                    addedFragments.add(now);
                }
            }
        }

        /** How many rows the change touches at most: the size the caller's work follows. */
        long size() {
            long n = 0;
            for (DataFragment f : goneFragments) {
                n += f.getPhysicalRows();
            }
            for (RoaringBitmap deleted : deletions.values()) {
                n += deleted.getLongCardinality();
            }
            for (DataFragment f : addedFragments) {
                n += f.getPhysicalRows();
            }
            return n;
        }

        private static Object deletionOf(DataFragment fragment) {
            return fragment.hasDeletionFile() ? fragment.getDeletionFile() : null;
        }
    }

    /** Receives one live row of a scan: the batch's vectors of the columns asked for, the row, its address. */
    @FunctionalInterface
    interface RowSink {
        void accept(FieldVector[] columns, int row, long address);
    }

    /** Scans the live rows of {@code fragments} of {@code table} (all when null), with their addresses. */
    static void scan(TableSnapshot table, List<DataFragment> fragments, List<String> columns, Env env, RowSink sink) {
        requirePlainRowIds(table);
        if (!table.exists() || (fragments != null && fragments.isEmpty())) {
            return;
        }
        TableSnapshot scanned = fragments == null ? table : table.withFragments(fragments);
        TableScan scan = new TableScan(
                scanned,
                new TableScan.Request(
                        Optional.of(columns),
                        Optional.empty(),
                        TableScan.DEFAULT_BATCH_SIZE,
                        Optional.empty(),
                        false,
                        true),
                env);
        try (ArrowReader reader = scan.batches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                UInt8Vector addresses = (UInt8Vector) batch.getVector("_rowaddr");
                FieldVector[] vectors = new FieldVector[columns.size()];
                for (int c = 0; c < vectors.length; c++) {
                    vectors[c] = batch.getVector(columns.get(c));
                }
                for (int row = 0; row < batch.getRowCount(); row++) {
                    sink.accept(vectors, row, addresses.get(row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + table.name(), e);
        }
    }
}
