package dev.plainlance.bench.graph;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The graph bench's query phase: the {@link BenchQuery} queries on the stores the last load iteration left open
 * (after its upserts), every system answering the same calls, each answer checked.
 *
 * <p>Per query: a set of calls (one for a query over the whole graph; {@code seeds} seeds or pairs of persons for a
 * seeded one, the same for every system). First a <b>cold</b> call (the first case, once per system: Cypher plans
 * the query; the first query plainlance runs also builds its in-memory adjacency), then {@code warmup} rounds not
 * counted, then {@code rounds} measured rounds. In each round every system runs every call in turn, the order of
 * the systems flipping each round, {@code System.gc()} before each system's turn. Each call is timed on its own:
 * opening the read transaction or snapshot, running the query and materialising every row (see
 * {@link GraphSystem#query}). The report gives per system the median call and the spread p10–p90 (nearest rank, so
 * min–max under 10 samples), and the ratio {@code neo4j / plainlance} of the medians (&gt; 1 = plainlance faster).
 *
 * <p>Every call's rows are checked (untimed) against {@link SocialReference}, the answer computed from the
 * generator's arrays, and the systems' answers are compared with each other: equal counts; for reachability with
 * {@code limit 100}, every name reachable within the hops, distinct, not the seed, and min(100, reach size) of them;
 * for the top 10, the follower counts in order and each name's follower count (and the same names where a count is
 * held by one person only); for shortest paths, the same length.
 *
 * <p>A query whose cold call takes longer than {@code slowSeconds} on any system gets no warm-up and one measured
 * round, so that a pathological case does not stall the run.
 */
final class GraphQueryPhase {
    /** The phase's settings. */
    record Settings(List<BenchQuery> queries, int rounds, int warmup, int seeds, double slowSeconds, long seed) {}

    /** One call: its parameters, its check against the reference and the summary compared between systems. */
    record Case(
            String label,
            Map<String, Object> params,
            Function<List<List<Object>>, String> check,
            Function<List<List<Object>>, String> summary) {}

    /** What one system did on one query. */
    static final class Measured {
        long cold = -1;
        final List<Long> samples = new ArrayList<>();
        int rounds;
        String failure;
        final Map<Integer, String> summaries = new LinkedHashMap<>();
    }

    private final SocialGraph graph;
    private final SocialReference reference;
    private final Settings settings;
    private final PrintStream out;
    private final Map<BenchQuery, Map<String, Measured>> results = new LinkedHashMap<>();
    private final Map<BenchQuery, List<Case>> cases = new LinkedHashMap<>();
    private final Map<BenchQuery, String> notes = new LinkedHashMap<>();
    private boolean failed;
    private String snapshotNote;

    GraphQueryPhase(SocialGraph graph, SocialReference reference, Settings settings, PrintStream out) {
        this.graph = graph;
        this.reference = reference;
        this.settings = settings;
        this.out = out;
    }

    /** Whether every call of every system gave a correct answer, the same as the others'. */
    boolean ok() {
        return !failed;
    }

