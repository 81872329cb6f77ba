package dev.plainlance.lance.write;

import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.index.IndexKeys;
import dev.plainlance.lance.index.IndexedFilter;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.merge.MergeInsertStats;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * Stages a merge insert as the official library commits it: one Update transaction (REWRITE_ROWS) whose new
 * fragments hold the inserted and updated rows, in source order, and whose deletion files remove the replaced and
 * deleted target rows. Rows match when every key column is equal and not null (SQL equality). A target row matched
 * by two source rows is ambiguous and refused. The source is held in memory (as the official hash join does); the
 * target is streamed, reading only the key columns and those of a delete predicate.
 */
public final class MergeInserter {
    /** The staged transaction and what it does. */
    public record StagedMerge(Transaction transaction, MergeInsertStats stats) {}

    private final BufferAllocator allocator;

    private final Env env;

    public MergeInserter(Env env) {
        this.env = env;
        this.allocator = env.allocator();
    }

    /**
     * Writes the new rows and deletion files of merging {@code source} (whose batches must have the dataset's
     * columns, in any order) into {@code dataset}'s version, and returns the uncommitted transaction.
     *
     * @throws IllegalArgumentException when the source's columns differ from the dataset's, a key column is
     *     unknown, a target row is matched twice, or {@code WhenMatched.Fail} meets a match
     * @throws UnsupportedFeatureException for datasets with stable row ids
     */
    public StagedMerge stage(
            TableSnapshot dataset, MergeInsertParams params, List<VectorSchemaRoot> source, int attempt)
            throws IOException {
        if (dataset.hasStableRowIds()) {
            throw new UnsupportedFeatureException(
                    "merge insert into " + dataset.name() + " is not supported: it" + " uses stable row ids");
        }
        // the source's rows are written as they are: a blob column from its values
        Schema schema = BlobFields.withValues(new LanceScanner(dataset, ScanOptions.defaults(), env).schema());
        for (String key : params.on()) {
            if (schema.getFields().stream().noneMatch(f -> f.getName().equals(key))) {
                throw new IllegalArgumentException(
                        "merge insert key column '" + key + "' is not a column of " + dataset.name());
            }
        }
        Optional<MatchCondition> condition =
                params.whenMatchedUpdateExpr().map(sql -> MatchCondition.of(sql, schema.getFields()));
        SourceKeys sourceKeys = SourceKeys.of(source, params.on());
        int total = source.stream().mapToInt(VectorSchemaRoot::getRowCount).sum();
        BitSet matchedSource = new BitSet(total);
        BitSet updatedSource = new BitSet(total);
        Map<Long, RoaringBitmap> deleted = new HashMap<>();
        long[] updated = {0};
        scanTarget(dataset, params, condition, sourceKeys, source, (sourceRow, address, batch, row, holds) -> {
            if (sourceRow == SourceKeys.NONE) {
                deleted.computeIfAbsent(address >>> 32, f -> new RoaringBitmap())
                        .add((int) address);
                return;
            }
            if (sourceRow == SourceKeys.AMBIGUOUS) {
                throw new IllegalArgumentException("ambiguous merge insert: several source rows have the key "
                        + describe(SourceKeys.key(batch, params.on(), row)) + " of a row of " + dataset.name());
            }
            switch (params.whenMatched()) {
                case Fail ->
                    throw new IllegalArgumentException(
                            "merge insert refused: source key " + describe(SourceKeys.key(batch, params.on(), row))
                                    + " matches a row of " + dataset.name() + " (when matched: fail)");
                case UpdateAll, UpdateIf, Delete -> {
                    if (holds) {
                        deleted.computeIfAbsent(address >>> 32, f -> new RoaringBitmap())
                                .add((int) address);
                        if (params.whenMatched() != MergeInsertParams.WhenMatched.Delete) {
                            updated[0]++;
                            updatedSource.set(sourceRow);
                        }
                    }
                }
                case DoNothing -> {}
            }
            matchedSource.set(sourceRow);
        });
        List<VectorSchemaRoot> inserts = new ArrayList<>();
        long inserted = 0;
        try {
            int base = 0;
            for (VectorSchemaRoot batch : source) {
                int[] keep = new int[batch.getRowCount()];
                int n = 0;
                for (int row = 0; row < batch.getRowCount(); row++) {
                    boolean matched = matchedSource.get(base + row);
                    if (matched
                            ? updatedSource.get(base + row)
                            : params.whenNotMatched() == MergeInsertParams.WhenNotMatched.InsertAll) {
                        keep[n++] = row;
                        inserted += matched ? 0 : 1;
                    }
                }
                base += batch.getRowCount();
                if (n > 0) {
                    inserts.add(select(batch, keep, n, schema));
                }
            }
            RowRewrite.Staged staged;
            try (ArrowReader rows = ArrowReaders.of(schema, inserts, allocator)) {
                staged = RowRewrite.stage(dataset, rows, () -> deleted, RowRewrite.allFields(dataset), env);
            }
            List<DataFragment> written = staged.written();
            DeletionChanges deletions = staged.deletions();
            Transaction txn = staged.transaction();
            long bytes = written.stream()
                    .flatMap(f -> f.getFilesList().stream())
                    .mapToLong(DataFile::getFileSizeBytes)
                    .sum();
            long files = written.stream().mapToLong(DataFragment::getFilesCount).sum();
            return new StagedMerge(
                    txn,
                    new MergeInsertStats(
                            inserted, updated[0], deletions.deletedRows() - updated[0], attempt, bytes, files));
        } finally {
            inserts.forEach(VectorSchemaRoot::close);
        }
    }

