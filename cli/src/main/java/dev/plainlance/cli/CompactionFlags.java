package dev.plainlance.cli;

import dev.plainlance.lance.maintenance.CompactionOptions;
import picocli.CommandLine.Option;

/** The options of {@code dataset compact} and {@code catalog compact}. */
final class CompactionFlags {
    @Option(
            names = "--target-rows-per-fragment",
            paramLabel = "N",
            description = "Rows per compacted fragment (default 1048576, as the official library).")
    Long targetRowsPerFragment;

    CompactionOptions options() {
        CompactionOptions.Builder options = CompactionOptions.builder();
        if (targetRowsPerFragment != null) {
            options.withTargetRowsPerFragment(targetRowsPerFragment);
        }
        return options.build();
    }
}
