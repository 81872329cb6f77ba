package dev.plainlance.bench;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.io.Durability;
import dev.plainlance.lance.io.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Table operations side by side with the official library, in one JVM: the latency of one small append commit,
 * {@code open + listVersions} of a dataset with a long history, {@code take} of random rows, a filtered scan,
 * {@code delete}, update, merge insert, and compaction. Both libraries work on identical datasets written by the
 * official library; every operation that writes gets its own copy per sample, made with hard links before the timed
 * part. The two alternate every sample. {@code --only} picks operations: append, history, take, filter, delete,
 * update, merge, index (building a BTREE index on {@code id}, then a point lookup, a 1% range and an {@code IN}
 * list of 100 keys answered through the index the official library built), compact, nearest (the 10 rows nearest
 * to a random key by L2 distance among {@code --vector-rows} 128-dimension float32 vectors, without an index: an
 * exact search in both libraries).
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xms6g -Xmx6g -cp bench/target/bench.jar dev.plainlance.bench.TableOpsBench \
 *     [--rows 10000000] [--versions 1000] [--samples 20] [--vector-rows 1000000] [--only take,filter] \
 *     [--dir bench/target/table-ops]
 * </pre>
 */
public final class TableOpsBench {
    /**
     * Uncounted appends of each library before the append rows' samples: a commit takes a few milliseconds, so the
     * first hundred or so of plainlance run while the JIT is still compiling its commit path (the official library
     * is native). The other rows take long enough per sample to need only two.
     */
    private static final int COMMIT_WARMUP = 200;

    /**
     * Uncounted samples before the rows of small reads (a take of 1,000 rows and the indexed lookups): each reads
     * little, so plainlance's read path is still being compiled after the usual two. A harness repeating the 1%
     * indexed range read 100 times saw plainlance take 9-24 ms in samples 5-20 and 7.7 ms (median) over the last
     * 50, the official library 20-27 ms and 16.9 ms.
     */
    private static final int SMALL_READ_WARMUP = 30;

    private final BufferAllocator allocator = new RootAllocator();
    private final Path dir;
    private final int samples;

    private TableOpsBench(Path dir, int samples) {
        this.dir = dir;
        this.samples = samples;
    }

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int versions = 1000;
        int samples = 20;
        long vectorRows = 1_000_000;
        Set<String> only = Set.of();
        Path dir = Path.of("bench/target/table-ops");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--versions" -> versions = Integer.parseInt(args[i + 1]);
                case "--samples" -> samples = Integer.parseInt(args[i + 1]);
                case "--vector-rows" -> vectorRows = Long.parseLong(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--only" -> only = Set.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        TableOpsBench bench = new TableOpsBench(dir, samples);
        System.out.printf(
                Locale.ROOT,
                "table ops bench: %,d rows, %d versions, %d samples; median ms, ratio ="
                        + " official / plainlance (>1: plainlance faster)%n",
                rows,
                versions,
                samples);
        if (runs(only, "append")) {
            bench.commitLatency();
        }
        if (runs(only, "history")) {
            bench.openWithHistory(versions);
        }
        String source = null;
        for (String op : List.of("take", "filter", "delete", "update", "merge", "index")) {
            if (runs(only, op)) {
                source = source == null ? bench.createOfficial("source", rows) : source;
                switch (op) {
                    case "take" -> bench.take(source, rows);
                    case "filter" -> bench.filteredScan(source, rows);
                    case "delete" -> bench.delete(source, rows);
                    case "update" -> bench.update(source, rows);
                    case "index" -> bench.indexed(source, rows);
                    default -> bench.mergeInsert(source, rows);
                }
            }
        }
        if (runs(only, "compact")) {
            bench.compact();
        }
        if (runs(only, "nearest")) {
            bench.nearest(vectorRows);
        }
        bench.allocator.close();
    }

    /** One sample of an operation on a library: untimed preparation, then the timed part. */
    private interface Sample {
        Runnable prepare(boolean official, int sample) throws Exception;
    }