    /** Runs the queries on {@code systems} (by name, in the report's order) and prints the lines as they go. */
    void run(Map<String, GraphSystem> systems) {
        out.printf(
                Locale.ROOT,
                "%n== queries on the last iteration's stores: %d measured rounds after %d warm-up rounds, %d seeds per"
                        + " seeded query%n",
                settings.rounds(),
                settings.warmup(),
                settings.seeds());
        Map<String, GraphSystem> ready = new LinkedHashMap<>();
        for (Map.Entry<String, GraphSystem> e : systems.entrySet()) {
            try {
                long t0 = System.nanoTime();
                e.getValue().prepareQueries();
                out.printf(
                        Locale.ROOT,
                        "  %-10s prepared the queries in %.1f ms (untimed)%n",
                        e.getKey(),
                        (System.nanoTime() - t0) / 1e6);
                ready.put(e.getKey(), e.getValue());
            } catch (Exception | Error x) {
                if (x instanceof VirtualMachineError vme && !(x instanceof OutOfMemoryError)) {
                    throw vme;
                }
                failed = true;
                out.printf(Locale.ROOT, "  %-10s FAILED to prepare the queries: %s%n", e.getKey(), x);
                x.printStackTrace(out);
            }
        }
        for (Map.Entry<String, GraphSystem> e : ready.entrySet()) {
            if (e.getValue() instanceof PlainlanceSystem p) {
                long[] times = new long[50];
                for (int i = 0; i < times.length; i++) {
                    times[i] = p.snapshotNanos();
                }
                Arrays.sort(times);
                snapshotNote = String.format(
                        Locale.ROOT,
                        "%s: graph.snapshot() alone (reading the head commit), part of every call: median %s ms"
                                + " [p10-p90 %s-%s] over %d calls",
                        e.getKey(),
                        ms(median(times)),
                        ms(GraphBench.percentile(times, 10)),
                        ms(GraphBench.percentile(times, 90)),
                        times.length);
                out.println("  " + snapshotNote);
            }
        }
        long t0 = System.nanoTime();
        for (BenchQuery q : settings.queries()) {
            cases.put(q, cases(q));
        }
        out.printf(Locale.ROOT, "  reference answers computed in %.2f s (untimed)%n", (System.nanoTime() - t0) / 1e9);
        for (BenchQuery q : settings.queries()) {
            runQuery(q, ready);
        }
    }

    // ------------------------------------------------------------------------------------------------ cases

