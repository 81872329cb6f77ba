package dev.plainlance.cli;

import picocli.CommandLine.Option;

/** Options every leaf command accepts. */
final class CommonOptions {
    @Option(names = "--json", description = "Print machine-readable JSON instead of a table.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;
}