    private void report(String what, Sample sample) throws Exception {
        report(what, 2, sample);
    }

    /** Runs {@code warmup} uncounted samples of each library, then {@link #samples} counted ones, alternating. */
    private void report(String what, int warmup, Sample sample) throws Exception {
        double[][] ms = new double[2][samples];
        for (int s = -warmup; s < samples; s++) {
            for (int k = 0; k < 2; k++) {
                boolean official = (s + k) % 2 == 0;
                Runnable timed = sample.prepare(official, s);
                System.gc();
                long t0 = System.nanoTime();
                timed.run();
                if (s >= 0) {
                    ms[official ? 0 : 1][s] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        double official = median(ms[0]);
        double plain = median(ms[1]);
        System.out.printf(
                Locale.ROOT,
                "%-44s official %9.2f  plainlance %9.2f  ratio %5.2f%n",
                what,
                official,
                plain,
                official / plain);
    }

    private void commitLatency() throws Exception {
        String official = createOfficial("commit-official", 1000);
        String plain = createOfficial("commit-plain", 1000);
        String unsynced = createOfficial("commit-plain-unsynced", 1000);
        try (VectorSchemaRoot batch = PerfData.generate(allocator, 10, 10).get(0)) {
            report("append 10 rows (one commit)", COMMIT_WARMUP, (isOfficial, s) -> () -> {
                if (isOfficial) {
                    officialAppend(official, batch);
                } else {
                    plainAppend(plain, batch, Durability.POWER_LOSS);
                }
            });
            report("append 10 rows, plainlance at PROCESS_CRASH", COMMIT_WARMUP, (isOfficial, s) -> () -> {
                if (isOfficial) {
                    officialAppend(official, batch);
                } else {
                    plainAppend(unsynced, batch, Durability.PROCESS_CRASH);
                }
            });
        }
    }

    private void openWithHistory(int versions) throws Exception {
        String uri = createOfficial("history", 10);
        try (VectorSchemaRoot batch = PerfData.generate(allocator, 1, 1).get(0)) {
            for (int v = 1; v < versions; v++) {
                plainAppend(uri, batch);
            }
        }
        report("open + listVersions, " + versions + " versions", (isOfficial, s) -> () -> {
            if (isOfficial) {
                try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
                    check(ds.listVersions().size(), versions);
                }
            } else {
                try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                    check(ds.listVersions().size(), versions);
                }
            }
        });
    }

    private static boolean runs(Set<String> only, String op) {
        return only.isEmpty() || only.contains(op);
    }

    /** {@code take} of 1,000 distinct random row offsets (sorted), all columns. */
    private void take(String uri, long rows) throws Exception {
        List<String> columns = List.of("id", "value", "name");
        report("take 1,000 random rows, all columns", SMALL_READ_WARMUP, (isOfficial, s) -> {
            List<Long> offsets = new Random(s)
                    .longs(0, rows)
                    .distinct()
                    .limit(1000)
                    .sorted()
                    .boxed()
                    .toList();
            long idSum = offsets.stream().mapToLong(Long::longValue).sum();
            return () -> {
                ScanResult result;
                if (isOfficial) {
                    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
                            ArrowReader reader = ds.take(offsets, columns)) {
                        result = Impl.consume(reader);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                } else {
                    try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                            ArrowReader reader = ds.take(offsets, columns)) {
                        result = Impl.consume(reader);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                check(result.rows(), 1000);
                check(result.idSum(), idSum);
            };
        });
    }

    /** A scan of all columns filtered to 1% of the rows ({@code value < 5}: ids whose last three digits are 0..9). */
    private void filteredScan(String uri, long rows) throws Exception {
        long expected = rows / 1000 * 10 + Math.min(rows % 1000, 10);
        report(
                "scan all columns where value < 5 (1%)",
                (isOfficial, s) -> () -> {
                    ScanResult result;
                    try {
                        if (isOfficial) {
                            try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
                                    org.lance.ipc.LanceScanner scanner =
                                            ds.newScan(new org.lance.ipc.ScanOptions.Builder()
                                                    .filter("value < 5")
                                                    .build());
                                    ArrowReader reader = scanner.scanBatches()) {
                                result = Impl.consume(reader);
                            }
                        } else {
                            try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                                    dev.plainlance.lance.ipc.LanceScanner scanner =
                                            ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                                    .filter("value < 5")
                                                    .build());
                                    ArrowReader reader = scanner.scanBatches()) {
                                result = Impl.consume(reader);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    check(result.rows(), expected);
                });
    }

    /**
     * A BTREE index on {@code id}: building it (each library on its own copy), then, on one copy indexed by the
     * official library, a point lookup, a 1% range and an IN list of 100 keys, all columns, open included.
     */
    private void indexed(String source, long rows) throws Exception {
        report("build BTREE index on id", (isOfficial, s) -> {
            String uri = linkCopy(Path.of(source), dir.resolve("index-" + (isOfficial ? "official-" : "plain-") + s));
            return () -> {
                if (isOfficial) {
                    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
                        ds.createIndex(
                                List.of("id"),
                                org.lance.index.IndexType.BTREE,
                                java.util.Optional.of("id_idx"),
                                org.lance.index.IndexParams.builder()
                                        .setScalarIndexParams(org.lance.index.scalar.BTreeIndexParams.builder()
                                                .build())
                                        .build(),
                                true);
                    }
                } else {
                    try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                        ds.createIndex(
                                List.of("id"),
                                dev.plainlance.lance.index.IndexType.BTREE,
                                java.util.Optional.of("id_idx"),
                                dev.plainlance.lance.index.IndexParams.defaults(),
                                true);
                    }
                }
            };
        });
        String uri = linkCopy(Path.of(source), dir.resolve("indexed"));
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.createIndex(
                    List.of("id"),
                    org.lance.index.IndexType.BTREE,
                    java.util.Optional.of("id_idx"),
                    org.lance.index.IndexParams.builder()
                            .setScalarIndexParams(org.lance.index.scalar.BTreeIndexParams.builder()
                                    .build())
                            .build(),
                    true);
        }
        filtered(uri, "point lookup id = K (indexed)", s -> "id = " + Math.floorMod(s * 7_919_113L, rows), 1);
        long span = rows / 100;
        filtered(
                uri,
                "range of 1% of ids (indexed)",
                s -> {
                    long from = Math.floorMod(s * 104_729L, rows - span);
                    return "id >= " + from + " AND id < " + (from + span);
                },
                span);
        filtered(
                uri,
                "IN list of 100 ids (indexed)",
                s -> {
                    List<Long> keys = new Random(s)
                            .longs(0, rows)
                            .distinct()
                            .limit(100)
                            .boxed()
                            .toList();
                    return "id IN ("
                            + String.join(
                                    ", ", keys.stream().map(String::valueOf).toList()) + ")";
                },
                100);
    }

    /** A scan of all columns with the filter of sample {@code s}, which must return {@code expected} rows. */
    private void filtered(String uri, String what, java.util.function.IntFunction<String> filter, long expected)
            throws Exception {
        report(what, SMALL_READ_WARMUP, (isOfficial, s) -> {
            String sql = filter.apply(s + 3);
            return () -> {
                ScanResult result;
                try {
                    if (isOfficial) {
                        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
                                org.lance.ipc.LanceScanner scanner = ds.newScan(new org.lance.ipc.ScanOptions.Builder()
                                        .filter(sql)
                                        .build());
                                ArrowReader reader = scanner.scanBatches()) {
                            result = Impl.consume(reader);
                        }
                    } else {
                        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                                dev.plainlance.lance.ipc.LanceScanner scanner =
                                        ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                                .filter(sql)
                                                .build());
                                ArrowReader reader = scanner.scanBatches()) {
                            result = Impl.consume(reader);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                check(result.rows(), expected);
            };
        });
    }

    /** Merge insert of 100,000 rows keyed by {@code id}: half update existing rows, half are new. */
    private void mergeInsert(String source, long rows) throws Exception {
        int sourceRows = 100_000;
        long first = Math.max(0, rows - sourceRows / 2);
        long expectedRows = first + sourceRows;
        List<VectorSchemaRoot> batches = PerfData.generate(allocator, first, sourceRows, sourceRows);
        try {
            report(String.format(Locale.ROOT, "merge insert 100,000 rows on id into %,d", rows), (isOfficial, s) -> {
                String uri =
                        linkCopy(Path.of(source), dir.resolve("merge-" + (isOfficial ? "official-" : "plain-") + s));
                return () -> {
                    try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, batches)) {
                        if (isOfficial) {
                            try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
                                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                                Data.exportArrayStream(allocator, reader, stream);
                                org.lance.merge.MergeInsertResult result = ds.mergeInsert(
                                        new org.lance.merge.MergeInsertParams(List.of("id"))
                                                .withMatchedUpdateAll()
                                                .withNotMatched(
                                                        org.lance.merge.MergeInsertParams.WhenNotMatched.InsertAll),
                                        stream);
                                try (org.lance.Dataset merged = result.dataset()) {
                                    check(merged.countRows(), expectedRows);
                                }
                            }
                        } else {
                            try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                                try (dev.plainlance.lance.MergeInsertResult result = ds.mergeInsert(
                                        new dev.plainlance.lance.merge.MergeInsertParams(List.of("id"))
                                                .withMatchedUpdateAll()
                                                .withNotMatched(
                                                        dev.plainlance.lance.merge.MergeInsertParams.WhenNotMatched
                                                                .InsertAll),
                                        reader)) {
                                    check(result.dataset().countRows(), expectedRows);
                                }
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            });
        } finally {
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    /** Compaction of 1,000,000 rows in 100 fragments of 10,000 into one fragment (default options). */
    private void compact() throws Exception {
        Path source = dir.resolve("compact-source");
        String uri = createOfficial("compact-source", 10_000);
        List<VectorSchemaRoot> more = PerfData.generate(allocator, 10_000, 990_000, 10_000);
        try {
            for (VectorSchemaRoot batch : more) {
                officialAppend(uri, batch);
            }
        } finally {
            more.forEach(VectorSchemaRoot::close);
        }
        report("compact 100 fragments of 10,000 rows", (isOfficial, s) -> {
            String copy = linkCopy(source, dir.resolve("compact-" + (isOfficial ? "official-" : "plain-") + s));
            return () -> {
                if (isOfficial) {
                    try (org.lance.Dataset ds = org.lance.Dataset.open(copy, allocator)) {
                        ds.compact();
                    }
                    try (org.lance.Dataset ds = org.lance.Dataset.open(copy, allocator)) {
                        check(ds.getFragments().size(), 1);
                        check(ds.countRows(), 1_000_000);
                    }
                } else {
                    try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(copy, allocator)) {
                        ds.compact();
                        check(ds.getFragments().size(), 1);
                        check(ds.countRows(), 1_000_000);
                    }
                }
            };
        });
    }

    private void delete(String sourceUri, long rows) throws Exception {
        Path source = Path.of(sourceUri);
        report(String.format(Locale.ROOT, "delete id %% 10 = 0 of %,d rows", rows), (isOfficial, s) -> {
            Path copy = dir.resolve("delete-" + (isOfficial ? "official-" : "plain-") + s);
            linkCopy(source, copy);
            String uri = copy.toString();
            return () -> {
                if (isOfficial) {
                    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
                        ds.delete("id % 10 = 0");
                        check(ds.countRows(), rows - (rows + 9) / 10);
                    }
                } else {
                    try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                        ds.delete("id % 10 = 0");
                        check(ds.countRows(), rows - (rows + 9) / 10);
                    }
                }
            };
        });
    }

    /**
     * {@code value = value + 1} where {@code id % 100 = 0}. Official 7.0.0's Java {@code Dataset} has no update
     * method, so its side is what a Java user of it writes instead: a filtered scan of the rows, the new values set
     * in the scanned batches, and a merge insert on {@code id} that updates the matched rows.
     */
    private void update(String sourceUri, long rows) throws Exception {
        Path source = Path.of(sourceUri);
        String filter = "id % 100 = 0";
        long matched = (rows + 99) / 100;
        report(String.format(Locale.ROOT, "update 1%% of %,d rows", rows), (isOfficial, s) -> {
            Path copy = dir.resolve("update-" + (isOfficial ? "official-" : "plain-") + s);
            linkCopy(source, copy);
            String uri = copy.toString();
            return () -> {
                try {
                    if (isOfficial) {
                        check(officialUpdate(uri, filter), matched);
                    } else {
                        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                            check(ds.update(filter, java.util.Map.of("value", "value + 1")), matched);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        });
    }

    /** The official side of {@link #update}: scan the matching rows, add 1 to {@code value}, merge them back. */
    private long officialUpdate(String uri, String filter) throws Exception {
        List<VectorSchemaRoot> changed = new ArrayList<>();
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            try (org.lance.ipc.LanceScanner scanner = ds.newScan(new org.lance.ipc.ScanOptions.Builder()
                            .filter(filter)
                            .build());
                    ArrowReader reader = scanner.scanBatches()) {
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot scanned = reader.getVectorSchemaRoot();
                    VectorSchemaRoot copy = VectorSchemaRoot.create(scanned.getSchema(), allocator);
                    changed.add(copy);
                    try (org.apache.arrow.vector.ipc.message.ArrowRecordBatch batch =
                            new org.apache.arrow.vector.VectorUnloader(scanned).getRecordBatch()) {
                        new org.apache.arrow.vector.VectorLoader(copy).load(batch);
                    }
                    org.apache.arrow.vector.Float8Vector value =
                            (org.apache.arrow.vector.Float8Vector) copy.getVector("value");
                    for (int i = 0; i < copy.getRowCount(); i++) {
                        value.set(i, value.get(i) + 1);
                    }
                }
            }
            try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, changed);
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                Data.exportArrayStream(allocator, reader, stream);
                org.lance.merge.MergeInsertResult result = ds.mergeInsert(
                        new org.lance.merge.MergeInsertParams(List.of("id"))
                                .withMatchedUpdateAll()
                                .withNotMatched(org.lance.merge.MergeInsertParams.WhenNotMatched.DoNothing),
                        stream);
                result.dataset().close();
                return result.stats().numUpdatedRows();
            }
        } finally {
            changed.forEach(VectorSchemaRoot::close);
        }
    }

    private String createOfficial(String name, long rows) throws IOException {
        String uri = dir.resolve(name).toString();
        List<VectorSchemaRoot> batches = PerfData.generate(allocator, rows, (int) Math.min(rows, 1_000_000));
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, batches)) {
            officialCreate(uri, reader);
        } finally {
            batches.forEach(VectorSchemaRoot::close);
        }
        return uri;
    }

    /** Writes every batch of {@code reader} as a new dataset at {@code uri} with the official library. */
    private void officialCreate(String uri, ArrowReader reader) {
        officialWrite(uri, reader, new org.lance.WriteParams.Builder().build());
    }

    /** Writes every batch of {@code reader} to {@code uri} with the official library and {@code params}. */
    @SuppressWarnings("deprecation")
    private void officialWrite(String uri, ArrowReader reader, org.lance.WriteParams params) {
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(allocator, stream, uri, params).close();
        }
    }

    /** The 10 rows nearest to a random key (L2), returning {@code id} and {@code _distance}, in both libraries. */
    private void nearest(long rows) throws Exception {
        int dim = 128;
        String uri = createOfficialVectors("vectors", rows, dim);
        report(String.format(Locale.ROOT, "nearest 10 of %,d 128-d vectors (L2)", rows), (isOfficial, s) -> {
            Random random = new Random(s);
            float[] key = new float[dim];
            for (int d = 0; d < dim; d++) {
                key[d] = (float) random.nextGaussian();
            }
            return () -> {
                ScanResult result;
                try {
                    if (isOfficial) {
                        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
                                org.lance.ipc.LanceScanner scanner = ds.newScan(new org.lance.ipc.ScanOptions.Builder()
                                        .columns(List.of("id"))
                                        .nearest(new org.lance.ipc.Query.Builder()
                                                .setColumn("vec")
                                                .setKey(key)
                                                .setK(10)
                                                .build())
                                        .build());
                                ArrowReader reader = scanner.scanBatches()) {
                            result = Impl.consume(reader);
                        }
                    } else {
                        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                                dev.plainlance.lance.ipc.LanceScanner scanner =
                                        ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                                .columns(List.of("id"))
                                                .nearest(new dev.plainlance.lance.ipc.Query.Builder()
                                                        .setColumn("vec")
                                                        .setKey(key)
                                                        .setK(10)
                                                        .build())
                                                .build());
                                ArrowReader reader = scanner.scanBatches()) {
                            result = Impl.consume(reader);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                check(result.rows(), 10);
            };
        });
    }

    /** A dataset of {@code id} and a {@code dim}-dimension float32 {@code vec} of Gaussian values. */
    private String createOfficialVectors(String name, long rows, int dim) throws IOException {
        String uri = dir.resolve(name).toString();
        Schema schema = new Schema(List.of(
                Field.notNullable("id", new ArrowType.Int(64, true)),
                new Field(
                        "vec",
                        FieldType.notNullable(new ArrowType.FixedSizeList(dim)),
                        List.of(Field.notNullable(
                                "item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))))));
        int batchRows = 100_000;
        Random random = new Random(42);
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            for (long first = 0; first < rows; first += batchRows) {
                int n = (int) Math.min(batchRows, rows - first);
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                batches.add(root);
                BigIntVector id = (BigIntVector) root.getVector(0);
                FixedSizeListVector vec = (FixedSizeListVector) root.getVector(1);
                Float4Vector items = (Float4Vector) vec.getDataVector();
                id.allocateNew(n);
                items.allocateNew(n * dim);
                for (int i = 0; i < n; i++) {
                    id.set(i, first + i);
                    vec.setNotNull(i);
                    for (int d = 0; d < dim; d++) {
                        items.set(i * dim + d, (float) random.nextGaussian());
                    }
                }
                items.setValueCount(n * dim);
                root.setRowCount(n);
            }
            try (ArrowReader reader = dev.plainlance.lance.arrow.ArrowReaders.of(schema, batches, allocator)) {
                officialCreate(uri, reader);
            }
        } finally {
            batches.forEach(VectorSchemaRoot::close);
        }
        return uri;
    }

    private void officialAppend(String uri, VectorSchemaRoot batch) {
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, List.of(batch))) {
            officialWrite(
                    uri,
                    reader,
                    new org.lance.WriteParams.Builder()
                            .withMode(org.lance.WriteParams.WriteMode.APPEND)
                            .build());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void plainAppend(String uri, VectorSchemaRoot batch) {
        plainAppend(uri, batch, Durability.POWER_LOSS);
    }

    private void plainAppend(String uri, VectorSchemaRoot batch, Durability durability) {
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, List.of(batch))) {
            dev.plainlance.lance.Dataset.write(
                            Env.defaults(allocator),
                            new LocalStorage(Path.of(uri), durability),
                            uri,
                            reader,
                            new dev.plainlance.lance.WriteParams.Builder()
                                    .withMode(dev.plainlance.lance.WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void check(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
    }

    /** A copy of a dataset whose data files are hard links (they are immutable) and whose metadata is copied. */
    private static String linkCopy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (f.getParent().getFileName().toString().equals("data")) {
                    Files.createLink(target, f);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
