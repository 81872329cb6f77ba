package dev.plainlance.cli;

import picocli.CommandLine.Command;

/** {@code plainlance dataset ...}: inspect and change single Lance datasets. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Inspect and change a Lance dataset.",
        subcommands = {
            DatasetInfoCommand.class,
            DatasetVersionsCommand.class,
            DatasetCatCommand.class,
            DatasetMutationCommands.Write.class,
            DatasetMutationCommands.Delete.class,
            DatasetRowCommands.Update.class,
            DatasetRowCommands.MergeInsert.class,
            DatasetMutationCommands.Restore.class,
            DatasetMutationCommands.TagCommand.class,
            DatasetBranchCommands.BranchCommand.class,
            DatasetMaintenanceCommands.AddColumns.class,
            DatasetMaintenanceCommands.DropColumns.class,
            DatasetMaintenanceCommands.Compact.class,
            DatasetMaintenanceCommands.Cleanup.class,
            DatasetIndexCommands.IndexCommand.class
        })
final class DatasetCommand {}
