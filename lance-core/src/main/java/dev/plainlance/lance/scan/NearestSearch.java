package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.index.DistanceType;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * An exact nearest-neighbour search over one table version: the {@code k} live rows whose vectors are nearest to a
 * key, nearest first, ties in scan order. It reads the vector column of every row searched (with the columns of a
 * prefilter), keeps the {@code k} best in a heap, then takes the requested columns of those rows only.
 */
public final class NearestSearch {
    /** The column holding each row's distance to the key. */
    public static final String DISTANCE = "_distance";

    private static final Field DISTANCE_FIELD =
            new Field(DISTANCE, FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
    private static final Field ROW_ID_FIELD = meta("_rowid");
    private static final Field ROW_ADDRESS_FIELD = meta("_rowaddr");

    /**
     * What to search.
     *
     * @param column the vector column: a fixed-size list of float16, float32 or float64 values, or of uint8 values
     *     for {@link DistanceType#Hamming}
     * @param key the query vector, as long as the column's lists
     * @param k rows to find at most
     * @param distance how distances are measured
     * @param columns the table columns to return; empty for all
     * @param filter a SQL predicate; before the search with {@code prefilter}, else over the rows found
     * @param prefilter whether the filter applies before the search
     * @param withRowId return {@code _rowid}
     * @param withRowAddress return {@code _rowaddr}
     * @param useScalarIndex let scalar indices answer a prefilter
     * @param batchSize rows per batch when reading
     */
    public record Request(
            String column,
            float[] key,
            int k,
            DistanceType distance,
            Optional<List<String>> columns,
            Optional<String> filter,
            boolean prefilter,
            boolean withRowId,
            boolean withRowAddress,
            boolean useScalarIndex,
            int batchSize) {}

    private final TableSnapshot table;
    private final Request request;
    private final Env env;
    private final VectorDistance distance;
    private final TableScan vectors;
    private final List<String> dataColumns;
    private final List<String> takenColumns;
    private final Schema candidates;
    private final Predicate postfilter;
    private final Schema schema;

    /**
     * A search of {@code table}. Everything is checked here, before any data is read.
     *
     * @throws IllegalArgumentException naming the column when it is missing, not a vector column of a type the
     *     distance takes, or of another length than the key
     * @throws dev.plainlance.lance.expr.ExpressionParseException for a bad filter (a prefilter cannot use
     *     {@code _distance}, which exists only once rows are found)
     */
    public NearestSearch(TableSnapshot table, Request request, Env env) {
        this.table = table;
        this.request = request;
        this.env = env;
        Field vectorField = vectorField(table, request.column());
        this.distance = VectorDistance.of(vectorField, request.distance(), request.key(), table.name());
        this.vectors = new TableScan(
                table,
                new TableScan.Request(
                        Optional.of(List.of(request.column())),
                        request.prefilter() ? request.filter() : Optional.empty(),
                        request.batchSize(),
                        Optional.empty(),
                        true,
                        true,
                        request.useScalarIndex()),
                env);
        this.dataColumns = request.columns()
                .orElseGet(() ->
                        table.schema().fields().stream().map(f -> f.name()).toList());
        Set<String> taken = new LinkedHashSet<>(dataColumns);
        Optional<String> after = request.prefilter() ? Optional.empty() : request.filter();
        Set<String> tableColumns = new HashSet<>(
                table.schema().fields().stream().map(f -> f.name()).toList());
        // a name the table lacks is left to the binding below, which refuses it at its position in the filter
        after.ifPresent(sql -> ColumnReferences.topLevel(Expressions.parse(sql)).stream()
                .filter(tableColumns::contains)
                .forEach(taken::add));
        this.takenColumns = List.copyOf(taken);
        List<Field> fields = new ArrayList<>(
                table.schema().project(takenColumns).toArrowValues().getFields());
        fields.add(DISTANCE_FIELD);
        fields.add(ROW_ID_FIELD);
        fields.add(ROW_ADDRESS_FIELD);
        this.candidates = new Schema(fields);
        this.postfilter =
                after.map(sql -> Expressions.predicate(sql, candidates)).orElse(null);
        List<Field> out = new ArrayList<>(fields.subList(0, dataColumns.size()));
        out.add(DISTANCE_FIELD);
        if (request.withRowId()) {
            out.add(ROW_ID_FIELD);
        }
        if (request.withRowAddress()) {
            out.add(ROW_ADDRESS_FIELD);
        }
        this.schema = new Schema(out);
    }

    private static Field meta(String name) {
        return new Field(name, FieldType.nullable(new ArrowType.Int(64, false)), null);
    }

    private static Field vectorField(TableSnapshot table, String column) {
        boolean present =
                table.schema().fields().stream().anyMatch(f -> f.name().equals(column));
        if (!present) {
            throw new IllegalArgumentException("cannot search column '" + column + "' of " + table.name()
                    + ": no such column; columns are "
                    + table.schema().fields().stream().map(f -> f.name()).toList());
        }
        return table.schema()
                .project(List.of(column))
                .toArrowValues()
                .getFields()
                .get(0);
    }

    /** The result's columns: the requested ones, {@code _distance}, then {@code _rowid} and {@code _rowaddr}. */
    public Schema schema() {
        return schema;
    }

    /** One line saying how the search runs: exact, over which rows, and how a prefilter is answered. */
    public String explain() {
        return "nearest " + request.k() + " by " + request.distance() + " distance on '" + request.column()
                + "', exact (no vector index): " + (request.prefilter() ? "prefilter " : "") + vectors.explain();
    }

    /** The rows found, nearest first, after the postfilter; the caller closes the root. */
    public VectorSchemaRoot run() {
        Nearest nearest = new Nearest(request.k());
        try (ArrowReader reader = vectors.batches()) {
            long position = 0;
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                FixedSizeListVector column = (FixedSizeListVector) batch.getVector(0);
                UInt8Vector rowIds = (UInt8Vector) batch.getVector(1);
                UInt8Vector addresses = (UInt8Vector) batch.getVector(2);
                for (int row = 0; row < batch.getRowCount(); row++, position++) {
                    if (column.isNull(row)) {
                        continue;
                    }
                    double d = distance.of(column, row);
                    if (!Double.isNaN(d)) {
                        nearest.offer((float) d, position, rowIds.get(row), addresses.get(row));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return postfiltered(found(nearest.sorted()));
    }

    /** The data columns of the rows found, then their distance, row id and row address. */
    private VectorSchemaRoot found(Nearest.Row[] rows) {
        BufferAllocator allocator = env.allocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(candidates, allocator);
        try {
            if (!takenColumns.isEmpty() && rows.length > 0) {
                List<Long> ids = new ArrayList<>(rows.length);
                for (Nearest.Row row : rows) {
                    ids.add(row.rowId());
                }
                try (ArrowReader taken = Takes.byRowId(table, ids, takenColumns, env);
                        VectorSchemaRoot data = VectorSchemaRoot.create(
                                new Schema(candidates.getFields().subList(0, takenColumns.size())), allocator)) {
                    while (taken.loadNextBatch()) {
                        VectorSchemaRootAppender.append(false, data, taken.getVectorSchemaRoot());
                    }
                    for (int c = 0; c < takenColumns.size(); c++) {
                        data.getVector(c).makeTransferPair(root.getVector(c)).transfer();
                    }
                }
            }
            int n = takenColumns.size();
            Float4Vector distances = (Float4Vector) root.getVector(n);
            UInt8Vector rowIds = (UInt8Vector) root.getVector(n + 1);
            UInt8Vector addresses = (UInt8Vector) root.getVector(n + 2);
            for (int i = 0; i < rows.length; i++) {
                distances.setSafe(i, rows[i].distance());
                rowIds.setSafe(i, rows[i].rowId());
                addresses.setSafe(i, rows[i].address());
            }
            for (FieldVector vector : List.of(distances, rowIds, addresses)) {
                vector.setValueCount(rows.length);
            }
            root.setRowCount(rows.length);
            return root;
        } catch (IOException | RuntimeException e) {
            root.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The rows of {@code found} the postfilter keeps, in the result's columns; closes {@code found}. */
    private VectorSchemaRoot postfiltered(VectorSchemaRoot found) {
        try (found) {
            BitSet keep = new BitSet();
            if (postfilter == null) {
                keep.set(0, found.getRowCount());
            } else {
                keep = postfilter.test(found);
            }
            VectorSchemaRoot out = VectorSchemaRoot.create(schema, env.allocator());
            for (int c = 0; c < schema.getFields().size(); c++) {
                String name = schema.getFields().get(c).getName();
                FieldVector from = c < dataColumns.size() ? found.getVector(c) : found.getVector(name);
                FieldVector to = out.getVector(c);
                int row = 0;
                for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) {
                    to.copyFromSafe(i, row++, from);
                }
                to.setValueCount(row);
            }
            out.setRowCount(keep.cardinality());
            return out;
        }
    }
}
