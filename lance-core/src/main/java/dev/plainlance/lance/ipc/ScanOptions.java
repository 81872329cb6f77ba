package dev.plainlance.lance.ipc;

import dev.plainlance.lance.scan.TableScan;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Options of {@code Dataset.newScan}, mirroring {@code org.lance.ipc.ScanOptions}. Immutable. */
public final class ScanOptions {
    public static final int DEFAULT_BATCH_SIZE = TableScan.DEFAULT_BATCH_SIZE;
    /** What {@link #getBatchReadahead()} says when it was not set, as the official library. */
    public static final int DEFAULT_BATCH_READAHEAD = 16;

    private final Optional<List<String>> columns;
    private final int batchSize;
    private final boolean withRowId;
    private final boolean withRowAddress;
    private final Optional<Long> limit;
    private final Optional<String> filter;
    private final boolean useScalarIndex;
    private final Optional<List<Integer>> fragmentIds;
    private final Optional<Long> offset;
    private final Optional<List<ColumnOrdering>> columnOrderings;
    private final Optional<Query> nearest;
    private final boolean prefilter;
    private final Optional<ByteBuffer> substraitFilter;
    private final OptionalInt batchReadahead;
    private final boolean collectStats;

    private ScanOptions(Builder builder) {
        this.collectStats = builder.collectStats;
        this.batchReadahead = builder.batchReadahead;
        this.substraitFilter = builder.substraitFilter;
        this.nearest = builder.nearest;
        this.prefilter = builder.prefilter;
        this.offset = builder.offset;
        this.columnOrderings = builder.columnOrderings;
        this.fragmentIds = builder.fragmentIds;
        this.filter = builder.filter;
        this.columns = builder.columns;
        this.batchSize = builder.batchSize;
        this.withRowId = builder.withRowId;
        this.withRowAddress = builder.withRowAddress;
        this.limit = builder.limit;
        this.useScalarIndex = builder.useScalarIndex;
    }

    public static ScanOptions defaults() {
        return new Builder().build();
    }

    /** The keys the rows are sorted by; empty when the scan returns rows in fragment order. */
    public Optional<List<ColumnOrdering>> getColumnOrderings() {
        return columnOrderings;
    }

    /** Top-level columns to read, in output order; empty means all. */
    public Optional<List<String>> getColumns() {
        return columns;
    }

    /** Maximum rows per batch; {@link #DEFAULT_BATCH_SIZE} unless set. */
    public Optional<Long> getBatchSize() {
        return Optional.of((long) batchSize);
    }

    /** The fragments to scan, in scan order; empty means every fragment of the version. */
    public Optional<List<Integer>> getFragmentIds() {
        return fragmentIds;
    }

    /** Whether to append a {@code _rowid} column (uint64). */
    public boolean isWithRowId() {
        return withRowId;
    }

    /** Whether to append a {@code _rowaddr} column (uint64, {@code fragment_id << 32 | offset}). */
    public boolean isWithRowAddress() {
        return withRowAddress;
    }

    /** Maximum rows to return. */
    public Optional<Long> getLimit() {
        return limit;
    }

    /** Rows to skip (after the filter, before the limit). */
    public Optional<Long> getOffset() {
        return offset;
    }

    /** Whether BTREE, BITMAP and ZONEMAP indices may answer the filter (default true), as the official option. */
    public boolean isUseScalarIndex() {
        return useScalarIndex;
    }

    /** A SQL predicate rows must satisfy (e.g. {@code "id > 10 AND name LIKE 'a%'"}). */
    public Optional<String> getFilter() {
        return filter;
    }

    /** The filter as a Substrait {@code ExtendedExpression}, if given so; see {@link Builder#substraitFilter}. */
    public Optional<ByteBuffer> getSubstraitFilter() {
        return substraitFilter.map(ByteBuffer::asReadOnlyBuffer);
    }

    /** The batches read ahead; {@link #DEFAULT_BATCH_READAHEAD} unless set (see {@link Builder#batchReadahead}). */
    public int getBatchReadahead() {
        return batchReadahead.orElse(DEFAULT_BATCH_READAHEAD);
    }

    /** Whether the scan counts what it reads; see {@link Builder#collectStats}. */
    public boolean isCollectStats() {
        return collectStats;
    }

    /** {@link Builder#batchReadahead} when it was set. */
    OptionalInt batchReadahead() {
        return batchReadahead;
    }

    /** The nearest-neighbour search the scan is, if any; see {@link Builder#nearest}. */
    public Optional<Query> getNearest() {
        return nearest;
    }

    /** With {@link #getNearest()}: whether the filter picks the rows searched (true) or the rows found (false). */
    public boolean isPrefilter() {
        return prefilter;
    }

    public static final class Builder {
        private Optional<String> filter = Optional.empty();
        private Optional<List<String>> columns = Optional.empty();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean withRowId;
        private boolean withRowAddress;
        private Optional<Long> limit = Optional.empty();
        private boolean useScalarIndex = true;
        private Optional<List<Integer>> fragmentIds = Optional.empty();
        private Optional<Long> offset = Optional.empty();
        private Optional<List<ColumnOrdering>> columnOrderings = Optional.empty();
        private Optional<Query> nearest = Optional.empty();
        private boolean prefilter;
        private Optional<ByteBuffer> substraitFilter = Optional.empty();
        private OptionalInt batchReadahead = OptionalInt.empty();
        private boolean collectStats;

