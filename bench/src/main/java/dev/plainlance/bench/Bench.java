package dev.plainlance.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Side-by-side benchmark of plainlance and the official Lance library in one JVM.
 *
 * <p>The table ({@link PerfData}) is written once per data storage version by the official library into a cache
 * directory and reused by later runs. Each case runs both implementations on the same files, alternating them
 * (the order flips every iteration), {@code --warmup} unmeasured iterations first, then {@code --iterations}
 * measured ones; the report gives median and minimum wall time per implementation and the ratio
 * official/plainlance (&gt;1 = plainlance faster). Every run is checked (row count and checksums); a wrong
 * answer fails the case.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xms6g -Xmx6g -XX:MaxDirectMemorySize=6g -jar bench/target/bench.jar \
 *     [--rows N] [--iterations K] [--warmup W] [--cases scan,project,write] [--versions 2.1,2.0]
 *     [--impls official,plainlance] [--batch-size B] [--data-dir DIR]
 * </pre>
 */
public final class Bench {
    static final List<String> ALL_CASES = List.of("scan", "project", "write");

    /** Parsed command line. */
    record Options(
            long rows,
            int iterations,
            int warmup,
            List<String> cases,
            List<String> versions,
            List<String> impls,
            int batchSize,
            Path dataDir,
            String durability) {}

    private final Options options;
    private final PrintStream out;
    private final BufferAllocator allocator;
    private final Map<String, Impl> impls = new LinkedHashMap<>();
    private final OfficialImpl official;
    private final Map<String, Path> datasets = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private List<VectorSchemaRoot> batches;
    private boolean failed;

