package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.graph.query.CheckedQueries;
import dev.plainlance.graph.query.QueryChecker;
import dev.plainlance.graph.query.Typed;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TinkerPop's "modern" and "crew" toy graphs (data from apache/tinkerpop {@code data/tinkerpop-*.json}, rewritten as
 * {@code src/test/resources/tinkerpop/*.pg} and {@code *.jsonl}) load through the NDJSON loader, and the traversals
 * of {@code modern.gq} and {@code crew.gq} type-check; each query has an expected answer, derived by hand, in
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
