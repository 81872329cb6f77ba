package dev.plainlance.bench;

import dev.plainlance.lance.io.s3.S3TestServer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The object-storage bench: both libraries side by side in one JVM against one local S3-compatible server (S3Proxy
 * on its file system store, started here, the server of the tests), configured by the same storage options. A scan
 * of every column of a dataset the official library wrote, the latency of a small append commit (each library on
 * its own dataset), and {@code open + listVersions} of a dataset with a history. The libraries alternate every
 * sample, after warm-up samples that are not counted (the client code of plainlance, the AWS SDK and its HTTP client
 * are compiled by the JIT as they run; the official client is native); the report gives the median, the fastest and
 * slowest sample, and the ratio of the medians. The request path is what warms slowly: a scan makes about 60 GETs
 * a sample ({@code --warmup}; with 5, plainlance's scans took 490-580 ms, with 25 about 400), an append or an
 * {@code open + listVersions} a few requests to a hundred, so its code is still being compiled after dozens of
 * samples ({@code --small-warmup}, as the local bench's commit rows).
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xms6g -Xmx6g -cp bench/target/bench.jar dev.plainlance.bench.S3Bench \
 *     [--rows 10000000] [--versions 100] [--samples 10] [--warmup 20] [--small-warmup 100]
 * </pre>
 */
public final class S3Bench {
    private final BufferAllocator allocator = new RootAllocator();
    private final S3TestServer server = S3TestServer.get();
    private final Map<String, String> options = server.storageOptions();
    private final int samples;
    private final int warmup;
    private final int smallWarmup;

    private S3Bench(int samples, int warmup, int smallWarmup) {
        this.samples = samples;
        this.warmup = warmup;
        this.smallWarmup = smallWarmup;
    }

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int versions = 100;
        int samples = 10;
        int warmup = 20;
        int smallWarmup = 100;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--versions" -> versions = Integer.parseInt(args[i + 1]);
                case "--samples" -> samples = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--small-warmup" -> smallWarmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        S3Bench bench = new S3Bench(samples, warmup, smallWarmup);
        System.out.printf(
                Locale.ROOT,
                "S3 bench on S3Proxy at %s: %,d rows, %d versions, %d samples after %d warm-up samples (%d for the"
                        + " append and open + listVersions); ms, ratio ="
                        + " official / plainlance medians (>1: plainlance faster)%n",
                bench.server.endpoint(),
                rows,
                versions,
                samples,
                warmup,
                smallWarmup);
        bench.scan(rows);
        bench.append();
        bench.history(versions);
        bench.allocator.close();
        System.exit(0);
    }

    /** One timed sample of a library. */
    private interface Sample {
        void run(boolean official) throws Exception;
    }

    private void report(String what, int warmup, Sample sample) throws Exception {
        double[][] ms = new double[2][samples];
        for (int s = -warmup; s < samples; s++) {
            for (int k = 0; k < 2; k++) {
                boolean official = (s + k) % 2 == 0;
                System.gc();
                long t0 = System.nanoTime();
                sample.run(official);
                if (s >= 0) {
                    ms[official ? 0 : 1][s] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-36s official %s  plainlance %s  ratio %5.2f%n",
                what,
                spread(ms[0]),
                spread(ms[1]),
                median(ms[0]) / median(ms[1]));
    }

    private static String spread(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%9.1f [%.1f-%.1f]", median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    private static double median(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void scan(long rows) throws Exception {
        String uri = server.newUri("scan", "source.lance");
        create(uri, rows);
        double valueSum = PerfData.expectedValueSum(rows);
        long idSum = PerfData.expectedIdSum(rows);
        report("scan all columns, " + rows + " rows", warmup, official -> {
            ScanResult result;
            if (official) {
                try (org.lance.Dataset ds = officialOpen(uri);
                        org.lance.ipc.LanceScanner scanner =
                                ds.newScan(new org.lance.ipc.ScanOptions.Builder().build());
                        ArrowReader reader = scanner.scanBatches()) {
                    result = Impl.consume(reader);
                }
            } else {
                try (dev.plainlance.lance.Dataset ds = plainOpen(uri);
                        dev.plainlance.lance.ipc.LanceScanner scanner =
                                ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder().build());
                        ArrowReader reader = scanner.scanBatches()) {
                    result = Impl.consume(reader);
                }
            }
            check(result.rows(), rows);
            check(result.idSum(), idSum);
            if (result.valueSum() != valueSum) {
                throw new IllegalStateException("value sum " + result.valueSum() + ", expected " + valueSum);
            }
        });
    }

    private void append() throws Exception {
        String officialUri = server.newUri("append-official", "t.lance");
        String plainUri = server.newUri("append-plain", "t.lance");
        create(officialUri, 1000);
        create(plainUri, 1000);
        try (VectorSchemaRoot batch = PerfData.generate(allocator, 10, 10).get(0)) {
            report("append 10 rows (one commit)", smallWarmup, official -> {
                if (official) {
                    officialAppend(officialUri, batch);
                } else {
                    plainAppend(plainUri, batch);
                }
            });
        }
    }

    private void history(int versions) throws Exception {
        String uri = server.newUri("history", "t.lance");
        create(uri, 10);
        try (VectorSchemaRoot batch = PerfData.generate(allocator, 1, 1).get(0)) {
            for (int v = 1; v < versions; v++) {
                plainAppend(uri, batch);
            }
        }
        report("open + listVersions, " + versions + " versions", smallWarmup, official -> {
            if (official) {
                try (org.lance.Dataset ds = officialOpen(uri)) {
                    check(ds.listVersions().size(), versions);
                }
            } else {
                try (dev.plainlance.lance.Dataset ds = plainOpen(uri)) {
                    check(ds.listVersions().size(), versions);
                }
            }
        });
    }

    @SuppressWarnings("deprecation")
    private org.lance.Dataset officialOpen(String uri) {
        return org.lance.Dataset.open(
                allocator,
                uri,
                new org.lance.ReadOptions.Builder().setStorageOptions(options).build());
    }

    private dev.plainlance.lance.Dataset plainOpen(String uri) {
        return dev.plainlance.lance.Dataset.open(
                allocator,
                uri,
                new dev.plainlance.lance.ReadOptions.Builder()
                        .setStorageOptions(options)
                        .build());
    }

    /** A dataset the official library writes, in batches of at most a million rows. */
    @SuppressWarnings("deprecation")
    private void create(String uri, long rows) throws Exception {
        List<VectorSchemaRoot> batches = PerfData.generate(allocator, rows, (int) Math.min(rows, 1_000_000));
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, batches);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withStorageOptions(options)
                                    .build())
                    .close();
        } finally {
            batches.forEach(VectorSchemaRoot::close);
        }
    }

    @SuppressWarnings("deprecation")
    private void officialAppend(String uri, VectorSchemaRoot batch) throws Exception {
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, List.of(batch));
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withMode(org.lance.WriteParams.WriteMode.APPEND)
                                    .withStorageOptions(options)
                                    .build())
                    .close();
        }
    }

    private void plainAppend(String uri, VectorSchemaRoot batch) throws Exception {
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, List.of(batch))) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            reader,
                            uri,
                            new dev.plainlance.lance.WriteParams.Builder()
                                    .withMode(dev.plainlance.lance.WriteParams.WriteMode.APPEND)
                                    .withStorageOptions(options)
                                    .build())
                    .close();
        }
    }

    private static void check(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + actual);
        }
    }
}
