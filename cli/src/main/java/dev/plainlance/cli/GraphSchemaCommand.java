package dev.plainlance.cli;

import dev.plainlance.graph.Graph;
import dev.plainlance.graph.SchemaMigration;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.PlanStep;
import dev.plainlance.graph.schema.SchemaPlan;
import dev.plainlance.graph.schema.SchemaPlanner;
import dev.plainlance.recovery.OpenMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plainlance graph schema show|plan|apply}: the stored schema and its evolution. */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Show the stored schema, plan a change to it, apply one.",
        subcommands = {GraphSchemaCommand.Show.class, GraphSchemaCommand.Plan.class, GraphSchemaCommand.Apply.class})
final class GraphSchemaCommand {
    private GraphSchemaCommand() {}

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print the stored schema's canonical .pg text (read-only).")
    static final class Show implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Mixin
        GraphReadCommands.AtOption at;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                String source = at.snapshot(graph).schema().toSource();
                PrintWriter out = spec.commandLine().getOut();
                out.print(source.endsWith("\n") ? source : source + "\n");
                out.flush();
            }
            return 0;
        }
    }

    @Command(
            name = "plan",
            mixinStandardHelpOptions = true,
            description = {
                "Print the steps that evolve the stored schema into --schema (read-only).",
                "Each step is marked safe, data-losing or unsupported; the last line says whether 'graph schema",
                "apply' would accept them."
            })
    static final class Plan implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--schema", required = true, paramLabel = "F.pg", description = "The new schema (.pg).")
        Path schema;

        @Option(names = "--allow-data-loss", description = "Judge the plan as an apply with --allow-data-loss would.")
        boolean allowDataLoss;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            GraphSchema next =
                    GraphCommand.readSchema(schema, spec.commandLine().getErr());
            try (Graph graph = root.open(OpenMode.READ_ONLY)) {
                GraphSchema current = graph.schema();
                SchemaPlan plan = SchemaPlanner.plan(current, next);
                if (plan.isEmpty()) {
                    out.println("no changes: " + schema + " is the stored schema (" + current.contentHash() + ")");
                    return 0;
                }
                TextTable table = new TextTable("SAFETY", "STEP");
                long safe = 0;
                long dataLoss = 0;
                long unsupported = 0;
                for (PlanStep step : plan.steps()) {
                    table.row(safety(step), step.summary());
                    switch (step.safety()) {
                        case SAFE -> safe++;
                        case DATA_LOSS -> dataLoss++;
                        case UNSUPPORTED -> unsupported++;
                    }
                }
                table.print(out);
                out.println(plan.steps().size() + " step" + (plan.steps().size() == 1 ? "" : "s") + ": " + safe
                        + " safe, " + dataLoss + " data-losing, " + unsupported + " unsupported; from "
                        + current.contentHash() + " to " + next.contentHash());
                if (unsupported > 0) {
                    out.println("apply would refuse it: " + unsupported + " unsupported step"
                            + (unsupported == 1 ? "" : "s"));
                } else if (dataLoss > 0 && !allowDataLoss) {
                    out.println("apply would refuse it without --allow-data-loss");
                } else {
                    out.println("apply would accept it");
                }
            }
            return 0;
        }

        private static String safety(PlanStep step) {
            return step.safety().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = {
                "Migrate the graph to --schema as one atomic commit: new types and nullable properties, renames,",
                "extended enums, metadata; data-losing steps only with --allow-data-loss. Stored rows are checked",
                "against new constraints first; a refused change writes nothing."
            })
    static final class Apply implements Callable<Integer> {
        @Mixin
        GraphCommand.RootOption root;

        @Option(names = "--schema", required = true, paramLabel = "F.pg", description = "The new schema (.pg).")
        Path schema;

        @Option(names = "--allow-data-loss", description = "Apply data-losing steps too.")
        boolean allowDataLoss;

        @Option(names = "--actor", paramLabel = "A", description = "Who the commit is recorded as.")
        String actor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            GraphCommand.readSchema(schema, spec.commandLine().getErr());
            if (!root.branch.equals("main")) {
                throw new IllegalArgumentException("schema changes apply to main only, not to branch " + root.branch
                        + "; apply the schema on main, then merge main into the branch");
            }
            try (Graph graph = root.open(OpenMode.READ_WRITE)) {
                GraphSchema current = graph.schema();
                SchemaPlan plan = SchemaMigration.apply(
                        graph.catalog(),
                        current,
                        java.nio.file.Files.readString(schema),
                        schema.toString(),
                        allowDataLoss,
                        actor != null ? actor : GraphCommand.defaultActor());
                for (PlanStep step : plan.steps()) {
                    out.println("applied: " + step.summary());
                }
                out.println(
                        plan.isEmpty()
                                ? "no changes to apply"
                                : "schema " + graph.schema().contentHash() + " applied in commit "
                                        + graph.snapshot().commitId());
            }
            return 0;
        }
    }
}
