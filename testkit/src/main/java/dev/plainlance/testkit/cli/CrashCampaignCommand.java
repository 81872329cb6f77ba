package dev.plainlance.testkit.cli;

import dev.plainlance.cli.spi.PluginCommand;
import dev.plainlance.testkit.CampaignReport;
import dev.plainlance.testkit.CrashCampaign;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plainlance crash-campaign}: random crash schedules against the dataset or the catalog write paths. The
 * plainlance command finds it through {@link PluginCommand} when the testkit is on its class path.
 */
@Command(
        name = "crash-campaign",
        mixinStandardHelpOptions = true,
        description = "Crash plainlance's write paths at random points (in memory) and check every invariant.")
public final class CrashCampaignCommand implements Callable<Integer>, PluginCommand {
    enum Target {
        dataset,
        catalog
    }

    @Option(names = "--schedules", required = true, paramLabel = "N", description = "Schedules to run.")
    int schedules;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: time-based, printed).")
    Long seed;

    @Option(names = "--target", paramLabel = "T", description = "dataset or catalog (default).")
    Target target = Target.catalog;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (schedules < 1) {
            throw new IllegalArgumentException("--schedules must be at least 1");
        }
        long chosen = seed != null ? seed : System.nanoTime();
        CampaignReport report = new CrashCampaign(CrashCampaign.target(target.name())).run(schedules, chosen);
        report.print(spec.commandLine().getOut());
        return report.violations().isEmpty() ? 0 : 1;
    }
}
