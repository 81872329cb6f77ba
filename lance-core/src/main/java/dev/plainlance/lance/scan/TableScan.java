package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.index.IndexedFilter;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * The scan engine's entry point: the live rows of one table version, some columns, optionally filtered, in
 * fragment order. Batches are decoded ahead of the caller; see {@link ScanReader}.
 */
public final class TableScan {
    /** Rows per batch unless asked otherwise, as the official library. */
    public static final int DEFAULT_BATCH_SIZE = 8192;

    /**
     * What to read.
     *
     * @param columns top-level columns in order; empty for all
     * @param filter a SQL predicate rows must match
     * @param batchSize rows per batch at most
     * @param limit rows at most
     * @param withRowId add {@code _rowid}
     * @param withRowAddress add {@code _rowaddr}
     * @param useScalarIndex let BTREE, BITMAP and ZONEMAP indices answer the filter for the fragments they cover
     * @param batchReadahead how many batches each data file is read ahead of the one loaded, when given (see
     *     {@link dev.plainlance.lance.file.LanceFileReader#readBatches(org.apache.arrow.memory.BufferAllocator,
     *     java.util.concurrent.ForkJoinPool, List, long, long, int, OptionalInt)})
     */
    public record Request(
            Optional<List<String>> columns,
            Optional<String> filter,
            int batchSize,
            Optional<Long> limit,
            boolean withRowId,
            boolean withRowAddress,
            boolean useScalarIndex,
            OptionalInt batchReadahead) {
        /** A request whose data files are read ahead as the file readers decide. */
        public Request(
                Optional<List<String>> columns,
                Optional<String> filter,
                int batchSize,
                Optional<Long> limit,
                boolean withRowId,
                boolean withRowAddress,
                boolean useScalarIndex) {
            this(columns, filter, batchSize, limit, withRowId, withRowAddress, useScalarIndex, OptionalInt.empty());
        }

        /** A request that uses scalar indices when they answer the filter. */
        public Request(
                Optional<List<String>> columns,
                Optional<String> filter,
                int batchSize,
                Optional<Long> limit,
                boolean withRowId,
                boolean withRowAddress) {
            this(columns, filter, batchSize, limit, withRowId, withRowAddress, true);
        }
    }

    private final TableSnapshot table;
    private final Request request;
    private final BufferAllocator allocator;
    private final RowSource rows;
    /** With a filter: the columns the filter reads (and the row ids and addresses asked for), and the filter. */
    private final RowSource filterRows;
    /** With a filter: the requested columns it does not read, read only for the rows that pass. */
    private final List<LanceField> lateFields;

    private final Env env;

    private final Predicate filter;

    private Optional<IndexedFilter.Plan> indexPlan;

    /**
     * A scan of {@code table}. A bad filter (syntax, unknown column, type error) is rejected here with an
     * {@link dev.plainlance.lance.expr.ExpressionParseException} naming its position.
     */
    public TableScan(TableSnapshot table, Request request, Env env) {
        this.table = table;
        this.request = request;
        this.allocator = env.allocator();
        List<LanceField> columns = request.columns()
                .map(names -> table.schema().project(names).fields())
                .orElse(table.schema().fields());
        this.rows = new RowSource(
                table.bases(),
                columns,
                request.withRowId(),
                request.withRowAddress(),
                table.hasStableRowIds(),
                env,
                request.batchReadahead());
        if (request.filter().isPresent()) {
            RowSource all =
                    new RowSource(table.bases(), table.schema().fields(), false, false, table.hasStableRowIds(), env);
            Expressions.bind(request.filter().get(), all.schema());
            Set<String> read = new LinkedHashSet<>(
                    ColumnReferences.topLevel(Expressions.parse(request.filter().get())));
            this.filterRows = new RowSource(
                    table.bases(),
                    table.schema().project(List.copyOf(read)).fields(),
                    request.withRowId(),
                    request.withRowAddress(),
                    table.hasStableRowIds(),
                    env,
                    request.batchReadahead());
            this.filter = Expressions.predicate(request.filter().get(), filterRows.schema());
            this.lateFields =
                    columns.stream().filter(c -> !read.contains(c.name())).toList();
        } else {
            this.filterRows = null;
            this.filter = null;
            this.lateFields = List.of();
        }
        this.env = env;
    }

    /** The schema of the batches: requested columns, then {@code _rowid}, then {@code _rowaddr}. */
    public Schema schema() {
        return rows.schema();
    }

    /** A reader of the scan's batches; the caller closes it. */
    public ArrowReader batches() {
        long limit = request.limit().orElse(Long.MAX_VALUE);
        if (filter == null) {
            return new ScanReader(rows, table.fragments(), request.batchSize(), limit, allocator);
        }
        Optional<IndexedFilter.Plan> plan = indexPlan();
        if (plan.isPresent() && answersWholly(plan.get())) {
            // the index's rows are exactly the matches: read them without evaluating the filter again
            return new ScanReader(
                    rows,
                    table.fragments(),
                    request.batchSize(),
                    limit,
                    plan.get().selection(),
                    allocator);
        }
        ScanReader unfiltered = plan.isPresent()
                ? new ScanReader(
                        filterRows,
                        table.fragments(),
                        request.batchSize(),
                        Long.MAX_VALUE,
                        plan.get().selection(),
                        allocator)
                : new ScanReader(filterRows, table.fragments(), request.batchSize(), Long.MAX_VALUE, allocator);
        return new FilteredScanReader(
                unfiltered,
                filterRows.schema(),
                filter,
                rows.schema(),
                new LateColumns(table.bases(), table.fragments(), lateFields, env),
                limit,
                env.workers(),
                allocator);
    }

    /** Whether the plan's rows are exactly the filter's matches: exact, and every fragment it reads covered. */
    private static boolean answersWholly(IndexedFilter.Plan plan) {
        return plan.exact()
                && plan.selection().keySet().stream()
                        .allMatch(id -> plan.covered().contains(id.intValue()));
    }

    /** How indices answer the filter, empty without a filter, without a usable index, or when told not to. */
    public Optional<IndexedFilter.Plan> indexPlan() {
        if (filter == null || !request.useScalarIndex()) {
            return Optional.empty();
        }
        if (indexPlan == null) {
            indexPlan = IndexedFilter.plan(table, request.filter().get(), env);
        }
        return indexPlan;
    }

    /** One line saying how the filter is answered: which index, how many fragments it answers and scans. */
    public String explain() {
        int fragments = table.fragments().size();
        if (filter == null) {
            return "no filter: " + fragments + " fragments scanned";
        }
        return indexPlan().map(p -> p.explain(fragments)).orElse("no index: " + fragments + " fragments scanned");
    }

    /**
     * A reader of only the {@code selected} live rows (fragment id to physical offsets, as {@link RowMatches#of}
     * returns them), in scan order, without this scan's filter: the batches a scan filtered to exactly those rows
     * returns, without reading fragments or row ranges that hold none of them. The caller closes it.
     */
    public ArrowReader batches(Map<Long, RoaringBitmap> selected) {
        long limit = request.limit().orElse(Long.MAX_VALUE);
        return new ScanReader(rows, table.fragments(), request.batchSize(), limit, selected, allocator);
    }
}
