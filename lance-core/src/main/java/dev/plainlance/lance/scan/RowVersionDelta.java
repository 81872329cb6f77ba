package dev.plainlance.lance.scan;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.RowVersions;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * The rows of a version inserted or updated within a range of versions, found from each fragment's row version
 * sequences ({@code _row_created_at_version}, {@code _row_last_updated_at_version}), as the official
 * {@code DatasetDelta} defines them. The sequences are read from the manifest run by run, so fragments without a
 * change in the range cost no data read and only the changed rows are decoded: the cost follows the change, not
 * the table. Datasets without stable row ids have no row versions (the official library then counts every row as
 * created at version 1); their changes are found from the transaction files instead, see {@link #fromTransactions}.
 */
public final class RowVersionDelta {
    public static final String CREATED_AT = "_row_created_at_version";
    public static final String LAST_UPDATED_AT = "_row_last_updated_at_version";

    private RowVersionDelta() {}

    /** Live rows with {@code begin < _row_created_at_version <= end}. */
    public static ArrowReader inserted(TableSnapshot table, long begin, long end, Env env) {
        return read(table, begin, end, true, env);
    }

    /** Live rows with {@code begin < _row_last_updated_at_version <= end} and {@code _row_created_at_version <= begin}. */
    public static ArrowReader updated(TableSnapshot table, long begin, long end, Env env) {
        return read(table, begin, end, false, env);
    }

    private static ArrowReader read(TableSnapshot table, long begin, long end, boolean inserted, Env env) {
        if (!table.hasStableRowIds()) {
            return fromTransactions(table, begin, end, inserted, env);
        }
        LongPredicate inRange = v -> v > begin && v <= end;
        Map<Long, RoaringBitmap> selected = new TreeMap<>();
        Map<Long, long[][]> versions = new HashMap<>();
        for (DataFragment fragment : table.fragments()) {
            String where = table.name() + " fragment " + fragment.getId();
            long rows = fragment.getPhysicalRows();
            RoaringBitmap chosen;
            if (inserted) {
                chosen = RowVersions.matching(rows, created(fragment, where), inRange, where);
            } else {
                chosen = RowVersions.matching(rows, lastUpdated(fragment, where), inRange, where);
                if (!chosen.isEmpty()) {
                    chosen.and(RowVersions.matching(rows, created(fragment, where), v -> v <= begin, where));
                }
            }
            if (!chosen.isEmpty() && fragment.hasDeletionFile()) {
                chosen.andNot(deletions(table, fragment, env));
            }
            if (!chosen.isEmpty()) {
                selected.put(fragment.getId(), chosen);
                versions.put(fragment.getId(), new long[][] {
                    RowVersions.expand(rows, created(fragment, where), where),
                    RowVersions.expand(rows, lastUpdated(fragment, where), where)
                });
            }
        }
        return scan(table, selected, versions, env);
    }

    private static ArrowReader scan(
            TableSnapshot table, Map<Long, RoaringBitmap> selected, Map<Long, long[][]> versions, Env env) {
        TableScan scan = new TableScan(
                table,
                new TableScan.Request(
                        Optional.empty(), Optional.empty(), TableScan.DEFAULT_BATCH_SIZE, Optional.empty(), true, true),
                env);
        return new WithVersions(scan.batches(selected), versions, env.allocator());
    }

    /**
     * Without stable row ids there are no row versions: the rows come from the transaction files of versions
     * {@code begin + 1 .. end} instead, fragment by fragment. Fragments an Append or Overwrite added hold inserted
     * rows; fragments an Update (update, merge insert) added hold updated rows, the rows a merge insert inserted
     * among them; fragments a compaction wrote take the class of the changed fragments it replaced. Only those
     * fragments of the shown version are read. {@code _row_created_at_version} is the version that added an
     * inserted row's fragment and null for an updated row; {@code _row_last_updated_at_version} is the version
     * that added the fragment.
     */
    private static ArrowReader fromTransactions(TableSnapshot table, long begin, long end, boolean inserted, Env env) {
        Map<Long, Long> insertedAt = new HashMap<>();
        Map<Long, Long> updatedAt = new HashMap<>();
        ManifestStore store = new ManifestStore(table.storage());
        java.util.Set<Long> previous = begin == 0 ? java.util.Set.of() : ids(at(table, begin));
        for (long version = begin + 1; version <= end; version++) {
            TableSnapshot now = at(table, version);
            java.util.Set<Long> ids = ids(now);
            java.util.Set<Long> added = new java.util.TreeSet<>(ids);
            added.removeAll(previous);
            java.util.Set<Long> removed = new java.util.TreeSet<>(previous);
            removed.removeAll(ids);
            Transaction.OperationCase kind = store.transaction(now.file())
                    .map(Transaction::getOperationCase)
                    .orElse(Transaction.OperationCase.APPEND);
            long v = version;
            switch (kind) {
                case OVERWRITE -> {
                    insertedAt.clear();
                    updatedAt.clear();
                    added.forEach(id -> insertedAt.put(id, v));
                }
                case UPDATE -> added.forEach(id -> updatedAt.put(id, v));
                case REWRITE -> {
                    Optional<Long> updated = removed.stream()
                            .map(updatedAt::get)
                            .filter(x -> x != null)
                            .max(Long::compare);
                    Optional<Long> created = removed.stream()
                            .map(insertedAt::get)
                            .filter(x -> x != null)
                            .max(Long::compare);
                    if (updated.isPresent()) {
                        added.forEach(id -> updatedAt.put(id, updated.get()));
                    } else {
                        created.ifPresent(c -> added.forEach(id -> insertedAt.put(id, c)));
                    }
                }
                default -> added.forEach(id -> insertedAt.put(id, v));
            }
            insertedAt.keySet().retainAll(ids);
            updatedAt.keySet().retainAll(ids);
            previous = ids;
        }
        Map<Long, Long> chosen = inserted ? insertedAt : updatedAt;
        Map<Long, RoaringBitmap> selected = new TreeMap<>();
        Map<Long, long[][]> versions = new HashMap<>();
        for (DataFragment fragment : table.fragments()) {
            Long version = chosen.get(fragment.getId());
            if (version == null) {
                continue;
            }
            long rows = fragment.getPhysicalRows();
            RoaringBitmap live = new RoaringBitmap();
            live.add(0L, rows);
            if (fragment.hasDeletionFile()) {
                live.andNot(deletions(table, fragment, env));
            }
            if (live.isEmpty()) {
                continue;
            }
            long[] created = new long[Math.toIntExact(rows)];
            long[] updated = new long[created.length];
            java.util.Arrays.fill(created, inserted ? version : NULL_VERSION);
            java.util.Arrays.fill(updated, version);
            selected.put(fragment.getId(), live);
            versions.put(fragment.getId(), new long[][] {created, updated});
        }
        return scan(table, selected, versions, env);
    }

    /** Marks a version that is not known (written as null). */
    private static final long NULL_VERSION = -1;

    private static TableSnapshot at(TableSnapshot table, long version) {
        return TableSnapshot.at(table.storage(), table.name(), version);
    }

    private static java.util.Set<Long> ids(TableSnapshot version) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        version.fragments().forEach(f -> ids.add(f.getId()));
        return ids;
    }

    private static RoaringBitmap deletions(TableSnapshot table, DataFragment fragment, Env env) {
        return DeletionVector.read(
                        table.bases(),
                        fragment.getId(),
                        fragment.getPhysicalRows(),
                        DeletionFile.fromProto(fragment.getDeletionFile()),
                        env.allocator())
                .toBitmap();
    }

    private static ByteString created(DataFragment fragment, String where) {
        if (fragment.hasExternalCreatedAtVersions()) {
            throw new UnsupportedFeatureException(where + ": row versions in an external file are not supported");
        }
        return fragment.getInlineCreatedAtVersions();
    }

    private static ByteString lastUpdated(DataFragment fragment, String where) {
        if (fragment.hasExternalLastUpdatedAtVersions()) {
            throw new UnsupportedFeatureException(where + ": row versions in an external file are not supported");
        }
        return fragment.getInlineLastUpdatedAtVersions();
    }

    /**
     * The scan's batches with {@code _rowaddr} replaced by the two version columns (uint64), in the official order:
     * every column, {@code _rowid}, {@code _row_created_at_version}, {@code _row_last_updated_at_version}.
     */
    private static final class WithVersions extends ArrowReader {
        private final ArrowReader rows;
        private final Map<Long, long[][]> versions;

        WithVersions(ArrowReader rows, Map<Long, long[][]> versions, BufferAllocator allocator) {
            super(allocator);
            this.rows = rows;
            this.versions = versions;
        }

        @Override
        protected Schema readSchema() throws IOException {
            List<Field> fields = new java.util.ArrayList<>(
                    rows.getVectorSchemaRoot().getSchema().getFields());
            fields.removeIf(f -> f.getName().equals(RowSource.ROW_ADDRESS));
            FieldType u64 = FieldType.nullable(new ArrowType.Int(64, false));
            fields.add(new Field(CREATED_AT, u64, null));
            fields.add(new Field(LAST_UPDATED_AT, u64, null));
            return new Schema(fields);
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (!rows.loadNextBatch()) {
                return false;
            }
            VectorSchemaRoot in = rows.getVectorSchemaRoot();
            VectorSchemaRoot out = getVectorSchemaRoot();
            int n = in.getRowCount();
            List<FieldVector> outputs = out.getFieldVectors();
            for (int i = 0; i < outputs.size() - 2; i++) {
                in.getVector(outputs.get(i).getName())
                        .makeTransferPair(outputs.get(i))
                        .transfer();
            }
            UInt8Vector addresses = (UInt8Vector) in.getVector(RowSource.ROW_ADDRESS);
            UInt8Vector created = (UInt8Vector) outputs.get(outputs.size() - 2);
            UInt8Vector updated = (UInt8Vector) outputs.get(outputs.size() - 1);
            created.allocateNew(n);
            updated.allocateNew(n);
            for (int r = 0; r < n; r++) {
                long address = addresses.get(r);
                long[][] fragment = versions.get(address >>> 32);
                int offset = (int) address;
                if (fragment[0][offset] == NULL_VERSION) {
                    created.setNull(r);
                } else {
                    created.set(r, fragment[0][offset]);
                }
                updated.set(r, fragment[1][offset]);
            }
            created.setValueCount(n);
            updated.setValueCount(n);
            out.setRowCount(n);
            return true;
        }

        @Override
        public long bytesRead() {
            return rows.bytesRead();
        }

        @Override
        protected void closeReadSource() throws IOException {
            rows.close();
        }
    }
}
