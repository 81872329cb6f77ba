package dev.plainlance.lance.write;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.expr.BoundExpression;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.schema.NewColumnTypes;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Stages {@code addColumns} as the official library does, as a Merge transaction (complete fragment list plus the
 * new schema). New fields take ids above every id the schema or any data file has used.
 * <ul>
 *   <li>SQL expressions: each fragment gets one new data file holding the new columns for all its physical rows
 *       (deleted rows read as null); types and nullability follow {@link NewColumnTypes};</li>
 *   <li>Arrow fields: all-null columns, a schema change only: no data file holds them, so they read as null.</li>
 * </ul>
 */
public final class ColumnAdder {
    private final DataFileNames names;

    private final Env env;
    private final BufferAllocator allocator;

    public ColumnAdder(Env env) {
        this.env = env;
        this.allocator = env.allocator();
        this.names = new DataFileNames(env.uuids());
    }

    /**
     * Computes the new columns and writes them; returns the uncommitted Merge transaction. {@code batchSize} is
     * the number of rows read and evaluated at a time.
     *
     * @throws dev.plainlance.lance.expr.ExpressionParseException for bad SQL or unknown columns, with position
     * @throws IllegalArgumentException if a new name exists already or is repeated, or none is given
     */
    public Transaction stage(TableSnapshot dataset, SqlExpressions expressions, Optional<Long> batchSize)
            throws IOException {
        List<SqlExpressions.SqlExpression> list = expressions.getSqlExpressions();
        checkNames(
                dataset, list.stream().map(SqlExpressions.SqlExpression::name).toList());
        Schema all = new LanceScanner(dataset, ScanOptions.defaults(), env).schema();
        Set<String> read = new LinkedHashSet<>();
        for (SqlExpressions.SqlExpression e : list) {
            Expressions.bind(e.expression(), all);
            read.addAll(ColumnReferences.topLevel(Expressions.parse(e.expression())));
        }
        ScanOptions.Builder scan =
                new ScanOptions.Builder().columns(List.copyOf(read)).withRowAddress(true);
        batchSize.ifPresent(scan::batchSize);
        ScanOptions options = scan.build();
        Schema input = new LanceScanner(dataset, options, env).schema();
        List<BoundExpression> bound = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (SqlExpressions.SqlExpression e : list) {
            BoundExpression b = Expressions.bind(e.expression(), input);
            bound.add(b);
            fields.add(NewColumnTypes.field(e.name(), Expressions.parse(e.expression()), b, input));
        }
        LanceSchema added = LanceSchema.fromArrow(new Schema(fields), nextFieldId(dataset.manifest()));
        FragmentWriter writer = columnWriter(dataset, added, names, env);
        Transaction.Merge.Builder merge = Transaction.Merge.newBuilder()
                .addAllSchema(dataset.manifest().getFieldsList())
                .addAllSchema(added.toProto());
        for (DataFragment fragment : dataset.manifest().getFragmentsList()) {
            try (VectorSchemaRoot columns = compute(
                            dataset.withFragments(List.of(fragment)),
                            options,
                            bound,
                            added.toArrow(),
                            fragment.getPhysicalRows());
                    ArrowReader reader = ArrowReaders.of(added.toArrow(), List.of(columns), allocator)) {
                DataFragment written = writer.write(reader).get(0);
                merge.addFragments(fragment.toBuilder().addAllFiles(written.getFilesList()));
            }
        }
        env.hit(DatasetFailpoints.STAGED);
        return transaction(dataset, merge);
    }

    /**
     * Adds the columns of {@code stream}, one stream row per live row of the table in scan order (fragment by
     * fragment), as the official {@code addColumns(stream)}; deleted rows read as null. Writes one data file per
     * fragment and returns the uncommitted Merge transaction.
     *
     * @throws IllegalArgumentException if a name exists already or is repeated, or the stream has fewer or more rows
     *     than the table has live rows
     */
    public Transaction stageStream(TableSnapshot dataset, ArrowReader stream) throws IOException {
        Schema given = stream.getVectorSchemaRoot().getSchema();
        checkNames(dataset, given.getFields().stream().map(Field::getName).toList());
        LanceSchema added = LanceSchema.fromArrow(given, nextFieldId(dataset.manifest()));
        FragmentWriter writer = columnWriter(dataset, added, names, env);
        Transaction.Merge.Builder merge = Transaction.Merge.newBuilder()
                .addAllSchema(dataset.manifest().getFieldsList())
                .addAllSchema(added.toProto());
        StreamRows rows = new StreamRows(stream, dataset.name());
        ScanOptions offsets = new ScanOptions.Builder()
                .columns(List.of())
                .withRowAddress(true)
                .build();
        for (DataFragment fragment : dataset.manifest().getFragmentsList()) {
            try (VectorSchemaRoot columns =
                            fill(dataset.withFragments(List.of(fragment)), offsets, rows, added.toArrow(), fragment);
                    ArrowReader reader = ArrowReaders.of(added.toArrow(), List.of(columns), allocator)) {
                DataFragment written = writer.write(reader).get(0);
                merge.addFragments(fragment.toBuilder().addAllFiles(written.getFilesList()));
            }
        }
        rows.requireEnd();
        env.hit(DatasetFailpoints.STAGED);
        return transaction(dataset, merge);
    }

