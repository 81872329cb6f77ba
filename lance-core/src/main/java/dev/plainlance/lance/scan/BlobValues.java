package dev.plainlance.lance.scan;

import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of a scan with each blob column's descriptions (top-level or inside structs) replaced by the values they
 * describe, read from the data file of the row's fragment (and, for blob v2 columns, its sidecar files; see
 * {@link #fillV2}): what compaction, update and merge insert write back, so that the new data files hold their own
 * copy of every blob. The scan must return row addresses (column {@code addressColumn}) to find each row's
 * fragment. A description of size 0 is an empty value, or a null one when its position is not 0 (a null is
 * {@code (1, 0)} in 2.0 and {@code (1 << 16, 0)} in 2.1; an empty value {@code (0, 0)}). Batches are cut so that the
 * blob bytes of one stay near {@link #BATCH_BYTES}. Closing it closes the source.
 */
public final class BlobValues extends ArrowReader {
    private static final int EXTERNAL = 3;

    /** The blob bytes one batch holds at most, unless a single value is larger. */
    static final long BATCH_BYTES = 64L << 20;

    private final TableSnapshot dataset;
    private final ArrowReader source;
    private final int addressColumn;
    private final Schema schema;
    private final Map<Integer, LanceField> blobColumns = new LinkedHashMap<>();
    private final Map<Long, DataFragment> fragments = new HashMap<>();
    private final Map<String, RandomAccessSource> opened = new HashMap<>();
    private VectorSchemaRoot pending;
    private int next;

    /**
     * @param dataset the version the scan reads (its fragments and data files)
     * @param source the scan, with row addresses
     * @param addressColumn the index of the {@code _rowaddr} column in the source's batches
     */
    public BlobValues(TableSnapshot dataset, ArrowReader source, int addressColumn, BufferAllocator allocator)
            throws IOException {
        super(allocator);
        this.dataset = dataset;
        this.source = source;
        this.addressColumn = addressColumn;
        Schema scanned = source.getVectorSchemaRoot().getSchema();
        this.schema = BlobFields.withValues(scanned);
        for (int c = 0; c < scanned.getFields().size(); c++) {
            Field field = scanned.getFields().get(c);
            if (holdsDescription(field)) {
                blobColumns.put(c, column(field.getName()));
            }
        }
        dataset.fragments().forEach(f -> fragments.put(f.getId(), f));
    }

    /** Whether {@code schema} (a scan's) has a blob column, so that rewriting its rows needs this reader. */
    public static boolean needed(Schema schema) {
        return schema.getFields().stream().anyMatch(BlobValues::holdsDescription);
    }

    /** Whether {@code field} is a blob column's description or holds one at any depth. */
    private static boolean holdsDescription(org.apache.arrow.vector.types.pojo.Field field) {
        return BlobFields.isDescription(field)
                || BlobFields.isDescriptionV2(field)
                || field.getChildren().stream().anyMatch(BlobValues::holdsDescription);
    }

    private LanceField column(String name) {
        for (LanceField field : dataset.schema().fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalStateException("the scan returned a column '" + name + "' the dataset does not have");
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        while (pending == null || next >= pending.getRowCount()) {
            if (!source.loadNextBatch()) {
                return false;
            }
            pending = source.getVectorSchemaRoot();
            next = 0;
        }
        int from = next;
        int to = cut(from);
        VectorSchemaRoot out = getVectorSchemaRoot();
        UInt8Vector addresses = (UInt8Vector) pending.getVector(addressColumn);
        for (int c = 0; c < schema.getFields().size(); c++) {
            FieldVector target = out.getVector(c);
            target.clear();
            LanceField blob = blobColumns.get(c);
            if (blob == null) {
                pending.getVector(c).makeTransferPair(target).splitAndTransfer(from, to - from);
            } else {
                fillAny(pending.getVector(c), addresses, blob, from, to, target);
            }
        }
        out.setRowCount(to - from);
        next = to;
        return true;
    }

    /** The end of the rows from {@code from} whose blob bytes stay within {@link #BATCH_BYTES} (one row at least). */
    private int cut(int from) {
        long bytes = 0;
        int to = from;
        while (to < pending.getRowCount()) {
            long row = 0;
            for (int c : blobColumns.keySet()) {
                row += blobBytes(pending.getVector(c), to);
            }
            if (to > from && bytes + row > BATCH_BYTES) {
                break;
            }
            bytes += row;
            to++;
        }
        return to;
    }

    /** The blob bytes row {@code row} of {@code vector} describes, in its own descriptions or its children's. */
    private static long blobBytes(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return 0;
        }
        StructVector struct = (StructVector) vector;
        if (BlobFields.isDescriptionV2(vector.getField())) {
            int kind = Byte.toUnsignedInt(struct.getChild(BlobFields.DESCRIPTION_V2.get(0), UInt1Vector.class)
                    .get(row));
            return kind == EXTERNAL
                    ? 0
                    : struct.getChild(BlobFields.DESCRIPTION_V2.get(2), UInt8Vector.class)
                            .get(row);
        }
        if (BlobFields.isDescription(vector.getField())) {
            UInt8Vector size = struct.getChild(BlobFields.SIZE, UInt8Vector.class);
            return size.isNull(row) ? 0 : size.get(row);
        }
        long bytes = 0;
        for (FieldVector child : struct.getChildrenFromFields()) {
            if (holdsDescription(child.getField())) {
                bytes += blobBytes(child, row);
            }
        }
        return bytes;
    }

    /**
     * Rows {@code [from, to)} of {@code source}, a blob column's descriptions or a struct holding some, into
     * {@code target} with the values: a struct's other children are moved over as they are.
     */
    private void fillAny(
            FieldVector source, UInt8Vector addresses, LanceField field, int from, int to, FieldVector target)
            throws IOException {
        if (BlobFields.isDescriptionV2(source.getField())) {
            fillV2((StructVector) source, addresses, field, from, to, (StructVector) target);
            return;
        }
        if (BlobFields.isDescription(source.getField())) {
            fill((StructVector) source, addresses, field, from, to, (LargeVarBinaryVector) target);
            return;
        }
        StructVector struct = (StructVector) source;
        StructVector out = (StructVector) target;
        for (int k = 0; k < struct.getChildrenFromFields().size(); k++) {
            FieldVector child = struct.getChildrenFromFields().get(k);
            FieldVector childTarget = out.getChildrenFromFields().get(k);
            if (holdsDescription(child.getField())) {
                fillAny(child, addresses, child(field, child.getField().getName()), from, to, childTarget);
            } else {
                child.makeTransferPair(childTarget).splitAndTransfer(from, to - from);
            }
        }
        for (int row = from; row < to; row++) {
            if (struct.isNull(row)) {
                out.setNull(row - from);
            } else {
                out.setIndexDefined(row - from);
            }
        }
        out.setValueCount(to - from);
    }

    private static LanceField child(LanceField parent, String name) {
        for (LanceField child : parent.children()) {
            if (child.name().equals(name)) {
                return child;
            }
        }
        throw new IllegalStateException("field '" + parent.name() + "' has no child '" + name + "'");
    }

    private void fill(
            StructVector descriptions,
            UInt8Vector addresses,
            LanceField field,
            int from,
            int to,
            LargeVarBinaryVector target)
            throws IOException {
        UInt8Vector position = descriptions.getChild(BlobFields.POSITION, UInt8Vector.class);
        UInt8Vector size = descriptions.getChild(BlobFields.SIZE, UInt8Vector.class);
        target.allocateNew(to - from);
        for (int row = from; row < to; row++) {
            int i = row - from;
            long length = descriptions.isNull(row) || size.isNull(row) ? 0 : size.get(row);
            if (length == 0) {
                boolean isNull = descriptions.isNull(row) || position.isNull(row) || position.get(row) != 0;
                if (isNull) {
                    target.setNull(i);
                } else {
                    target.setSafe(i, new byte[0]);
                }
                continue;
            }
            BlobTakes.Blob blob =
                    BlobTakes.locate(dataset.bases(), fragmentOf(addresses.get(row)), field, position.get(row), length);
            target.setSafe(i, read(blob, field));
        }
        target.setValueCount(to - from);
    }

    /**
     * Rows {@code [from, to)} of blob v2 descriptions into {@code target} ({@code struct<data, uri>}): a value at
     * another URI (kind 3) keeps its URI; an inline description of position and size 0 (a null row, or one with
     * neither data nor URI: the two describe, scan and take alike) becomes a row with neither; an empty value stays
     * empty; the other values are read from the data file or its sidecar files.
     */
    private void fillV2(
            StructVector descriptions, UInt8Vector addresses, LanceField field, int from, int to, StructVector target)
            throws IOException {
        UInt1Vector kind = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(0), UInt1Vector.class);
        UInt8Vector position = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(1), UInt8Vector.class);
        UInt8Vector size = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(2), UInt8Vector.class);
        UInt4Vector blobId = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(3), UInt4Vector.class);
        VarCharVector blobUri = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(4), VarCharVector.class);
        LargeVarBinaryVector data = (LargeVarBinaryVector) target.getChildByOrdinal(0);
        VarCharVector uri = (VarCharVector) target.getChildByOrdinal(1);
        int rows = to - from;
        data.allocateNew(rows);
        uri.allocateNew(rows);
        for (int row = from; row < to; row++) {
            int i = row - from;
            target.setIndexDefined(i);
            data.setNull(i);
            uri.setNull(i);
            int k = Byte.toUnsignedInt(kind.get(row));
            if (k == EXTERNAL) {
                uri.setSafe(i, blobUri.get(row));
                continue;
            }
            if (size.get(row) == 0 && k == 0) {
                if (position.get(row) != 0) {
                    data.setSafe(i, new byte[0]);
                }
                continue;
            }
            BlobTakes.Blob blob = BlobTakes.locateStored(
                    dataset.bases(),
                    fragmentOf(addresses.get(row)),
                    field,
                    k,
                    position.get(row),
                    size.get(row),
                    blobId.get(row));
            data.setSafe(i, read(blob, field));
        }
        data.setValueCount(rows);
        uri.setValueCount(rows);
        target.setValueCount(rows);
    }

    private DataFragment fragmentOf(long address) {
        DataFragment fragment = fragments.get(address >>> 32);
        if (fragment == null) {
            throw new IllegalStateException(
                    "the scan returned a row of fragment " + (address >>> 32) + " the dataset does not have");
        }
        return fragment;
    }

    private byte[] read(BlobTakes.Blob blob, LanceField field) throws IOException {
        if (blob.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot rewrite a blob of " + blob.size() + " bytes of column '"
                    + field.name() + "': larger than a Java array");
        }
        byte[] bytes = new byte[(int) blob.size()];
        open(blob.storage(), blob.key()).readFully(blob.position(), bytes, 0, bytes.length);
        return bytes;
    }

    private RandomAccessSource open(Storage storage, String key) throws IOException {
        RandomAccessSource source = opened.get(storage.describe(key));
        if (source == null) {
            source = storage.openRandomAccess(key);
            opened.put(storage.describe(key), source);
        }
        return source;
    }

    @Override
    public long bytesRead() {
        return source.bytesRead();
    }

    @Override
    protected void closeReadSource() throws IOException {
        try {
            for (RandomAccessSource source : new ArrayList<>(opened.values())) {
                source.close();
            }
        } finally {
            source.close();
        }
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
