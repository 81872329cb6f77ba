package dev.plainlance.cli;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dataset location plus an optional {@code --version N} or {@code --tag T}. */
final class DatasetSelection {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
    String uri;

    @ArgGroup(exclusive = true)
    Ref ref;

    static final class Ref {
        @Option(names = "--version", paramLabel = "N", description = "Open this version instead of the latest.")
        Long version;

        @Option(names = "--tag", paramLabel = "T", description = "Open the version this tag points at.")
        String tag;
    }

    @Option(
            names = "--branch",
            paramLabel = "B",
            description = "Open branch B (its latest version, or --version N of it) instead of main.")
    String branch;

    Dataset open() {
        if (branch != null) {
            return openBranch();
        }
        ReadOptions.Builder options = new ReadOptions.Builder();
        if (ref != null && ref.version != null) {
            options.setVersion(ref.version);
        }
        if (ref != null && ref.tag != null) {
            options.setTag(ref.tag);
        }
        return Dataset.open(uri, options.build());
    }

    private Dataset openBranch() {
        if (ref != null && ref.tag != null) {
            throw new IllegalArgumentException("--branch cannot be combined with --tag: a tag names its branch");
        }
        String root;
        try (Dataset main = Dataset.open(uri);
                Dataset checkedOut = main.checkout(
                        ref != null && ref.version != null
                                ? dev.plainlance.lance.Ref.ofBranch(branch, ref.version)
                                : dev.plainlance.lance.Ref.ofBranch(branch))) {
            root = checkedOut.uri();
        }
        ReadOptions.Builder options = new ReadOptions.Builder();
        if (ref != null && ref.version != null) {
            options.setVersion(ref.version);
        }
        return Dataset.open(root, options.build());
    }
}
