package dev.plainlance.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code plainlance} command. */
@Command(
        name = "plainlance",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Pure-Java tools for Lance datasets.",
        subcommands = {DatasetCommand.class, CatalogCommand.class, CrashCampaignCommand.class, QuickstartCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"plainlance " + (version == null ? "(development build)" : version)};
        }
    }
}