    /** The next stream rows, one per live row of {@code fragment}, into a root of all its physical rows. */
    private VectorSchemaRoot fill(
            TableSnapshot fragment, ScanOptions offsets, StreamRows rows, Schema schema, DataFragment metadata)
            throws IOException {
        int physical = Math.toIntExact(metadata.getPhysicalRows());
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            out.getFieldVectors().forEach(v -> {
                v.setInitialCapacity(physical);
                v.allocateNew();
            });
            try (ArrowReader reader = new LanceScanner(fragment, offsets, env).scanBatches()) {
                while (reader.loadNextBatch()) {
                    UInt8Vector addresses =
                            (UInt8Vector) reader.getVectorSchemaRoot().getVector("_rowaddr");
                    for (int row = 0; row < addresses.getValueCount(); row++) {
                        rows.copyNext(out, (int) addresses.get(row));
                    }
                }
            }
            out.setRowCount(physical);
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A cursor over the rows of a stream of batches. */
    private static final class StreamRows {
        private final ArrowReader stream;
        private final String table;
        private int next;
        private boolean loaded;

        StreamRows(ArrowReader stream, String table) {
            this.stream = stream;
            this.table = table;
        }

        /** Copies the next stream row into row {@code offset} of {@code out}. */
        void copyNext(VectorSchemaRoot out, int offset) throws IOException {
            if (!advance()) {
                throw new IllegalArgumentException(
                        "the stream ended before giving values for every live row of " + table);
            }
            VectorSchemaRoot batch = stream.getVectorSchemaRoot();
            for (int c = 0; c < out.getFieldVectors().size(); c++) {
                out.getVector(c).copyFromSafe(next, offset, batch.getVector(c));
            }
            next++;
        }

        void requireEnd() throws IOException {
            if (advance()) {
                throw new IllegalArgumentException("the stream gives more rows than " + table + " has live rows");
            }
        }

        /** Whether a row is available at {@code next}, loading batches as needed. */
        private boolean advance() throws IOException {
            while (!loaded || next >= stream.getVectorSchemaRoot().getRowCount()) {
                if (!stream.loadNextBatch()) {
                    return false;
                }
                loaded = true;
                next = 0;
            }
            return true;
        }
    }

    /**
     * The Merge transaction adding all-null columns {@code fields}; no data is written.
     *
     * @throws IllegalArgumentException if a field is not nullable or its name exists already
     * @throws UnsupportedFeatureException for datasets of legacy (0.1) data files, as the official library
     */
    public Transaction stageNulls(TableSnapshot dataset, List<Field> fields) {
        checkNames(dataset, fields.stream().map(Field::getName).toList());
        fields.stream().filter(f -> !f.isNullable()).findFirst().ifPresent(f -> {
            throw new IllegalArgumentException("all-null column '" + f.getName() + "' must be nullable");
        });
        if (dataset.fileFormatVersion().equals("0.1")) {
            throw new UnsupportedFeatureException(
                    "cannot add all-null columns to " + dataset.name() + ": it uses the legacy 0.1 data file format");
        }
        LanceSchema added = LanceSchema.fromArrow(new Schema(fields), nextFieldId(dataset.manifest()));
        env.hit(DatasetFailpoints.STAGED);
        return transaction(
                dataset,
                Transaction.Merge.newBuilder()
                        .addAllSchema(dataset.manifest().getFieldsList())
                        .addAllSchema(added.toProto())
                        .addAllFragments(dataset.manifest().getFragmentsList()));
    }

    private Transaction transaction(TableSnapshot dataset, Transaction.Merge.Builder merge) {
        return Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(env.newUuid().toString())
                .setMerge(merge)
                .build();
    }

    /** Evaluates the expressions over one fragment's live rows, into a root of all its physical rows. */
    private VectorSchemaRoot compute(
            TableSnapshot fragment, ScanOptions options, List<BoundExpression> bound, Schema schema, long physicalRows)
            throws IOException {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            out.getFieldVectors().forEach(v -> {
                v.setInitialCapacity(Math.toIntExact(physicalRows));
                v.allocateNew();
            });
            LanceScanner scanner = new LanceScanner(fragment, options, env);
            try (ArrowReader reader = scanner.scanBatches()) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                    UInt8Vector addresses = (UInt8Vector)
                            batch.getVector(batch.getFieldVectors().size() - 1);
                    for (int c = 0; c < bound.size(); c++) {
                        FieldVector target = out.getVector(c);
                        try (FieldVector values = bound.get(c).evaluate(batch, target.getField(), allocator)) {
                            for (int row = 0; row < batch.getRowCount(); row++) {
                                target.copyFromSafe(row, (int) addresses.get(row), values);
                            }
                        }
                    }
                }
            }
            out.setRowCount(Math.toIntExact(physicalRows));
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static void checkNames(TableSnapshot dataset, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no columns to add to " + dataset.name());
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (dataset.schema().fields().stream().anyMatch(f -> f.name().equals(name))) {
                throw new IllegalArgumentException("column '" + name + "' already exists in " + dataset.name());
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("column '" + name + "' is added twice");
            }
        }
    }

    /** A writer of one data file per fragment holding the columns of {@code columns}, in the table's format. */
    static FragmentWriter columnWriter(TableSnapshot dataset, LanceSchema columns, DataFileNames names, Env env) {
        return new FragmentWriter(
                dataset.storage(),
                columns,
                DatasetWriter.fileVersion(dataset.fileFormatVersion()),
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                names,
                WriterOptions.defaults().withWorkers(env.workers()));
    }

    /** One above the largest field id in the schema or listed by a data file, as Lance's {@code max_field_id}. */
    public static int nextFieldId(Manifest manifest) {
        int max = -1;
        for (dev.plainlance.lance.pb.file.Field field : manifest.getFieldsList()) {
            max = Math.max(max, field.getId());
        }
        for (DataFragment fragment : manifest.getFragmentsList()) {
            for (dev.plainlance.lance.pb.table.DataFile file : fragment.getFilesList()) {
                for (int id : file.getFieldsList()) {
                    max = Math.max(max, id);
                }
            }
        }
        return max + 1;
    }
}
