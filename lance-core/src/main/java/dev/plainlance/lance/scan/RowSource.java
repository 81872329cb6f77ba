package dev.plainlance.lance.scan;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.FileBases;
import dev.plainlance.lance.table.RowIdSequences;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What scans and takes share: the output schema (requested columns, then {@code _rowid}, then {@code _rowaddr})
 * and the copying of selected physical rows of one fragment into an output root.
 */
final class RowSource {
    static final String ROW_ID = "_rowid";
    static final String ROW_ADDRESS = "_rowaddr";

    private final FileBases bases;
    private final List<LanceField> columns;
    private final boolean withRowId;
    private final boolean withRowAddress;
    private final boolean stableRowIds;
    private final BufferAllocator allocator;
    private final Env env;
    private final Schema schema;
    private final OptionalInt readahead;

    RowSource(
            FileBases bases,
            List<LanceField> columns,
            boolean withRowId,
            boolean withRowAddress,
            boolean stableRowIds,
            Env env) {
        this(bases, columns, withRowId, withRowAddress, stableRowIds, env, OptionalInt.empty());
    }

    /**
     * A source whose data files are each read {@code readahead} batches ahead of the one loaded, when given,
     * instead of as the file readers decide.
     */
    RowSource(
            FileBases bases,
            List<LanceField> columns,
            boolean withRowId,
            boolean withRowAddress,
            boolean stableRowIds,
            Env env,
            OptionalInt readahead) {
        this.readahead = readahead;
        this.bases = bases;
        this.columns = columns;
        this.withRowId = withRowId;
        this.withRowAddress = withRowAddress;
        this.stableRowIds = stableRowIds;
        this.allocator = env.allocator();
        this.env = env;
        List<Field> fields = new java.util.ArrayList<>(
                columns.stream().map(LanceField::toArrowValues).toList());
        FieldType uint64 = FieldType.nullable(new ArrowType.Int(64, false));
        if (withRowId) {
            fields.add(new Field(ROW_ID, uint64, null));
        }
        if (withRowAddress) {
            fields.add(new Field(ROW_ADDRESS, uint64, null));
        }
        this.schema = new Schema(fields);
    }

    Schema schema() {
        return schema;
    }

    /** An open fragment: its columns, deletion vector and (with stable row ids) the id of every physical row. */
    final class OpenFragment implements AutoCloseable {
        final DataFragment proto;
        final FragmentColumns data;
        final DeletionVector deletions;
        private long[] rowIds;

        OpenFragment(DataFragment proto) {
            this.proto = proto;
            this.data = new FragmentColumns(bases, proto, columns, env, readahead);
            try {
                Optional<DeletionFile> file = proto.hasDeletionFile()
                        ? Optional.of(DeletionFile.fromProto(proto.getDeletionFile()))
                        : Optional.empty();
                this.deletions = file.map(
                                d -> DeletionVector.read(bases, proto.getId(), proto.getPhysicalRows(), d, allocator))
                        .orElse(DeletionVector.empty());
            } catch (RuntimeException e) {
                data.close();
                throw e;
            }
        }

        /** See {@link FragmentColumns#prefetchStart}. */
        void prefetchStart(int batchSize) {
            data.prefetchStart(batchSize);
        }

        long rowId(int offset) {
            if (!stableRowIds) {
                return address(offset);
            }
            if (rowIds == null) {
                rowIds = RowIdSequences.expand(proto, bases.own().describe("_versions"));
            }
            return rowIds[offset];
        }

        long address(int offset) {
            return (proto.getId() << 32) | offset;
        }

        /**
         * Replaces the contents of {@code out} with the {@code n} rows at {@code offsets} (ascending, within
         * {@code [start, start + count)}), plus their row ids and addresses when requested; {@code end} bounds what
         * is decoded ahead for the following reads. When the kept rows are one run, their decoded buffers are
         * transferred, not copied.
         */
        void copyRows(long start, int count, long end, int[] offsets, int n, VectorSchemaRoot out) throws IOException {
            FieldVector[] read = new FieldVector[columns.size()];
            long first = start;
            int span = n == 0 ? 0 : offsets[n - 1] + 1 - offsets[0];
            boolean run = n > 0 && span == n;
            if (n > 0 && n < count && (run || span <= count / 4)) {
                // a few rows (an index's candidates) or one run of rows (the edge of a range): decode only their
                // span, nothing ahead of it
                first = offsets[0];
                data.read(first, span, first + span, read);
            } else {
                data.read(start, count, end, read);
            }
            boolean wholeRange = n == count || run;
            for (int c = 0; c < columns.size(); c++) {
                FieldVector target = out.getVector(c);
                if (read[c] != null && wholeRange) {
                    target.clear();
                    read[c].makeTransferPair(target).transfer();
                    continue;
                }
                allocate(target, n);
                if (read[c] != null) {
                    for (int i = 0; i < n; i++) {
                        target.copyFromSafe((int) (offsets[i] - first), i, read[c]);
                    }
                }
            }
            int extra = columns.size();
            if (withRowId) {
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = rowId(offsets[i]);
                }
                fill((UInt8Vector) out.getVector(extra++), ids, n);
            }
            if (withRowAddress) {
                long[] addresses = new long[n];
                for (int i = 0; i < n; i++) {
                    addresses[i] = address(offsets[i]);
                }
                fill((UInt8Vector) out.getVector(extra), addresses, n);
            }
        }

        /** Sets {@code vector} to the {@code n} non-null {@code values}, copied in one move. */
        private static void fill(UInt8Vector vector, long[] values, int n) {
            allocate(vector, n);
            dev.plainlance.lance.arrow.ArrowBuffers.writeLongs(vector.getDataBuffer(), values, n);
            vector.getValidityBuffer().setOne(0, (n + 7) / 8);
            vector.setValueCount(n);
        }

        private static void allocate(FieldVector vector, int rows) {
            vector.clear();
            vector.setInitialCapacity(rows);
            vector.allocateNew();
        }

        /**
         * Copies the rows at {@code offsets} (ascending) into rows 0.. of {@code out}, decoding only what they need
         * where the encoding allows ({@link FragmentColumns#decodePicked}).
         */
        void copyPicked(int[] offsets, VectorSchemaRoot out) {
            int n = offsets.length;
            ArrayData[] values = data.decodePicked(offsets, n);
            for (int c = 0; c < columns.size(); c++) {
                FieldVector target = out.getVector(c);
                if (values[c] == null) {
                    allocate(target, n);
                    target.setValueCount(n);
                } else {
                    data.fillPicked(c, values[c], target, offsets, n);
                }
            }
        }

        @Override
        public void close() {
            data.close();
        }
    }
}
