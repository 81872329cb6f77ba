package dev.plainlance.lance.scan;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.maintenance.RowVersions;
import dev.plainlance.lance.pb.table.DataFragment;
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
 * the table. A fragment without sequences (a dataset without stable row ids) has version 1 for every row, as in
 * the official library.
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
                chosen.andNot(DeletionVector.read(
                                table.bases(),
                                fragment.getId(),
                                rows,
                                DeletionFile.fromProto(fragment.getDeletionFile()),
                                env.allocator())
                        .toBitmap());
            }
            if (!chosen.isEmpty()) {
                selected.put(fragment.getId(), chosen);
                versions.put(fragment.getId(), new long[][] {
                    RowVersions.expand(rows, created(fragment, where), where),
                    RowVersions.expand(rows, lastUpdated(fragment, where), where)
                });
            }
        }
        TableScan scan = new TableScan(
                table,
                new TableScan.Request(
                        Optional.empty(), Optional.empty(), TableScan.DEFAULT_BATCH_SIZE, Optional.empty(), true, true),
                env);
        return new WithVersions(scan.batches(selected), versions, env.allocator());
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
                created.set(r, fragment[0][offset]);
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
