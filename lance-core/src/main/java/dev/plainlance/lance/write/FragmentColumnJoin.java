package dev.plainlance.lance.write;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.roaringbitmap.RoaringBitmap;

/**
 * Joins a stream of rows onto one fragment by key and writes the joined columns for every physical row of the
 * fragment into one new data file, as the official {@code Fragment.mergeColumns} and {@code updateColumns} do.
 * The stream is held in memory; the fragment's rows are read once. A stream row whose key matches no fragment row
 * is ignored; when several stream rows share a key, the last wins (as in the official library). Keys compare by value: integers of any width
 * as numbers, strings and binaries by content. Writing the data file is the only side effect; it stays invisible
 * until a transaction naming it commits.
 */
public final class FragmentColumnJoin {
    private static final String ROW_ID = "_rowid";

    /** A fragment with its new data file, and the table's fields after adding the merged columns. */
    public record Merged(DataFragment fragment, LanceSchema schema) {}

    /**
     * A fragment whose updated columns now come from its new data file, the ids of those columns, and the offsets
     * of the live rows that matched a stream row.
     */
    public record Updated(DataFragment fragment, int[] fieldsModified, long[] updatedRowOffsets) {}

    private final Env env;
    private final BufferAllocator allocator;
    private final DataFileNames names;

    public FragmentColumnJoin(Env env) {
        this.env = env;
        this.allocator = env.allocator();
        this.names = new DataFileNames(env.uuids());
    }

    /**
     * Adds the stream's columns (all but {@code rightOn}) to {@code fragment}: a row takes the values of the stream
     * row whose {@code rightOn} equals its {@code leftOn}, else nulls. New field ids start at the table's next free
     * id, as every fragment merged on the same version gets them.
     *
     * @throws IllegalArgumentException if a key column is missing, a stream column exists in the table already, the
     *     stream has no column besides its key, or a live row matches no stream row while a new column is not
     *     nullable (as the official library refuses it)
     */
    public Merged merge(TableSnapshot dataset, DataFragment fragment, ArrowReader stream, String leftOn, String rightOn)
            throws IOException {
        try (Right right = Right.read(stream, rightOn, allocator)) {
            List<Field> added = new ArrayList<>();
            for (Field field : right.valueFields()) {
                if (dataset.schema().fields().stream().anyMatch(f -> f.name().equals(field.getName()))) {
                    throw new IllegalArgumentException(
                            "column '" + field.getName() + "' already exists in " + dataset.name());
                }
                added.add(field);
            }
            requireSome(added, dataset);
            LanceSchema addedSchema =
                    LanceSchema.fromArrow(new Schema(added), ColumnAdder.nextFieldId(dataset.manifest()));
            List<Long> matched = new ArrayList<>();
            try (VectorSchemaRoot out =
                    join(dataset, fragment, right, leftOn, addedSchema.toArrow(), List.of(), matched)) {
                long live =
                        fragment.getPhysicalRows() - deleted(dataset, fragment).getLongCardinality();
                added.stream()
                        .filter(f -> !f.isNullable() && matched.size() < live)
                        .findFirst()
                        .ifPresent(f -> {
                            throw new IllegalArgumentException("column '" + f.getName() + "' is not nullable, but "
                                    + (live - matched.size()) + " rows of fragment " + fragment.getId() + " of "
                                    + dataset.name() + " match no stream row");
                        });
                DataFragment written = write(dataset, addedSchema, out);
                List<dev.plainlance.lance.pb.file.Field> fields =
                        new ArrayList<>(dataset.manifest().getFieldsList());
                fields.addAll(addedSchema.toProto());
                env.hit(DatasetFailpoints.STAGED);
                return new Merged(
                        fragment.toBuilder().addAllFiles(written.getFilesList()).build(),
                        LanceSchema.fromProto(fields, dataset.manifest().getSchemaMetadataMap()));
            }
        }
    }

