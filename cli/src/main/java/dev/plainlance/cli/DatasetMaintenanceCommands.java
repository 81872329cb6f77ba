package dev.plainlance.cli;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.lance.maintenance.RemovalStats;
import dev.plainlance.lance.schema.SqlExpressions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Schema evolution and maintenance: add-columns, drop-columns, compact, cleanup. Each prints what it did. */
final class DatasetMaintenanceCommands {
    private DatasetMaintenanceCommands() {}

    /** {@code dataset compact URI [--target-rows-per-fragment N]}. */
    @Command(
            name = "compact",
            mixinStandardHelpOptions = true,
            description = "Rewrite small fragments and fragments with many deleted rows into larger ones.")
    static final class Compact implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Mixin
        CompactionFlags compaction;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CatalogTableGuard.refuse(uri, "compact");
            TerminalProgress progress = TerminalProgress.of(spec.commandLine().getErr(), "fragment runs rewritten");
            try (Dataset ds = Dataset.open(uri)) {
                CompactionMetrics m = ds.compact(compaction.options(), progress::show);
                progress.done();
                spec.commandLine()
                        .getOut()
                        .println(
                                m.equals(CompactionMetrics.NONE)
                                        ? "nothing to compact: version " + ds.version() + " is unchanged"
                                        : "compacted " + m.fragmentsRemoved() + " fragments (" + m.filesRemoved()
                                                + " files) into " + m.fragmentsAdded() + " (" + m.filesAdded()
                                                + " files): version " + ds.version());
            }
            return 0;
        }
    }

    /** {@code dataset cleanup URI --older-than D --keep N}. */
    @Command(
            name = "cleanup",
            mixinStandardHelpOptions = true,
            description = "Delete old versions and the files only they use. The latest and tagged versions stay.")
    static final class Cleanup implements Callable<Integer> {
        private static final Pattern DURATION = Pattern.compile("(\\d+)([dhms])");

        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(
                names = "--older-than",
                required = true,
                paramLabel = "D",
                description = "Only versions older than this: e.g. 7d, 12h, 30m, 45s.")
        String olderThan;

        @Option(names = "--keep", paramLabel = "N", description = "Always keep the newest N versions (default 1).")
        int keep = 1;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Duration age = parse(olderThan, spec);
            if (keep < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--keep must be at least 1, not " + keep);
            }
            CatalogTableGuard.refuse(uri, "clean up");
            try (Dataset ds = Dataset.open(uri)) {
                RemovalStats s = ds.cleanupOldVersions(age, keep);
                spec.commandLine()
                        .getOut()
                        .println("removed " + s.oldVersions() + " versions, "
                                + s.dataFilesRemoved() + " data files, " + s.deletionFilesRemoved()
                                + " deletion files, "
                                + s.transactionFilesRemoved() + " transaction files (" + s.bytesRemoved() + " bytes)");
            }
            return 0;
        }

        static Duration parse(String text, CommandSpec spec) {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--older-than '" + text + "' is not a duration like 7d, 12h, 30m or 45s");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }

    /** {@code dataset add-columns URI --expr name=SQL ...}. */
    @Command(
            name = "add-columns",
            mixinStandardHelpOptions = true,
            description = "Add columns computed by SQL expressions over existing columns, as one new version.")
    static final class AddColumns implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(
                names = "--expr",
                required = true,
                paramLabel = "NAME=SQL",
                description = "A new column, e.g. --expr \"double_id=id * 2\"; repeatable.")
        List<String> expressions;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SqlExpressions.Builder builder = new SqlExpressions.Builder();
            for (String e : expressions) {
                int eq = e.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--expr '" + e + "' is not NAME=SQL");
                }
                builder.withExpression(e.substring(0, eq).strip(), e.substring(eq + 1));
            }
            try (Dataset ds = Dataset.open(uri)) {
                ds.addColumns(builder.build(), Optional.empty());
                spec.commandLine()
                        .getOut()
                        .println("added " + expressions.size() + " columns: version " + ds.version());
            }
            return 0;
        }
    }

    /** {@code dataset drop-columns URI --columns a,b}. */
    @Command(
            name = "drop-columns",
            mixinStandardHelpOptions = true,
            description = "Drop columns, as one new version (a schema change; older versions keep their data).")
    static final class DropColumns implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(
                names = "--columns",
                required = true,
                split = ",",
                paramLabel = "A,B",
                description = "Top-level columns to drop.")
        List<String> columns;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset ds = Dataset.open(uri)) {
                ds.dropColumns(columns);
                spec.commandLine()
                        .getOut()
                        .println("dropped " + String.join(", ", columns) + ": version " + ds.version());
            }
            return 0;
        }
    }
}
