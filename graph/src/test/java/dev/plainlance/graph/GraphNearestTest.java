package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.query.QueryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code order { nearest($d.embedding, $q) } limit n}, as Omnigraph runs it: the rows whose vectors are nearest to the
 * query by cosine distance ({@code 1 - cos}), after the match's filters, ties broken by id; rows whose vector is null
 * (or all zeros) are not found, as by Omnigraph's vector search. Checked against a brute-force model on random
 * vectors, with filters and traversals.
 */
class GraphNearestTest {
    private static final String SCHEMA = """
            node Doc {
                slug: String @key
                topic: String
                embedding: Vector(4)?
            }
            node Author {
                name: String @key
            }
            edge Wrote: Author -> Doc
            """;

    @TempDir
    Path dir;

    private record Doc(String slug, String topic, double[] embedding, String author) {}

    private static List<Doc> docs(Random random) {
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double[] e = null;
            if (i % 9 != 4) {
                e = new double[4];
                for (int d = 0; d < 4; d++) {
                    e[d] = random.nextInt(9) - 4;
                }
            }
            out.add(new Doc(String.format("d%02d", i), random.nextBoolean() ? "db" : "ml", e, "a" + (i % 3)));
        }
        return out;
    }

    private static String jsonl(List<Doc> docs) {
        StringBuilder out = new StringBuilder();
        for (int a = 0; a < 3; a++) {
            out.append("{\"type\":\"Author\",\"data\":{\"name\":\"a").append(a).append("\"}}\n");
        }
        for (Doc d : docs) {
            out.append("{\"type\":\"Doc\",\"data\":{\"slug\":\"")
                    .append(d.slug())
                    .append("\",\"topic\":\"")
                    .append(d.topic())
                    .append("\"");
            if (d.embedding() != null) {
                out.append(",\"embedding\":[");
                for (int i = 0; i < 4; i++) {
                    out.append(i == 0 ? "" : ",").append(d.embedding()[i]);
                }
                out.append("]");
            }
            out.append("}}\n");
            out.append("{\"edge\":\"Wrote\",\"from\":\"")
                    .append(d.author())
                    .append("\",\"to\":\"")
                    .append(d.slug())
                    .append("\"}\n");
        }
        return out.toString();
    }

    private static Double cosineDistance(double[] x, double[] q) {
        if (x == null) {
            return null;
        }
        double dot = 0;
        double xx = 0;
        double qq = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * q[i];
            xx += x[i] * x[i];
            qq += q[i] * q[i];
        }
        double d = 1 - dot / Math.sqrt(xx * qq);
        return Double.isNaN(d) ? null : d;
    }

    /** The model: the docs kept that have a distance, nearest first, ties by slug, the first {@code limit}. */
    private static List<String> nearest(List<Doc> docs, double[] q, int limit) {
        Comparator<Doc> order = Comparator.comparing((Doc d) -> cosineDistance(d.embedding(), q))
                .thenComparing(Doc::slug);
        return docs.stream()
                .filter(d -> cosineDistance(d.embedding(), q) != null)
                .sorted(order)
                .limit(limit)
                .map(Doc::slug)
                .toList();
    }

    private static List<Object> run(Graph graph, String source, Map<String, Object> args) {
        return GraphQueries.compile(source, "q.gq", graph.schema()).run(graph.snapshot(), "q", args).rows().stream()
                .map(r -> r.get(0))
                .toList();
    }

    @Test
    void nearestRowsAreTheModelsAfterTheMatchFilters() {
        Random random = new Random(3);
        List<Doc> docs = docs(random);
        try (Graph graph = GraphFixtures.init(dir, SCHEMA)) {
            GraphFixtures.load(graph, jsonl(docs), LoadMode.OVERWRITE);
            for (int round = 0; round < 20; round++) {
                double[] q = new double[4];
                List<Double> param = new ArrayList<>();
                for (int d = 0; d < 4; d++) {
                    q[d] = random.nextInt(9) - 4;
                    param.add(q[d]);
                }
                if (param.stream().allMatch(v -> v == 0)) {
                    continue;
                }
                int limit = 1 + random.nextInt(70);
                Map<String, Object> args = new HashMap<>();
                args.put("q", param);
                String context = "q " + param + " limit " + limit;
                assertEquals(
                        nearest(docs, q, limit),
                        run(
                                graph,
                                "query q($q: Vector(4)) { match { $d: Doc } return { $d.slug }"
                                        + " order { nearest($d.embedding, $q) } limit " + limit + " }",
                                args),
                        context);
                assertEquals(
                        nearest(
                                docs.stream()
                                        .filter(d -> d.topic().equals("ml"))
                                        .toList(),
                                q,
                                limit),
                        run(
                                graph,
                                "query q($q: Vector(4)) { match { $d: Doc { topic: \"ml\" } } return { $d.slug }"
                                        + " order { nearest($d.embedding, $q) } limit " + limit + " }",
                                args),
                        "prefiltered, " + context);
                assertEquals(
                        nearest(
                                docs.stream()
                                        .filter(d -> d.author().equals("a1"))
                                        .toList(),
                                q,
                                limit),
                        run(
                                graph,
                                "query q($q: Vector(4)) { match { $a: Author { name: \"a1\" } $a wrote $d }"
                                        + " return { $d.slug } order { nearest($d.embedding, $q) } limit " + limit
                                        + " }",
                                args),
                        "after a traversal, " + context);
            }
        }
    }

    @Test
    void theDistanceIsAValueToReturnAndALiteralKeyWorksToo() {
        List<Doc> docs = docs(new Random(4));
        try (Graph graph = GraphFixtures.init(dir, SCHEMA)) {
            GraphFixtures.load(graph, jsonl(docs), LoadMode.OVERWRITE);
            List<List<Object>> rows = GraphQueries.compile(
                            "query q() { match { $d: Doc }"
                                    + " return { $d.slug, nearest($d.embedding, [1, 0, 0, 0]) as score }"
                                    + " order { nearest($d.embedding, [1, 0, 0, 0]) } limit 3 }",
                            "q.gq",
                            graph.schema())
                    .run(graph.snapshot(), "q", Map.of())
                    .rows();
            double[] key = {1, 0, 0, 0};
            assertEquals(nearest(docs, key, 3), rows.stream().map(r -> r.get(0)).toList());
            for (List<Object> row : rows) {
                Doc doc = docs.stream()
                        .filter(d -> d.slug().equals(row.get(0)))
                        .findFirst()
                        .orElseThrow();
                assertEquals(cosineDistance(doc.embedding(), key), (Double) row.get(1), 1e-12);
            }
            List<Object> close = GraphQueries.compile(
                            "query q() { match { $d: Doc  nearest($d.embedding, [1, 0, 0, 0]) < 0.5 }"
                                    + " return { $d.slug } order { $d.slug } }",
                            "q.gq",
                            graph.schema())
                    .run(graph.snapshot(), "q", Map.of())
                    .rows()
                    .stream()
                    .map(r -> r.get(0))
                    .toList();
            assertEquals(
                    docs.stream()
                            .filter(d -> {
                                Double distance = cosineDistance(d.embedding(), key);
                                return distance != null && distance < 0.5;
                            })
                            .map(Doc::slug)
                            .toList(),
                    close);
        }
    }

    @Test
    void nearestIsCheckedLikeOmnigraphs() {
        try (Graph graph = GraphFixtures.init(dir, SCHEMA)) {
            for (String[] bad : new String[][] {
                {
                    "query q($q: Vector(4)) { match { $d: Doc } return { $d.slug }"
                            + " order { nearest($d.embedding, $q) } }",
                    "needs a limit"
                },
                {
                    "query q($q: Vector(3)) { match { $d: Doc } return { $d.slug } order { nearest($d.embedding, $q) }"
                            + " limit 2 }",
                    "with a Vector(4) parameter or a list of 4 numbers"
                },
                {
                    "query q() { match { $d: Doc } return { $d.slug }"
                            + " order { nearest($d.embedding, [1, 2]) } limit 2 }",
                    "a list of 4 numbers"
                },
                {
                    "query q($q: Vector(4)) { match { $d: Doc } return { $d.slug } order { nearest($d.topic, $q) }"
                            + " limit 2 }",
                    "takes a Vector(n) property first"
                },
            }) {
                QueryException e = assertThrows(
                        QueryException.class, () -> GraphQueries.compile(bad[0], "q.gq", graph.schema()), bad[0]);
                assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            }
        }
    }
}
