package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.FileBases;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * The requested columns a scan's filter does not read, fetched only for the rows that pass it (late
 * materialization). Filtered rows arrive in fragment order; a fragment's data files stay open while it is the newest
 * fragment asked for or a batch still uses them. {@link #lease} and {@link Lease#close} belong to the scan's thread;
 * {@link Lease#decode} may run anywhere.
 */
final class LateColumns implements AutoCloseable {
    private final FileBases bases;
    private final List<LanceField> columns;
    private final Env env;
    private final Map<Long, DataFragment> fragments = new HashMap<>();
    private final Map<Long, Open> open = new HashMap<>();
    private long newest = -1;

    private static final class Open {
        final FragmentColumns columns;
        int leases;

        Open(FragmentColumns columns) {
            this.columns = columns;
        }
    }

    LateColumns(FileBases bases, List<DataFragment> fragments, List<LanceField> columns, Env env) {
        this.bases = bases;
        this.columns = columns;
        this.env = env;
        fragments.forEach(fragment -> this.fragments.put(fragment.getId(), fragment));
    }

    List<LanceField> columns() {
        return columns;
    }

    /** The late columns of the rows at physical {@code offsets[0..n)} (ascending) of one fragment. */
    final class Lease implements AutoCloseable {
        private final long fragmentId;
        private final Open files;
        private final int[] offsets;
        private final int n;
        private boolean closed;

        private Lease(long fragmentId, Open files, int[] offsets, int n) {
            this.fragmentId = fragmentId;
            this.files = files;
            this.offsets = offsets;
            this.n = n;
        }

        /** The rows' values of each column on the heap, null where no data file stores the column (all nulls). */
        ArrayData[] decode() {
            return files.columns.decodePicked(offsets, n);
        }

        /** Loads column {@code c} of {@link #decode}'s result into {@code target} (all nulls when not stored). */
        void fill(int c, ArrayData[] decoded, FieldVector target) {
            if (decoded[c] == null) {
                target.clear();
                target.setInitialCapacity(n);
                target.allocateNew();
                target.setValueCount(n);
            } else {
                files.columns.fillPicked(c, decoded[c], target, offsets, n);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(fragmentId, files);
            }
        }
    }

    /** Opens fragment {@code fragmentId}'s data files (or shares them) for the rows at {@code offsets[0..n)}. */
    Lease lease(long fragmentId, int[] offsets, int n) {
        Open files = open.get(fragmentId);
        if (files == null) {
            DataFragment fragment = fragments.get(fragmentId);
            if (fragment == null) {
                throw new IllegalStateException("row address names fragment " + fragmentId + ", not in the version");
            }
            files = new Open(new FragmentColumns(bases, fragment, columns, env));
            open.put(fragmentId, files);
        }
        if (newest != fragmentId) {
            long previous = newest;
            newest = fragmentId;
            Open left = open.get(previous);
            if (left != null && left.leases == 0) {
                open.remove(previous).columns.close();
            }
        }
        files.leases++;
        return new Lease(fragmentId, files, offsets, n);
    }

    private void release(long fragmentId, Open files) {
        files.leases--;
        if (files.leases == 0 && fragmentId != newest) {
            open.remove(fragmentId);
            files.columns.close();
        }
    }

    /** Closes every open data file; leases must be closed first (a decode still running would fail). */
    @Override
    public void close() {
        open.values().forEach(files -> files.columns.close());
        open.clear();
    }
}
