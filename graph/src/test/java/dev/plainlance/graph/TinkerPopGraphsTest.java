package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.graph.query.CheckedQueries;
import dev.plainlance.graph.query.QueryChecker;
import dev.plainlance.graph.query.Typed;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TinkerPop's "modern" and "crew" toy graphs (data from apache/tinkerpop {@code data/tinkerpop-*.json}, rewritten as
 * {@code src/test/resources/tinkerpop/*.pg} and {@code *.jsonl}) load through the NDJSON loader, and the traversals
 * of {@code modern.gq} and {@code crew.gq} type-check and answer as derived by hand in
 * {@code tinkerpop/expected/<graph>/<query>.jsonl}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TinkerPopGraphsTest {
    static final List<String> GRAPHS = List.of("modern", "crew");

    /** The parameters each parameterised query runs with (as its comment in the {@code .gq} says). */
    static final Map<String, Map<String, Map<String, Object>>> PARAMS = Map.of(
            "modern",
            Map.of(
                    "knows_of", Map.of("name", "marko"),
                    "friends_creations", Map.of("name", "marko"),
                    "co_creators", Map.of("name", "marko")),
            "crew",
            Map.of("locations_of", Map.of("name", "marko"), "developed_since", Map.of("year", 2010)));

    @TempDir
    static Path dir;

    final Map<String, Graph> graphs = new LinkedHashMap<>();

    @BeforeAll
    void loadBothGraphs() {
        for (String name : GRAPHS) {
            Graph graph = Graph.init(
                    new LocalStorage(dir.resolve(name)),
                    resource(name + ".pg"),
                    name + ".pg",
                    RecoveryOptions.defaults(),
                    "tester");
            graphs.put(name, graph);
            GraphFixtures.load(graph, resource(name + ".jsonl"), LoadMode.OVERWRITE);
        }
    }

    @AfterAll
    void closeGraphs() {
        graphs.values().forEach(Graph::close);
    }

    @Test
    void modernHasSixVerticesAndSixEdgesWithTheirProperties() {
        GraphSnapshot g = graphs.get("modern").snapshot();
        assertEquals(4, g.count("Person"));
        assertEquals(2, g.count("Software"));
        assertEquals(2, g.count("Knows"));
        assertEquals(4, g.count("Created"));
        assertEquals(29, g.node("Person", "marko").orElseThrow().get("age"));
        assertEquals("java", g.node("Software", "ripple").orElseThrow().get("lang"));
        Entity markoJosh = g.list("Knows", "dst = 'josh'").get(0);
        assertEquals(List.of("8", "marko", 1.0), List.of(markoJosh.id(), markoJosh.src(), markoJosh.get("weight")));
        assertEquals(
                Set.of("marko", "josh", "peter"),
                g.list("Created", "dst = 'lop'").stream().map(Entity::src).collect(Collectors.toSet()));
    }

    @Test
    void crewLocationsAreEdgesToPlacesCarryingTheMetaProperties() {
        GraphSnapshot g = graphs.get("crew").snapshot();
        assertEquals(4, g.count("Person"));
        assertEquals(2, g.count("Software"));
        assertEquals(14, g.count("Place"));
        assertEquals(14, g.count("Location"));
        assertEquals(5, g.count("Develops"));
        assertEquals(8, g.count("Uses"));
        assertEquals(1, g.count("Traverses"));
        List<Entity> marko = g.list("Location", "src = 'marko'");
        assertEquals(4, marko.size());
        Entity santaFe = marko.stream()
                .filter(e -> e.dst().equals("santa fe"))
                .findFirst()
                .orElseThrow();
        assertEquals("9", santaFe.id(), "the edge keeps the vertex property's TinkerPop id");
        assertEquals(2005, santaFe.get("startTime"));
        assertNull(santaFe.get("endTime"), "the current location has no endTime");
        assertEquals(4, g.list("Location", "endTime IS NULL").size(), "each person has exactly one current location");
    }

    @Test
    void everyQueryChecksAndHasOneExpectedAnswer() {
        for (String name : GRAPHS) {
            CheckedQueries checked = check(name);
            Set<String> queries =
                    checked.queries().stream().map(Typed.Query::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expectedFiles(name), queries, name + ": one expected file per query");
            for (Typed.Query q : checked.queries()) {
                assertTrue(q instanceof Typed.Read, q.name() + " is a read query");
                assertTrue(q.extensions().isEmpty(), q.name() + " is plain Omnigraph");
                assertEquals(
                        q.params().stream().map(Typed.Param::name).collect(Collectors.toSet()),
                        PARAMS.get(name).getOrDefault(q.name(), Map.of()).keySet(),
                        q.name() + ": the test passes exactly its parameters");
            }
        }
        assertEquals(
                20, check("modern").queries().size() + check("crew").queries().size());
    }

    /**
     * Runs every query of both files with the executor and compares its answer with the hand-derived one: columns in
     * order, then the rows, as a sequence for a query with {@code order} and as a multiset otherwise. Both
     * {@code QueryResult.toJsonl()} and {@code rows()} are compared; numbers by value (so {@code 123} equals
     * {@code 123.0}).
     */
    @TestFactory
    Stream<DynamicTest> everyQueryAnswersAsDerivedByHand() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : GRAPHS) {
            Graph graph = graphs.get(name);
            String source = resource(name + ".gq");
            GraphQueries queries = GraphQueries.compile(source, name + ".gq", graph.schema());
            for (Typed.Query q : check(name).queries()) {
                Typed.Read read = (Typed.Read) q;
                tests.add(DynamicTest.dynamicTest(name + "." + q.name(), () -> {
                    List<Map<String, Object>> expected =
                            readJsonl(resource("expected/" + name + "/" + q.name() + ".jsonl"));
                    QueryResult result = queries.run(
                            graph.snapshot(), q.name(), PARAMS.get(name).getOrDefault(q.name(), Map.of()));
                    List<String> columns = new ArrayList<>(expected.get(0).keySet());
                    assertEquals(columns, result.columns(), q.name() + ": columns");
                    List<Map<String, Object>> json = readJsonl(result.toJsonl());
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (List<Object> row : result.rows()) {
                        assertEquals(columns.size(), row.size(), q.name() + ": row width");
                        Map<String, Object> m = new LinkedHashMap<>();
                        for (int i = 0; i < columns.size(); i++) {
                            m.put(columns.get(i), canonical(row.get(i)));
                        }
                        rows.add(m);
                    }
                    boolean ordered = !read.order().isEmpty();
                    assertSameRows(expected, json, ordered, q.name() + ": toJsonl()");
                    assertSameRows(expected, rows, ordered, q.name() + ": rows()");
                    for (Map<String, Object> row : json) {
                        assertEquals(columns, new ArrayList<>(row.keySet()), q.name() + ": JSON keys in column order");
                    }
                }));
            }
        }
        return tests.stream();
    }

    static void assertSameRows(
            List<Map<String, Object>> expected, List<Map<String, Object>> actual, boolean ordered, String what) {
        if (ordered) {
            assertEquals(expected, actual, what + " (in order)");
        } else {
            assertEquals(sorted(expected), sorted(actual), what + " (as a multiset)");
        }
    }

    static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(Object::toString));
        return out;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static List<Map<String, Object>> readJsonl(String text) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject(), "a JSON object per line: " + line);
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) canonical(node);
            rows.add(row);
        }
        return rows;
    }

    /** JSON and Java values in one comparable form: numbers as stripped BigDecimals, maps keeping their order. */
    static Object canonical(Object value) {
        if (value instanceof JsonNode n) {
            if (n.isNumber()) {
                return n.decimalValue().stripTrailingZeros();
            }
            if (n.isTextual()) {
                return n.textValue();
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isNull()) {
                return null;
            }
            if (n.isArray()) {
                List<Object> list = new ArrayList<>();
                n.forEach(e -> list.add(canonical(e)));
                return list;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> map.put(e.getKey(), canonical(e.getValue())));
            return map;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(e -> out.add(canonical(e)));
            return out;
        }
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        return value.toString(); // LocalDate, Instant: ISO text as in the JSON
    }

    CheckedQueries check(String graph) {
        return QueryChecker.check(
                resource(graph + ".gq"), graph + ".gq", graphs.get(graph).schema());
    }

    static Set<String> expectedFiles(String graph) {
        try (Stream<Path> files = Files.list(resourcePath("expected/" + graph))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".jsonl"))
                    .map(f -> f.substring(0, f.length() - ".jsonl".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resourcePath(String name) {
        URL url = TinkerPopGraphsTest.class.getResource("/tinkerpop/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource tinkerpop/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        return GraphFixtures.resource("tinkerpop/" + name);
    }
}
