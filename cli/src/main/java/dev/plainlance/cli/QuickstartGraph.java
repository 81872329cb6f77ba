package dev.plainlance.cli;

import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphCommit;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.graph.LoadMode;
import dev.plainlance.graph.LoadResult;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The graph half of {@code plainlance quickstart}: Omnigraph's fixture (Person, Company, Knows, WorksAt) created,
 * loaded from NDJSON, changed by one transaction (an update and an insert by upsert, two new edges, a delete whose
 * edges go with it), then its log, the transaction's diff and the export.
 */
final class QuickstartGraph {
    static final String SCHEMA = "quickstart-graph.pg";
    static final String DATA = "quickstart-graph.jsonl";
    private static final String ACTOR = "quickstart";

    private QuickstartGraph() {}

    static String resource(String name) {
        try (InputStream in = QuickstartGraph.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the quickstart resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(PrintWriter out, String root) {
        out.println();
        out.println("Graph at " + root + ":");
        try (Graph graph =
                Graph.init(Storages.forUri(root), resource(SCHEMA), SCHEMA, RecoveryOptions.defaults(), ACTOR)) {
            out.printf(
                    "%-12s %d node types (Person, Company), %d edge types (Knows, WorksAt), schema %s...%n",
                    "init:",
                    graph.schema().nodes().size(),
                    graph.schema().edges().size(),
                    graph.schema().contentHash().substring(0, 12));
            LoadResult loaded = graph.load(
                    new BufferedReader(new StringReader(resource(DATA))),
                    DATA,
                    LoadMode.APPEND,
                    Optional.empty(),
                    ACTOR,
                    "load " + DATA,
                    Graph.DEFAULT_MAX_PROBLEMS,
                    n -> {});
            step(out, "load:", loaded.commit());
            GraphCommit changed;
            try (GraphTransaction tx = graph.begin(ACTOR)) {
                tx.upsert("Person", Map.of("name", "Alice", "age", 31));
                String eve = tx.upsert("Person", Map.of("name", "Eve", "age", 41));
                tx.insertEdge("WorksAt", eve, "Acme", Map.of());
                tx.insertEdge("Knows", eve, "Alice", Map.of("since", LocalDate.of(2024, 1, 15)));
                tx.delete("Person", "name = 'Bob'");
                changed =
                        tx.message("Alice turns 31, Eve joins Acme, Bob leaves").commit();
            }
            step(out, "transaction:", changed);
            out.printf("%-12s (upsert Alice and Eve, two edges from Eve, delete Bob: his edges go too)%n", "");
            out.println();
            out.println("Log, newest first:");
            GraphCommand.printLog(out, graph.log());
            out.println();
            out.println("Diff of the transaction:");
            GraphCommand.printDiff(out, graph.diff(loaded.commit().id(), changed.id()));
            out.println();
            out.println("Export (NDJSON, what 'graph load' reads):");
            StringWriter export = new StringWriter();
            graph.export(graph.snapshot(), export);
            export.toString().lines().forEach(l -> out.println("  " + l));
            out.println();
            out.println("Inspect it:");
            out.println("  bin/plainlance graph status " + root);
            out.println("  bin/plainlance graph log " + root);
            out.println("  bin/plainlance graph get " + root + " Person Alice --at "
                    + loaded.commit().id());
            out.println("  bin/plainlance graph diff " + root + " "
                    + loaded.commit().id() + " " + changed.id());
            out.println("  bin/plainlance graph export " + root + " --at "
                    + loaded.commit().id());
        }
    }

    private static void step(PrintWriter out, String what, GraphCommit commit) {
        out.printf("%-12s %-45s commit %s%n", what, GraphCommand.changes(commit.changes()), commit.id());
    }
}
