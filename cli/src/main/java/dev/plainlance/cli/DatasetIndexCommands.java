package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.index.Index;
import dev.plainlance.lance.index.IndexDescription;
import dev.plainlance.lance.index.IndexParams;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.index.OptimizeOptions;
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

/** {@code plainlance dataset index create|list|drop|optimize}: BTREE and BITMAP scalar indices. */
final class DatasetIndexCommands {
    private DatasetIndexCommands() {}

    /** The index types the CLI builds. */
    enum Kind {
        btree(IndexType.BTREE),
        bitmap(IndexType.BITMAP);

        final IndexType type;

        Kind(IndexType type) {
            this.type = type;
        }
    }

    @Command(
            name = "index",
            mixinStandardHelpOptions = true,
            description = "Create, list, drop or optimize scalar indices (BTREE, BITMAP).",
            subcommands = {Create.class, ListIndices.class, Drop.class, Optimize.class})
    static final class IndexCommand {}

    /** {@code dataset index create URI COLUMN [--type btree|bitmap] [--name N] [--replace]}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Build an index on a column over every fragment, as a new version.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Parameters(index = "1", paramLabel = "COLUMN", description = "The column to index.")
        String column;

        @Option(names = "--type", paramLabel = "TYPE", description = "btree (default) or bitmap.")
        Kind kind = Kind.btree;

        @Option(names = "--name", paramLabel = "NAME", description = "Index name (default: COLUMN_idx).")
        String name;

        @Option(names = "--replace", description = "Replace an index of the same name.")
        boolean replace;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset dataset = Dataset.open(uri)) {
                Index index = dataset.createIndex(
                        List.of(column), kind.type, Optional.ofNullable(name), IndexParams.defaults(), replace);
                spec.commandLine()
                        .getOut()
                        .println("created " + kind + " index " + index.name() + " on " + column + " at version "
                                + dataset.version());
            }
            return 0;
        }
    }

    /** {@code dataset index list URI [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the indices of a dataset.")
    static final class ListIndices implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Mixin
        CommonOptions common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Dataset dataset = Dataset.open(uri)) {
                long total = dataset.countRows();
                if (common.json) {
                    ArrayNode indices = Json.MAPPER.createArrayNode();
                    for (IndexDescription d : dataset.describeIndices()) {
                        ObjectNode node = indices.addObject();
                        node.put("name", d.getName());
                        node.put("type", d.getIndexType());
                        node.put("typeUrl", d.getTypeUrl());
                        ArrayNode fields = node.putArray("fieldIds");
                        d.getFieldIds().forEach(fields::add);
                        node.put("segments", d.getSegments().size());
                        node.put("indexedRows", d.getRowsIndexed());
                        node.put("unindexedRows", total - d.getRowsIndexed());
                    }
                    Json.print(out, indices);
                } else {
                    TextTable table =
                            new TextTable("NAME", "TYPE", "FIELD IDS", "SEGMENTS", "INDEXED ROWS", "UNINDEXED ROWS");
                    for (IndexDescription d : dataset.describeIndices()) {
                        table.row(
                                d.getName(),
                                d.getIndexType(),
                                d.getFieldIds(),
                                d.getSegments().size(),
                                d.getRowsIndexed(),
                                total - d.getRowsIndexed());
                    }
                    table.print(out);
                }
            }
            return 0;
        }
    }

    /** {@code dataset index drop URI NAME}. */
    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop an index, as a new version.")
    static final class Drop implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Parameters(index = "1", paramLabel = "NAME", description = "The index.")
        String name;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset dataset = Dataset.open(uri)) {
                dataset.dropIndex(name);
                spec.commandLine().getOut().println("dropped index " + name + " at version " + dataset.version());
            }
            return 0;
        }
    }

    /** {@code dataset index optimize URI [NAME...]}. */
    @Command(
            name = "optimize",
            mixinStandardHelpOptions = true,
            description = "Fold fragments appended since an index was built into it (all BTREE and BITMAP indices"
                    + " unless named).")
    static final class Optimize implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Parameters(index = "1..*", paramLabel = "NAME", description = "Indices to optimize.")
        List<String> names;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset dataset = Dataset.open(uri)) {
                long before = dataset.version();
                dataset.optimizeIndices(
                        names == null || names.isEmpty() ? OptimizeOptions.all() : OptimizeOptions.of(names));
                spec.commandLine()
                        .getOut()
                        .println(
                                dataset.version() == before
                                        ? "indices already cover every fragment"
                                        : "optimized indices at version " + dataset.version());
            }
            return 0;
        }
    }
}