    /**
     * Sets the stream's columns (all but {@code rightOn}, each a top-level column of the table with the same type) of
     * the rows of {@code fragment} whose {@code leftOn} matches a stream row's {@code rightOn}; other rows keep their
     * values. The columns are written again for the whole fragment and the old files' ids for them are tombstoned
     * (-2).
     *
     * @throws IllegalArgumentException if a key column is missing, a stream column is not in the table or has
     *     another type, or the stream has no column besides its key
     */
    public Updated update(
            TableSnapshot dataset, DataFragment fragment, ArrowReader stream, String leftOn, String rightOn)
            throws IOException {
        try (Right right = Right.read(stream, rightOn, allocator)) {
            List<String> columns = new ArrayList<>();
            for (Field field : right.valueFields()) {
                Optional<LanceField> existing = dataset.schema().fields().stream()
                        .filter(f -> f.name().equals(field.getName()))
                        .findFirst();
                if (existing.isEmpty()) {
                    throw new IllegalArgumentException(
                            "column '" + field.getName() + "' is not in " + dataset.name() + " (merge it instead)");
                }
                columns.add(field.getName());
            }
            requireSome(columns, dataset);
            LanceSchema updated = dataset.schema().project(columns);
            Schema values = updated.toArrow();
            for (Field field : values.getFields()) {
                if (field.getDictionary() != null) {
                    throw new UnsupportedFeatureException("cannot update dictionary-encoded column '" + field.getName()
                            + "' of " + dataset.name() + " by fragment");
                }
                Field given = right.schema().findField(field.getName());
                if (!sameType(given, field)) {
                    throw new IllegalArgumentException("column '" + field.getName() + "' of " + dataset.name() + " is "
                            + describe(field) + ", the stream gives " + describe(given));
                }
            }
            List<Long> matched = new ArrayList<>();
            try (VectorSchemaRoot out = join(dataset, fragment, right, leftOn, values, columns, matched)) {
                DataFragment written = write(dataset, updated, out);
                Set<Integer> modified = new HashSet<>();
                updated.allFieldsPreOrder().forEach(f -> modified.add(f.id()));
                DataFragment.Builder next = fragment.toBuilder().clearFiles();
                for (DataFile file : fragment.getFilesList()) {
                    DataFile.Builder kept = file.toBuilder().clearFields();
                    file.getFieldsList().forEach(id -> kept.addFields(modified.contains(id) ? -2 : id));
                    next.addFiles(kept);
                }
                next.addAllFiles(written.getFilesList());
                env.hit(DatasetFailpoints.STAGED);
                return new Updated(
                        next.build(),
                        updated.fields().stream().mapToInt(LanceField::id).toArray(),
                        matched.stream().mapToLong(Long::longValue).toArray());
            }
        }
    }

