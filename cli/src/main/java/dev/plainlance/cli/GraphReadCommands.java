package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.graph.Entity;
import dev.plainlance.graph.EntityJson;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphCommit;
import dev.plainlance.graph.GraphDiff;
import dev.plainlance.graph.GraphSnapshot;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.recovery.OpenMode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The graph commands that only read: each opens the graph read-only and writes nothing. */
final class GraphReadCommands {
    private GraphReadCommands() {}

    /** {@code --at C}: the commit to read (default the newest). */
    static final class AtOption {
        @Option(names = "--at", paramLabel = "COMMIT", description = "Read the graph as this commit left it.")
        String at;

        GraphSnapshot snapshot(Graph graph) {
            return at == null ? graph.snapshot() : graph.at(at);
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Print one node (or edge) as one JSON line, in the form 'graph export' writes it.")
    static final class Get implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Parameters(index = "1", paramLabel = "TYPE", description = "Node type (or edge type).")
        String type;

        @Parameters(
                index = "2",
                paramLabel = "KEY",
                description = "The node id: for a single-property @key its value, for a composite key the JSON array"
                        + " of the values (e.g. [\"acme\",\"42\"]); for an edge, its id.")
        String key;

        @Mixin
        AtOption at;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                GraphSnapshot snapshot = at.snapshot(graph);
                Optional<Entity> found = snapshot.schema().node(type).isPresent()
                        ? snapshot.nodeById(type, key)
                        : snapshot.list(type, "id = '" + key.replace("'", "''") + "'").stream()
                                .findFirst();
                Entity entity = found.orElseThrow(() -> new NotFoundException(
                        "not found: no " + type + " with id " + key + " at commit " + snapshot.commitId()));
                spec.commandLine().getOut().println(GraphCommand.line(EntityJson.line(entity, snapshot.schema())));
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Print the whole graph as NDJSON in the format 'graph load' reads: node types, then edge"
                    + " types, in schema order, each sorted by id (the same graph gives the same bytes).")
    static final class Export implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Mixin
        AtOption at;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                graph.export(at.snapshot(graph), spec.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(
            name = "log",
            mixinStandardHelpOptions = true,
            description = "The commits, newest first: id, time, actor, message and per type changes (+inserted"
                    + " ~updated -deleted).")
    static final class Log implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--json", description = "One JSON object per commit, one per line.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                List<GraphCommit> commits = graph.log();
                if (json) {
                    commits.forEach(c -> out.println(GraphCommand.line(GraphCommand.commitJson(c))));
                } else {
                    GraphCommand.printLog(out, commits);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description = "The nodes and edges that differ between two commits (inserted, updated, deleted), then"
                    + " per type counts.")
    static final class Diff implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Parameters(index = "1", paramLabel = "FROM", description = "The older commit id.")
        String from;

        @Parameters(index = "2", paramLabel = "TO", description = "The newer commit id.")
        String to;

        @Option(
                names = "--json",
                description = "Print one JSON object: from, to, counts per type, and the changes (kind, type, id,"
                        + " the entity before and after as export lines).")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                GraphDiff diff = graph.diff(from, to);
                if (json) {
                    ObjectNode node = GraphCommand.diffJson(
                            diff, graph.at(from).schema(), graph.at(to).schema());
                    Json.print(out, node);
                } else {
                    GraphCommand.printDiff(out, diff);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "The head commit, the schema hash, rows per type and pending operations (read-only).")
    static final class Status implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                GraphSnapshot snapshot = graph.snapshot();
                CatalogCommit head = graph.catalog().snapshot().head();
                for (int tries = 0; !head.id().equals(snapshot.commitId()) && tries < 3; tries++) {
                    snapshot = graph.snapshot(); // another writer committed between the two reads
                    head = graph.catalog().snapshot().head();
                }
                List<String> pending = graph.catalog().pendingSidecars();
                String hash = snapshot.schema().contentHash();
                if (json) {
                    ObjectNode node = Json.object();
                    node.put("root", root.root);
                    node.putObject("head")
                            .put("id", snapshot.commitId())
                            .put("time", head.time().toString())
                            .put("actor", head.actor())
                            .put("message", head.message());
                    node.put("schema_hash", hash);
                    ArrayNode types = node.putArray("types");
                    for (NodeType n : snapshot.schema().nodes()) {
                        types.addObject()
                                .put("type", n.name())
                                .put("kind", "node")
                                .put("table", n.tableKey())
                                .put("rows", snapshot.count(n.name()));
                    }
                    for (EdgeType e : snapshot.schema().edges()) {
                        types.addObject()
                                .put("type", e.name())
                                .put("kind", "edge")
                                .put("table", e.tableKey())
                                .put("rows", snapshot.count(e.name()));
                    }
                    ArrayNode sidecars = node.putArray("pending_sidecars");
                    pending.forEach(sidecars::add);
                    Json.print(out, node);
                    return 0;
                }
                out.println("graph " + root.root + " at commit " + snapshot.commitId() + " (" + head.time() + ", "
                        + Printable.escape(head.actor()) + ": " + Printable.escape(head.message()) + ")");
                out.println("schema " + hash);
                TextTable counted = new TextTable("TYPE", "KIND", "ROWS", "TABLE");
                for (NodeType n : snapshot.schema().nodes()) {
                    counted.row(n.name(), "node", snapshot.count(n.name()), n.tableKey());
                }
                for (EdgeType e : snapshot.schema().edges()) {
                    counted.row(e.name(), "edge", snapshot.count(e.name()), e.tableKey());
                }
                counted.print(out);
                out.println(
                        pending.isEmpty()
                                ? "no pending operations"
                                : pending.size() + " pending operation(s): " + String.join(", ", pending)
                                        + " (a read-write open recovers them once their lease expires;"
                                        + " see 'plainlance catalog recover')");
            }
            return 0;
        }
    }
}
