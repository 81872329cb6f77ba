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
    record Scan(List<String> columns, Long batchSize, boolean rowId, boolean rowAddress, Long limit) {
        static Scan all() {
            return new Scan(null, null, false, false, null);
        }

        Scan columns(String... names) {
            return new Scan(List.of(names), batchSize, rowId, rowAddress, limit);
        }

        Scan columns(List<String> names) {
            return new Scan(names, batchSize, rowId, rowAddress, limit);
        }

        Scan batchSize(long n) {
            return new Scan(columns, n, rowId, rowAddress, limit);
        }

        Scan withRowIdAndAddress() {
            return new Scan(columns, batchSize, true, true, limit);
        }

        Scan withRowIdOnly() {
            return new Scan(columns, batchSize, true, false, limit);
        }

        Scan limit(long n) {
            return new Scan(columns, batchSize, rowId, rowAddress, n);
        }

        org.lance.ipc.ScanOptions official() {
            org.lance.ipc.ScanOptions.Builder b = new org.lance.ipc.ScanOptions.Builder().withRowId(rowId)
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
            return b.build();
        }

        dev.plainlance.lance.ipc.ScanOptions plain() {
            dev.plainlance.lance.ipc.ScanOptions.Builder b = new dev.plainlance.lance.ipc.ScanOptions.Builder()
                    .withRowId(rowId).withRowAddress(rowAddress);
            if (columns != null) {
                b.columns(columns);
            }
            if (batchSize != null) {
                b.batchSize(batchSize);
            }
            if (limit != null) {
                b.limit(limit);
            }
            return b.build();
        }

        @Override
        public String toString() {
            return "scan(columns=" + (columns == null ? "all" : columns) + ", batchSize="
                    + (batchSize == null ? "default" : batchSize) + ", withRowId=" + rowId + ", withRowAddress="
                    + rowAddress + (limit == null ? "" : ", limit=" + limit) + ")";
        }
    }

    private RowDump.Context context(long version, String operation, Map<String, String> encodings) {
        return new RowDump.Context(fileVersion, dataset + " v" + version, operation, encodings);
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
        comparisons++;
        try (org.lance.Dataset official = writer.open(version);
                dev.plainlance.lance.Dataset latest = dev.plainlance.lance.Dataset.open(writer.uri(), plainAllocator);
                dev.plainlance.lance.Dataset plain = latest.checkoutVersion(version)) {
            Map<String, String> encodings = FileEncodings.of(plain);
            RowDump.Context ctx = context(version, scan.toString(), encodings);
            long t0 = System.nanoTime();
            RowDump.Rows expected = RowDump.official(() -> official.newScan(scan.official()).scanBatches());
            long t1 = System.nanoTime();
            RowDump.Outcome actual = RowDump.plain(() -> plain.newScan(scan.plain()).scanBatches());
            long t2 = System.nanoTime();
            System.out.printf("TIMING %s %s v%d %s: official %d ms, plainlance %d ms%n", fileVersion, dataset, version,
                    scan, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            List<String> found = new ArrayList<>(RowDump.problems(ctx, expected, actual));
            if (actual.error() != null && (scan.columns() == null || scan.columns().size() > 1)) {
                found.add(localize(official, plain, scan, encodings));
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

    /** After a failing multi-column scan: which single columns fail on their own. */
    private String localize(org.lance.Dataset official, dev.plainlance.lance.Dataset plain, Scan scan,
            Map<String, String> encodings) {
        List<String> columns = scan.columns() != null ? scan.columns()
                : plain.getSchema().getFields().stream().map(f -> f.getName()).toList();
        List<String> failing = new ArrayList<>();
        for (String column : columns) {
            Scan one = new Scan(List.of(column), scan.batchSize(), false, false, scan.limit());
            RowDump.Rows expected = RowDump.official(() -> official.newScan(one.official()).scanBatches());
            RowDump.Outcome actual = RowDump.plain(() -> plain.newScan(one.plain()).scanBatches());
            List<String> p = RowDump.problems(new RowDump.Context(fileVersion, dataset, one.toString(), encodings),
                    expected, actual);
            if (!p.isEmpty()) {
                failing.add(column + " [encoding: " + encodings.get(column) + "]: " + String.join("; ", p));
            }
        }
        return "columns failing when scanned alone (" + failing.size() + " of " + columns.size() + "):\n    "
                + String.join("\n    ", failing);
    }

    /** Compares {@code take(indices, columns)} at {@code version}. */
    void take(long version, List<Long> indices, List<String> columns) {
        comparisons++;
        try (org.lance.Dataset official = writer.open(version);
                dev.plainlance.lance.Dataset latest = dev.plainlance.lance.Dataset.open(writer.uri(), plainAllocator);
                dev.plainlance.lance.Dataset plain = latest.checkoutVersion(version)) {
            RowDump.Context ctx = context(version, "take(" + indices.size() + " indices " + preview(indices)
                    + ", columns=" + columns + ")", FileEncodings.of(plain));
            long t0 = System.nanoTime();
            RowDump.Rows expected = RowDump.official(() -> official.take(indices, columns));
            long t1 = System.nanoTime();
            RowDump.Outcome actual = RowDump.plain(() -> plain.take(indices, columns));
            long t2 = System.nanoTime();
            System.out.printf("TIMING %s %s v%d take(%d, %d columns): official %d ms, plainlance %d ms%n", fileVersion,
                    dataset, version, indices.size(), columns.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            add(ctx, RowDump.problems(ctx, expected, actual));
        }
    }

    /** Compares {@code takeRows(rowIds, columns)} at {@code version}. */
    void takeRows(long version, List<Long> rowIds, List<String> columns) {
        comparisons++;
        try (org.lance.Dataset official = writer.open(version);
                dev.plainlance.lance.Dataset latest = dev.plainlance.lance.Dataset.open(writer.uri(), plainAllocator);
                dev.plainlance.lance.Dataset plain = latest.checkoutVersion(version)) {
            RowDump.Context ctx = context(version, "takeRows(" + rowIds.size() + " row ids " + preview(rowIds)
                    + ", columns=" + columns + ")", FileEncodings.of(plain));
            long t0 = System.nanoTime();
            RowDump.Rows expected = RowDump.official(() -> official.takeRows(rowIds, columns));
            long t1 = System.nanoTime();
            RowDump.Outcome actual = RowDump.plain(() -> plain.takeRows(rowIds, columns));
            long t2 = System.nanoTime();
            System.out.printf("TIMING %s %s v%d takeRows(%d, %d columns): official %d ms, plainlance %d ms%n", fileVersion,
                    dataset, version, rowIds.size(), columns.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            add(ctx, RowDump.problems(ctx, expected, actual));
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
            fail("plainlance differs from the official library in " + problems.size() + " of " + comparisons
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