    /**
     * Fills a root of the fragment's physical rows with the columns of {@code schema}: a row matching a stream row
     * takes its values; other rows take the fragment's own values of {@code kept} columns (nulls when none). The
     * offsets of matched live rows go into {@code matched}.
     */
    private VectorSchemaRoot join(
            TableSnapshot dataset,
            DataFragment fragment,
            Right right,
            String leftOn,
            Schema schema,
            List<String> kept,
            List<Long> matched)
            throws IOException {
        boolean byRowId = leftOn.equals(ROW_ID);
        if (!byRowId
                && dataset.schema().fields().stream().noneMatch(f -> f.name().equals(leftOn))) {
            throw new IllegalArgumentException("join column '" + leftOn + "' is not in " + dataset.name());
        }
        RoaringBitmap deleted = deleted(dataset, fragment);
        List<String> read = new ArrayList<>(kept);
        if (!byRowId && !read.contains(leftOn)) {
            read.add(leftOn);
        }
        ScanOptions options = new ScanOptions.Builder()
                .columns(read)
                .withRowId(byRowId)
                .withRowAddress(true)
                .build();
        // every physical row is read, deleted ones too, so that the new file has a value in each row's place
        TableSnapshot whole = dataset.withFragments(
                List.of(fragment.toBuilder().clearDeletionFile().build()));
        int rows = Math.toIntExact(fragment.getPhysicalRows());
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            out.getFieldVectors().forEach(v -> {
                v.setInitialCapacity(rows);
                v.allocateNew();
            });
            try (ArrowReader reader = new LanceScanner(whole, options, env).scanBatches()) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                    FieldVector keys = batch.getVector(leftOn);
                    UInt8Vector addresses = (UInt8Vector) batch.getVector("_rowaddr");
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        int offset = (int) addresses.get(row);
                        long hit = right.find(keys, row);
                        for (int c = 0; c < schema.getFields().size(); c++) {
                            FieldVector target = out.getVector(c);
                            if (hit >= 0) {
                                target.copyFromSafe(
                                        (int) hit, offset, right.vector((int) (hit >>> 32), target.getName()));
                            } else if (!kept.isEmpty()) {
                                target.copyFromSafe(row, offset, batch.getVector(target.getName()));
                            }
                        }
                        if (hit >= 0 && !deleted.contains(offset)) {
                            matched.add((long) offset);
                        }
                    }
                }
            }
            out.setRowCount(rows);
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private DataFragment write(TableSnapshot dataset, LanceSchema schema, VectorSchemaRoot columns) throws IOException {
        FragmentWriter writer = ColumnAdder.columnWriter(dataset, schema, names, env);
        try (ArrowReader reader =
                dev.plainlance.lance.arrow.ArrowReaders.of(columns.getSchema(), List.of(columns), allocator)) {
            return writer.write(reader).get(0);
        }
    }

    private RoaringBitmap deleted(TableSnapshot dataset, DataFragment fragment) throws IOException {
        if (!fragment.hasDeletionFile()) {
            return new RoaringBitmap();
        }
        return DeletionVector.read(
                        dataset.bases(),
                        fragment.getId(),
                        fragment.getPhysicalRows(),
                        DeletionFile.fromProto(fragment.getDeletionFile()),
                        allocator)
                .toBitmap();
    }

    private static void requireSome(List<?> columns, TableSnapshot dataset) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(
                    "the stream has no column to join onto " + dataset.name() + " besides its key");
        }
    }

    private static boolean sameType(Field a, Field b) {
        if (!a.getType().equals(b.getType())
                || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < a.getChildren().size(); i++) {
            if (!sameType(a.getChildren().get(i), b.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Field field) {
        return field.getType().toString();
    }

    /** The stream's batches, held in memory, with an index from key to (batch, row). */
    private static final class Right implements AutoCloseable {
        private final Schema schema;
        private final String key;
        private final List<VectorSchemaRoot> batches;
        private final Map<Object, Long> rows;

        private Right(Schema schema, String key, List<VectorSchemaRoot> batches, Map<Object, Long> rows) {
            this.schema = schema;
            this.key = key;
            this.batches = batches;
            this.rows = rows;
        }

        static Right read(ArrowReader stream, String key, BufferAllocator allocator) throws IOException {
            Schema schema = stream.getVectorSchemaRoot().getSchema();
            if (schema.getFields().stream().noneMatch(f -> f.getName().equals(key))) {
                throw new IllegalArgumentException("the stream has no join column '" + key + "'");
            }
            List<VectorSchemaRoot> batches = new ArrayList<>();
            Map<Object, Long> rows = new HashMap<>();
            try {
                while (stream.loadNextBatch()) {
                    VectorSchemaRoot batch = stream.getVectorSchemaRoot();
                    List<FieldVector> moved = new ArrayList<>();
                    for (FieldVector vector : batch.getFieldVectors()) {
                        org.apache.arrow.vector.util.TransferPair pair = vector.getTransferPair(allocator);
                        pair.transfer();
                        moved.add((FieldVector) pair.getTo());
                    }
                    VectorSchemaRoot copy = new VectorSchemaRoot(moved);
                    copy.setRowCount(batch.getRowCount());
                    batches.add(copy);
                    FieldVector keys = copy.getVector(key);
                    for (int row = 0; row < copy.getRowCount(); row++) {
                        Object value = keyOf(keys, row);
                        if (value != null) {
                            rows.put(value, ((long) (batches.size() - 1) << 32) | row);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                batches.forEach(VectorSchemaRoot::close);
                throw e;
            }
            return new Right(schema, key, batches, rows);
        }

        Schema schema() {
            return schema;
        }

        List<Field> valueFields() {
            return schema.getFields().stream()
                    .filter(f -> !f.getName().equals(key))
                    .toList();
        }

        /** (batch << 32 | row) of the stream row whose key equals {@code keys[row]}, or -1. */
        long find(FieldVector keys, int row) {
            Object value = keyOf(keys, row);
            Long hit = value == null ? null : rows.get(value);
            return hit == null ? -1 : hit;
        }

        /** The stream's column {@code name} of batch {@code batch}; the row within it is the low half of a hit. */
        FieldVector vector(int batch, String name) {
            return batches.get(batch).getVector(name);
        }

        /** A key value comparable across Arrow types: integers as Long, text as String, bytes by content. */
        private static Object keyOf(FieldVector keys, int row) {
            if (keys.isNull(row)) {
                return null;
            }
            if (keys instanceof UInt8Vector unsigned) {
                return unsigned.get(row);
            }
            Object value = keys.getObject(row);
            if (value instanceof Text text) {
                return text.toString();
            }
            if (value instanceof byte[] bytes) {
                return ByteBuffer.wrap(bytes);
            }
            if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
                return ((Number) value).longValue();
            }
            if (keys.getField().getType() instanceof ArrowType.Struct) {
                throw new IllegalArgumentException("cannot join on struct column '" + keys.getName() + "'");
            }
            return value;
        }

        @Override
        public void close() {
            batches.forEach(VectorSchemaRoot::close);
        }
    }
}
