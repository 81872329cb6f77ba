package dev.plainlance.cli;

import picocli.CommandLine.Command;

/** {@code plainlance dataset ...}: inspect single Lance datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Inspect a Lance dataset.",
        subcommands = {DatasetInfoCommand.class, DatasetVersionsCommand.class, DatasetCatCommand.class})
final class DatasetCommand {
}
