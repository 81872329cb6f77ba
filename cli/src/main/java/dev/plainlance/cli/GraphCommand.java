package dev.plainlance.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.ChangeCounts;
import dev.plainlance.graph.Entity;
import dev.plainlance.graph.EntityChange;
import dev.plainlance.graph.EntityJson;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphCommit;
import dev.plainlance.graph.GraphDiff;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.SchemaException;
import dev.plainlance.graph.schema.SchemaParser;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plainlance graph ...}: a property graph stored as Lance tables in a catalog (the {@code graph} module).
 * Commands that only read ({@code get}, {@code export}, {@code log}, {@code diff}, {@code status}, {@code query},
 * {@code lint}, {@code schema show|plan}) open the graph read-only and never write.
 */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        description = "Create, load, change and inspect a property graph stored as Lance tables in a catalog.",
        subcommands = {
            GraphWriteCommands.Init.class,
            GraphWriteCommands.Load.class,
            GraphReadCommands.Get.class,
            GraphWriteCommands.Delete.class,
            GraphWriteCommands.Index.class,
            GraphReadCommands.Export.class,
            GraphReadCommands.Log.class,
            GraphReadCommands.Diff.class,
            GraphReadCommands.Status.class,
            GraphQueryCommands.Query.class,
            GraphQueryCommands.Mutate.class,
            GraphLintCommand.class,
            GraphSchemaCommand.class,
            GraphBranchCommands.Branch.class,
            GraphBranchCommands.Merge.class
        })
final class GraphCommand {
    /** Compact JSON, one object per line. */
    static final ObjectMapper LINE = new ObjectMapper();

    private GraphCommand() {}

    /** The graph root argument and the options every graph command shares. */
    static final class RootOption {
        @Parameters(index = "0", paramLabel = "ROOT", description = "Graph folder (a catalog) or file:// URI.")
        String root;

        @Option(
                names = "--lease-seconds",
                paramLabel = "S",
                description = "Read-write opens leave pending operations younger than this to their writer"
                        + " (default 30).")
        long leaseSeconds = 30;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Option(names = "--branch", paramLabel = "B", description = "The branch to read and write (default main).")
        String branch = "main";

        Storage storage() {
            return Storages.forUri(root);
        }

        RecoveryOptions options() {
            return RecoveryOptions.defaults().withLease(Duration.ofSeconds(leaseSeconds));
        }

        Graph open(OpenMode mode) {
            return Graph.open(storage(), mode, options(), branch);
        }
    }

    /** Who a write is recorded as when {@code --actor} is not given. */
    static String defaultActor() {
        return System.getProperty("user.name", "unknown");
    }

