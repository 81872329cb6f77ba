package dev.plainlance.cli;

import dev.plainlance.cli.spi.PluginCommand;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code plainlance} command. Besides its own subcommands it offers every {@link PluginCommand}
 * on the class path ({@code crash-campaign} when the testkit is there). picocli builds a command's whole tree by
 * reflection at start-up, so when the first argument names a built-in command only that command's tree is built;
 * otherwise (help, version, a plugin, a mistake) all are.
 */
@Command(
        name = "plainlance",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Pure-Java tools for Lance datasets.")
public final class Main {
    private static final List<Class<?>> BUILT_IN =
            List.of(DatasetCommand.class, CatalogCommand.class, GraphCommand.class, QuickstartCommand.class);

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : builtIn(args[0]);
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            BUILT_IN.forEach(cli::addSubcommand);
            addPluginCommands(cli, err);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler(
                (e, rest) -> inGraph(e.getCommandLine()) ? oneLineUsageError(e) : usage.handleParseException(e, rest));
        return cli.execute(args);
    }

    private static boolean inGraph(CommandLine command) {
        for (CommandLine c = command; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof GraphCommand) {
                return true;
            }
        }
        return false;
    }

    /**
     * A usage error of a graph command: one line on stderr naming the problem and where help is, exit status 2
     * (the other commands print the usage text after the problem).
     */
    private static int oneLineUsageError(CommandLine.ParameterException e) {
        CommandLine command = e.getCommandLine();
        StringBuilder line = new StringBuilder("plainlance: ").append(ErrorReporter.describe(e));
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean ")
                    .append(String.join(" or ", unmatched.getSuggestions()))
                    .append('?');
        }
        line.append(" (see '").append(command.getCommandSpec().qualifiedName()).append(" --help')");
        command.getErr().println(line);
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static Class<?> builtIn(String name) {
        return BUILT_IN.stream()
                .filter(c -> c.getAnnotation(Command.class).name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Adds the plugin subcommands; a broken plugin is reported on one line and the others still run. */
    private static void addPluginCommands(CommandLine cli, PrintWriter err) {
        Iterator<PluginCommand> plugins = ServiceLoader.load(PluginCommand.class, Main.class.getClassLoader())
                .iterator();
        try {
            while (plugins.hasNext()) {
                cli.addSubcommand(plugins.next());
            }
        } catch (ServiceConfigurationError | CommandLine.InitializationException e) {
            err.println("plainlance: ignoring subcommand plugins: " + ErrorReporter.describe(e));
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"plainlance " + (version == null ? "(development build)" : version)};
        }
    }
}