    private List<Case> cases(BenchQuery q) {
        SocialGraph.SplitMix64 rnd = new SocialGraph.SplitMix64(settings.seed() ^ 0x7175657279000000L);
        int n = reference.persons();
        int[] seeds = new int[settings.seeds()];
        int[][] pairs = new int[settings.seeds()][];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = rnd.nextInt(n);
        }
        for (int i = 0; i < pairs.length; i++) {
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n - 1);
            pairs[i] = new int[] {a, b >= a ? b + 1 : b};
        }
        List<Case> out = new ArrayList<>();
        switch (q) {
            case ONE_HOP -> {
                for (int s : seeds) {
                    List<String> expected = reference.following(s);
                    out.add(new Case(
                            graph.name(s),
                            Map.of("name", graph.name(s)),
                            rows -> {
                                List<String> names = sortedNames(rows);
                                return names.equals(expected)
                                        ? null
                                        : rows.size() + " rows, expected the " + expected.size() + " persons "
                                                + graph.name(s) + " follows";
                            },
                            rows -> String.join(",", sortedNames(rows))));
                }
            }
            case TWO_HOP_COUNT -> out.add(count("all persons", Map.of(), reference.twoHopWalks()));
            case TWO_HOP_FILTERED ->
                out.add(count(
                        "age > " + BenchQuery.MIN_AGE + ", city " + BenchQuery.CITY,
                        Map.of("minAge", BenchQuery.MIN_AGE, "city", BenchQuery.CITY),
                        reference.twoHopWalks(BenchQuery.MIN_AGE, BenchQuery.CITY)));
            case REACH3, REACH4 -> {
                int maxHops = q == BenchQuery.REACH3 ? 3 : 4;
                for (int s : seeds) {
                    out.add(reach(s, maxHops));
                }
            }
            case TOP_FOLLOWED -> out.add(top(10));
            case SHORTEST_PATH -> {
                for (int[] p : pairs) {
                    int hops = reference.hops(p[0], Integer.MAX_VALUE)[p[1]];
                    out.add(new Case(
                            graph.name(p[0]) + " -> " + graph.name(p[1]),
                            Map.of("a", graph.name(p[0]), "b", graph.name(p[1])),
                            rows -> {
                                if (hops < 0) {
                                    return rows.isEmpty() ? null : rows + ", expected no path";
                                }
                                return rows.size() == 1 && number(rows.get(0).get(0)) == hops
                                        ? null
                                        : rows + ", expected a path of " + hops + " hops";
                            },
                            rows -> rows.isEmpty()
                                    ? "no path"
                                    : number(rows.get(0).get(0)) + " hops"));
                }
            }
        }
        return out;
    }

    private static Case count(String label, Map<String, Object> params, long expected) {
        return new Case(
                label,
                params,
                rows -> rows.size() == 1 && number(rows.get(0).get(0)) == expected
                        ? null
                        : rows + ", expected " + expected,
                rows -> rows.size() == 1
                        ? String.format(Locale.ROOT, "%,d", number(rows.get(0).get(0)))
                        : "" + rows);
    }

    private Case reach(int seed, int maxHops) {
        int[] hops = reference.hops(seed, maxHops);
        int reachable = 0;
        for (int h : hops) {
            if (h >= 1) {
                reachable++;
            }
        }
        int expected = Math.min(100, reachable);
        int size = reachable;
        return new Case(
                graph.name(seed),
                Map.of("name", graph.name(seed)),
                rows -> {
                    if (rows.size() != expected) {
                        return rows.size() + " rows, expected min(100, " + size + ")";
                    }
                    Set<String> seen = new HashSet<>();
                    for (List<Object> row : rows) {
                        String name = (String) row.get(0);
                        int i = reference.index(name);
                        if (!seen.add(name)) {
                            return name + " returned twice";
                        }
                        if (i < 0 || hops[i] < 1) {
                            return name + " is not reachable from " + graph.name(seed) + " in 1 to " + maxHops
                                    + " hops";
                        }
                    }
                    return null;
                },
                rows -> rows.size() + " of " + size + " reachable");
    }

    private Case top(int k) {
        long[] expected = reference.topInDegrees(k);
        Map<Long, Integer> holders = new LinkedHashMap<>();
        for (long count : expected) {
            holders.computeIfAbsent(count, d -> reference.personsWithInDegree((int) (long) d));
        }
        return new Case(
                "top " + k,
                Map.of(),
                rows -> {
                    if (rows.size() != expected.length) {
                        return rows.size() + " rows, expected " + expected.length;
                    }
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < rows.size(); i++) {
                        String name = (String) rows.get(i).get(0);
                        long count = number(rows.get(i).get(1));
                        int p = reference.index(name);
                        if (count != expected[i] || p < 0 || reference.inDegree(p) != count || !seen.add(name)) {
                            return "row " + (i + 1) + " " + rows.get(i) + ": expected " + expected[i]
                                    + " followers, " + name + " has "
                                    + (p < 0 ? "none" : String.valueOf(reference.inDegree(p)));
                        }
                    }
                    return null;
                },
                rows -> {
                    List<String> cells = new ArrayList<>();
                    for (List<Object> row : rows) {
                        long count = number(row.get(1));
                        boolean unique = holders.getOrDefault(count, 0) == 1;
                        cells.add((unique ? row.get(0) : "(tie)") + "=" + count);
                    }
                    return String.join(", ", cells);
                });
    }

    private static List<String> sortedNames(List<List<Object>> rows) {
        List<String> names = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            names.add((String) row.get(0));
        }
        names.sort(null);
        return names;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    // ------------------------------------------------------------------------------------------------ running

    private void runQuery(BenchQuery q, Map<String, GraphSystem> systems) {
        List<Case> calls = cases.get(q);
        Map<String, Measured> measured = new LinkedHashMap<>();
        results.put(q, measured);
        for (String s : systems.keySet()) {
            measured.put(s, new Measured());
        }
        out.printf(
                Locale.ROOT,
                "  %s: %s, %d call%s a round%n",
                q.id,
                q.label,
                calls.size(),
                calls.size() == 1 ? "" : "s");
        boolean slow = false;
        for (Map.Entry<String, GraphSystem> e : systems.entrySet()) {
            Measured m = measured.get(e.getKey());
            System.gc();
            long t = call(e.getValue(), q, calls, 0, m);
            if (t >= 0) {
                m.cold = t;
                slow |= t / 1e9 > settings.slowSeconds();
            }
        }
        int warmup = slow ? 0 : settings.warmup();
        int rounds = slow ? 1 : settings.rounds();
        if (slow) {
            notes.put(
                    q,
                    String.format(
                            Locale.ROOT,
                            "a cold call took over %.0f s: no warm-up, one measured round",
                            settings.slowSeconds()));
            out.printf(Locale.ROOT, "    note: %s%n", notes.get(q));
        }
        List<String> names = new ArrayList<>(systems.keySet());
        for (int r = 0; r < warmup + rounds; r++) {
            List<String> order = new ArrayList<>(names);
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            for (String s : order) {
                Measured m = measured.get(s);
                if (m.failure != null) {
                    continue;
                }
                System.gc();
                for (int c = 0; c < calls.size() && m.failure == null; c++) {
                    long t = call(systems.get(s), q, calls, c, m);
                    if (t >= 0 && r >= warmup) {
                        m.samples.add(t);
                    }
                }
                if (r >= warmup && m.failure == null) {
                    m.rounds++;
                }
            }
        }
        compare(q, calls, measured);
        for (Map.Entry<String, Measured> e : measured.entrySet()) {
            Measured m = e.getValue();
            if (m.failure != null) {
                out.printf(Locale.ROOT, "    %-10s FAILED: %s%n", e.getKey(), m.failure);
            } else {
                long[] sorted = sorted(m.samples);
                out.printf(
                        Locale.ROOT,
                        "    %-10s cold %s ms, warm median %s ms [p10-p90 %s-%s] over %d calls; answer %s%n",
                        e.getKey(),
                        ms(m.cold),
                        ms(median(sorted)),
                        ms(GraphBench.percentile(sorted, 10)),
                        ms(GraphBench.percentile(sorted, 90)),
                        sorted.length,
                        abbreviate(m.summaries.getOrDefault(0, "-")));
            }
        }
    }

    /** One timed call of case {@code c}, checked; the time in ns, or -1 when it failed (then {@code m.failure}). */
    private long call(GraphSystem system, BenchQuery q, List<Case> calls, int c, Measured m) {
        Case call = calls.get(c);
        List<List<Object>> rows;
        long t;
        try {
            long t0 = System.nanoTime();
            rows = system.query(q, call.params());
            t = System.nanoTime() - t0;
        } catch (Exception | Error x) {
            if (x instanceof VirtualMachineError vme && !(x instanceof OutOfMemoryError)) {
                throw vme;
            }
            failed = true;
            m.failure = q.id + " (" + call.label() + ") threw " + x;
            x.printStackTrace(out);
            return -1;
        }
        String problem;
        String summary;
        try {
            problem = call.check().apply(rows);
            summary = call.summary().apply(rows);
        } catch (RuntimeException x) {
            problem = "unexpected rows " + abbreviate(String.valueOf(rows)) + " (" + x + ")";
            summary = null;
        }
        if (problem != null) {
            failed = true;
            m.failure = "wrong answer for " + q.id + " (" + call.label() + "): " + problem;
            return -1;
        }
        String before = m.summaries.putIfAbsent(c, summary);
        if (before != null && !before.equals(summary)) {
            failed = true;
            m.failure = q.id + " (" + call.label() + ") answered " + abbreviate(summary) + ", earlier "
                    + abbreviate(before);
            return -1;
        }
        return t;
    }

    /** The systems' answers to each call must be the same. */
    private void compare(BenchQuery q, List<Case> calls, Map<String, Measured> measured) {
        for (int c = 0; c < calls.size(); c++) {
            String first = null;
            String firstSystem = null;
            for (Map.Entry<String, Measured> e : measured.entrySet()) {
                String summary = e.getValue().summaries.get(c);
                if (e.getValue().failure != null || summary == null) {
                    continue;
                }
                if (first == null) {
                    first = summary;
                    firstSystem = e.getKey();
                } else if (!first.equals(summary)) {
                    failed = true;
                    e.getValue().failure = q.id + " (" + calls.get(c).label() + "): " + e.getKey() + " answered "
                            + abbreviate(summary) + ", " + firstSystem + " " + abbreviate(first);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    /** The table of every query: cold call, warm median [p10-p90] per system, ratio of the medians. */
    void report(List<String> systems) {
        out.printf(
                Locale.ROOT,
                "%n== queries: ms per call; cold = first call; warm = median [p10-p90] over the measured calls;"
                        + " ratio = neo4j / plainlance warm medians (>1 = plainlance faster)%n");
        StringBuilder fmt = new StringBuilder("%-14s %-9s");
        List<Object> head = new ArrayList<>(List.of("query", "calls"));
        for (String s : systems) {
            fmt.append(" %-12s %-34s");
            head.add(s + " cold");
            head.add(s + " warm");
        }
        fmt.append(" %s%n");
        head.add("ratio");
        out.printf(Locale.ROOT, fmt.toString(), head.toArray());
        for (Map.Entry<BenchQuery, Map<String, Measured>> e : results.entrySet()) {
            BenchQuery q = e.getKey();
            List<Object> cells = new ArrayList<>();
            cells.add(q.id);
            int rounds =
                    e.getValue().values().stream().mapToInt(m -> m.rounds).max().orElse(0);
            cells.add(rounds + "x" + cases.get(q).size());
            for (String s : systems) {
                Measured m = e.getValue().get(s);
                if (m == null) {
                    cells.add("-");
                    cells.add("-");
                } else if (m.failure != null) {
                    cells.add(m.cold < 0 ? "-" : ms(m.cold));
                    cells.add("FAILED");
                } else {
                    long[] sorted = sorted(m.samples);
                    cells.add(ms(m.cold));
                    cells.add(ms(median(sorted)) + " [" + ms(GraphBench.percentile(sorted, 10)) + "-"
                            + ms(GraphBench.percentile(sorted, 90)) + "]");
                }
            }
            Double neo = warmMedian(e.getValue().get("neo4j"));
            Double pl = warmMedian(e.getValue().get("plainlance"));
            cells.add(neo != null && pl != null && pl > 0 ? GraphBench.ratio(neo / pl) : "-");
            out.printf(Locale.ROOT, fmt.toString(), cells.toArray());
        }
        for (Map.Entry<BenchQuery, Map<String, Measured>> e : results.entrySet()) {
            Measured any = e.getValue().values().stream()
                    .filter(m -> m.failure == null && m.summaries.containsKey(0))
                    .findFirst()
                    .orElse(null);
            out.printf(
                    Locale.ROOT,
                    "  %-13s %s; first call (%s): %s%s%n",
                    e.getKey().id,
                    e.getKey().label,
                    cases.get(e.getKey()).get(0).label(),
                    any == null ? "-" : abbreviate(any.summaries.get(0)),
                    notes.containsKey(e.getKey()) ? "; " + notes.get(e.getKey()) : "");
        }
        if (snapshotNote != null) {
            out.println("  " + snapshotNote);
        }
        out.println("  every call's answer was checked against the reference and between the systems"
                + (failed ? "; SOME FAILED (above)" : ": all agree"));
    }

    private static Double warmMedian(Measured m) {
        if (m == null || m.failure != null || m.samples.isEmpty()) {
            return null;
        }
        return median(sorted(m.samples));
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static double median(long[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    private static String ms(double ns) {
        if (Double.isNaN(ns) || ns < 0) {
            return "-";
        }
        double ms = ns / 1e6;
        return ms >= 100
                ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 1 ? String.format(Locale.ROOT, "%.2f", ms) : String.format(Locale.ROOT, "%.3f", ms);
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 120 ? String.valueOf(s) : s.substring(0, 117) + "...";
    }
}
