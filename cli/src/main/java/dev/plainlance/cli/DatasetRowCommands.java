package dev.plainlance.cli;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.lance.merge.MergeInsertStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Commands that rewrite rows: {@code dataset update} and {@code dataset merge-insert}. */
final class DatasetRowCommands {
    private DatasetRowCommands() {}

    /** {@code dataset update URI --set COL=SQL ... [--where SQL]}. */
    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Set columns to SQL expressions of the old values in the rows matching --where (all rows"
                    + " without it), as one new version.")
    static final class Update implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(
                names = "--set",
                required = true,
                paramLabel = "COL=SQL",
                description = "A column and its new value, e.g. \"price=price * 1.1\" (repeatable).")
        List<String> assignments;

        @Option(names = "--where", paramLabel = "SQL", description = "Rows to update, e.g. \"id < 10\".")
        String where;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> updates = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--set needs COL=SQL, got '" + assignment + "'");
                }
                if (updates.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1)) != null) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "column '" + assignment.substring(0, eq).trim() + "' is set twice");
                }
            }
            try (Dataset ds = Dataset.open(uri)) {
                long updated = ds.update(Optional.ofNullable(where), updates);
                spec.commandLine()
                        .getOut()
                        .println("updated " + updated + " rows: version " + ds.version() + " has " + ds.countRows()
                                + " rows");
            }
            return 0;
        }
    }

    /** {@code dataset merge-insert URI --input F --on COL[,COL] [--when-matched ...] ...}. */
    @Command(
            name = "merge-insert",
            mixinStandardHelpOptions = true,
            description = "Merge the rows of a file into a dataset on key columns (upsert by default), as one new"
                    + " version.")
    static final class MergeInsert implements Callable<Integer> {
        enum Matched {
            update,
            nothing,
            delete,
            fail
        }

        enum NotMatched {
            insert,
            nothing
        }

        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = InputFiles.DESCRIPTION)
        Path input;

        @Option(names = "--schema", paramLabel = "FILE", description = InputFiles.SCHEMA_DESCRIPTION)
        Path schema;

        @Option(
                names = "--on",
                required = true,
                split = ",",
                paramLabel = "COL",
                description = "Key columns rows are matched on.")
        List<String> on;

        @Option(
                names = "--when-matched",
                paramLabel = "ACTION",
                description = "update (default): replace the row; nothing; delete; fail.")
        Matched whenMatched = Matched.update;

        @Option(
                names = "--update-if",
                paramLabel = "SQL",
                description = "Update a matched row only where SQL holds, naming target.COL and source.COL (with"
                        + " --when-matched update).")
        String updateIf;

        @Option(names = "--when-not-matched", paramLabel = "ACTION", description = "insert (default) or nothing.")
        NotMatched whenNotMatched = NotMatched.insert;

        @Option(
                names = "--delete-not-matched-by-source",
                arity = "0..1",
                fallbackValue = "",
                paramLabel = "SQL",
                description = "Delete target rows no input row matches (only those matching SQL, if given).")
        String deleteNotMatchedBySource;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            MergeInsertParams params = new MergeInsertParams(on);
            if (updateIf != null && whenMatched != Matched.update) {
                throw new ParameterException(
                        spec.commandLine(), "--update-if applies to --when-matched update, not " + whenMatched);
            }
            switch (whenMatched) {
                case update -> {
                    if (updateIf == null) {
                        params.withMatchedUpdateAll();
                    } else {
                        params.withMatchedUpdateIf(updateIf);
                    }
                }
                case nothing -> params.withMatchedDoNothing();
                case delete -> params.withMatchedDelete();
                case fail -> params.withMatchedFail();
            }
            params.withNotMatched(
                    whenNotMatched == NotMatched.insert
                            ? MergeInsertParams.WhenNotMatched.InsertAll
                            : MergeInsertParams.WhenNotMatched.DoNothing);
            if (deleteNotMatchedBySource != null) {
                if (deleteNotMatchedBySource.isBlank()) {
                    params.withNotMatchedBySourceDelete();
                } else {
                    params.withNotMatchedBySourceDeleteIf(deleteNotMatchedBySource);
                }
            }
            try (BufferAllocator allocator = new RootAllocator();
                    ArrowReader source = InputFiles.open(input, schema, spec.commandLine(), allocator);
                    Dataset ds = Dataset.open(uri, allocator);
                    MergeInsertResult result = ds.mergeInsert(params, source)) {
                MergeInsertStats stats = result.stats();
                spec.commandLine()
                        .getOut()
                        .println("merged into version " + result.dataset().version() + ": "
                                + stats.numInsertedRows() + " inserted, " + stats.numUpdatedRows() + " updated, "
                                + stats.numDeletedRows() + " deleted; "
                                + result.dataset().countRows() + " rows");
            }
            return 0;
        }
    }
}
