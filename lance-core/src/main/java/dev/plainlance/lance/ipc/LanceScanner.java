package dev.plainlance.lance.ipc;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** A configured scan of one dataset version, mirroring {@code org.lance.ipc.LanceScanner}. */
public final class LanceScanner implements AutoCloseable {
    /** Rows of an ordered scan sorted in memory at a time; more are sorted in runs spilled to temporary files. */
    static final long SORT_RUN_BYTES = 64L << 20;

    private final TableScan scan;
    private final ScanOptions options;
    private final long offset;
    private final BufferAllocator allocator;
    /** The sort keys of an ordered scan, as columns of {@link #scan}; empty otherwise. */
    private final List<SortedReader.Key> keys;
    /** The columns of {@link #scan} the caller asked for (an ordered scan may read key columns besides). */
    private final int[] outputColumns;

    /**
     * A scan of {@code dataset}'s version. A bad filter (syntax, unknown column, type error) is rejected here with
     * an {@link dev.plainlance.lance.expr.ExpressionParseException} naming its position; an ordering by a column
     * the dataset lacks, or of a type that cannot be ordered, with an {@link IllegalArgumentException}.
     */
    public LanceScanner(TableSnapshot dataset, ScanOptions options, Env env) {
        this.options = options;
        this.allocator = env.allocator();
        List<ColumnOrdering> orderings = options.getColumnOrderings().orElse(List.of());
        Optional<List<String>> columns = options.getColumns();
        List<String> keyColumns = new ArrayList<>();
        if (columns.isPresent()) {
            for (ColumnOrdering ordering : orderings) {
                if (!columns.get().contains(ordering.getColumnName())
                        && !keyColumns.contains(ordering.getColumnName())) {
                    keyColumns.add(ordering.getColumnName());
                }
            }
        }
        Optional<List<String>> read = keyColumns.isEmpty() ? columns : Optional.of(concat(columns.get(), keyColumns));
        Optional<Long> limit =
                options.getLimit().map(l -> l + options.getOffset().orElse(0L));
        this.scan = new TableScan(
                options.getFragmentIds().map(dataset::withFragmentIds).orElse(dataset),
                new TableScan.Request(
                        read,
                        options.getFilter(),
                        Math.toIntExact(options.getBatchSize().orElse((long) ScanOptions.DEFAULT_BATCH_SIZE)),
                        orderings.isEmpty() ? limit : Optional.empty(),
                        options.isWithRowId(),
                        options.isWithRowAddress(),
                        options.isUseScalarIndex()),
                env);
        this.offset = options.getOffset().orElse(0L);
        List<Field> fields = scan.schema().getFields();
        this.keys = new ArrayList<>();
        for (ColumnOrdering ordering : orderings) {
            int column = indexOf(fields, ordering.getColumnName(), dataset.name());
            SortedReader.requireOrderable(fields.get(column), allocator);
            keys.add(new SortedReader.Key(column, ordering.isAscending(), ordering.isNullFirst()));
        }
        int added = keyColumns.size();
        int requested = columns.map(List::size).orElse(fields.size());
        this.outputColumns = IntStream.range(0, fields.size())
                .filter(i -> i < requested || i >= requested + added)
                .toArray();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static int indexOf(List<Field> fields, String name, String dataset) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("cannot order by column '" + name + "': " + dataset + " has no such column");
    }

    /** The schema of the batches: requested columns, then {@code _rowid}, then {@code _rowaddr}. */
    public Schema schema() {
        List<Field> fields = scan.schema().getFields();
        return new Schema(IntStream.of(outputColumns).mapToObj(fields::get).toList());
    }

    /** A reader of the scan's batches; the caller closes it. */
    public ArrowReader scanBatches() {
        if (!keys.isEmpty()) {
            try {
                return new SortedReader(
                        scan.batches(),
                        keys,
                        outputColumns,
                        Math.toIntExact(options.getBatchSize().orElse((long) ScanOptions.DEFAULT_BATCH_SIZE)),
                        offset,
                        options.getLimit().orElse(Long.MAX_VALUE),
                        SORT_RUN_BYTES,
                        allocator);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return offset == 0 ? scan.batches() : new OffsetReader(scan.batches(), offset, allocator);
    }

    /** Which index answers the filter and how many fragments are scanned (the CLI's {@code --explain}). */
    public String explain() {
        return scan.explain();
    }

    @Override
    public void close() {
        // every reader returned by scanBatches() owns and releases its own resources
    }
}
