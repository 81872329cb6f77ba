package dev.plainlance.bench.graph;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A deterministic social graph for the graph bench: {@code persons} {@code Person} nodes and {@code follows}
 * {@code Follows} edges, the same for the same arguments on every machine and JDK (SplitMix64, no
 * {@code java.util.Random}).
 *
 * <p>Persons: {@code name = "p" + index} zero-padded to at least 6 digits ({@code p000042}; the key), {@code age}
 * 13..90, {@code city} one of {@link #CITIES}; every field is present. Edges: no self-loops, no duplicate
 * {@code (from, to)} pair; out-degrees are skewed (weight {@code 1/(rank+10)^0.8} over a shuffled order of the
 * persons, capped at {@code persons - 1}: for the defaults the busiest person follows ≈9,000 others, the quietest ≈6),
 * and targets lean to a popular few (index {@code floor(persons * u²)} through a second shuffle). {@code since} is a
 * date from 2010-01-01 to 2024-12-31. Edges come grouped by source, sources in index order.
 *
 * <p>{@link #write(Path)} writes the schema ({@link #SCHEMA}) as {@code social.pg} and the data as
 * {@code social.ndjson}: nodes first, one JSON object a line. {@link #persons()} and {@link #follows()} give the same
 * data as Java objects, for baselines that do not read the file.
 */
public final class SocialGraph {
    /** The schema, as written to {@code social.pg}. */
    public static final String SCHEMA = """
            node Person {
                name: String @key
                age: I32?
                city: String?
            }

            edge Follows: Person -> Person {
                since: Date?
            }
            """;

    public static final int DEFAULT_PERSONS = 100_000;
    public static final long DEFAULT_FOLLOWS = 2_400_000L;
    public static final long DEFAULT_SEED = 0x5EED_2026L;

    static final List<String> CITIES = List.of(
            "Lyon",
            "Paris",
            "Berlin",
            "Madrid",
            "Lisbon",
            "Rome",
            "Vienna",
            "Prague",
            "Warsaw",
            "Oslo",
            "Dublin",
            "Athens",
            "Zurich",
            "Brussels",
            "Amsterdam",
            "Helsinki",
            "Tallinn",
            "Porto",
            "Seville",
            "Krakow");

    static final LocalDate FIRST_SINCE = LocalDate.of(2010, 1, 1);
    static final int SINCE_DAYS = (int) (LocalDate.of(2024, 12, 31).toEpochDay() - FIRST_SINCE.toEpochDay() + 1);

    /** One person: the key and its two properties. */
    public record Person(String name, int age, String city) {}

    /** One {@code Follows} edge, by the keys of its ends. */
    public record Follow(String from, String to, LocalDate since) {}

    /** The files {@link #write(Path)} wrote. */
    public record Written(Path schema, Path data, long bytes) {}

    private final int persons;
    private final long follows;
    private final long seed;
    private final int width;
    private final byte[] ages;
    private final byte[] cities;
    private final int[] src;
    private final int[] dst;
    private final short[] sinceDays;

    private SocialGraph(int persons, long follows, long seed) {
        if (persons < 2) {
            throw new IllegalArgumentException("persons must be >= 2");
        }
        if (follows < 0 || follows > (long) persons * (persons - 1) || follows > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "follows must be in 0.." + Math.min((long) persons * (persons - 1), Integer.MAX_VALUE - 8));
        }
        this.persons = persons;
        this.follows = follows;
        this.seed = seed;
        this.width = Math.max(6, Integer.toString(persons - 1).length());
        SplitMix64 rnd = new SplitMix64(seed);
        ages = new byte[persons];
        cities = new byte[persons];
        for (int i = 0; i < persons; i++) {
            ages[i] = (byte) (13 + rnd.nextInt(78));
            cities[i] = (byte) rnd.nextInt(CITIES.size());
        }
        int[] degree = outDegrees(persons, follows, rnd);
        int[] popular = permutation(persons, rnd);
        int m = (int) follows;
        src = new int[m];
        dst = new int[m];
        sinceDays = new short[m];
        int[] stamp = new int[persons]; // stamp[t] == s + 1: t already followed by s
        int e = 0;
        for (int s = 0; s < persons; s++) {
            int d = degree[s];
            if (d == persons - 1) { // follows everybody: no sampling
                for (int t = 0; t < persons; t++) {
                    if (t != s) {
                        src[e] = s;
                        dst[e] = t;
                        sinceDays[e++] = (short) rnd.nextInt(SINCE_DAYS);
                    }
                }
                continue;
            }
            stamp[s] = s + 1;
            for (int k = 0; k < d; ) {
                double u = rnd.nextDouble();
                int t = popular[(int) (persons * u * u)];
                if (stamp[t] == s + 1) {
                    continue;
                }
                stamp[t] = s + 1;
                src[e] = s;
                dst[e] = t;
                sinceDays[e++] = (short) rnd.nextInt(SINCE_DAYS);
                k++;
            }
        }
        if (e != m) {
            throw new IllegalStateException("generated " + e + " edges, expected " + m);
        }
    }

    /** The graph of {@code persons} persons and {@code follows} edges for {@code seed}. */
    public static SocialGraph generate(int persons, long follows, long seed) {
        return new SocialGraph(persons, follows, seed);
    }

    /** The default graph: 100,000 persons, 2,400,000 edges, the default seed. */
    public static SocialGraph generate() {
        return generate(DEFAULT_PERSONS, DEFAULT_FOLLOWS, DEFAULT_SEED);
    }

    /** Out-degrees that add up to {@code total}: skewed weights over a shuffled order, capped at n - 1. */
    private static int[] outDegrees(int n, long total, SplitMix64 rnd) {
        int[] order = permutation(n, rnd);
        double[] weight = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            weight[r] = Math.pow(r + 10, -0.8);
            sum += weight[r];
        }
        int cap = n - 1;
        int[] degree = new int[n];
        long assigned = 0;
        for (int r = 0; r < n; r++) {
            int d = (int) Math.min(cap, Math.floor(total * weight[r] / sum));
            degree[order[r]] = d;
            assigned += d;
        }
        // The remainder, one at a time over the persons in rank order, skipping those at the cap.
        while (assigned < total) {
            for (int r = 0; r < n && assigned < total; r++) {
                int p = order[r];
                if (degree[p] < cap) {
                    degree[p]++;
                    assigned++;
                }
            }
        }
        return degree;
    }

    private static int[] permutation(int n, SplitMix64 rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public int personCount() {
        return persons;
    }

    public long followCount() {
        return follows;
    }

    public long seed() {
        return seed;
    }

    /** The key of person {@code index}: {@code p000042}. */
    public String name(int index) {
        String digits = Integer.toString(index);
        StringBuilder b = new StringBuilder(width + 1).append('p');
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }

    /** The source index of edge {@code index}. */
    int source(int index) {
        return src[index];
    }

    /** The target index of edge {@code index}. */
    int target(int index) {
        return dst[index];
    }

    /** The age of person {@code index}, as generated. */
    int age(int index) {
        return ages[index];
    }

    /** The city of person {@code index}. */
    String city(int index) {
        return CITIES.get(cities[index]);
    }

    /** The index of the generated person called {@code name}, or -1 when it is not one ({@code n000001}, ...). */
    int index(String name) {
        if (name.length() != width + 1 || name.charAt(0) != 'p') {
            return -1;
        }
        int i = 0;
        for (int k = 1; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            i = i * 10 + (c - '0');
        }
        return i < persons ? i : -1;
    }

    public Person person(int index) {
        return new Person(name(index), ages[index], CITIES.get(cities[index]));
    }

    public Follow follow(int index) {
        return new Follow(name(src[index]), name(dst[index]), FIRST_SINCE.plusDays(sinceDays[index]));
    }

    /** Every person, in index order. */
    public Iterable<Person> persons() {
        return () -> new Indexed<>(persons, this::person);
    }

    /** Every edge, grouped by source. */
    public Iterable<Follow> follows() {
        return () -> new Indexed<>((int) follows, this::follow);
    }

    /** Writes {@code social.pg} and {@code social.ndjson} into {@code dir}. */
    public Written write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path pg = dir.resolve("social.pg");
        Files.writeString(pg, SCHEMA, StandardCharsets.UTF_8);
        Path data = dir.resolve("social.ndjson");
        StringBuilder line = new StringBuilder(128);
        try (BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
            for (int i = 0; i < persons; i++) {
                line.setLength(0);
                personLine(person(i), line);
                w.append(line).append('\n');
            }
            for (int i = 0; i < (int) follows; i++) {
                line.setLength(0);
                followLine(follow(i), line);
                w.append(line).append('\n');
            }
        }
        return new Written(pg, data, Files.size(data));
    }

    /** {@code {"type":"Person","data":{"name":"p000042","age":31,"city":"Lyon"}}} */
    static void personLine(Person p, StringBuilder b) {
        b.append("{\"type\":\"Person\",\"data\":{\"name\":");
        string(p.name(), b);
        b.append(",\"age\":").append(p.age()).append(",\"city\":");
        string(p.city(), b);
        b.append("}}");
    }

    /** {@code {"edge":"Follows","from":"p000042","to":"p000007","data":{"since":"2021-03-04"}}} */
    static void followLine(Follow f, StringBuilder b) {
        b.append("{\"edge\":\"Follows\",\"from\":");
        string(f.from(), b);
        b.append(",\"to\":");
        string(f.to(), b);
        b.append(",\"data\":{\"since\":\"").append(f.since()).append("\"}}");
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }

    private static final class Indexed<T> implements Iterator<T> {
        private final int size;
        private final java.util.function.IntFunction<T> at;
        private int next;

        Indexed(int size, java.util.function.IntFunction<T> at) {
            this.size = size;
            this.at = at;
        }

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public T next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return at.apply(next++);
        }
    }

    /** SplitMix64: the same sequence on every JDK. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound), bound > 0 (Lemire's multiply-shift, without the rejection: bias < 2^-32). */
        int nextInt(int bound) {
            return (int) (((nextLong() >>> 32) * bound) >>> 32);
        }

        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