    /**
     * Receives each live target row that matches a source row, or that matches none but is to be deleted ({@code
     * sourceRow} is then {@link SourceKeys#NONE}); {@code batch} and {@code row} locate it for messages. {@code
     * holds} is whether a matched pair passes the conditional update's condition (true without one).
     */
    @FunctionalInterface
    private interface TargetRow {
        void accept(int sourceRow, long address, VectorSchemaRoot batch, int row, boolean holds);
    }

    private void scanTarget(
            TableSnapshot dataset,
            MergeInsertParams params,
            Optional<MatchCondition> condition,
            SourceKeys keys,
            List<VectorSchemaRoot> source,
            TargetRow visitor)
            throws IOException {
        Set<String> columns = new LinkedHashSet<>(params.on());
        condition.ifPresent(c -> columns.addAll(c.targetColumns()));
        MatchCondition.SourceRows sourceRows = sourceRows(source);
        Optional<String> deleteIfSql = params.notMatchedBySourceDeletePredicate();
        deleteIfSql.ifPresent(p -> {
            Expressions.bind(p, new LanceScanner(dataset, ScanOptions.defaults(), env).schema());
            columns.addAll(ColumnReferences.topLevel(Expressions.parse(p)));
        });
        LanceScanner scanner = new LanceScanner(
                dataset,
                new ScanOptions.Builder()
                        .columns(List.copyOf(columns))
                        .withRowAddress(true)
                        .build(),
                env);
        Predicate deleteIf =
                deleteIfSql.map(p -> Expressions.predicate(p, scanner.schema())).orElse(null);
        boolean deleteAll = params.whenNotMatchedBySource() == MergeInsertParams.WhenNotMatchedBySource.Delete;
        // when only matching keys matter, an index on the key column narrows the target rows to read
        Optional<IndexedFilter.Plan> plan =
                deleteAll || deleteIf != null || params.on().size() != 1
                        ? Optional.empty()
                        : IndexedFilter.planIn(
                                dataset,
                                params.on().get(0),
                                sourceKeyValues(source, params.on().get(0)),
                                env.withAllocator(allocator));
        try (ArrowReader reader = plan.isPresent()
                ? new TableScan(
                                dataset,
                                new TableScan.Request(
                                        Optional.of(List.copyOf(columns)),
                                        Optional.empty(),
                                        TableScan.DEFAULT_BATCH_SIZE,
                                        Optional.empty(),
                                        false,
                                        true),
                                env)
                        .batches(plan.get().selection())
                : scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                UInt8Vector addresses = (UInt8Vector) batch.getVector(columns.size());
                BitSet selected = deleteIf == null ? null : deleteIf.test(batch);
                SourceKeys.Lookup lookup = keys.lookup(batch);
                int[] matched = new int[batch.getRowCount()];
                for (int row = 0; row < batch.getRowCount(); row++) {
                    matched[row] = lookup.sourceRow(row);
                }
                BitSet holds =
                        condition.isPresent() ? conditionHolds(condition.get(), batch, matched, sourceRows) : null;
                for (int row = 0; row < batch.getRowCount(); row++) {
                    int sourceRow = matched[row];
                    if (sourceRow != SourceKeys.NONE || deleteAll || selected != null && selected.get(row)) {
                        visitor.accept(sourceRow, addresses.get(row), batch, row, holds == null || holds.get(row));
                    }
                }
            }
        }
    }

    /** Per target row of {@code batch}: whether it matched one source row and the condition holds for the pair. */
    private BitSet conditionHolds(
            MatchCondition condition, VectorSchemaRoot batch, int[] matched, MatchCondition.SourceRows source) {
        int[] targetRows = new int[matched.length];
        int[] sourceRows = new int[matched.length];
        int n = 0;
        for (int row = 0; row < matched.length; row++) {
            if (matched[row] >= 0) {
                targetRows[n] = row;
                sourceRows[n++] = matched[row];
            }
        }
        BitSet holds = new BitSet(matched.length);
        if (n > 0) {
            BitSet pairs = condition.test(batch, targetRows, source, sourceRows, n, allocator);
            for (int i = pairs.nextSetBit(0); i >= 0; i = pairs.nextSetBit(i + 1)) {
                holds.set(targetRows[i]);
            }
        }
        return holds;
    }

    /** Locates the source's rows by their number across its batches. */
    private static MatchCondition.SourceRows sourceRows(List<VectorSchemaRoot> source) {
        int[] starts = new int[source.size() + 1];
        for (int b = 0; b < source.size(); b++) {
            starts[b + 1] = starts[b] + source.get(b).getRowCount();
        }
        return new MatchCondition.SourceRows() {
            @Override
            public VectorSchemaRoot batch(int row) {
                return source.get(batchOf(row));
            }

            @Override
            public int row(int row) {
                return row - starts[batchOf(row)];
            }

            private int batchOf(int row) {
                int index = java.util.Arrays.binarySearch(starts, row);
                // equal starts belong to empty batches: take the last batch starting at the row
                if (index >= 0) {
                    while (index + 1 < source.size() && starts[index + 1] == row) {
                        index++;
                    }
                    return index;
                }
                return -index - 2;
            }
        };
    }

    /** The distinct values of the source's key column, empty when its type is not one indices compare. */
    private static Set<Object> sourceKeyValues(List<VectorSchemaRoot> source, String column) {
        Set<Object> values = new java.util.HashSet<>();
        for (VectorSchemaRoot batch : source) {
            FieldVector vector = batch.getVector(column);
            if (vector == null || !IndexKeys.supported(vector.getField().getType())) {
                return Set.of();
            }
            for (int i = 0; i < batch.getRowCount(); i++) {
                Object value = IndexKeys.value(vector, i);
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    private static String describe(Object key) {
        return key instanceof ByteBuffer bytes
                ? Arrays.toString(Arrays.copyOfRange(bytes.array(), 0, bytes.limit()))
                : String.valueOf(key);
    }

    /** Rows {@code keep[0..n)} of {@code batch}, with the columns in {@code schema}'s order. */
    private VectorSchemaRoot select(VectorSchemaRoot batch, int[] keep, int n, Schema schema) {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            for (Field field : schema.getFields()) {
                FieldVector from = batch.getVector(field.getName());
                FieldVector to = out.getVector(field.getName());
                to.setInitialCapacity(n);
                to.allocateNew();
                for (int i = 0; i < n; i++) {
                    to.copyFromSafe(keep[i], i, from);
                }
                to.setValueCount(n);
            }
            out.setRowCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Checks that {@code given} has exactly the dataset's columns ({@code schema}), by name and type, in any order.
     *
     * @throws IllegalArgumentException naming the first column that differs
     */
    public static void checkSourceColumns(Schema given, Schema schema, String uri) {
        Map<String, Field> wanted = new HashMap<>();
        schema.getFields().forEach(f -> wanted.put(f.getName(), f));
        for (Field field : given.getFields()) {
            Field target = wanted.remove(field.getName());
            if (target == null || !target.getType().equals(field.getType())) {
                throw new IllegalArgumentException("merge insert source column " + field.getName() + " "
                        + field.getType()
                        + (target == null
                                ? " is not a column of " + uri
                                : " does not match " + target.getType() + " of " + uri));
            }
        }
        if (!wanted.isEmpty()) {
            throw new IllegalArgumentException("merge insert source lacks columns " + wanted.keySet() + " of " + uri);
        }
    }

    /**
     * Reads all of {@code source} into memory, each batch kept in its own allocator ({@code allocator} for batches
     * without columns). The caller closes the returned batches.
     */
    public static List<VectorSchemaRoot> readAll(ArrowReader source, BufferAllocator allocator) throws IOException {
        Schema given = source.getVectorSchemaRoot().getSchema();
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            while (source.loadNextBatch()) {
                VectorSchemaRoot batch = source.getVectorSchemaRoot();
                // kept in the source's own allocator: buffers can only change owners within one root allocator
                VectorSchemaRoot copy = VectorSchemaRoot.create(
                        given,
                        batch.getFieldVectors().isEmpty()
                                ? allocator
                                : batch.getVector(0).getAllocator());
                batches.add(copy);
                for (int c = 0; c < given.getFields().size(); c++) {
                    batch.getVector(c).makeTransferPair(copy.getVector(c)).transfer();
                }
                copy.setRowCount(batch.getRowCount());
            }
            return batches;
        } catch (IOException | RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
    }
}
