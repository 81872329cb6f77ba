package dev.plainlance.cli;

import dev.plainlance.lance.error.Printable;
import picocli.CommandLine;

/**
 * Prints a failure as one line on stderr ("plainlance: problem") and returns exit code 1. The stack trace is
 * printed only when the command was given {@code --verbose}. The line never carries a non-printable character
 * ({@link Printable}): the last defence against terminal escapes read from a damaged file.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                || deepest(parsed).hasMatchedOption("--verbose");
        cli.getErr().println("plainlance: " + describe(e));
        if (verbose) {
            e.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return 1;
    }

    private static CommandLine.ParseResult deepest(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult current = parsed;
        while (current.hasSubcommand()) {
            current = current.subcommand();
        }
        return current;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return Printable.escape(message.replace('\n', ' '));
    }
}
