package dev.plainlance.cli;

import dev.plainlance.cli.spi.PluginCommand;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point of the {@code plainlance} command. Besides its own subcommands it offers every {@link PluginCommand}
 * on the class path ({@code crash-campaign} when the testkit is there). picocli builds a command's whole tree by
 * reflection at start-up, so when the first argument names a built-in command only that command's tree is built,
 * and when the second names one of its subcommands only that subcommand is (under the group's name, description
 * and help options, which is all a named subcommand uses of its group); otherwise (help, version, a plugin, a
 * mistake) all are.
 */
@Command(
        name = "plainlance",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Pure-Java tools for Lance datasets.")
public final class Main {
    /** The top-level command groups. */
    static final List<Class<?>> BUILT_IN =
            List.of(DatasetCommand.class, CatalogCommand.class, GraphCommand.class, QuickstartCommand.class);

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        out.flush(); // autoflush covers println only; a command that ends with print must not lose its output
        err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, true);
    }

    /** {@link #run(String[], PrintWriter, PrintWriter)}; {@code narrow} false builds the named group's whole tree. */
    static int run(String[] args, PrintWriter out, PrintWriter err, boolean narrow) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : builtIn(args[0]);
        if (named != null) {
            Class<?> leaf = args.length < 2 || !narrow ? null : subcommand(named, args[1]);
            cli.addSubcommand(leaf == null ? named : groupWithOnly(named, leaf));
        } else {
            BUILT_IN.forEach(cli::addSubcommand);
            addPluginCommands(cli, err);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setParameterExceptionHandler(new UsageErrors(cli.getParameterExceptionHandler()));
        return cli.execute(args);
    }

    /**
     * Graph commands report a usage error on one line, the others as picocli does. A class rather than a lambda:
     * archiving a lambda that implements a picocli interface would keep picocli's Java 5 classes out of the
     * class-data sharing archive.
     */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        private final CommandLine.IParameterExceptionHandler usage;

        UsageErrors(CommandLine.IParameterExceptionHandler usage) {
            this.usage = usage;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] rest) throws Exception {
            return inGraph(e.getCommandLine()) ? oneLineUsageError(e) : usage.handleParseException(e, rest);
        }
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
        for (Class<?> command : BUILT_IN) {
            if (command.getAnnotation(Command.class).name().equals(name)) {
                return command;
            }
        }
        return null;
    }

    /** The subcommand of {@code group} called {@code name}, if it declares one. */
    private static Class<?> subcommand(Class<?> group, String name) {
        for (Class<?> sub : group.getAnnotation(Command.class).subcommands()) {
            Command command = sub.getAnnotation(Command.class);
            if (command != null
                    && (command.name().equals(name)
                            || List.of(command.aliases()).contains(name))) {
                return sub;
            }
        }
        return null;
    }

    /**
     * The command {@code group} with {@code leaf} as its only subcommand: the group's name, description and help
     * options come from its annotation, but its other subcommands are never inspected.
     */
    private static CommandLine groupWithOnly(Class<?> group, Class<?> leaf) {
        Command annotation = group.getAnnotation(Command.class);
        Object instance;
        try {
            java.lang.reflect.Constructor<?> constructor = group.getDeclaredConstructor();
            constructor.setAccessible(true);
            instance = constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the " + annotation.name() + " command", e);
        }
        CommandSpec spec = CommandSpec.wrapWithoutInspection(instance);
        spec.name(annotation.name());
        spec.mixinStandardHelpOptions(annotation.mixinStandardHelpOptions());
        spec.usageMessage().description(annotation.description());
        CommandLine command = new CommandLine(spec);
        command.addSubcommand(leaf);
        return command;
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
