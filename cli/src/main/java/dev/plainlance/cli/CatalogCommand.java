package dev.plainlance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogFailpoints;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.recovery.AuditRecord;
import dev.plainlance.recovery.CatalogCleanup;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import dev.plainlance.recovery.RecoveryOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plainlance catalog ...}: several Lance tables changed atomically, with crash recovery. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Create, change atomically, recover and inspect a catalog of Lance tables.",
        subcommands = {
            CatalogCommand.Create.class,
            CatalogCommand.Status.class,
            CatalogCommand.Commit.class,
            CatalogCommand.Cat.class,
            CatalogCommand.Log.class,
            CatalogCommand.Recover.class,
            CatalogCommand.Compact.class,
            CatalogCommand.Cleanup.class,
            CatalogCommand.Audit.class,
            CatalogCommand.FailpointList.class
        })
final class CatalogCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogCommand() {}

    /** Every failpoint a {@code --halt-at} can name. */
    static List<Failpoint> failpoints() {
        return Stream.of(DatasetFailpoints.ALL, CatalogFailpoints.ALL, RecoveryFailpoints.ALL)
                .flatMap(List::stream)
                .sorted()
                .toList();
    }

    /** The catalog root argument and the options shared by every catalog command. */
    static final class RootOption {
        @Parameters(index = "0", paramLabel = "ROOT", description = "Catalog folder or file:// URI.")
        String root;

        @Option(
                names = "--lease-seconds",
                paramLabel = "S",
                description = "Leave pending operations younger than" + " this to their writer (default 30).")
        long leaseSeconds = 30;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        Storage storage() {
            return Storages.forUri(root);
        }

        RecoveryOptions options() {
            return RecoveryOptions.defaults().withLease(Duration.ofSeconds(leaseSeconds));
        }

        CatalogSession open(OpenMode mode) {
            return CatalogSession.open(storage(), mode, options());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an empty catalog.")
    static final class Create implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (CatalogSession session =
                    CatalogSession.create(root.storage(), root.options(), System.getProperty("user.name", "unknown"))) {
                spec.commandLine().getOut().println("created catalog " + root.root);
            }
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Tables, pins per branch and pending operations (read-only).")
    static final class Status implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (CatalogSession session = root.open(OpenMode.READ_ONLY)) {
                CatalogSnapshot state = session.snapshot();
                List<String> pending = session.pendingSidecars();
                if (json) {
                    ObjectNode node = JSON.createObjectNode();
                    node.put("manifest_version", state.manifestVersion());
                    ObjectNode tables = node.putObject("tables");
                    state.tables().forEach(tables::put);
                    ObjectNode pins = node.putObject("pins");
                    state.pins().forEach((branch, byKey) -> {
                        ObjectNode b = pins.putObject(branch);
                        byKey.forEach((key, pin) ->
                                b.putObject(key).put("version", pin.version()).put("row_count", pin.rowCount()));
                    });
                    ArrayNode sidecars = node.putArray("pending_sidecars");
                    pending.forEach(sidecars::add);
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                } else {
                    out.println("catalog " + root.root + " at manifest version " + state.manifestVersion());
                    TextTable table = new TextTable("branch", "table", "version", "rows", "path");
                    state.pins()
                            .forEach((branch, byKey) -> byKey.forEach((key, pin) -> table.row(
                                    branch,
                                    key,
                                    pin.version(),
                                    pin.rowCount(),
                                    state.path(key).orElse("?"))));
                    table.print(out);
                    out.println(
                            pending.isEmpty()
                                    ? "no pending operations"
                                    : pending.size() + " pending operation(s): " + String.join(", ", pending));
                }
            }
            return 0;
        }
    }

    @Command(
            name = "commit",
            mixinStandardHelpOptions = true,
            description = "Write Arrow IPC files into several tables as one atomic change.")
    static final class Commit implements Callable<Integer> {
        enum Mode {
            append,
            overwrite
        }

        @Mixin
        RootOption root;

        @Option(
                names = "--table",
                required = true,
                paramLabel = "KEY=FILE",
                description = "Table key and Arrow IPC file (.arrow) or stream; a new key creates the table.")
        Map<String, Path> tables;

        @Option(names = "--mode", paramLabel = "MODE", description = "append (default) or overwrite.")
        Mode mode = Mode.append;

        @Option(names = "--actor", paramLabel = "NAME", description = "Who commits; recorded in the log.")
        String actor;

        @Option(names = "--message", paramLabel = "TEXT", description = "Log message.")
        String message = "catalog commit";

        @Mixin
        HaltOption halt;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<ArrowReader> inputs = new ArrayList<>();
            try (Failpoints.Scope crashTest = halt.install();
                    BufferAllocator allocator = new RootAllocator();
                    CatalogSession session = root.open(OpenMode.READ_WRITE)) {
                CatalogSnapshot state = session.snapshot();
                MultiTableCommit commit = session.newCommit().message(message);
                if (actor != null) {
                    commit.actor(actor);
                }
                for (Map.Entry<String, Path> table : tables.entrySet()) {
                    if (!Files.isRegularFile(table.getValue())) {
                        throw new IllegalArgumentException("input file " + table.getValue() + " does not exist");
                    }
                    ArrowReader data = arrowInput(table.getValue(), allocator);
                    inputs.add(data);
                    if (state.path(table.getKey()).isEmpty()) {
                        commit.createTable(table.getKey(), data);
                    } else if (mode == Mode.overwrite) {
                        commit.overwrite(table.getKey(), data);
                    } else {
                        commit.append(table.getKey(), data);
                    }
                }
                MultiTableCommit.Result result = commit.commit();
                spec.commandLine()
                        .getOut()
                        .println("committed operation " + result.operationId() + ": " + result.versions());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                for (ArrowReader input : inputs) {
                    try {
                        input.close();
                    } catch (IOException | RuntimeException ignored) {
                        // already closed by the commit
                    }
                }
            }
            return 0;
        }
    }

    /** An Arrow IPC file ({@code .arrow}, {@code .feather}) or stream (any other name). */
    static ArrowReader arrowInput(Path input, BufferAllocator allocator) throws IOException {
        String name = input.getFileName().toString();
        if (name.endsWith(".arrow") || name.endsWith(".feather")) {
            return new org.apache.arrow.vector.ipc.ArrowFileReader(
                    java.nio.channels.FileChannel.open(input, java.nio.file.StandardOpenOption.READ), allocator);
        }
        return new org.apache.arrow.vector.ipc.ArrowStreamReader(Files.newInputStream(input), allocator);
    }

    /** The exit status of a JVM stopped by {@code --halt-at}. */
    static final int HALT_STATUS = 86;

    /** {@code --halt-at FAILPOINT[:N]}: for crash tests, stop the JVM like a crash at that point. */
    static final class HaltOption {
        @Option(
                names = "--halt-at",
                paramLabel = "FAILPOINT[:N]",
                description = "Crash test: stop the JVM (Runtime.halt) at the Nth hit of this failpoint.")
        String haltAt;

        Failpoints.Scope install() {
            if (haltAt == null) {
                return () -> {};
            }
            int colon = haltAt.lastIndexOf(':');
            Failpoint point = named(colon < 0 ? haltAt : haltAt.substring(0, colon));
            int nth = colon < 0 ? 1 : Integer.parseInt(haltAt.substring(colon + 1));
            int[] seen = {0};
            return Failpoints.install(p -> {
                if (p == point && ++seen[0] == nth) {
                    Runtime.getRuntime().halt(HALT_STATUS);
                }
            });
        }
    }

    private static Failpoint named(String name) {
        failpoints();
        try {
            return Failpoint.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown failpoint '" + name + "'; see 'plainlance catalog failpoints'");
        }
    }

    @Command(
            name = "cat",
            mixinStandardHelpOptions = true,
            description = "Print a table's rows at its pinned version, as canonical JSON Lines.")
    static final class Cat implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Parameters(index = "1", paramLabel = "KEY", description = "Table key.")
        String key;

        @Option(names = "--branch", paramLabel = "B", description = "Branch (default main).")
        String branch = CatalogSnapshot.MAIN;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (CatalogSession session = root.open(OpenMode.READ_ONLY);
                    Dataset table = session.openTable(branch, key);
                    ArrowReader reader =
                            table.newScan(new ScanOptions.Builder().build()).scanBatches()) {
                CanonicalJsonLines json = new CanonicalJsonLines();
                StringBuilder line = new StringBuilder();
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        line.setLength(0);
                        json.appendRow(batch, r, line);
                        out.println(line);
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "The commit history, newest first.")
    static final class Log implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (CatalogSession session = root.open(OpenMode.READ_ONLY)) {
                TextTable table = new TextTable("version", "commit", "time", "actor", "operation", "message");
                for (CatalogCommit commit : session.catalog().log()) {
                    table.row(
                            commit.manifestVersion(),
                            commit.id(),
                            commit.time(),
                            commit.actor(),
                            commit.operationId().orElse(""),
                            commit.message());
                }
                table.print(spec.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(
            name = "recover",
            mixinStandardHelpOptions = true,
            description = {
                "Finish or undo every pending operation whose lease has expired. A sidecar recovery refuses (it",
                "cannot be read, or does not match the tables) is reported on stderr and the exit status is 1;",
                "--quarantine ID sets such a sidecar aside into __recovery/quarantine/, with an audit row."
            })
    static final class Recover implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Option(
                names = "--quarantine",
                paramLabel = "ID",
                description = "Move the refused sidecar __recovery/ID.json to __recovery/quarantine/ (audited).")
        String quarantine;

        @Mixin
        HaltOption halt;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int status = 0;
            try (Failpoints.Scope crashTest = halt.install();
                    CatalogSession session = root.open(OpenMode.READ_WRITE)) {
                if (quarantine != null) {
                    out.println("quarantined " + quarantine + " to " + session.quarantine(quarantine));
                    return 0;
                }
                List<RecoveryOutcome> outcomes = new ArrayList<>(session.openingSweep());
                if (outcomes.isEmpty()) {
                    out.println("nothing to recover");
                }
                for (RecoveryOutcome outcome : outcomes) {
                    if (outcome.kind() == RecoveryOutcome.Kind.REFUSED) {
                        err.println("plainlance: "
                                + ErrorReporter.describe(outcome.refusal().orElseThrow()));
                        status = 1;
                        continue;
                    }
                    out.println(outcome.operationId() + " "
                            + outcome.kind()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', ' ') + " " + outcome.tables());
                }
            }
            err.flush();
            return status;
        }
    }

    @Command(
            name = "cleanup",
            mixinStandardHelpOptions = true,
            description = {
                "Remove old catalog states and the table versions none of the kept ones uses. Kept: the newest N",
                "states and every state younger than --older-than; in each table, every version a kept state pins",
                "on any branch, tagged, named by a pending operation, above the newest pin, among the newest N or",
                "younger than --older-than."
            })
    static final class Cleanup implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Option(
                names = "--older-than",
                required = true,
                paramLabel = "D",
                description = "Only states and versions older than this: e.g. 7d, 12h, 30m, 45s.")
        String olderThan;

        @Option(
                names = "--keep",
                paramLabel = "N",
                description = "Always keep the newest N catalog states and table versions (default 1).")
        int keep = 1;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Duration age = DatasetMaintenanceCommands.Cleanup.parse(olderThan, spec);
            if (keep < 1) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--keep must be at least 1, not " + keep);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (CatalogSession session = root.open(OpenMode.READ_WRITE)) {
                CatalogCleanup.Result result = session.cleanup(age, keep);
                result.tables()
                        .forEach((key, s) -> out.println("table " + key + ": removed " + s.oldVersions()
                                + " versions, " + s.dataFilesRemoved() + " data files (" + s.bytesRemoved()
                                + " bytes)"));
                result.forks()
                        .forEach((key, names) -> out.println("table " + key + ": removed " + names.size()
                                + " Lance branches no catalog branch uses (" + String.join(", ", names) + ")"));
                out.println("catalog: removed " + result.states().oldVersions() + " old states, kept "
                        + result.retainedStates().size());
            }
            return 0;
        }
    }

    @Command(
            name = "compact",
            mixinStandardHelpOptions = true,
            description = "Compact a table through the catalog: its pin moves to the compacted version atomically.")
    static final class Compact implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Parameters(index = "1", paramLabel = "KEY", description = "The table key.")
        String key;

        @Option(names = "--branch", paramLabel = "B", description = "The branch whose pin moves (default main).")
        String branch = CatalogSnapshot.MAIN;

        @Mixin
        CompactionFlags compaction;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CatalogSession session = root.open(OpenMode.READ_WRITE)) {
                MultiTableCommit.Result result = session.compact(branch, key, compaction.options());
                Optional<CompactionMetrics> metrics =
                        Optional.ofNullable(result.results().get(key)).flatMap(r -> r.compaction());
                if (metrics.isEmpty()) {
                    out.println("nothing to compact: table " + key + " stays at version "
                            + session.snapshot().pinnedVersion(branch, key));
                } else {
                    CompactionMetrics m = metrics.get();
                    out.println("compacted " + m.fragmentsRemoved() + " fragments of table " + key + " into "
                            + m.fragmentsAdded() + ": pinned at version "
                            + result.versions().get(key) + " on "
                            + branch);
                }
            }
            return 0;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "What recovery did, oldest first.")
    static final class Audit implements Callable<Integer> {
        @Mixin
        RootOption root;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (CatalogSession session = root.open(OpenMode.READ_ONLY)) {
                TextTable table = new TextTable("operation", "kind", "actor", "writer", "branch", "tables", "time");
                for (AuditRecord record : session.audit()) {
                    table.row(
                            record.operationId(),
                            record.kind(),
                            record.actor().orElse(""),
                            record.writer(),
                            record.branch(),
                            record.tables(),
                            record.recoveredAt());
                }
                table.print(spec.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(
            name = "failpoints",
            mixinStandardHelpOptions = true,
            description = "The failpoints --halt-at accepts, by name.")
    static final class FailpointList implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            TextTable table = new TextTable("failpoint", "where");
            for (Failpoint point : failpoints()) {
                table.row(point.name(), point.description());
            }
            table.print(spec.commandLine().getOut());
            return 0;
        }
    }
}
