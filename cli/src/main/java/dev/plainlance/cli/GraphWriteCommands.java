package dev.plainlance.cli;

import dev.plainlance.cli.parquet.ParquetArrowReader;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphCommit;
import dev.plainlance.graph.GraphLoadException;
import dev.plainlance.graph.GraphTransaction;
import dev.plainlance.graph.LoadMode;
import dev.plainlance.graph.LoadProblem;
import dev.plainlance.graph.LoadResult;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.recovery.OpenMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The graph commands that write: each change is one commit, and each prints what it did and the commit id. */
final class GraphWriteCommands {
    private GraphWriteCommands() {}

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            description = "Create a graph: a new catalog holding the schema and an empty table per node and edge type,"
                    + " in one commit. A schema with errors writes nothing.")
    static final class Init implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--schema", required = true, paramLabel = "F.pg", description = "The schema (.pg).")
        Path schema;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who creates it; recorded in the log.")
        String actor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            GraphSchema checked =
                    GraphCommand.readSchema(schema, spec.commandLine().getErr());
            String who = actor == null ? GraphCommand.defaultActor() : actor;
            if (!root.branch.equals("main")) {
                throw new IllegalArgumentException("a graph is created on main; --branch does not apply to graph init");
            }
            try (Graph graph = Graph.init(root.storage(), checked.toSource(), schema.toString(), root.options(), who)) {
                out.println(
                        "created graph " + root.root + ": " + checked.nodes().size() + " node types, "
                                + checked.edges().size() + " edge types, schema " + checked.contentHash());
                out.println("commit " + graph.snapshot().commitId());
            }
            return 0;
        }
    }

    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            description = {
                "Load nodes and edges from NDJSON, Parquet or Arrow IPC as one commit, all checked first.",
                "NDJSON (.jsonl, .ndjson): {\"type\":T,\"data\":{..}} nodes and {\"edge\":E,\"from\":ID,\"to\":ID,",
                "\"data\":{..}} edges, as 'graph export' writes them. Parquet (.parquet) or Arrow IPC (.arrow file;",
                ".arrows or .ipc stream): rows of the one type --type names, columns named as its properties (edges",
                "add from and to). A refused load prints each problem (file:line) and changes nothing."
            })
    static final class Load implements Callable<Integer> {
        enum Mode {
            overwrite,
            append,
            merge
        }

        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "The input file.")
        Path data;

        @Option(
                names = "--type",
                paramLabel = "T",
                description = "The node or edge type of table input (required there); with NDJSON, load only"
                        + " lines of this type (with overwrite: replace only its table).")
        String type;

        @Option(
                names = "--mode",
                paramLabel = "MODE",
                description = "append (default: a key that exists is an error), merge (upsert by key) or"
                        + " overwrite (replace the loaded types' tables).")
        Mode mode = Mode.append;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who loads; recorded in the log.")
        String actor;

        @Option(names = "--message", paramLabel = "TEXT", description = "Log message.")
        String message;

        @Option(
                names = "--max-errors",
                paramLabel = "N",
                description =
                        "Report at most N problems of a refused load (default " + Graph.DEFAULT_MAX_PROBLEMS + ").")
        int maxErrors = Graph.DEFAULT_MAX_PROBLEMS;

        @Spec
        CommandSpec spec;

        private enum Format {
            NDJSON,
            PARQUET,
            ARROW_FILE,
            ARROW_STREAM
        }

        @Override
        public Integer call() throws IOException {
            CommandLine cli = spec.commandLine();
            if (maxErrors < 1) {
                throw new CommandLine.ParameterException(cli, "--max-errors must be at least 1, not " + maxErrors);
            }
            Format format = format(data, cli);
            if (format != Format.NDJSON && type == null) {
                throw new CommandLine.ParameterException(
                        cli, "--type T is required to load " + data + " (table input holds one type)");
            }
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException("input file " + data + " does not exist");
            }
            LoadMode loadMode = LoadMode.valueOf(mode.name().toUpperCase(Locale.ROOT));
            String who = actor == null ? GraphCommand.defaultActor() : actor;
            String what = message == null ? "graph load " + data.getFileName() + " (" + mode + ")" : message;
            String where = data.toString();
            PrintWriter err = cli.getErr();
            TerminalProgress progress = TerminalProgress.of(err, format == Format.NDJSON ? "lines read" : "rows read");
            LoadResult result;
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                if (format == Format.NDJSON) {
                    try (BufferedReader lines = Files.newBufferedReader(data)) {
                        result = graph.load(
                                lines, where, loadMode, Optional.ofNullable(type), who, what, maxErrors, progress::at);
                    }
                } else {
                    try (BufferAllocator allocator = new RootAllocator();
                            ArrowReader rows = DatasetMutationCommands.Write.withProgress(
                                    open(format, data, allocator), progress, allocator)) {
                        result = graph.loadTable(type, rows, where, loadMode, who, what, maxErrors);
                    }
                }
            } catch (GraphLoadException e) {
                progress.done();
                for (LoadProblem problem : e.problems()) {
                    err.println(Printable.escape(problem.oneLine().replace('\n', ' ')));
                }
                err.flush();
                throw e;
            }
            progress.done();
            PrintWriter out = cli.getOut();
            if (GraphCommand.nonEmpty(result.changes()).isEmpty()) {
                out.println("loaded nothing from " + data + ": the graph stays at commit "
                        + result.commit().id());
                return 0;
            }
            out.println("loaded " + data + " (" + mode + "):");
            GraphCommand.printCounts(out, result.changes());
            out.println("commit " + result.commit().id());
            return 0;
        }

        private static Format format(Path data, CommandLine cli) {
            String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                return Format.NDJSON;
            }
            if (name.endsWith(".parquet")) {
                return Format.PARQUET;
            }
            if (name.endsWith(".arrow")) {
                return Format.ARROW_FILE;
            }
            if (name.endsWith(".arrows") || name.endsWith(".ipc")) {
                return Format.ARROW_STREAM;
            }
            throw new CommandLine.ParameterException(
                    cli,
                    "cannot tell the format of " + data
                            + ": use .jsonl or .ndjson (NDJSON), .parquet, .arrow (Arrow IPC file), .arrows or .ipc"
                            + " (Arrow IPC stream)");
        }

        private static ArrowReader open(Format format, Path data, BufferAllocator allocator) throws IOException {
            return switch (format) {
                case PARQUET -> ParquetArrowReader.open(data, 64 * 1024, allocator);
                case ARROW_FILE -> new ArrowFileReader(FileChannel.open(data, StandardOpenOption.READ), allocator);
                case ARROW_STREAM -> new ArrowStreamReader(Files.newInputStream(data), allocator);
                case NDJSON -> throw new IllegalStateException("NDJSON is not table input");
            };
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete the nodes of a node type matching a SQL predicate, with every edge touching them, or"
                    + " the edges of an edge type matching it, as one commit.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Parameters(index = "1", paramLabel = "TYPE", description = "Node or edge type.")
        String type;

        @Option(
                names = "--where",
                required = true,
                paramLabel = "SQL",
                description = "Which to delete, e.g. \"name = 'Bob'\" (edges: src, dst, id and properties).")
        String where;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who deletes; recorded in the log.")
        String actor;

        @Option(names = "--message", paramLabel = "TEXT", description = "Log message.")
        String message;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String who = actor == null ? GraphCommand.defaultActor() : actor;
            try (Graph graph = root.open(OpenMode.READ_WRITE);
                    GraphTransaction tx = graph.begin(who)) {
                boolean edge = graph.schema().edge(type).isPresent();
                long deleted = edge ? tx.deleteEdges(type, where) : tx.delete(type, where);
                tx.message(message == null ? "graph delete " + type + " where " + where : message);
                GraphCommit commit = tx.commit();
                if (deleted == 0) {
                    out.println("no " + type + " matches: nothing deleted, the graph stays at commit " + commit.id());
                    return 0;
                }
                out.println("deleted " + deleted + " " + type + (edge ? " edge" : " node") + (deleted == 1 ? "" : "s")
                        + ":");
                GraphCommand.printCounts(out, commit.changes());
                out.println("commit " + commit.id());
            }
            return 0;
        }
    }

    @Command(
            name = "index",
            mixinStandardHelpOptions = true,
            description = "Build BTREE indices on the id column of every table and the src and dst columns of every"
                    + " edge table (as Omnigraph keeps them), so key lookups and the edges a node deletion removes are"
                    + " found without reading whole columns. Rows written later are not covered until the next run.")
    static final class Index implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who indexes; recorded in the log.")
        String actor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String who = actor == null ? GraphCommand.defaultActor() : actor;
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                int built = graph.createIndices(who);
                spec.commandLine()
                        .getOut()
                        .println(
                                built == 0
                                        ? "no rows to index: the graph is empty"
                                        : "built " + built + " BTREE ind" + (built == 1 ? "ex" : "ices")
                                                + " over every stored row");
            }
            return 0;
        }
    }
}
