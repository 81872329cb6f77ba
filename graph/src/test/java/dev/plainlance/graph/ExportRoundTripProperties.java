package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@code load(export(g))} exports the same text as {@code g}, for random graphs built by loads and transactions. */
class ExportRoundTripProperties {

    @Property(tries = 8)
    void loadingAnExportGivesTheSameGraph(
            @ForAll @IntRange(min = 0, max = 30) int persons,
            @ForAll @IntRange(min = 0, max = 60) int edges,
            @ForAll long seed)
            throws IOException {
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("export-roundtrip");
        try (Graph graph = GraphFixtures.init(dir.resolve("a"), GraphFixtures.resource("test.pg"));
                Graph copy = GraphFixtures.init(dir.resolve("b"), GraphFixtures.resource("test.pg"))) {
            StringBuilder data = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < persons; i++) {
                String name = "p" + i + (random.nextBoolean() ? "" : " \"q\"\u00e9");
                names.add(name);
                data.append("{\"type\":\"Person\",\"data\":{\"name\":")
                        .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(name))
                        .append(random.nextBoolean() ? "" : ",\"age\":" + (random.nextInt(200) - 100))
                        .append("}}\n");
            }
            data.append("{\"type\":\"Company\",\"data\":{\"name\":\"acme\"}}\n");
            GraphFixtures.load(graph, data.toString(), LoadMode.OVERWRITE);
            if (!names.isEmpty()) {
                try (GraphTransaction tx = graph.begin("t")) {
                    for (int i = 0; i < edges; i++) {
                        String from = names.get(random.nextInt(names.size()));
                        if (random.nextInt(4) == 0) {
                            tx.insertEdge("WorksAt", from, "acme", Map.of());
                        } else {
                            tx.insertEdge("Knows", from, names.get(random.nextInt(names.size())), Map.of());
                        }
                    }
                    tx.delete("Person", "age < -50");
                    tx.commit();
                }
            }
            String exported = GraphFixtures.export(graph, graph.snapshot());
            GraphFixtures.load(copy, exported, LoadMode.OVERWRITE);
            assertEquals(exported, GraphFixtures.export(copy, copy.snapshot()));
            for (String type : List.of("Person", "Company", "Knows", "WorksAt")) {
                assertEquals(graph.snapshot().count(type), copy.snapshot().count(type), type);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