        public Builder() {}

        /** A builder starting from every option of {@code options}. */
        public Builder(ScanOptions options) {
            this.filter = options.filter;
            this.columns = options.columns;
            this.batchSize = options.batchSize;
            this.withRowId = options.withRowId;
            this.withRowAddress = options.withRowAddress;
            this.limit = options.limit;
            this.useScalarIndex = options.useScalarIndex;
            this.fragmentIds = options.fragmentIds;
            this.offset = options.offset;
            this.columnOrderings = options.columnOrderings;
            this.nearest = options.nearest;
            this.prefilter = options.prefilter;
            this.substraitFilter = options.substraitFilter;
            this.batchReadahead = options.batchReadahead;
            this.collectStats = options.collectStats;
        }

        /**
         * Counts what the scan reads, for {@link LanceScanner#getStats()} once its batches are all read: page buffer
         * reads and bytes, rows, row ranges and fragments read, index segments consulted, and the time spent waiting
         * for batches. Off by default.
         */
        public Builder collectStats(boolean collectStats) {
            this.collectStats = collectStats;
            return this;
        }

        /**
         * How many batches each data file of the scan is read ahead of the batch being returned: their byte ranges
         * are asked for and they are decoded on the worker threads meanwhile (one at least). Fewer keep less memory
         * busy; more hide the latency of an object store. Unset, plainlance decides per file: ranges of at least 32
         * batches or about 24 MiB of pages, and two batches per worker thread decoded ahead. A nearest-neighbour
         * search reads as plainlance decides.
         *
         * @throws IllegalArgumentException if {@code batchReadahead} is negative
         */
        public Builder batchReadahead(int batchReadahead) {
            if (batchReadahead < 0) {
                throw new IllegalArgumentException("batch readahead must not be negative, got " + batchReadahead);
            }
            this.batchReadahead = OptionalInt.of(batchReadahead);
            return this;
        }

        /**
         * The filter as the bytes of a Substrait {@code ExtendedExpression} (one boolean expression; fields are
         * named by its base schema, so its order need not be the dataset's), instead of a SQL {@link #filter}: a
         * scan with both is refused. The bytes are copied. Reading them needs plainlance's {@code substrait} module
         * on the class path, which turns them into the SQL predicate they mean.
         */
        public Builder substraitFilter(ByteBuffer substraitFilter) {
            ByteBuffer copy = ByteBuffer.allocate(substraitFilter.remaining());
            copy.put(substraitFilter.duplicate()).flip();
            this.substraitFilter = Optional.of(copy);
            return this;
        }

        /**
         * Makes the scan a nearest-neighbour search: the {@code k} rows nearest to the query's key, nearest first,
         * with their distance in a float32 {@code _distance} column (after the requested columns unless
         * {@code _distance} is one of them). Rows whose vector is null, or whose distance is not a number, are
         * never returned. The search is exact: plainlance builds no vector indices.
         *
         * <p>The filter applies before the search with {@link #prefilter prefilter(true)}, so the {@code k}
         * nearest matching rows are returned. Otherwise (the default) it applies to the {@code k} rows found, may
         * use {@code _distance}, {@code _rowid} and {@code _rowaddr}, and may leave fewer than {@code k}. Orderings,
         * then the offset, then the limit apply to the rows found.
         */
        public Builder nearest(Query nearest) {
            this.nearest = Optional.of(nearest);
            return this;
        }

        /** With {@link #nearest}: whether the filter applies before the search (see there); default false. */
        public Builder prefilter(boolean prefilter) {
            this.prefilter = prefilter;
            return this;
        }

        /**
         * Returns the rows sorted by these keys, the first one first (after the filter, before the offset and the
         * limit). Sorting needs every matching row: what does not fit in memory is sorted in runs spilled to
         * temporary files and merged.
         */
        public Builder setColumnOrderings(List<ColumnOrdering> columnOrderings) {
            this.columnOrderings = Optional.of(List.copyOf(columnOrderings));
            return this;
        }

        /** Skips the first {@code offset} rows the scan would return (after the filter, before the limit). */
        public Builder offset(long offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative, got " + offset);
            }
            this.offset = Optional.of(offset);
            return this;
        }

        public Builder useScalarIndex(boolean useScalarIndex) {
            this.useScalarIndex = useScalarIndex;
            return this;
        }

        /** Scans only these fragments, in this order. */
        public Builder fragmentIds(List<Integer> fragmentIds) {
            this.fragmentIds = Optional.of(List.copyOf(fragmentIds));
            return this;
        }

        public Builder columns(List<String> columns) {
            this.columns = Optional.of(List.copyOf(columns));
            return this;
        }

        public Builder batchSize(long batchSize) {
            if (batchSize <= 0 || batchSize > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "batch size must be between 1 and " + Integer.MAX_VALUE + ", got " + batchSize);
            }
            this.batchSize = (int) batchSize;
            return this;
        }

        public Builder withRowId(boolean withRowId) {
            this.withRowId = withRowId;
            return this;
        }

        public Builder withRowAddress(boolean withRowAddress) {
            this.withRowAddress = withRowAddress;
            return this;
        }

        public Builder limit(long limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative, got " + limit);
            }
            this.limit = Optional.of(limit);
            return this;
        }

        public Builder filter(String filter) {
            this.filter = Optional.of(filter);
            return this;
        }

        public ScanOptions build() {
            return new ScanOptions(this);
        }
    }
}