    /**
     * Reads and checks a {@code .pg} file; on errors prints every one (one line each) to {@code err} and throws the
     * {@link SchemaException}, whose one-line summary the error reporter prints last.
     */
    static GraphSchema readSchema(Path file, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("schema file " + file + " does not exist");
        }
        try {
            return SchemaParser.parse(Files.readString(file), file.toString());
        } catch (SchemaException e) {
            printAll(err, e.errors().stream().map(x -> x.oneLine()).toList());
            throw e;
        }
    }

    /** Problem lines (each escaped, one per line) printed before the one-line summary when there are several. */
    static void printAll(PrintWriter err, List<String> lines) {
        if (lines.size() > 1) {
            lines.forEach(l -> err.println(Printable.escape(l.replace('\n', ' '))));
            err.flush();
        }
    }

    /** {@code Person +4 ~1 -2, Knows -3}: inserted, updated, deleted per type, zero counts left out. */
    static String changes(SortedMap<String, ChangeCounts> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((type, c) -> {
            StringBuilder part = new StringBuilder(type);
            if (c.inserted() != 0) {
                part.append(" +").append(c.inserted());
            }
            if (c.updated() != 0) {
                part.append(" ~").append(c.updated());
            }
            if (c.deleted() != 0) {
                part.append(" -").append(c.deleted());
            }
            if (!c.isEmpty()) {
                parts.add(part.toString());
            }
        });
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** A table of per type counts. */
    static void printCounts(PrintWriter out, SortedMap<String, ChangeCounts> counts) {
        TextTable table = new TextTable("TYPE", "INSERTED", "UPDATED", "DELETED");
        counts.forEach((type, c) -> table.row(type, c.inserted(), c.updated(), c.deleted()));
        table.print(out);
    }

    static ObjectNode countsJson(SortedMap<String, ChangeCounts> counts) {
        ObjectNode node = LINE.createObjectNode();
        counts.forEach((type, c) -> node.putObject(type)
                .put("inserted", c.inserted())
                .put("updated", c.updated())
                .put("deleted", c.deleted()));
        return node;
    }

    static ObjectNode commitJson(GraphCommit commit) {
        ObjectNode node = LINE.createObjectNode();
        node.put("id", commit.id());
        node.put("time", commit.time().toString());
        node.put("actor", commit.actor());
        node.put("message", commit.message());
        node.put("branch", commit.branch());
        ArrayNode parents = node.putArray("parents");
        commit.parents().forEach(parents::add);
        node.set("changes", countsJson(commit.changes()));
        return node;
    }

    /**
     * The history as a table, newest first; a merge commit lists its second parent (the merged branch's head) under
     * MERGED, whose own commits follow it in the table.
     */
    static void printLog(PrintWriter out, List<GraphCommit> commits) {
        boolean merges = commits.stream().anyMatch(c -> c.parents().size() > 1);
        TextTable table = merges
                ? new TextTable("COMMIT", "MERGED", "TIME", "ACTOR", "MESSAGE", "CHANGES")
                : new TextTable("COMMIT", "TIME", "ACTOR", "MESSAGE", "CHANGES");
        for (GraphCommit c : commits) {
            String message = Printable.escape(c.message());
            if (merges) {
                String merged = c.parents().size() > 1
                        ? String.join(" ", c.parents().subList(1, c.parents().size()))
                        : "";
                table.row(c.id(), merged, c.time(), c.actor(), message, changes(c.changes()));
            } else {
                table.row(c.id(), c.time(), c.actor(), message, changes(c.changes()));
            }
        }
        table.print(out);
    }

    /**
     * One line per change ({@code inserted Person Eve}; an edge with its endpoints, {@code deleted Knows ID (Alice ->
     * Bob)}), then the per type counts.
     */
    static void printDiff(PrintWriter out, GraphDiff diff) {
        if (diff.changes().isEmpty()) {
            out.println("no changes from " + diff.fromCommit() + " to " + diff.toCommit());
            return;
        }
        out.println("changes from " + diff.fromCommit() + " to " + diff.toCommit() + ":");
        for (EntityChange c : diff.changes()) {
            Entity entity = c.after() != null ? c.after() : c.before();
            String ends = entity != null && entity.isEdge() ? " (" + entity.src() + " -> " + entity.dst() + ")" : "";
            out.println("  " + kind(c) + " " + c.type() + " " + Printable.escape(c.id() + ends));
        }
        printCounts(out, diff.counts());
    }

    static ObjectNode diffJson(GraphDiff diff, GraphSchema fromSchema, GraphSchema toSchema) {
        ObjectNode node = LINE.createObjectNode();
        node.put("from", diff.fromCommit());
        node.put("to", diff.toCommit());
        node.set("counts", countsJson(diff.counts()));
        ArrayNode changes = node.putArray("changes");
        for (EntityChange c : diff.changes()) {
            ObjectNode change = changes.addObject();
            change.put("kind", kind(c));
            change.put("type", c.type());
            change.put("id", c.id());
            if (c.before() != null) {
                change.set("before", EntityJson.line(c.before(), fromSchema));
            }
            if (c.after() != null) {
                change.set("after", EntityJson.line(c.after(), toSchema));
            }
        }
        return node;
    }

    static String kind(EntityChange c) {
        return c.kind().name().toLowerCase(Locale.ROOT);
    }

    /** {@code node} as one line of compact JSON. */
    static String line(Object node) {
        try {
            return LINE.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    /** The per type counts of a commit, for printing after a write: every type named, in order. */
    static SortedMap<String, ChangeCounts> nonEmpty(SortedMap<String, ChangeCounts> counts) {
        SortedMap<String, ChangeCounts> out = new java.util.TreeMap<>();
        for (Map.Entry<String, ChangeCounts> e : counts.entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
