package dev.plainlance.lance.ipc;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.ReadMetrics;
import dev.plainlance.lance.expr.SubstraitTranslator;
import dev.plainlance.lance.index.DistanceType;
import dev.plainlance.lance.scan.NearestSearch;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** A configured scan of one dataset version, mirroring {@code org.lance.ipc.LanceScanner}. */
public final class LanceScanner implements AutoCloseable {
    /** Rows of an ordered scan sorted in memory at a time; more are sorted in runs spilled to temporary files. */
    static final long SORT_RUN_BYTES = 64L << 20;

    /** The scan, unless this is a nearest-neighbour search. */
    private final TableScan scan;
    /** The search, when this is a nearest-neighbour search. */
    private final NearestSearch nearest;
    /** The columns of the rows before they are ordered and projected to {@link #outputColumns}. */
    private final Schema source;

    private final ScanOptions options;
    private final long offset;
    private final BufferAllocator allocator;
    /** The sort keys of an ordered scan, as columns of {@link #source}; empty otherwise. */
    private final List<SortedReader.Key> keys;
    /** The columns of {@link #source} the caller asked for (an ordered scan may read key columns besides). */
    private final int[] outputColumns;
    /** What the scan reads counts into this, when it collects statistics. */
    private final ReadMetrics metrics;
    /** The statistics as of the end of the last reader that was read to its end. */
    private final AtomicReference<ScanStats> stats = new AtomicReference<>();

    /**
     * A scan of {@code dataset}'s version. A bad filter (syntax, unknown column, type error) is rejected here with
     * an {@link dev.plainlance.lance.expr.ExpressionParseException} naming its position; an ordering by a column
     * the dataset lacks, or of a type that cannot be ordered, and a nearest-neighbour query the dataset cannot
     * answer (see {@link NearestSearch}), with an {@link IllegalArgumentException}.
     */
    public LanceScanner(TableSnapshot dataset, ScanOptions options, Env given) {
        this.metrics = options.isCollectStats() ? ReadMetrics.collecting() : ReadMetrics.DISCARD;
        Env env = given.withReadMetrics(metrics);
        this.options = options;
        this.allocator = env.allocator();
        this.offset = options.getOffset().orElse(0L);
        Optional<String> filter = filter(options);
        TableSnapshot scanned =
                options.getFragmentIds().map(dataset::withFragmentIds).orElse(dataset);
        List<ColumnOrdering> orderings = options.getColumnOrderings().orElse(List.of());
        Optional<List<String>> columns = options.getColumns();
        Optional<List<String>> read = columns.map(requested -> {
            List<String> out = new ArrayList<>(requested);
            for (ColumnOrdering ordering : orderings) {
                if (!out.contains(ordering.getColumnName())) {
                    out.add(ordering.getColumnName());
                }
            }
            return out;
        });
        int batchSize = Math.toIntExact(options.getBatchSize().orElse((long) ScanOptions.DEFAULT_BATCH_SIZE));
        List<String> output = new ArrayList<>();
        if (options.getNearest().isPresent()) {
            Query query = options.getNearest().get();
            this.scan = null;
            this.nearest = new NearestSearch(
                    scanned,
                    new NearestSearch.Request(
                            query.getColumn(),
                            query.getKey(),
                            query.getK(),
                            query.getDistanceType().orElse(DistanceType.L2),
                            read.map(names -> names.stream()
                                    .filter(name -> !name.equals(NearestSearch.DISTANCE))
                                    .toList()),
                            filter,
                            options.isPrefilter(),
                            options.isWithRowId(),
                            options.isWithRowAddress(),
                            options.isUseScalarIndex(),
                            batchSize),
                    env);
            this.source = nearest.schema();
            output.addAll(columns.orElseGet(
                    () -> dataset.schema().fields().stream().map(f -> f.name()).toList()));
            if (!output.contains(NearestSearch.DISTANCE)) {
                output.add(NearestSearch.DISTANCE);
            }
        } else {
            Optional<Long> limit = options.getLimit().map(l -> l + offset);
            this.nearest = null;
            this.scan = new TableScan(
                    scanned,
                    new TableScan.Request(
                            read,
                            filter,
                            batchSize,
                            orderings.isEmpty() ? limit : Optional.empty(),
                            options.isWithRowId(),
                            options.isWithRowAddress(),
                            options.isUseScalarIndex(),
                            options.batchReadahead()),
                    env);
            this.source = scan.schema();
            output.addAll(columns.orElseGet(
                    () -> dataset.schema().fields().stream().map(f -> f.name()).toList()));
        }
        if (options.isWithRowId()) {
            output.add("_rowid");
        }
        if (options.isWithRowAddress()) {
            output.add("_rowaddr");
        }
        List<Field> fields = source.getFields();
        this.keys = new ArrayList<>();
        for (ColumnOrdering ordering : orderings) {
            int column = indexOf(fields, ordering.getColumnName(), dataset.name());
            SortedReader.requireOrderable(fields.get(column), allocator);
            keys.add(new SortedReader.Key(column, ordering.isAscending(), ordering.isNullFirst()));
        }
        this.outputColumns = output.stream()
                .mapToInt(name -> indexOf(fields, name, dataset.name()))
                .toArray();
    }

