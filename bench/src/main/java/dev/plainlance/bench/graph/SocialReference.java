package dev.plainlance.bench.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The answers of the {@link BenchQuery} queries computed directly from a {@link SocialGraph}'s arrays (plain loops
 * and breadth-first searches, no store), to check what each system returns. Ages changed by the bench's upserts are
 * applied; the persons the upserts insert have no edges, so they change no other answer.
 */
final class SocialReference {
    private final SocialGraph graph;
    private final int n;
    private final int[] outStart;
    private final int[] out;
    private final int[] inStart;
    private final int[] in;
    private final int[] ages;
    private final String[] cities;

    private SocialReference(SocialGraph graph, Map<String, Integer> ageUpdates) {
        this.graph = graph;
        this.n = graph.personCount();
        int m = (int) graph.followCount();
        outStart = new int[n + 1];
        inStart = new int[n + 1];
        for (int e = 0; e < m; e++) {
            outStart[graph.source(e) + 1]++;
            inStart[graph.target(e) + 1]++;
        }
        for (int i = 0; i < n; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        out = new int[m];
        in = new int[m];
        int[] outFill = Arrays.copyOf(outStart, n);
        int[] inFill = Arrays.copyOf(inStart, n);
        for (int e = 0; e < m; e++) {
            int s = graph.source(e);
            int t = graph.target(e);
            out[outFill[s]++] = t;
            in[inFill[t]++] = s;
        }
        ages = new int[n];
        cities = new String[n];
        for (int i = 0; i < n; i++) {
            ages[i] = graph.age(i);
            cities[i] = graph.city(i);
        }
        ageUpdates.forEach((name, age) -> {
            int i = graph.index(name);
            if (i >= 0) {
                ages[i] = age;
            }
        });
    }

    /** The reference of {@code graph} after upserts that set the ages {@code ageUpdates} (by person key). */
    static SocialReference of(SocialGraph graph, Map<String, Integer> ageUpdates) {
        return new SocialReference(graph, ageUpdates);
    }

    int persons() {
        return n;
    }

    /** The index of a generated person's key, or -1. */
    int index(String name) {
        return graph.index(name);
    }

    String name(int index) {
        return graph.name(index);
    }

    int inDegree(int i) {
        return inStart[i + 1] - inStart[i];
    }

    /** The keys of the persons {@code seed} follows, sorted. */
    List<String> following(int seed) {
        List<String> names = new ArrayList<>(outStart[seed + 1] - outStart[seed]);
        for (int k = outStart[seed]; k < outStart[seed + 1]; k++) {
            names.add(graph.name(out[k]));
        }
        names.sort(null);
        return names;
    }

    /** The number of walks {@code a -> b -> c}: the sum over b of in-degree times out-degree. */
    long twoHopWalks() {
        long walks = 0;
        for (int b = 0; b < n; b++) {
            walks += (long) inDegree(b) * (outStart[b + 1] - outStart[b]);
        }
        return walks;
    }

    /** The walks {@code a -> b -> c} with {@code a.age > minAge} and {@code c.city = city}. */
    long twoHopWalks(int minAge, String city) {
        long walks = 0;
        for (int b = 0; b < n; b++) {
            long older = 0;
            for (int k = inStart[b]; k < inStart[b + 1]; k++) {
                if (ages[in[k]] > minAge) {
                    older++;
                }
            }
            if (older == 0) {
                continue;
            }
            for (int k = outStart[b]; k < outStart[b + 1]; k++) {
                if (cities[out[k]].equals(city)) {
                    walks += older;
                }
            }
        }
        return walks;
    }

    /**
     * Hops from {@code seed} along out-edges to every person, breadth first, up to {@code maxHops}: -1 when not
     * reached, 0 for the seed.
     */
    int[] hops(int seed, int maxHops) {
        int[] hops = new int[n];
        Arrays.fill(hops, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        hops[seed] = 0;
        queue[tail++] = seed;
        while (head < tail) {
            int v = queue[head++];
            if (hops[v] == maxHops) {
                continue;
            }
            for (int k = outStart[v]; k < outStart[v + 1]; k++) {
                int w = out[k];
                if (hops[w] < 0) {
                    hops[w] = hops[v] + 1;
                    queue[tail++] = w;
                }
            }
        }
        return hops;
    }

    /** The {@code k} largest in-degrees among persons with at least one follower, largest first. */
    long[] topInDegrees(int k) {
        int[] degrees = new int[n];
        for (int i = 0; i < n; i++) {
            degrees[i] = inDegree(i);
        }
        Arrays.sort(degrees);
        List<Long> top = new ArrayList<>();
        for (int i = n - 1; i >= 0 && top.size() < k && degrees[i] > 0; i--) {
            top.add((long) degrees[i]);
        }
        return top.stream().mapToLong(Long::longValue).toArray();
    }

    /** How many persons have {@code degree} followers. */
    int personsWithInDegree(int degree) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (inDegree(i) == degree) {
                count++;
            }
        }
        return count;
    }
}