    Bench(Options options, PrintStream out, BufferAllocator allocator) {
        this.options = options;
        this.out = out;
        this.allocator = allocator;
        this.official = new OfficialImpl(allocator);
        for (String name : options.impls()) {
            switch (name) {
                case "official" -> impls.put(name, official);
                case "plainlance" -> impls.put(name, new PlainlanceImpl(allocator, options.durability()));
                default -> throw new IllegalArgumentException("unknown implementation " + name);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /** Runs the benchmark; returns the process exit code (0 = every case ran and every check passed). */
    static int run(String[] args, PrintStream out) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.println(usage());
            return 2;
        }
        if (options == null) {
            out.println(usage());
            return 0;
        }
        try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE)) {
            Bench bench = new Bench(options, out, allocator);
            try {
                bench.runAll();
            } finally {
                bench.closeBatches();
            }
            return bench.failed ? 1 : 0;
        }
    }

    static String usage() {
        return String.join(
                "\n",
                "usage: java --add-opens=java.base/java.nio=ALL-UNNAMED -Xms6g -Xmx6g -XX:MaxDirectMemorySize=6g \\",
                "           -jar bench/target/bench.jar [options]",
                "  --rows N           rows of the table (default 10000000)",
                "  --iterations K     measured iterations per implementation and case (default 5)",
                "  --warmup W         unmeasured iterations first (default 2)",
                "  --cases LIST       of scan,project,write (default all)",
                "  --versions LIST    data storage versions (default 2.1,2.0)",
                "  --impls LIST       of official,plainlance (default both)",
                "  --batch-size B     scan batch size, both libraries (default 8192)",
                "  --durability D     power_loss (default: plainlance fsyncs what it writes) or process_crash",
                "                     (no fsync, as the official library on a local disk)",
                "  --data-dir DIR     cache of the official-written datasets (default: <dir of bench.jar>/data)");
    }

    static Options parse(String[] args) {
        long rows = 10_000_000L;
        int iterations = 5;
        int warmup = 2;
        List<String> cases = ALL_CASES;
        List<String> versions = List.of("2.1", "2.0");
        List<String> impls = List.of("official", "plainlance");
        int batchSize = 8192;
        Path dataDir = null;
        String durability = "power_loss";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + arg);
                }
                value = args[++i];
            }
            switch (arg) {
                case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--cases" -> cases = list(value, ALL_CASES);
                case "--versions" -> versions = list(value, null);
                case "--impls" -> impls = list(value, List.of("official", "plainlance"));
                case "--batch-size" -> batchSize = Integer.parseInt(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--durability" -> durability = value;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (rows <= 0 || iterations <= 0 || warmup < 0 || batchSize <= 0) {
            throw new IllegalArgumentException("--rows, --iterations, --batch-size must be > 0, --warmup >= 0");
        }
        if (dataDir == null) {
            dataDir = defaultDataDir();
        }
        return new Options(
                rows, iterations, warmup, cases, versions, impls, batchSize, dataDir.toAbsolutePath(), durability);
    }

    private static List<String> list(String value, List<String> allowed) {
        List<String> items = Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("empty list");
        }
        if (allowed != null) {
            for (String item : items) {
                if (!allowed.contains(item)) {
                    throw new IllegalArgumentException("unknown item " + item + " (allowed: " + allowed + ")");
                }
            }
        }
        return items;
    }

    /** {@code data/} next to bench.jar (bench/target/data), or next to the classes directory. */
    private static Path defaultDataDir() {
        try {
            Path location = Path.of(Bench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.toAbsolutePath().getParent().resolve("data");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench", "target", "data");
        }
    }

    // ------------------------------------------------------------------------------------------------ running

    private void runAll() throws Exception {
        header();
        for (String version : options.versions()) {
            datasets.put(version, prepareDataset(version));
        }
        if (options.cases().contains("write")) {
            pregenerate();
        }
        for (String c : options.cases()) {
            for (String version : options.versions()) {
                switch (c) {
                    case "scan" -> scanCase(version, Optional.empty());
                    case "project" -> scanCase(version, Optional.of(List.of("value")));
                    case "write" -> writeCase(version);
                    default -> throw new IllegalStateException(c);
                }
            }
        }
        report();
    }

    private void header() {
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "plainlance bench  %s%n", Instant.now());
        out.printf(
                Locale.ROOT,
                "java %s (%s), %d cpus, max heap %d MB, args %s%n",
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                rt.availableProcessors(),
                rt.maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        out.printf(
                Locale.ROOT,
                "rows %,d  iterations %d (+%d warm-up)  cases %s  versions %s  impls %s  " + "batch size %d%n",
                options.rows(),
                options.iterations(),
                options.warmup(),
                options.cases(),
                options.versions(),
                options.impls(),
                options.batchSize());
        out.printf(Locale.ROOT, "data dir %s%n", options.dataDir());
    }

    private void pregenerate() {
        if (batches == null) {
            long t0 = System.nanoTime();
            batches = PerfData.generate(allocator, options.rows(), (int) Math.min(1_000_000L, options.rows()));
            out.printf(
                    Locale.ROOT,
                    "generated %,d rows in %d batches (%.2f s, not timed in any case)%n",
                    options.rows(),
                    batches.size(),
                    seconds(System.nanoTime() - t0));
        }
    }

    private void closeBatches() {
        if (batches != null) {
            batches.forEach(VectorSchemaRoot::close);
            batches = null;
        }
    }

    /** The dataset written by the official library for {@code version}: from the cache, or written now. */
    private Path prepareDataset(String version) throws Exception {
        Path dir = options.dataDir().resolve("official-v" + version + "-" + options.rows() + "rows");
        Path ds = dir.resolve("ds");
        Path marker = dir.resolve("COMPLETE");
        if (Files.exists(marker)) {
            out.printf(Locale.ROOT, "dataset %s: cached at %s (%s)%n", version, ds, describe(ds));
            return ds;
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        pregenerate();
        long t0 = System.nanoTime();
        try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, batches)) {
            official.write(reader, ds.toString(), version);
        }
        double s = seconds(System.nanoTime() - t0);
        long count = official.countRows(ds.toString());
        String recorded = official.fileFormatVersion(ds.toString());
        if (count != options.rows()) {
            throw new IllegalStateException("official wrote " + count + " rows, expected " + options.rows());
        }
        if (!recorded.equals(version)) {
            throw new IllegalStateException("official wrote data storage version " + recorded + ", asked " + version);
        }
        Files.writeString(marker, "rows=" + count + " version=" + recorded + "\n");
        out.printf(Locale.ROOT, "dataset %s: written by official in %.2f s at %s (%s)%n", version, s, ds, describe(ds));
        return ds;
    }

    private static String describe(Path ds) throws IOException {
        Path data = ds.resolve("data");
        long files = 0;
        long bytes = 0;
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.list(data)) {
                for (Path p : s.toList()) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        }
        return String.format(Locale.ROOT, "%d data files, %,d bytes", files, bytes);
    }

    /** An action measured once. */
    private interface Action {
        /** Runs untimed preparation and returns the timed part. */
        Timed prepare(Impl impl, int iteration) throws Exception;
    }

    /** The timed part of one iteration, and an untimed check/cleanup afterwards. */
    private interface Timed {
        Object run() throws Exception;

        default void after(Object result) throws Exception {}
    }

    private void scanCase(String version, Optional<List<String>> columns) {
        String name = columns.isEmpty() ? "scan" : "project";
        String uri = datasets.get(version).toString();
        long n = options.rows();
        measure(name, version, (impl, iteration) -> new Timed() {
            @Override
            public Object run() throws Exception {
                return impl.scan(uri, columns, options.batchSize());
            }

            @Override
            public void after(Object result) {
                ScanResult r = (ScanResult) result;
                double valueSum = PerfData.expectedValueSum(n);
                boolean all = columns.isEmpty();
                List<String> errors = new ArrayList<>();
                if (r.rows() != n) {
                    errors.add("rows " + r.rows() + " != " + n);
                }
                if (r.valueSum() != valueSum) {
                    errors.add("sum(value) " + r.valueSum() + " != " + valueSum);
                }
                if (r.idSum() != (all ? PerfData.expectedIdSum(n) : 0)) {
                    errors.add("sum(id) " + r.idSum());
                }
                if (r.nameBytes() != (all ? PerfData.NAME_BYTES * n : 0)) {
                    errors.add("bytes(name) " + r.nameBytes());
                }
                if (!errors.isEmpty()) {
                    throw new IllegalStateException(
                            impl.name() + " " + name + " " + version + ": wrong result " + errors);
                }
                if (iteration == 0) {
                    out.printf(
                            Locale.ROOT,
                            "    check %s: rows %,d, sum(value) %.1f, sum(id) %d, bytes(name) %d, "
                                    + "%d batches: OK%n",
                            impl.name(),
                            r.rows(),
                            r.valueSum(),
                            r.idSum(),
                            r.nameBytes(),
                            r.batches());
                }
            }
        });
    }

    private void writeCase(String version) {
        Path root = options.dataDir().resolve("write-tmp");
        measure("write", version, (impl, iteration) -> {
            Path dir = root.resolve(impl.name() + "-v" + version + "-" + iteration);
            deleteTree(dir);
            Files.createDirectories(dir);
            String uri = dir.resolve("ds").toString();
            return new Timed() {
                @Override
                public Object run() throws Exception {
                    try (PerfData.ReplayReader reader = new PerfData.ReplayReader(allocator, batches)) {
                        impl.write(reader, uri, version);
                    }
                    return null;
                }

                @Override
                public void after(Object result) throws Exception {
                    try {
                        if (iteration == 0) {
                            // Cross-check: the other implementation reads what this one wrote.
                            for (Impl reader : List.of(official, plainlanceOrOfficial())) {
                                long count = reader.countRows(uri);
                                if (count != options.rows()) {
                                    throw new IllegalStateException(reader.name() + " counts " + count
                                            + " rows in the dataset written by " + impl.name());
                                }
                            }
                            out.printf(
                                    Locale.ROOT,
                                    "    check %s: %s (%s), row count %,d by both readers: OK%n",
                                    impl.name(),
                                    describe(Path.of(uri)),
                                    formatVersion(uri),
                                    options.rows());
                        }
                    } finally {
                        deleteTree(dir);
                    }
                }
            };
        });
    }

    private String formatVersion(String uri) {
        try {
            return "storage version " + official.fileFormatVersion(uri);
        } catch (RuntimeException e) {
            return "storage version unknown: " + e.getMessage();
        }
    }

    private Impl plainlanceOrOfficial() {
        Impl p = impls.get("plainlance");
        return p != null ? p : new PlainlanceImpl(allocator, options.durability());
    }

    private void measure(String caseName, String version, Action action) {
        out.printf(Locale.ROOT, "%n== %s, storage version %s%n", caseName, version);
        Row row = new Row(caseName, version);
        rows.add(row);
        List<Impl> active = new ArrayList<>();
        for (Impl impl : impls.values()) {
            Optional<String> unavailable = caseName.equals("write") ? impl.writeUnavailable(version) : Optional.empty();
            if (unavailable.isPresent()) {
                row.notes.put(impl.name(), "not available in this build");
                out.printf(
                        Locale.ROOT,
                        "    %s write: not available in this build (%s)%n",
                        impl.name(),
                        unavailable.get());
            } else {
                active.add(impl);
                row.times.put(impl.name(), new ArrayList<>());
            }
        }
        int total = options.warmup() + options.iterations();
        for (int it = 0; it < total; it++) {
            List<Impl> order = new ArrayList<>(active);
            if (it % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Impl impl : order) {
                if (row.notes.containsKey(impl.name())) {
                    continue;
                }
                try {
                    Timed timed = action.prepare(impl, it);
                    System.gc();
                    long t0 = System.nanoTime();
                    Object result = timed.run();
                    long ns = System.nanoTime() - t0;
                    boolean warm = it < options.warmup();
                    out.printf(
                            Locale.ROOT,
                            "  %-10s %s %d: %.3f s%n",
                            impl.name(),
                            warm ? "warm-up" : "iter   ",
                            warm ? it + 1 : it - options.warmup() + 1,
                            seconds(ns));
                    timed.after(result);
                    if (!warm) {
                        row.times.get(impl.name()).add(ns);
                    }
                } catch (Exception | Error e) {
                    if (e instanceof VirtualMachineError vme && !(e instanceof OutOfMemoryError)) {
                        throw vme;
                    }
                    failed = true;
                    row.notes.put(impl.name(), "FAILED");
                    out.printf(Locale.ROOT, "  %-10s FAILED: %s%n", impl.name(), e);
                    e.printStackTrace(out);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    /** The measurements of one case and version. */
    static final class Row {
        final String caseName;
        final String version;
        final Map<String, List<Long>> times = new LinkedHashMap<>();
        final Map<String, String> notes = new LinkedHashMap<>();

        Row(String caseName, String version) {
            this.caseName = caseName;
            this.version = version;
        }

        Optional<Double> median(String impl) {
            List<Long> t = times.get(impl);
            if (notes.containsKey(impl) || t == null || t.isEmpty()) {
                return Optional.empty();
            }
            List<Long> sorted = t.stream().sorted().toList();
            int m = sorted.size() / 2;
            double ns = sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2.0;
            return Optional.of(ns / 1e9);
        }

        Optional<Double> min(String impl) {
            List<Long> t = times.get(impl);
            if (notes.containsKey(impl) || t == null || t.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(t.stream().min(Comparator.naturalOrder()).get() / 1e9);
        }
    }

    private void report() {
        String off = "official";
        String pl = "plainlance";
        out.printf(
                Locale.ROOT,
                "%n== results: %,d rows, median of %d iterations (min in brackets), "
                        + "ratio = official / plainlance (>1 = plainlance faster)%n",
                options.rows(),
                options.iterations());
        String fmt = "%-8s %-8s %-22s %-22s %-18s %-16s %-16s%n";
        out.printf(
                Locale.ROOT,
                fmt,
                "case",
                "version",
                "official s",
                "plainlance s",
                "ratio",
                "official rows/s",
                "plainlance rows/s");
        for (Row row : rows) {
            Optional<Double> om = row.median(off);
            Optional<Double> pm = row.median(pl);
            String ratio = om.isPresent() && pm.isPresent() ? ratio(om.get() / pm.get()) : "-";
            out.printf(
                    Locale.ROOT,
                    fmt,
                    row.caseName,
                    row.version,
                    cell(row, off),
                    cell(row, pl),
                    ratio,
                    rate(om),
                    rate(pm));
        }
        for (Row row : rows) {
            for (Map.Entry<String, String> note : row.notes.entrySet()) {
                out.printf(
                        Locale.ROOT, "note: %s %s %s: %s%n", note.getKey(), row.caseName, row.version, note.getValue());
            }
        }
    }

    private String cell(Row row, String impl) {
        if (row.notes.containsKey(impl)) {
            return row.notes.get(impl).equals("FAILED") ? "FAILED" : "n/a";
        }
        Optional<Double> median = row.median(impl);
        if (median.isEmpty()) {
            return "-";
        }
        return String.format(
                Locale.ROOT, "%.3f [%.3f]", median.get(), row.min(impl).get());
    }

    /** {@code 1.23}, or for small ratios {@code 0.0032 (1/309)} so that they do not print as 0.00. */
    static String ratio(double r) {
        if (r >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", r);
        }
        return String.format(Locale.ROOT, "%.4f (1/%.0f)", r, 1 / r);
    }

    private String rate(Optional<Double> seconds) {
        return seconds.map(s -> String.format(Locale.ROOT, "%,.0f", options.rows() / s))
                .orElse("-");
    }

    private static double seconds(long ns) {
        return ns / 1e9;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
