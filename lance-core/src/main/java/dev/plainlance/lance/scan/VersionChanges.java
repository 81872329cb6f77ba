package dev.plainlance.lance.scan;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * The rows that differ between two versions of one table, found from their fragment lists so that the cost follows
 * the size of the change, not of the table: fragments only one version has are read whole, and of a fragment both
 * have with the same data files only the rows the newer deletion file adds are read. Rows a rewrite (compaction,
 * update) moved appear as removed and added; callers that match rows by a key tell moves from changes.
 */
public final class VersionChanges {
    /** Receives one batch of rows; the batch is valid only during the call. */
    @FunctionalInterface
    public interface BatchConsumer {
        void accept(VectorSchemaRoot batch) throws IOException;
    }

    /** Receives one batch of rows with the row address of each (in the version they were read from). */
    @FunctionalInterface
    public interface LocatedBatchConsumer {
        void accept(VectorSchemaRoot batch, long[] addresses) throws IOException;
    }

    private final TableSnapshot from;
    private final TableSnapshot to;
    private final List<String> columns;
    private final Env env;

    /**
     * @param from the older version, or an absent snapshot (then every row of {@code to} is added)
     * @param to the newer version of the same table, on the same line or on a branch of the same dataset family
     * @param columns the columns to read
     */
    public VersionChanges(TableSnapshot from, TableSnapshot to, List<String> columns, Env env) {
        if (from.hasStableRowIds() || to.hasStableRowIds()) {
            throw new UnsupportedFeatureException(
                    "changes between versions of " + to.name() + " are not supported: it uses stable row ids");
        }
        this.from = from;
        this.to = to;
        this.columns = List.copyOf(columns);
        this.env = env;
    }

    /** Passes the rows live in {@code from} but not in {@code to} (as {@code from} holds them) to {@code sink}. */
    public void removed(BatchConsumer sink) throws IOException {
        removed((batch, addresses) -> sink.accept(batch));
    }

    /** As {@link #removed(BatchConsumer)}, with each row's address in {@code from}. */
    public void removed(LocatedBatchConsumer sink) throws IOException {
        Map<Long, DataFragment> newer = byId(to);
        List<DataFragment> whole = new ArrayList<>();
        List<Long> addresses = new ArrayList<>();
        for (DataFragment old : from.exists() ? from.fragments() : List.<DataFragment>of()) {
            DataFragment now = newer.get(old.getId());
            if (now == null || !sameData(old, now)) {
                whole.add(old);
                continue;
            }
            RoaringBitmap gone = deletions(to, now).toBitmap();
            gone.andNot(deletions(from, old).toBitmap());
            gone.forEach((int offset) -> addresses.add(old.getId() << 32 | Integer.toUnsignedLong(offset)));
        }
        scan(from, whole, sink);
        if (!addresses.isEmpty()) {
            try (ArrowReader rows = Takes.byRowId(from, addresses, columns, env)) {
                int next = 0;
                while (rows.loadNextBatch()) {
                    VectorSchemaRoot batch = rows.getVectorSchemaRoot();
                    long[] located = new long[batch.getRowCount()];
                    for (int i = 0; i < located.length; i++) {
                        located[i] = addresses.get(next++);
                    }
                    sink.accept(batch, located);
                }
            }
        }
    }

    /** Passes the rows live in {@code to} but not in {@code from} to {@code sink}. */
    public void added(BatchConsumer sink) throws IOException {
        added((batch, addresses) -> sink.accept(batch));
    }

    /** As {@link #added(BatchConsumer)}, with each row's address in {@code to}. */
    public void added(LocatedBatchConsumer sink) throws IOException {
        Map<Long, DataFragment> older = from.exists() ? byId(from) : Map.of();
        List<DataFragment> whole = new ArrayList<>();
        for (DataFragment now : to.fragments()) {
            DataFragment old = older.get(now.getId());
            if (old == null || !sameData(old, now)) {
                whole.add(now);
            }
        }
        scan(to, whole, sink);
    }

    /**
     * Whether a fragment of {@code from} and one of {@code to} read the same data files: the same entries, or, across
     * the roots of one dataset family (a branch reads its parent's files through a base path), entries for the same
     * fields that resolve to the same objects.
     */
    private boolean sameData(DataFragment old, DataFragment now) {
        if (now.getFilesList().equals(old.getFilesList()) && from.name().equals(to.name())) {
            return true;
        }
        if (now.getFilesCount() != old.getFilesCount()) {
            return false;
        }
        for (int i = 0; i < now.getFilesCount(); i++) {
            DataFile a = old.getFiles(i);
            DataFile b = now.getFiles(i);
            if (!a.getFieldsList().equals(b.getFieldsList())
                    || !a.getColumnIndicesList().equals(b.getColumnIndicesList())
                    || !from.bases()
                            .dataFile(a)
                            .describe()
                            .equals(to.bases().dataFile(b).describe())) {
                return false;
            }
        }
        return true;
    }

    private void scan(TableSnapshot table, List<DataFragment> fragments, LocatedBatchConsumer sink) throws IOException {
        if (fragments.isEmpty()) {
            return;
        }
        TableScan scan = new TableScan(
                table.withFragments(fragments),
                new TableScan.Request(
                        Optional.of(columns),
                        Optional.empty(),
                        TableScan.DEFAULT_BATCH_SIZE,
                        Optional.empty(),
                        false,
                        true),
                env);
        try (ArrowReader rows = scan.batches()) {
            while (rows.loadNextBatch()) {
                VectorSchemaRoot batch = rows.getVectorSchemaRoot();
                org.apache.arrow.vector.UInt8Vector address =
                        (org.apache.arrow.vector.UInt8Vector) batch.getVector(RowSource.ROW_ADDRESS);
                long[] located = new long[batch.getRowCount()];
                for (int i = 0; i < located.length; i++) {
                    located[i] = address.get(i);
                }
                sink.accept(batch, located);
            }
        }
    }

    private DeletionVector deletions(TableSnapshot table, DataFragment fragment) {
        if (!fragment.hasDeletionFile()) {
            return DeletionVector.empty();
        }
        return DeletionVector.read(
                table.bases(),
                fragment.getId(),
                fragment.getPhysicalRows(),
                DeletionFile.fromProto(fragment.getDeletionFile()),
                env.allocator());
    }

    private static Map<Long, DataFragment> byId(TableSnapshot table) {
        Map<Long, DataFragment> out = new HashMap<>();
        table.fragments().forEach(f -> out.put(f.getId(), f));
        return out;
    }
}
