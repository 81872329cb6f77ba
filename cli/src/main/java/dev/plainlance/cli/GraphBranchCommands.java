package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.GraphBranch;
import dev.plainlance.graph.MergeConflict;
import dev.plainlance.graph.MergeConflictException;
import dev.plainlance.graph.MergeResult;
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

/** {@code plainlance graph branch create|list|delete} and {@code plainlance graph merge}. */
final class GraphBranchCommands {
    private GraphBranchCommands() {}

    @Command(
            name = "branch",
            mixinStandardHelpOptions = true,
            description = "Create, list and delete branches of a graph.",
            subcommands = {Create.class, ListBranches.class, Delete.class})
    static final class Branch {}

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create branch NAME from the head of --branch (default main) or from commit --from. Nothing"
                    + " is copied: each table forks on its first write on the new branch.")
    static final class Create implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Parameters(index = "1", paramLabel = "NAME", description = "The new branch.")
        String name;

        @Option(names = "--from", paramLabel = "COMMIT", description = "Start at this commit (of any branch).")
        String from;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who creates it; recorded in the catalog log.")
        String actor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                GraphBranch branch = graph.createBranch(
                        name, Optional.ofNullable(from), actor == null ? GraphCommand.defaultActor() : actor);
                spec.commandLine()
                        .getOut()
                        .println("created branch " + branch.name() + " from "
                                + branch.parent().orElse("main") + " at commit " + branch.head());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every branch with its head commit.")
    static final class ListBranches implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--json", description = "One JSON object per branch, one per line.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                List<GraphBranch> branches = graph.branches();
                if (json) {
                    for (GraphBranch b : branches) {
                        ObjectNode node = GraphCommand.LINE.createObjectNode();
                        node.put("name", b.name());
                        node.put("head", b.head());
                        b.parent().ifPresentOrElse(p -> node.put("parent", p), () -> node.putNull("parent"));
                        b.forkCommit()
                                .ifPresentOrElse(c -> node.put("fork_commit", c), () -> node.putNull("fork_commit"));
                        out.println(GraphCommand.line(node));
                    }
                } else {
                    TextTable table = new TextTable("BRANCH", "HEAD", "FROM", "FORK COMMIT");
                    branches.forEach(b -> table.row(
                            b.name(),
                            b.head(),
                            b.parent().orElse("-"),
                            b.forkCommit().orElse("-")));
                    table.print(out);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete branch NAME; main and other branches keep every file they read.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Parameters(index = "1", paramLabel = "NAME", description = "The branch to delete.")
        String name;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who deletes it; recorded in the catalog log.")
        String actor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                graph.deleteBranch(name, actor == null ? GraphCommand.defaultActor() : actor);
                spec.commandLine().getOut().println("deleted branch " + name);
            }
            return 0;
        }
    }

    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description = "Merge branch SOURCE into --into (default main): up to date, a fast-forward, or a three-way"
                    + " merge by entity id as one commit. Conflicts are listed, one per line, and nothing is written"
                    + " (exit status 1).")
    static final class Merge implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Parameters(index = "1", paramLabel = "SOURCE", description = "The branch to merge.")
        String source;

        @Option(names = "--into", paramLabel = "TARGET", description = "The branch to merge into (default main).")
        String into = "main";

        @Option(names = "--actor", paramLabel = "NAME", description = "Who merges; recorded in the log.")
        String actor;

        @Option(names = "--json", description = "Print one JSON object: the outcome, or the conflicts.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            root.branch = into;
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                MergeResult result;
                try {
                    result = graph.merge(source, actor == null ? GraphCommand.defaultActor() : actor);
                } catch (MergeConflictException e) {
                    if (!json) {
                        GraphCommand.printAll(
                                spec.commandLine().getErr(),
                                e.conflicts().stream()
                                        .map(MergeConflict::toString)
                                        .toList());
                        throw e;
                    }
                    ObjectNode node = GraphCommand.LINE.createObjectNode();
                    node.put("outcome", "conflicts");
                    ArrayNode conflicts = node.putArray("conflicts");
                    for (MergeConflict c : e.conflicts()) {
                        conflicts
                                .addObject()
                                .put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT))
                                .put("type", c.type())
                                .put("id", c.id())
                                .put("detail", c.detail());
                    }
                    out.println(GraphCommand.line(node));
                    return 1;
                }
                if (json) {
                    ObjectNode node = GraphCommand.LINE.createObjectNode();
                    node.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
                    node.put("source", result.source());
                    node.put("target", result.target());
                    node.put("base", result.baseCommit());
                    node.put("commit", result.commitId());
                    node.set("applied", GraphCommand.countsJson(result.applied()));
                    node.put("rows_read", result.rowsRead());
                    out.println(GraphCommand.line(node));
                } else {
                    switch (result.outcome()) {
                        case ALREADY_UP_TO_DATE ->
                            out.println(into + " is up to date with " + source + " (commit " + result.commitId() + ")");
                        case FAST_FORWARD, MERGED -> {
                            out.println(
                                    (result.outcome() == MergeResult.Outcome.FAST_FORWARD ? "fast-forward" : "merged")
                                            + " " + source + " into " + into + ": "
                                            + Printable.escape(GraphCommand.changes(result.applied())));
                            out.println(
                                    "commit " + result.commitId() + " (common ancestor " + result.baseCommit() + ")");
                        }
                    }
                }
            }
            return 0;
        }
    }
}
