package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs the same read with the official library and with plainlance on one dataset version and collects every
 * difference ({@link RowDump}); {@link #done()} fails with all of them at once, each labelled with file version,
 * dataset, operation, column, encoding, row, expected and actual.
 */
final class ScanPair {
    private final OfficialWriter writer;
    private final String fileVersion;
    private final String dataset;
    private final List<String> problems = new ArrayList<>();
    private int comparisons;
    /** Columns plainlance failed to read alone, found by earlier comparisons of this pair. */
    private final java.util.Set<String> knownFailing = new java.util.LinkedHashSet<>();
    /** plainlance's allocator: closed by {@link #done()}, which reports memory plainlance did not release. */
    private final org.apache.arrow.memory.BufferAllocator plainAllocator = new org.apache.arrow.memory.RootAllocator();

    ScanPair(OfficialWriter writer, String fileVersion, String dataset) {
        this.writer = writer;
        this.fileVersion = fileVersion;
        this.dataset = dataset;
    }

    int comparisons() {
        return comparisons;
    }

    /** Official scan options mirroring plainlance's. */
    record Scan(List<String> columns, Long batchSize, boolean rowId, boolean rowAddress, Long limit, String filter) {
        static Scan all() {
            return new Scan(null, null, false, false, null, null);
        }

        Scan filter(String sql) {
            return new Scan(columns, batchSize, rowId, rowAddress, limit, sql);
        }

        Scan columns(String... names) {
            return new Scan(List.of(names), batchSize, rowId, rowAddress, limit, filter);
        }

        Scan columns(List<String> names) {
            return new Scan(names, batchSize, rowId, rowAddress, limit, filter);
        }

        Scan batchSize(long n) {
            return new Scan(columns, n, rowId, rowAddress, limit, filter);
        }

        Scan withRowIdAndAddress() {
            return new Scan(columns, batchSize, true, true, limit, filter);
        }

        Scan withRowIdOnly() {
            return new Scan(columns, batchSize, true, false, limit, filter);
        }

        Scan limit(long n) {
            return new Scan(columns, batchSize, rowId, rowAddress, n, filter);
        }

        org.lance.ipc.ScanOptions official() {
            org.lance.ipc.ScanOptions.Builder b =
                    new org.lance.ipc.ScanOptions.Builder().withRowId(rowId).withRowAddress(rowAddress);
            if (columns != null) {
                b.columns(columns);
            }
            if (batchSize != null) {
                b.batchSize(batchSize);
            }
            if (limit != null) {
                b.limit(limit);
            }
            if (filter != null) {
                b.filter(filter);
            }
            return b.build();
        }

        dev.plainlance.lance.ipc.ScanOptions plain() {
            dev.plainlance.lance.ipc.ScanOptions.Builder b = new dev.plainlance.lance.ipc.ScanOptions.Builder()
                    .withRowId(rowId)
                    .withRowAddress(rowAddress);
            if (columns != null) {
                b.columns(columns);
            }
            if (batchSize != null) {
                b.batchSize(batchSize);
            }
            if (limit != null) {
                b.limit(limit);
            }
            if (filter != null) {
                b.filter(filter);
            }
            return b.build();
        }

        @Override
        public String toString() {
            return "scan(columns=" + (columns == null ? "all" : columns) + ", batchSize="
                    + (batchSize == null ? "default" : batchSize) + ", withRowId=" + rowId + ", withRowAddress="
                    + rowAddress + (limit == null ? "" : ", limit=" + limit)
                    + (filter == null ? "" : ", filter=" + filter) + ")";
        }
    }

    private RowDump.Context context(long version, String operation, Map<String, String> encodings) {
        return new RowDump.Context(fileVersion, dataset + " v" + version, operation, encodings);
    }

    /** One read, parameterized by the columns to read. */
    interface Op<D> {
        org.apache.arrow.vector.ipc.ArrowReader open(D dataset, List<String> columns) throws Exception;
    }

    /** Compares one scan at {@code version}; returns the official rows. */
    RowDump.Rows scan(long version, Scan scan) {
        return scan(version, scan, rows -> {});
    }

    /**
     * Compares one scan at {@code version}; {@code plainCheck} may add checks of plainlance's rows (it throws
     * AssertionError to report). Returns the official rows.
     */
    RowDump.Rows scan(long version, Scan scan, Consumer<RowDump.Rows> plainCheck) {
        return compare(
                version,
                scan.toString(),
                scan.columns(),
                (o, cols) -> o.newScan(scan.columns(cols).official()).scanBatches(),
                (p, cols) -> p.newScan(scan.columns(cols).plain()).scanBatches(),
                plainCheck);
    }

    /** Compares {@code take(indices, columns)} at {@code version}. */
    void take(long version, List<Long> indices, List<String> columns) {
        compare(
                version,
                "take(" + indices.size() + " indices " + preview(indices) + ", columns=" + columns + ")",
                columns,
                (o, cols) -> o.take(indices, cols),
                (p, cols) -> p.take(indices, cols),
                rows -> {});
    }

    /** Compares {@code takeRows(rowIds, columns)} at {@code version}. */
    void takeRows(long version, List<Long> rowIds, List<String> columns) {
        compare(
                version,
                "takeRows(" + rowIds.size() + " row ids " + preview(rowIds) + ", columns=" + columns + ")",
                columns,
                (o, cols) -> o.takeRows(rowIds, cols),
                (p, cols) -> p.takeRows(rowIds, cols),
                rows -> {});
    }

    /**
     * Runs {@code official} and {@code plain} on {@code columns} (null: every column) and records the differences.
     * When plainlance throws on several columns, each column is also read alone to name the failing ones, and the
     * read is repeated without them, so one failing column does not hide differences in the others.
     */
    private RowDump.Rows compare(
            long version,
            String operation,
            List<String> columns,
            Op<org.lance.Dataset> official,
            Op<dev.plainlance.lance.Dataset> plain,
            Consumer<RowDump.Rows> plainCheck) {
        comparisons++;
        try (org.lance.Dataset o = writer.open(version);
                dev.plainlance.lance.Dataset latest = dev.plainlance.lance.Dataset.open(writer.uri(), plainAllocator);
                dev.plainlance.lance.Dataset p = latest.checkoutVersion(version)) {
            Map<String, String> encodings = FileEncodings.of(p);
            RowDump.Context ctx = context(version, operation, encodings);
            long t0 = System.nanoTime();
            RowDump.Rows expected = RowDump.official(() -> official.open(o, columns));
            long t1 = System.nanoTime();
            RowDump.Outcome actual = RowDump.plain(() -> plain.open(p, columns));
            long t2 = System.nanoTime();
            System.out.printf(
                    "TIMING %s %s v%d %s: official %d ms, plainlance %d ms%n",
                    fileVersion, dataset, version, operation, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            List<String> found = new ArrayList<>(RowDump.problems(ctx, expected, actual));
            List<String> all = columns != null
                    ? columns
                    : p.getSchema().getFields().stream().map(f -> f.getName()).toList();
            if (actual.error() != null && all.size() > 1) {
                // Columns already found failing in this pair are left out first; a full per-column search runs
                // only when the rest still fails.
                List<String> rest =
                        all.stream().filter(c -> !knownFailing.contains(c)).toList();
                RowDump.Outcome restOutcome =
                        rest.isEmpty() || rest.size() == all.size() ? null : RowDump.plain(() -> plain.open(p, rest));
                if (restOutcome == null || restOutcome.error() != null) {
                    List<String> report = new ArrayList<>();
                    int failing = 0;
                    for (String column : all) {
                        RowDump.Rows e = RowDump.official(() -> official.open(o, List.of(column)));
                        RowDump.Outcome a = RowDump.plain(() -> plain.open(p, List.of(column)));
                        if (a.error() != null) {
                            failing++;
                            knownFailing.add(column);
                            report.add(column + " [encoding: " + ctx.encoding(column) + "]: "
                                    + RowDump.problems(ctx, e, a).get(0));
                        }
                    }
                    found.add("columns on which plainlance throws when read alone (" + failing + " of " + all.size()
                            + "):\n    " + String.join("\n    ", report));
                } else {
                    found.add("(the read succeeds without "
                            + all.stream().filter(knownFailing::contains).toList() + ", found failing above)");
                }
                List<String> others =
                        all.stream().filter(c -> !knownFailing.contains(c)).toList();
                if (!others.isEmpty() && others.size() < all.size()) {
                    RowDump.Rows e = RowDump.official(() -> official.open(o, others));
                    RowDump.Outcome a = others.equals(rest) && restOutcome != null
                            ? restOutcome
                            : RowDump.plain(() -> plain.open(p, others));
                    for (String problem : RowDump.problems(ctx, e, a)) {
                        found.add("(repeated without "
                                + all.stream().filter(knownFailing::contains).toList() + ") " + problem);
                    }
                }
            }
            if (actual.rows() != null) {
                try {
                    plainCheck.accept(actual.rows());
                } catch (AssertionError e) {
                    found.add(e.getMessage());
                }
            }
            add(ctx, found);
            return expected;
        }
    }

    private static String preview(List<Long> values) {
        return values.size() <= 8 ? values.toString() : values.subList(0, 8) + "…";
    }

    private void add(RowDump.Context ctx, List<String> found) {
        for (String f : found) {
            problems.add(ctx.describe() + ": " + f);
        }
    }

    /** Fails with every difference found so far. */
    void done() {
        try {
            plainAllocator.close();
        } catch (RuntimeException e) {
            problems.add("file version " + fileVersion + ", dataset " + dataset
                    + ": plainlance did not release Arrow memory after closing every reader: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            fail("plainlance differs from the official library: " + problems.size() + " problem(s) in " + comparisons
                    + " comparison(s):\n" + String.join("\n", problems));
        }
    }

    /** {@code count} positions in {@code [0, rows)}, seeded, unsorted, with the ends and one repeat. */
    static List<Long> positions(long rows, int count, long seed) {
        Random random = new Random(seed);
        List<Long> out = new ArrayList<>();
        out.add(rows - 1);
        out.add(0L);
        for (int i = 0; i < count; i++) {
            out.add((long) random.nextInt((int) rows));
        }
        out.add(out.get(5));
        return out;
    }

    /** Row ids (the {@code _rowid} column of official rows) at {@code count} seeded random positions. */
    static List<Long> rowIds(RowDump.Rows officialRows, int count, long seed) {
        int c = officialRows.column("_rowid");
        List<Long> out = new ArrayList<>();
        for (long position : positions(officialRows.size(), count, seed)) {
            out.add(Long.parseUnsignedLong(officialRows.rows().get((int) position)[c]));
        }
        return out;
    }
}