    /** The SQL filter, or the SQL a Substrait filter means; both at once are refused, as by the official scan. */
    private static Optional<String> filter(ScanOptions options) {
        if (options.getSubstraitFilter().isEmpty()) {
            return options.getFilter();
        }
        if (options.getFilter().isPresent()) {
            throw new IllegalArgumentException("cannot set both substrait filter and string filter");
        }
        return Optional.of(
                SubstraitTranslator.translate(options.getSubstraitFilter().get(), "the scan's Substrait filter"));
    }

    private static int indexOf(List<Field> fields, String name, String dataset) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("cannot order by column '" + name + "': " + dataset + " has no such column");
    }

    /**
     * The schema of the batches: the requested columns (a search's {@code _distance} after them unless among them),
     * then {@code _rowid}, then {@code _rowaddr}.
     */
    public Schema schema() {
        List<Field> fields = source.getFields();
        return new Schema(IntStream.of(outputColumns).mapToObj(fields::get).toList());
    }

    /** A reader of the scan's batches; the caller closes it. */
    public ArrowReader scanBatches() {
        ArrowReader batches = batches();
        return options.isCollectStats() ? new StatsReader(batches, metrics, stats::set, allocator) : batches;
    }

    /**
     * What the scan read, once a reader from {@link #scanBatches()} was read to its end (counting everything read
     * since the scanner was made), when the options ask to collect statistics; empty otherwise, as the official
     * method.
     */
    public Optional<ScanStats> getStats() {
        return Optional.ofNullable(stats.get());
    }

    private ArrowReader batches() {
        int batchSize = Math.toIntExact(options.getBatchSize().orElse((long) ScanOptions.DEFAULT_BATCH_SIZE));
        long limit = options.getLimit().orElse(Long.MAX_VALUE);
        ArrowReader rows;
        if (nearest != null) {
            VectorSchemaRoot found = nearest.run();
            if (keys.isEmpty()) {
                long end = limit > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + limit;
                return new RowsReader(found, outputColumns, offset, end, batchSize, allocator);
            }
            int[] all = IntStream.range(0, source.getFields().size()).toArray();
            rows = new RowsReader(found, all, 0, found.getRowCount(), batchSize, allocator);
        } else {
            rows = scan.batches();
        }
        if (!keys.isEmpty()) {
            try {
                return new SortedReader(rows, keys, outputColumns, batchSize, offset, limit, SORT_RUN_BYTES, allocator);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return offset == 0 ? rows : new OffsetReader(rows, offset, allocator);
    }

    /** Which index answers the filter and how many fragments are scanned (the CLI's {@code --explain}). */
    public String explain() {
        return nearest != null ? nearest.explain() : scan.explain();
    }

    @Override
    public void close() {
        // every reader returned by scanBatches() owns and releases its own resources
    }
}
