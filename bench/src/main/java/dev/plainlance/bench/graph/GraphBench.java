package dev.plainlance.bench.graph;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The graph bench: a graph store under test ({@link GraphSystem}) beside Neo4j embedded, in one JVM, on the same
 * generated {@link SocialGraph}.
 *
 * <p>The data is generated once into a work directory ({@code social.pg}, {@code social.ndjson}). Each of
 * {@code --iterations} iterations runs every system in turn (the order flips every iteration), each on a fresh store
 * directory: the bulk load (timed as a whole), then {@code --upserts} single keyed upserts (each its own commit,
 * each timed; even ones update an existing person, odd ones insert a new one), then {@code --lookups} key lookups
 * of random existing persons after an untimed warm-up of as many other lookups (each timed). The report gives, per
 * metric, each system's median over the iterations with the spread [min–max], and the ratio
 * {@code neo4j / plainlance} (&gt; 1 = plainlance faster). Results are checked: the load's counts (Neo4j), every
 * lookup finds its key, and the last upserts read back.
 *
 * <p>Then the query phase ({@link GraphQueryPhase}, {@code --queries}) runs the {@link BenchQuery} queries on the
 * stores of the last iteration, which stay open for it (so nothing is loaded twice), every answer checked.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx6g -cp bench/target/bench.jar \
 *     dev.plainlance.bench.graph.GraphBench \
 *     [--persons 100000] [--follows 2400000] [--upserts 200] [--lookups 1000] [--iterations 3]
 *     [--systems neo4j,plainlance] [--seed S] [--dir DIR] [--pagecache-mb 1024]
 *     [--queries all] [--query-rounds 5] [--query-warmup 2] [--query-seeds 20] [--query-slow-s 30]
 * </pre>
 */
public final class GraphBench {
    static final List<String> ALL_SYSTEMS = List.of("neo4j", "plainlance");

    /** Parsed command line. */
    record Options(
            int persons,
            long follows,
            int upserts,
            int lookups,
            int iterations,
            List<String> systems,
            long seed,
            Path dir,
            long pageCacheMb,
            List<BenchQuery> queries,
            int queryRounds,
            int queryWarmup,
            int querySeeds,
            double querySlowSeconds) {}

    /** The metrics, in report order. */
    enum Metric {
        LOAD("bulk load", "s", 1e9),
        UPSERT_P50("upsert p50", "ms", 1e6),
        UPSERT_P99("upsert p99", "ms", 1e6),
        LOOKUP_P50("lookup p50", "ms", 1e6),
        LOOKUP_P99("lookup p99", "ms", 1e6);

        final String label;
        final String unit;
        final double nsPerUnit;

        Metric(String label, String unit, double nsPerUnit) {
            this.label = label;
            this.unit = unit;
            this.nsPerUnit = nsPerUnit;
        }
    }

    private final Options options;
    private final PrintStream out;
    private final Map<String, Map<Metric, List<Long>>> results = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Set<String> failed = new LinkedHashSet<>();
    private boolean queriesFailed;

