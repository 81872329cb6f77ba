package dev.plainlance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Table operations side by side with the official library, in one JVM (issue 4): the latency of one small append
 * commit, {@code open + listVersions} of a dataset with a long history, and {@code delete} of a tenth of the rows of
 * a 10M-row dataset. Both libraries work on identical datasets (the official library writes them; each library
 * gets its own copy, made with hard links, before every timed delete). The two alternate every sample.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx6g -cp bench/target/bench.jar dev.plainlance.bench.TableOpsBench \
 *     [--rows 10000000] [--versions 1000] [--samples 20] [--dir bench/target/table-ops]
 * </pre>
 */
public final class TableOpsBench {
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
        Path dir = Path.of("bench/target/table-ops");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--versions" -> versions = Integer.parseInt(args[i + 1]);
                case "--samples" -> samples = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
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
        bench.commitLatency();
        bench.openWithHistory(versions);
        bench.delete(rows);
        bench.allocator.close();
    }

    /** One sample of an operation on a library: untimed preparation, then the timed part. */
    private interface Sample {
        Runnable prepare(boolean official, int sample) throws Exception;
    }

    private void report(String what, Sample sample) throws Exception {
        double[][] ms = new double[2][samples];
        for (int s = -2; s < samples; s++) {
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
        try (VectorSchemaRoot batch = PerfData.generate(allocator, 10, 10).get(0)) {
            report("append 10 rows (one commit)", (isOfficial, s) -> () -> {
                if (isOfficial) {
                    officialAppend(official, batch);
                } else {
                    plainAppend(plain, batch);
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

    private void delete(long rows) throws Exception {
        Path source = Path.of(createOfficial("delete-source", rows));
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

    @SuppressWarnings("deprecation")
    private String createOfficial(String name, long rows) throws IOException {
        String uri = dir.resolve(name).toString();
        List<VectorSchemaRoot> batches = PerfData.generate(allocator, rows, (int) Math.min(rows, 1_000_000));
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, batches);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(allocator, stream, uri, new org.lance.WriteParams.Builder().build())
                    .close();
        } finally {
            batches.forEach(VectorSchemaRoot::close);
        }
        return uri;
    }

    @SuppressWarnings("deprecation")
    private void officialAppend(String uri, VectorSchemaRoot batch) {
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, List.of(batch));
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder()
                                    .withMode(org.lance.WriteParams.WriteMode.APPEND)
                                    .build())
                    .close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void plainAppend(String uri, VectorSchemaRoot batch) {
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, List.of(batch))) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            reader,
                            uri,
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
    private static void linkCopy(Path from, Path to) throws IOException {
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
