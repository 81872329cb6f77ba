package dev.plainlance.lance.write;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Casts top-level columns to new types as the official {@code alterColumns} does: a Merge transaction whose schema
 * gives each cast column a new field id at the old one's place, and whose fragments each get one new data file with
 * the cast values of all their physical rows (deleted rows hold null, or zero / empty in a non-nullable column).
 * Data files left without a field of the new schema are dropped from their fragments. Supported casts: integers to
 * integers, floats to floats, utf8 and large_utf8 to each other, binary and large_binary to each other; a value the
 * new type cannot hold fails the staging, before anything is committed.
 */
final class ColumnCaster {
    private final Env env;

    ColumnCaster(Env env) {
        this.env = env;
    }

    /**
     * @param fields the schema's fields after the alterations' other changes (names, nullability, metadata)
     * @param casts new type by field id; top-level fields only
     */
    Transaction stage(TableSnapshot dataset, List<Field> fields, Map<Integer, ArrowType> casts) throws IOException {
        Map<Integer, Field> castFields = new LinkedHashMap<>();
        List<org.apache.arrow.vector.types.pojo.Field> arrowFields = new ArrayList<>();
        List<String> oldNames = new ArrayList<>();
        for (Field field : fields) {
            ArrowType to = casts.get(field.getId());
            if (to == null) {
                continue;
            }
            ArrowType from = dataset.schema()
                    .fieldById(field.getId())
                    .orElseThrow()
                    .toArrow()
                    .getType();
            requireCastable(dataset, field.getName(), from, to);
            castFields.put(field.getId(), field);
            oldNames.add(dataset.schema().fieldById(field.getId()).orElseThrow().name());
            arrowFields.add(new org.apache.arrow.vector.types.pojo.Field(
                    field.getName(), new FieldType(field.getNullable(), to, null), null));
        }
        LanceSchema added = LanceSchema.fromArrow(new Schema(arrowFields), ColumnAdder.nextFieldId(dataset.manifest()));
        List<Field> replacements = added.toProto();
        Transaction.Merge.Builder merge = Transaction.Merge.newBuilder();
        int next = 0;
        Set<Integer> liveIds = new HashSet<>();
        for (Field field : fields) {
            Field out = castFields.containsKey(field.getId()) ? replacements.get(next++) : field;
            merge.addSchema(out);
            liveIds.add(out.getId());
        }
        FragmentWriter writer = new FragmentWriter(
                dataset.storage(),
                added,
                DatasetWriter.fileVersion(dataset.fileFormatVersion()),
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                new DataFileNames(env.uuids()),
                WriterOptions.defaults().withWorkers(env.workers()));
        ScanOptions read =
                new ScanOptions.Builder().columns(oldNames).withRowAddress(true).build();
        for (DataFragment fragment : dataset.manifest().getFragmentsList()) {
            try (VectorSchemaRoot values = cast(
                            dataset.withFragments(List.of(fragment)),
                            read,
                            added.toArrow(),
                            fragment.getPhysicalRows());
                    ArrowReader reader = ArrowReaders.of(added.toArrow(), List.of(values), env.allocator())) {
                DataFragment written = writer.write(reader).get(0);
                DataFragment.Builder updated = fragment.toBuilder().clearFiles();
                for (DataFile file : fragment.getFilesList()) {
                    if (file.getFieldsList().stream().anyMatch(liveIds::contains)) {
                        updated.addFiles(file);
                    }
                }
                merge.addFragments(updated.addAllFiles(written.getFilesList()));
            }
        }
        return Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(env.newUuid().toString())
                .setMerge(merge)
                .build();
    }

    private static void requireCastable(TableSnapshot dataset, String name, ArrowType from, ArrowType to) {
        boolean supported = (from instanceof ArrowType.Int && to instanceof ArrowType.Int)
                || (from instanceof ArrowType.FloatingPoint && to instanceof ArrowType.FloatingPoint)
                || (isString(from) && isString(to))
                || (isBinary(from) && isBinary(to));
        if (!supported) {
            throw new UnsupportedFeatureException(
                    "cannot cast column '" + name + "' of " + dataset.name() + " from " + from + " to " + to
                            + " (plainlance casts integers, floats, strings and binaries within their kind)");
        }
    }

