package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scale run, off by default: {@code -Dplainlance.graph.scale=PERSONS:FOLLOWS} loads a generated social graph
 * (fixed seed) as one commit, then times single keyed upserts and warm key lookups, and prints what it saw. It
 * asserts the loaded counts only; times are reported, never asserted.
 */
@EnabledIfSystemProperty(named = "plainlance.graph.scale", matches = "\\d+:\\d+")
class GraphScaleRun {
    static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
                city: String?
            }

            edge Follows: Person -> Person {
                since: Date?
            }
            """;
    private static final String[] CITIES = {"Lyon", "Oslo", "Lima", "Pune", "Kyiv", "Perth"};

    @TempDir
    Path dir;

    @Test
    void loadUpsertAndLookUp() throws IOException {
        String[] scale = System.getProperty("plainlance.graph.scale").split(":");
        int persons = Integer.parseInt(scale[0]);
        int follows = Integer.parseInt(scale[1]);
        Path data = dir.resolve("social.jsonl");
        generate(data, persons, follows);
        try (Graph graph = GraphFixtures.init(dir.resolve("graph"), SCHEMA)) {
            long start = System.nanoTime();
            LoadResult result;
            try (BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
                result = graph.load(
                        in,
                        "social.jsonl",
                        LoadMode.APPEND,
                        Optional.empty(),
                        "bench",
                        "load",
                        Graph.DEFAULT_MAX_PROBLEMS,
                        n -> {});
            }
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            assertEquals(persons, result.changes().get("Person").inserted());
            assertEquals(follows, result.changes().get("Follows").inserted());
            System.out.printf(
                    "load: %d persons + %d follows in %.2f s (max heap %d MiB)%n",
                    persons, follows, loadSeconds, Runtime.getRuntime().maxMemory() >> 20);

            SplittableRandom random = new SplittableRandom(7);
            long[] lookups = new long[1000];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < lookups.length; i++) {
                    String key = name(random.nextInt(persons));
                    long t = System.nanoTime();
                    assertTrue(graph.snapshot().nodeById("Person", key).isPresent());
                    lookups[i] = System.nanoTime() - t;
                }
            }
            long[] upserts = new long[200];
            for (int i = 0; i < upserts.length; i++) {
                long t = System.nanoTime();
                try (GraphTransaction tx = graph.begin("bench")) {
                    tx.upsert("Person", Map.of("name", name(random.nextInt(persons)), "age", i));
                    tx.commit();
                }
                upserts[i] = System.nanoTime() - t;
            }
            System.out.printf("warm key lookup: p50 %.2f ms, p99 %.2f ms%n", pct(lookups, 50), pct(lookups, 99));
            System.out.printf("keyed upsert commit: p50 %.2f ms, p99 %.2f ms%n", pct(upserts, 50), pct(upserts, 99));
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    static String name(int i) {
        return String.format("p%07d", i);
    }

    static void generate(Path file, int persons, int follows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            generate(out, persons, follows);
        }
    }

    /** The social graph as NDJSON: {@code persons} people, then {@code follows} random follows (seed 42). */
    static void generate(java.io.Writer out, int persons, int follows) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < persons; i++) {
            out.write("{\"type\":\"Person\",\"data\":{\"name\":\"" + name(i) + "\",\"age\":"
                    + (18 + random.nextInt(60)) + ",\"city\":\"" + CITIES[random.nextInt(CITIES.length)]
                    + "\"}}\n");
        }
        for (int i = 0; i < follows; i++) {
            int from = random.nextInt(persons);
            int to = (from + 1 + random.nextInt(persons - 1)) % persons;
            out.write("{\"edge\":\"Follows\",\"from\":\"" + name(from) + "\",\"to\":\"" + name(to)
                    + "\",\"data\":{\"since\":\"20" + (10 + random.nextInt(15)) + "-0" + (1 + random.nextInt(9))
                    + "-1" + random.nextInt(10) + "\"}}\n");
        }
    }
}
