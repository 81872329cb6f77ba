package dev.plainlance.bench.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.GraphQueries;
import dev.plainlance.graph.schema.SchemaParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's reference answers against naive computations over the generator's edge list. */
class SocialReferenceTest {
    private static final int N = 200;

    private final SocialGraph graph = SocialGraph.generate(N, 1500, 21);
    private final Map<String, Integer> ageUpdates = Map.of(graph.name(3), 150, graph.name(4), 1, "n000001", 120);
    private final SocialReference reference = SocialReference.of(graph, ageUpdates);
    private final List<int[]> edges = new ArrayList<>();

    SocialReferenceTest() {
        for (SocialGraph.Follow f : graph.follows()) {
            edges.add(new int[] {graph.index(f.from()), graph.index(f.to())});
        }
    }

    private int age(int i) {
        return ageUpdates.getOrDefault(graph.name(i), graph.person(i).age());
    }

    @Test
    void twoHopWalksCountEveryWalk() {
        long walks = 0;
        long filtered = 0;
        for (int[] ab : edges) {
            for (int[] bc : edges) {
                if (ab[1] == bc[0]) {
                    walks++;
                    if (age(ab[0]) > 80 && graph.person(bc[1]).city().equals("Lyon")) {
                        filtered++;
                    }
                }
            }
        }
        assertEquals(walks, reference.twoHopWalks());
        assertEquals(filtered, reference.twoHopWalks(80, "Lyon"));
        assertTrue(filtered > 0, "the filter keeps something on this graph");
    }

    @Test
    void hopsAreBreadthFirstDistancesUpToTheBound() {
        for (int seed = 0; seed < N; seed += 37) {
            int[] naive = new int[N];
            Arrays.fill(naive, -1);
            naive[seed] = 0;
            for (int round = 1; round < N; round++) {
                for (int[] e : edges) {
                    if (naive[e[0]] == round - 1 && naive[e[1]] < 0) {
                        naive[e[1]] = round;
                    }
                }
            }
            assertArrayEquals(naive, reference.hops(seed, Integer.MAX_VALUE));
            int[] three = reference.hops(seed, 3);
            for (int v = 0; v < N; v++) {
                assertEquals(naive[v] <= 3 ? naive[v] : -1, three[v]);
            }
        }
    }

    @Test
    void followingAndInDegrees() {
        Map<Integer, Integer> in = new HashMap<>();
        List<String> following = new ArrayList<>();
        for (int[] e : edges) {
            in.merge(e[1], 1, Integer::sum);
            if (e[0] == 7) {
                following.add(graph.name(e[1]));
            }
        }
        following.sort(null);
        assertEquals(following, reference.following(7));
        long[] top = in.values().stream()
                .sorted((a, b) -> b - a)
                .limit(10)
                .mapToLong(Integer::longValue)
                .toArray();
        assertArrayEquals(top, reference.topInDegrees(10));
        for (int v = 0; v < N; v++) {
            assertEquals(in.getOrDefault(v, 0), reference.inDegree(v));
        }
        assertEquals(-1, graph.index("n000001"));
        assertEquals(42, graph.index("p000042"));
    }

    @Test
    void everyBenchQueryIsValidGq() {
        GraphQueries queries =
                GraphQueries.compile(BenchQuery.GQ, "bench.gq", SchemaParser.parse(SocialGraph.SCHEMA, "social.pg"));
        for (BenchQuery q : BenchQuery.values()) {
            assertTrue(queries.checked().read(q.gqName).isPresent(), q.gqName);
            assertEquals(q, BenchQuery.byId(q.id));
        }
    }
}