    private static boolean isString(ArrowType type) {
        return type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8;
    }

    private static boolean isBinary(ArrowType type) {
        return type instanceof ArrowType.Binary || type instanceof ArrowType.LargeBinary;
    }

    /** The cast values of one fragment's live rows, at their physical offsets. */
    private VectorSchemaRoot cast(TableSnapshot fragment, ScanOptions read, Schema schema, long physicalRows)
            throws IOException {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, env.allocator());
        try {
            int rows = Math.toIntExact(physicalRows);
            for (FieldVector vector : out.getFieldVectors()) {
                vector.setInitialCapacity(rows);
                vector.allocateNew();
                if (!vector.getField().isNullable()) {
                    for (int r = 0; r < rows; r++) {
                        setDefault(vector, r);
                    }
                }
            }
            try (ArrowReader reader = new LanceScanner(fragment, read, env).scanBatches()) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                    UInt8Vector addresses = (UInt8Vector)
                            batch.getVector(batch.getFieldVectors().size() - 1);
                    for (int c = 0; c < out.getFieldVectors().size(); c++) {
                        FieldVector from = batch.getVector(c);
                        FieldVector to = out.getVector(c);
                        for (int r = 0; r < batch.getRowCount(); r++) {
                            int offset = (int) addresses.get(r);
                            if (from.isNull(r)) {
                                to.setNull(offset);
                            } else {
                                copy(from, r, to, offset);
                            }
                        }
                    }
                }
            }
            for (FieldVector vector : out.getFieldVectors()) {
                vector.setValueCount(rows);
            }
            out.setRowCount(rows);
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static void setDefault(FieldVector vector, int row) {
        if (vector instanceof VariableWidthFieldVector v) {
            v.setSafe(row, new byte[0]);
        } else if (vector instanceof BaseIntVector v) {
            v.setWithPossibleTruncate(row, 0);
        } else {
            ((FloatingPointVector) vector).setWithPossibleTruncate(row, 0);
        }
    }

    private static void copy(FieldVector from, int row, FieldVector to, int offset) {
        if (to instanceof VariableWidthFieldVector target) {
            target.setSafe(offset, ((VariableWidthFieldVector) from).get(row));
        } else if (to instanceof BaseIntVector target) {
            long value = ((BaseIntVector) from).getValueAsLong(row);
            ArrowType.Int fromType = (ArrowType.Int) from.getField().getType();
            ArrowType.Int toType = (ArrowType.Int) to.getField().getType();
            if (!fits(value, fromType, toType)) {
                throw new IllegalArgumentException("cannot cast column '"
                        + from.getField().getName() + "' to " + toType
                        + ": value " + (fromType.getIsSigned() ? Long.toString(value) : Long.toUnsignedString(value))
                        + " does not fit");
            }
            target.setWithPossibleTruncate(offset, value);
        } else {
            double value = ((FloatingPointVector) from).getValueAsDouble(row);
            FloatingPointVector target = (FloatingPointVector) to;
            target.setWithPossibleTruncate(offset, value);
            double stored = target.getValueAsDouble(offset);
            if (!(stored == value || (Double.isNaN(stored) && Double.isNaN(value)))) {
                throw new IllegalArgumentException(
                        "cannot cast column '" + from.getField().getName() + "' to "
                                + to.getField().getType() + ": value " + value + " does not fit");
            }
        }
    }

    /** Whether {@code value} (as {@code from} reads it, unsigned 64-bit values as their bits) fits {@code to}. */
    private static boolean fits(long value, ArrowType.Int from, ArrowType.Int to) {
        int bits = to.getBitWidth();
        if (!from.getIsSigned() && value < 0) {
            return !to.getIsSigned() && bits == 64; // a uint64 value of 2^63 or more
        }
        if (to.getIsSigned()) {
            return bits == 64 || (value >= -(1L << (bits - 1)) && value < (1L << (bits - 1)));
        }
        return value >= 0 && (bits == 64 || value < (1L << bits));
    }
}
