package dev.plainlance.cli;

import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphQueries;
import dev.plainlance.graph.GraphSnapshot;
import dev.plainlance.graph.MutationResult;
import dev.plainlance.graph.QueryResult;
import dev.plainlance.graph.query.QueryException;
import dev.plainlance.recovery.OpenMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graph query} and {@code graph mutate}: run a query of a {@code .gq} file. */
final class GraphQueryCommands {
    private GraphQueryCommands() {}

    /** The query file, the query's name and its arguments. */
    static final class QueryOptions {
        @Option(names = "--file", required = true, paramLabel = "Q.gq", description = "The .gq file.")
        Path file;

        @Option(names = "--name", required = true, paramLabel = "QUERY", description = "The query to run.")
        String name;

        @Option(
                names = "--param",
                paramLabel = "NAME=VALUE",
                description = "A parameter (without $); text parameters take the text as it is, others JSON"
                        + " (30, true, [\"a\",\"b\"]); dates and times ISO-8601. Repeatable.")
        Map<String, String> params = new LinkedHashMap<>();

        String source() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("query file " + file + " does not exist");
            }
            return Files.readString(file);
        }

        /** Checks the file against the snapshot's schema; several errors are printed one a line first. */
        GraphQueries compile(GraphSnapshot snapshot, PrintWriter err) throws IOException {
            try {
                return GraphQueries.compile(source(), file.toString(), snapshot.schema());
            } catch (QueryException e) {
                GraphCommand.printAll(
                        err, e.errors().stream().map(x -> x.oneLine()).toList());
                throw e;
            }
        }
    }

    @Command(
            name = "query",
            mixinStandardHelpOptions = true,
            description = "Run a read query of a .gq file: JSON Lines rows keyed by the return names, in order"
                    + " (or a table). Opens the graph read-only.")
    static final class Query implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Mixin
        QueryOptions query;

        @Mixin
        GraphReadCommands.AtOption at;

        @Option(
                names = "--format",
                paramLabel = "jsonl|table",
                description = "jsonl (default): one JSON object per row; table: aligned text.")
        String format = "jsonl";

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!format.equals("jsonl") && !format.equals("table")) {
                throw new IllegalArgumentException("--format is jsonl or table, not " + format);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                GraphSnapshot snapshot = at.snapshot(graph);
                GraphQueries queries =
                        query.compile(snapshot, spec.commandLine().getErr());
                QueryResult result = queries.run(snapshot, query.name, query.params);
                if (format.equals("jsonl")) {
                    out.print(result.toJsonl());
                } else {
                    printTable(out, result);
                }
            }
            return 0;
        }

        private static void printTable(PrintWriter out, QueryResult result) {
            TextTable table = new TextTable(result.columns().toArray(String[]::new));
            for (var line : result.jsonRows()) {
                List<String> cells = new java.util.ArrayList<>();
                line.fields()
                        .forEachRemaining(f -> cells.add(
                                f.getValue().isTextual()
                                        ? f.getValue().asText()
                                        : f.getValue().toString()));
                table.row(cells.toArray());
            }
            table.print(out);
            out.println(result.rows().size() + " row" + (result.rows().size() == 1 ? "" : "s") + " at commit "
                    + result.commitId());
        }
    }

    @Command(
            name = "mutate",
            mixinStandardHelpOptions = true,
            description = "Run a mutation query of a .gq file (insert, update, delete statements) as one commit.")
    static final class Mutate implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Mixin
        QueryOptions query;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who writes; recorded in the log.")
        String actor;

        @Option(
                names = "--if-commit",
                paramLabel = "COMMIT",
                description = "Commit only while the graph's head is still this commit (else fail, changing nothing).")
        String ifCommit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            String who = actor == null ? GraphCommand.defaultActor() : actor;
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                GraphQueries queries =
                        query.compile(graph.snapshot(), spec.commandLine().getErr());
                MutationResult result = queries.mutate(graph, query.name, query.params, who, ifCommit);
                out.println("nodes " + result.affectedNodes() + ", edges " + result.affectedEdges() + ": "
                        + GraphCommand.changes(result.commit().changes()));
                out.println("commit " + result.commit().id());
            }
            return 0;
        }
    }
}