    GraphBench(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        for (String s : options.systems()) {
            Map<Metric, List<Long>> m = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                m.put(metric, new ArrayList<>());
            }
            results.put(s, m);
        }
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /** Runs the bench; returns the exit code: 0 = every system ran or was skipped as not built, 1 = a failure. */
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
        GraphBench bench = new GraphBench(options, out);
        bench.runAll();
        return bench.failed.isEmpty() && !bench.queriesFailed ? 0 : 1;
    }

    static String usage() {
        return String.join(
                "\n",
                "usage: java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx6g -cp bench/target/bench.jar"
                        + " dev.plainlance.bench.graph.GraphBench [options]",
                "  --persons N        Person nodes (default 100000)",
                "  --follows M        Follows edges (default 2400000)",
                "  --upserts U        single keyed upserts timed per iteration (default 200)",
                "  --lookups L        key lookups timed per iteration, after L warm-up lookups (default 1000)",
                "  --iterations K     iterations, each on fresh stores, system order flipped each time (default 3)",
                "  --systems LIST     of neo4j,plainlance (default both)",
                "  --seed S           generator seed (default " + SocialGraph.DEFAULT_SEED + ")",
                "  --dir DIR          work directory for the data and the stores (default: a new temp directory,",
                "                     deleted at the end; a given DIR is kept, its stores deleted)",
                "  --pagecache-mb P   Neo4j page cache (default 1024)",
                "  --queries LIST     query phase on the last iteration's stores: all (default), none, or some of",
                "                     " + String.join(",", BenchQuery.ids()),
                "  --query-rounds R   measured rounds per query, system order flipped each round (default 5)",
                "  --query-warmup W   warm-up rounds per query, not counted (default 2)",
                "  --query-seeds S    seeds (or pairs of persons) per seeded query, each a call a round (default 20)",
                "  --query-slow-s T   a query whose cold call takes over T s gets one round, no warm-up (default 30)");
    }

    static Options parse(String[] args) {
        int persons = SocialGraph.DEFAULT_PERSONS;
        long follows = SocialGraph.DEFAULT_FOLLOWS;
        int upserts = 200;
        int lookups = 1000;
        int iterations = 3;
        List<String> systems = ALL_SYSTEMS;
        long seed = SocialGraph.DEFAULT_SEED;
        Path dir = null;
        long pageCacheMb = 1024;
        List<BenchQuery> queries = List.of(BenchQuery.values());
        int queryRounds = 5;
        int queryWarmup = 2;
        int querySeeds = 20;
        double querySlowSeconds = 30;
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
            value = value.replace("_", "");
            switch (arg) {
                case "--persons" -> persons = Integer.parseInt(value);
                case "--follows" -> follows = Long.parseLong(value);
                case "--upserts" -> upserts = Integer.parseInt(value);
                case "--lookups" -> lookups = Integer.parseInt(value);
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--systems" -> systems = systems(value);
                case "--seed" -> seed = Long.decode(value);
                case "--dir" -> dir = Path.of(value);
                case "--pagecache-mb" -> pageCacheMb = Long.parseLong(value);
                case "--queries" -> queries = queries(value);
                case "--query-rounds" -> queryRounds = Integer.parseInt(value);
                case "--query-warmup" -> queryWarmup = Integer.parseInt(value);
                case "--query-seeds" -> querySeeds = Integer.parseInt(value);
                case "--query-slow-s" -> querySlowSeconds = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (persons < 2 || follows < 0 || upserts < 1 || lookups < 1 || iterations < 1 || pageCacheMb < 8) {
            throw new IllegalArgumentException("--persons >= 2, --follows >= 0, --upserts, --lookups, --iterations"
                    + " >= 1, --pagecache-mb >= 8");
        }
        if (follows > (long) persons * (persons - 1)) {
            throw new IllegalArgumentException("--follows is more than persons * (persons - 1)");
        }
        if (queryRounds < 1 || queryWarmup < 0 || querySeeds < 1 || !(querySlowSeconds > 0)) {
            throw new IllegalArgumentException(
                    "--query-rounds, --query-seeds >= 1, --query-warmup >= 0, --query-slow-s > 0");
        }
        return new Options(
                persons,
                follows,
                upserts,
                lookups,
                iterations,
                systems,
                seed,
                dir,
                pageCacheMb,
                queries,
                queryRounds,
                queryWarmup,
                querySeeds,
                querySlowSeconds);
    }

    private static List<BenchQuery> queries(String value) {
        if (value.equals("all")) {
            return List.of(BenchQuery.values());
        }
        if (value.equals("none")) {
            return List.of();
        }
        Set<BenchQuery> items = new LinkedHashSet<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                items.add(BenchQuery.byId(s.trim()));
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("empty --queries (none runs no query)");
        }
        return List.copyOf(items);
    }

    private static List<String> systems(String value) {
        Set<String> items = new LinkedHashSet<>();
        for (String s : value.split(",")) {
            String item = s.trim();
            if (item.isEmpty()) {
                continue;
            }
            if (!ALL_SYSTEMS.contains(item)) {
                throw new IllegalArgumentException("unknown system " + item + " (allowed: " + ALL_SYSTEMS + ")");
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("empty --systems");
        }
        return List.copyOf(items);
    }

    private GraphSystem open(String system, Path dir) {
        return switch (system) {
            case "neo4j" -> new Neo4jSystem(dir, options.pageCacheMb() << 20);
            case "plainlance" -> new PlainlanceSystem(dir);
            default -> throw new IllegalArgumentException(system);
        };
    }

    // ------------------------------------------------------------------------------------------------ running

    private void runAll() throws Exception {
        header();
        boolean temp = options.dir() == null;
        Path work =
                temp ? Files.createTempDirectory("graph-bench") : options.dir().toAbsolutePath();
        try {
            Files.createDirectories(work);
            long t0 = System.nanoTime();
            SocialGraph graph = SocialGraph.generate(options.persons(), options.follows(), options.seed());
            long generated = System.nanoTime() - t0;
            t0 = System.nanoTime();
            SocialGraph.Written files = graph.write(work.resolve("data"));
            long written = System.nanoTime() - t0;
            out.printf(
                    Locale.ROOT,
                    "data: %,d persons, %,d follows generated in %.2f s, written in %.2f s: %s (%,d bytes)%n",
                    graph.personCount(),
                    graph.followCount(),
                    generated / 1e9,
                    written / 1e9,
                    files.data(),
                    files.bytes());
            t0 = System.nanoTime();
            long[] lines = new long[2];
            Ndjson.read(files.data(), new Ndjson.Sink() {
                @Override
                public void node(String type, Map<String, Object> data) {
                    lines[0]++;
                }

                @Override
                public void edge(String edge, String from, String to, Map<String, Object> data) {
                    lines[1]++;
                }
            });
            out.printf(
                    Locale.ROOT,
                    "reading the NDJSON alone (Jackson streaming, part of every load): %.2f s for %,d + %,d lines%n",
                    (System.nanoTime() - t0) / 1e9,
                    lines[0],
                    lines[1]);
            Keys keys = Keys.of(graph, options);
            boolean queries = !options.queries().isEmpty();
            Map<String, GraphSystem> open = new LinkedHashMap<>();
            GraphQueryPhase phase = null;
            try {
                for (int it = 0; it < options.iterations(); it++) {
                    List<String> order = new ArrayList<>(options.systems());
                    if (it % 2 == 1) {
                        Collections.reverse(order);
                    }
                    out.printf(Locale.ROOT, "%n== iteration %d of %d: %s%n", it + 1, options.iterations(), order);
                    boolean last = it == options.iterations() - 1;
                    for (String system : order) {
                        if (skipped.containsKey(system)) {
                            continue;
                        }
                        GraphSystem kept = runOne(system, it, work, files, keys, queries && last);
                        if (kept != null) {
                            open.put(system, kept);
                        }
                    }
                }
                if (queries && !open.isEmpty()) {
                    Map<String, GraphSystem> inOrder = new LinkedHashMap<>();
                    for (String s : options.systems()) {
                        if (open.containsKey(s)) {
                            inOrder.put(s, open.get(s));
                        }
                    }
                    phase = new GraphQueryPhase(
                            graph,
                            SocialReference.of(graph, keys.ageUpdates()),
                            new GraphQueryPhase.Settings(
                                    options.queries(),
                                    options.queryRounds(),
                                    options.queryWarmup(),
                                    options.querySeeds(),
                                    options.querySlowSeconds(),
                                    options.seed()),
                            out);
                    phase.run(inOrder);
                    queriesFailed = !phase.ok();
                }
            } finally {
                for (Map.Entry<String, GraphSystem> e : open.entrySet()) {
                    closeAndDelete(
                            e.getKey(), e.getValue(), work.resolve("store-" + e.getKey() + "-" + options.iterations()));
                }
            }
            report();
            if (phase != null) {
                phase.report(options.systems().stream()
                        .filter(s -> !skipped.containsKey(s))
                        .toList());
            }
            nativeLibraries();
        } finally {
            if (temp) {
                deleteTree(work);
            }
        }
    }

    private void header() {
        Runtime rt = Runtime.getRuntime();
        out.printf(Locale.ROOT, "plainlance graph bench  %s%n", Instant.now());
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
                "persons %,d  follows %,d  upserts %d  lookups %d (+%d warm-up)  iterations %d  systems %s  seed %d"
                        + "  neo4j page cache %d MB%n"
                        + "queries %s  rounds %d (+%d warm-up)  seeds %d%n",
                options.persons(),
                options.follows(),
                options.upserts(),
                options.lookups(),
                options.lookups(),
                options.iterations(),
                options.systems(),
                options.seed(),
                options.pageCacheMb(),
                options.queries().isEmpty()
                        ? "none"
                        : options.queries().stream().map(q -> q.id).toList(),
                options.queryRounds(),
                options.queryWarmup(),
                options.querySeeds());
    }

    /** The keys every system gets, the same in every iteration. */
    record Keys(String[] upsertNames, int[] upsertAges, String[] warmup, String[] lookups) {
        static Keys of(SocialGraph graph, Options options) {
            SocialGraph.SplitMix64 rnd = new SocialGraph.SplitMix64(options.seed() ^ 0x6B65797300000000L);
            int n = graph.personCount();
            String[] upsertNames = new String[options.upserts()];
            int[] upsertAges = new int[options.upserts()];
            for (int i = 0; i < upsertNames.length; i++) {
                // even: an existing person gets a new age; odd: a new person (the "n" prefix is never generated).
                upsertNames[i] = i % 2 == 0 ? graph.name(rnd.nextInt(n)) : String.format(Locale.ROOT, "n%06d", i);
                upsertAges[i] = 100 + rnd.nextInt(100);
            }
            String[] warmup = new String[options.lookups()];
            String[] lookups = new String[options.lookups()];
            for (int i = 0; i < lookups.length; i++) {
                warmup[i] = graph.name(rnd.nextInt(n));
                lookups[i] = graph.name(rnd.nextInt(n));
            }
            return new Keys(upsertNames, upsertAges, warmup, lookups);
        }

        /** The age each upsert leaves its person with, by key, the last upsert of a key winning. */
        Map<String, Integer> ageUpdates() {
            Map<String, Integer> ages = new LinkedHashMap<>();
            for (int i = 0; i < upsertNames.length; i++) {
                ages.put(upsertNames[i], upsertAges[i]);
            }
            return ages;
        }
    }

    /**
     * One iteration of one system on a fresh store. With {@code keep}, a system that ran without failing is returned
     * open (its store kept) for the query phase; otherwise it is closed, its store deleted, and null returned.
     */
    private GraphSystem runOne(String system, int it, Path work, SocialGraph.Written files, Keys keys, boolean keep)
            throws IOException {
        Path dir = work.resolve("store-" + system + "-" + (it + 1));
        deleteTree(dir);
        Files.createDirectories(dir);
        Map<Metric, List<Long>> r = results.get(system);
        boolean kept = false;
        try {
            GraphSystem sys = open(system, dir);
            try {
                System.gc();
                long t0 = System.nanoTime();
                sys.bulkLoad(files.schema(), files.data());
                long load = System.nanoTime() - t0;
                double rows = options.persons() + (double) options.follows();
                out.printf(
                        Locale.ROOT,
                        "  %-10s bulk load   %8.3f s  (%,.0f rows/s; store directory %s)%n",
                        system,
                        load / 1e9,
                        rows / (load / 1e9),
                        size(dir));
                if (sys instanceof Neo4jSystem neo) {
                    long[] counts = neo.counts();
                    check(
                            counts[0] == options.persons() && counts[1] == options.follows(),
                            () -> system + " holds " + counts[0] + " nodes and " + counts[1]
                                    + " relationships after the load");
                }

                long[] upserts = new long[keys.upsertNames().length];
                for (int i = 0; i < upserts.length; i++) {
                    long u0 = System.nanoTime();
                    sys.upsertPerson(keys.upsertNames()[i], keys.upsertAges()[i]);
                    upserts[i] = System.nanoTime() - u0;
                }
                Arrays.sort(upserts);
                checkUpserts(sys, keys);
                out.printf(
                        Locale.ROOT,
                        "  %-10s upsert      p50 %.3f ms  p99 %.3f ms  (max %.3f ms, %d commits)%n",
                        system,
                        percentile(upserts, 50) / 1e6,
                        percentile(upserts, 99) / 1e6,
                        upserts[upserts.length - 1] / 1e6,
                        upserts.length);

                for (String key : keys.warmup()) {
                    checkFound(system, key, sys.lookupPerson(key));
                }
                long[] lookups = new long[keys.lookups().length];
                List<Map<String, Object>> found = new ArrayList<>(lookups.length);
                for (int i = 0; i < lookups.length; i++) {
                    long l0 = System.nanoTime();
                    Map<String, Object> person = sys.lookupPerson(keys.lookups()[i]);
                    lookups[i] = System.nanoTime() - l0;
                    found.add(person);
                }
                for (int i = 0; i < lookups.length; i++) {
                    checkFound(system, keys.lookups()[i], found.get(i));
                }
                Arrays.sort(lookups);
                out.printf(
                        Locale.ROOT,
                        "  %-10s lookup      p50 %.3f ms  p99 %.3f ms  (max %.3f ms, %d lookups, all found)%n",
                        system,
                        percentile(lookups, 50) / 1e6,
                        percentile(lookups, 99) / 1e6,
                        lookups[lookups.length - 1] / 1e6,
                        lookups.length);

                r.get(Metric.LOAD).add(load);
                r.get(Metric.UPSERT_P50).add(percentile(upserts, 50));
                r.get(Metric.UPSERT_P99).add(percentile(upserts, 99));
                r.get(Metric.LOOKUP_P50).add(percentile(lookups, 50));
                r.get(Metric.LOOKUP_P99).add(percentile(lookups, 99));
                if (keep) {
                    kept = true;
                    return sys;
                }
            } finally {
                if (!kept) {
                    sys.close();
                }
            }
        } catch (UnsupportedOperationException e) {
            skipped.put(system, String.valueOf(e.getMessage()));
            out.printf(Locale.ROOT, "  %-10s skipped: %s%n", system, e.getMessage());
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof OutOfMemoryError)) {
                throw vme;
            }
            failed.add(system);
            out.printf(Locale.ROOT, "  %-10s FAILED: %s%n", system, e);
            e.printStackTrace(out);
        } finally {
            if (!kept) {
                deleteTree(dir);
            }
        }
        return null;
    }

    /** Closes a system kept open for the query phase and deletes its store. */
    private void closeAndDelete(String system, GraphSystem sys, Path dir) throws IOException {
        try {
            sys.close();
        } catch (Exception e) {
            failed.add(system);
            out.printf(Locale.ROOT, "  %-10s FAILED to close: %s%n", system, e);
        } finally {
            deleteTree(dir);
        }
    }

    /** The last update and the last insert read back with their new ages. */
    private static void checkUpserts(GraphSystem sys, Keys keys) throws Exception {
        int n = keys.upsertNames().length;
        for (int i = Math.max(0, n - 2); i < n; i++) {
            String name = keys.upsertNames()[i];
            int expected = keys.upsertAges()[i];
            Map<String, Object> p = sys.lookupPerson(name);
            Object age = p == null ? null : p.get("age");
            check(
                    age instanceof Number a && a.intValue() == expected,
                    () -> sys.name() + ": after upsert(" + name + ", " + expected + ") lookup gives " + p);
        }
    }

    private static void checkFound(String system, String key, Map<String, Object> person) {
        check(person != null && key.equals(person.get("name")), () -> system + ": lookup(" + key + ") gives " + person);
    }

    private static void check(boolean ok, java.util.function.Supplier<String> message) {
        if (!ok) {
            throw new IllegalStateException(message.get());
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ------------------------------------------------------------------------------------------------ report

    private void report() {
        out.printf(
                Locale.ROOT,
                "%n== results: %,d persons, %,d follows; median of %d iterations [min-max]; "
                        + "ratio = neo4j / plainlance (>1 = plainlance faster)%n",
                options.persons(),
                options.follows(),
                options.iterations());
        StringBuilder fmt = new StringBuilder("%-16s");
        List<Object> head = new ArrayList<>(List.of("metric"));
        for (String s : options.systems()) {
            fmt.append(" %-30s");
            head.add(s);
        }
        fmt.append(" %s%n");
        head.add("ratio");
        out.printf(Locale.ROOT, fmt.toString(), head.toArray());
        for (Metric metric : Metric.values()) {
            List<Object> cells = new ArrayList<>();
            cells.add(metric.label + " " + metric.unit);
            for (String s : options.systems()) {
                cells.add(cell(s, metric));
            }
            Optional<Double> neo = median("neo4j", metric);
            Optional<Double> pl = median("plainlance", metric);
            cells.add(neo.isPresent() && pl.isPresent() ? ratio(neo.get() / pl.get()) : "-");
            out.printf(Locale.ROOT, fmt.toString(), cells.toArray());
        }
        for (String s : options.systems()) {
            median(s, Metric.LOAD)
                    .ifPresent(sec -> out.printf(
                            Locale.ROOT,
                            "%s bulk load: %,.0f rows/s at the median%n",
                            s,
                            (options.persons() + (double) options.follows()) / sec));
        }
        for (Map.Entry<String, String> e : skipped.entrySet()) {
            out.printf(Locale.ROOT, "note: %s skipped: %s%n", e.getKey(), e.getValue());
        }
    }

    private String cell(String system, Metric metric) {
        if (skipped.containsKey(system)) {
            return "skipped";
        }
        List<Long> values = results.get(system).get(metric);
        if (values.isEmpty()) {
            return failed.contains(system) ? "FAILED" : "-";
        }
        long min = Collections.min(values);
        long max = Collections.max(values);
        return String.format(
                Locale.ROOT,
                "%.3f [%.3f-%.3f]%s%s",
                median(system, metric).get(),
                min / metric.nsPerUnit,
                max / metric.nsPerUnit,
                values.size() < options.iterations() ? " (" + values.size() + " it)" : "",
                failed.contains(system) ? " FAILED" : "");
    }

    private Optional<Double> median(String system, Metric metric) {
        Map<Metric, List<Long>> measured = results.get(system);
        List<Long> values = measured == null || skipped.containsKey(system) ? List.of() : measured.get(metric);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Long> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        double ns = sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2.0;
        return Optional.of(ns / metric.nsPerUnit);
    }

    static String ratio(double r) {
        return r >= 0.1 ? String.format(Locale.ROOT, "%.2f", r) : String.format(Locale.ROOT, "%.4f (1/%.0f)", r, 1 / r);
    }

    /** The shared libraries this JVM mapped that are not the JDK's own (Linux: /proc/self/maps). */
    private void nativeLibraries() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return;
        }
        try {
            String javaHome =
                    Path.of(System.getProperty("java.home")).toRealPath().toString();
            Set<String> libs = new TreeSet<>();
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String file = path.substring(path.lastIndexOf('/') + 1);
                boolean shared = file.endsWith(".so") || file.contains(".so.");
                boolean system = path.startsWith("/lib") || path.startsWith("/usr/lib");
                if (shared && !system && !path.startsWith(javaHome)) {
                    libs.add(path);
                }
            }
            out.println("native libraries loaded besides the JDK's and the OS's: "
                    + (libs.isEmpty() ? "none" : String.join(", ", libs)));
        } catch (IOException | RuntimeException e) {
            out.println("native libraries: could not read /proc/self/maps (" + e + ")");
        }
    }

    private static String size(Path dir) throws IOException {
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
            }
        }
        return String.format(Locale.ROOT, "%,.1f MB on disk", bytes / 1e6);
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
