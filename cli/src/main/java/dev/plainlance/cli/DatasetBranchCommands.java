package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Ref;
import dev.plainlance.lance.Version;
import dev.plainlance.lance.table.Branch;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plainlance dataset branch create|list|delete|checkout}: Lance branches ({@code tree/{name}}). */
final class DatasetBranchCommands {
    private DatasetBranchCommands() {}

    @Command(
            name = "branch",
            mixinStandardHelpOptions = true,
            description = "Create, list, delete or check out branches.",
            subcommands = {Create.class, ListBranches.class, Delete.class, Checkout.class})
    static final class BranchCommand {}

    /** {@code dataset branch create URI NAME [--from-version V | --from-tag T] [--from-branch B]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a branch from a version of main, of another branch, or from a tag.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI (its main root).")
        String uri;

        @Parameters(index = "1", paramLabel = "NAME", description = "The new branch.")
        String name;

        @Option(names = "--from-version", paramLabel = "V", description = "Source version (default: the latest).")
        Long version;

        @Option(names = "--from-tag", paramLabel = "T", description = "Start from the version tag T names.")
        String tag;

        @Option(names = "--from-branch", paramLabel = "B", description = "Source branch (default: main).")
        String from;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Ref source;
            if (tag != null) {
                if (version != null || from != null) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--from-tag cannot be combined with --from-version or --from-branch");
                }
                source = Ref.ofTag(tag);
            } else if (from != null) {
                source = version == null ? Ref.ofBranch(from) : Ref.ofBranch(from, version);
            } else {
                source = version == null ? Ref.ofMain() : Ref.ofMain(version);
            }
            try (Dataset main = Dataset.open(uri);
                    Dataset branch = main.createBranch(name, source)) {
                spec.commandLine()
                        .getOut()
                        .println("created branch " + name + " from " + source + " at version " + branch.version() + " ("
                                + branch.uri() + ")");
            }
            return 0;
        }
    }

    /** {@code dataset branch list URI [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the branches of a dataset.")
    static final class ListBranches implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI (its main root).")
        String uri;

        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Dataset main = Dataset.open(uri)) {
                if (common.json) {
                    ArrayNode branches = Json.MAPPER.createArrayNode();
                    for (Branch b : main.branches().list()) {
                        ObjectNode node = branches.addObject();
                        node.put("name", b.name());
                        if (b.parentBranch().isPresent()) {
                            node.put("parentBranch", b.parentBranch().get());
                        } else {
                            node.putNull("parentBranch");
                        }
                        node.put("parentVersion", b.parentVersion());
                        node.put("createAt", b.createAt());
                        ObjectNode metadata = node.putObject("metadata");
                        b.metadata().forEach(metadata::put);
                    }
                    Json.print(out, branches);
                } else {
                    TextTable table = new TextTable("BRANCH", "PARENT", "PARENT VERSION", "CREATED (UTC)");
                    for (Branch b : main.branches().list()) {
                        table.row(
                                b.name(),
                                b.parentBranch().orElse("main"),
                                b.parentVersion(),
                                Instant.ofEpochSecond(b.createAt()));
                    }
                    table.print(out);
                }
            }
            return 0;
        }
    }

    /** {@code dataset branch delete URI NAME}. */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a branch: its file and its tree/NAME root; the data it inherited stays.")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI (its main root).")
        String uri;

        @Parameters(index = "1", paramLabel = "NAME", description = "The branch.")
        String name;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset main = Dataset.open(uri)) {
                main.branches().delete(name);
            }
            spec.commandLine().getOut().println("deleted branch " + name);
            return 0;
        }
    }

    /** {@code dataset branch checkout URI NAME}: the branch's latest version. */
    @Command(
            name = "checkout",
            mixinStandardHelpOptions = true,
            description = "Show the latest version of a branch and where its root is.")
    static final class Checkout implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI (its main root).")
        String uri;

        @Parameters(index = "1", paramLabel = "NAME", description = "The branch.")
        String name;

        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Dataset main = Dataset.open(uri);
                    Dataset branch = main.checkout(Ref.ofBranch(name))) {
                Version v = branch.getVersion();
                if (common.json) {
                    ObjectNode node = Json.object();
                    node.put("branch", name);
                    node.put("uri", branch.uri());
                    node.put("version", v.id());
                    node.put("timestamp", v.dataTime().toInstant().toString());
                    node.put("rows", v.summary().totalRows());
                    node.put("fragments", v.summary().totalFragments());
                    Json.print(out, node);
                } else {
                    out.println("branch " + name + " at version " + v.id() + " ("
                            + v.dataTime().toInstant() + "): " + v.summary().totalRows() + " rows in "
                            + v.summary().totalFragments() + " fragments; root " + branch.uri());
                }
            }
            return 0;
        }
    }
}
