package dev.plainlance.graph;

import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Graphs for tests: Omnigraph's fixture schema and data, and helpers to load and export text. */
final class GraphFixtures {
    private GraphFixtures() {}

    static String resource(String name) {
        try (InputStream in = GraphFixtures.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Graph init(Path dir, String schema) {
        return Graph.init(new LocalStorage(dir), schema, "test.pg", RecoveryOptions.defaults(), "tester");
    }

    static LoadResult load(Graph graph, String ndjson, LoadMode mode) {
        return graph.load(
                new BufferedReader(new StringReader(ndjson)),
                "data.jsonl",
                mode,
                Optional.empty(),
                "tester",
                "load",
                Graph.DEFAULT_MAX_PROBLEMS,
                n -> {});
    }

    static String export(Graph graph, GraphSnapshot snapshot) {
        StringWriter out = new StringWriter();
        graph.export(snapshot, out);
        return out.toString();
    }
}
