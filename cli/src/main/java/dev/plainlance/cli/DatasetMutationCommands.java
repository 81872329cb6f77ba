package dev.plainlance.cli;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ObservedReader;
import dev.plainlance.lance.table.Tag;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Commands that change a dataset: each prints the version it committed. */
final class DatasetMutationCommands {
    private DatasetMutationCommands() {}

    /** {@code dataset write URI --input F --mode create|append|overwrite}. */
    @Command(
            name = "write",
            mixinStandardHelpOptions = true,
            description = "Write an Arrow IPC file or stream, or JSON Lines with --schema, into a dataset, as one"
                    + " new version.")
    static final class Write implements Callable<Integer> {
        enum Mode {
            create,
            append,
            overwrite
        }

        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = InputFiles.DESCRIPTION)
        Path input;

        @Option(names = "--schema", paramLabel = "FILE", description = InputFiles.SCHEMA_DESCRIPTION)
        Path schema;

        @Option(names = "--mode", paramLabel = "MODE", description = "create (default), append or overwrite.")
        Mode mode = Mode.create;

        @Option(names = "--file-version", paramLabel = "V", description = "2.1 (default), 2.2 or 2.0.")
        String fileVersion;

        @Option(names = "--max-rows-per-file", paramLabel = "N", description = "Rows per data file.")
        Integer maxRowsPerFile;

        @Option(
                names = "--max-bytes-per-file",
                paramLabel = "N",
                description = "Start a new data file once one is about N bytes (checked after each input batch).")
        Long maxBytesPerFile;

        @Option(names = "--v1-manifest-names", description = "Name manifests {version}.manifest (new datasets).")
        boolean v1ManifestNames;

        @Option(
                names = "--[no-]fsst-strings",
                negatable = true,
                defaultValue = "true",
                fallbackValue = "true",
                description = "FSST-compress string pages of 2.1 files, as the official writer does (default: on).")
        boolean fsstStrings = true;

        @Option(
                names = "--blob-pack-file-size-threshold",
                paramLabel = "N",
                description = "Blob v2 columns (2.2): a pack file of 64 KiB to 4 MiB values takes none that would make"
                        + " it larger than N bytes (default 1 GiB).")
        Long blobPackFileSizeThreshold;

        @Option(
                names = "--allow-external-blob-outside-bases",
                description = "Blob v2 columns (2.2): keep values given as URIs (the uri child) as absolute URIs.")
        boolean allowExternalBlobOutsideBases;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            WriteParams.Builder params = new WriteParams.Builder()
                    .withMode(WriteParams.WriteMode.valueOf(mode.name().toUpperCase(java.util.Locale.ROOT)))
                    .withEnableV2ManifestPaths(!v1ManifestNames)
                    .withFsstStrings(fsstStrings);
            if (fileVersion != null) {
                params.withDataStorageVersion(fileVersion);
            }
            if (maxRowsPerFile != null) {
                params.withMaxRowsPerFile(maxRowsPerFile);
            }
            if (maxBytesPerFile != null) {
                params.withMaxBytesPerFile(maxBytesPerFile);
            }
            if (blobPackFileSizeThreshold != null) {
                params.withBlobPackFileSizeThreshold(blobPackFileSizeThreshold);
            }
            if (allowExternalBlobOutsideBases) {
                params.withAllowExternalBlobOutsideBases(true);
            }
            TerminalProgress progress = TerminalProgress.of(spec.commandLine().getErr(), "rows read");
            try (BufferAllocator allocator = new RootAllocator();
                    ArrowReader data = withProgress(
                            InputFiles.open(input, schema, spec.commandLine(), allocator), progress, allocator);
                    Dataset ds = Dataset.create(allocator, data, uri, params.build())) {
                progress.done();
                spec.commandLine()
                        .getOut()
                        .println("wrote version " + ds.version() + " of " + uri + " (" + ds.countRows() + " rows)");
            }
            return 0;
        }

        /** {@code source}, counting its rows into {@code progress}. */
        static ArrowReader withProgress(ArrowReader source, TerminalProgress progress, BufferAllocator allocator)
                throws IOException {
            try {
                org.apache.arrow.vector.types.pojo.Schema schema =
                        source.getVectorSchemaRoot().getSchema();
                return new ObservedReader(
                        source,
                        schema.getFields().size(),
                        schema,
                        batch -> progress.add(batch.getRowCount()),
                        allocator);
            } catch (IOException | RuntimeException e) {
                source.close();
                throw e;
            }
        }
    }

    /** {@code dataset delete URI --filter SQL}. */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete the rows matching a SQL predicate, as one new version.")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(names = "--filter", required = true, paramLabel = "SQL", description = "e.g. \"id %% 3 = 0\".")
        String filter;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset ds = Dataset.open(uri)) {
                long before = ds.countRows();
                ds.delete(filter);
                spec.commandLine()
                        .getOut()
                        .println("deleted " + (before - ds.countRows()) + " rows: version " + ds.version() + " has "
                                + ds.countRows() + " rows");
            }
            return 0;
        }
    }

    /** {@code dataset restore URI --version N}. */
    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = "Make an old version the latest again, as one new version.")
    static final class Restore implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Option(names = "--version", required = true, paramLabel = "N", description = "The version to restore.")
        long version;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Dataset ds = Dataset.open(uri).checkoutVersion(version)) {
                ds.restore();
                spec.commandLine().getOut().println("restored version " + version + " as version " + ds.version());
            }
            return 0;
        }
    }

    /** {@code dataset tag list|create|update|delete}. */
    @Command(name = "tag", mixinStandardHelpOptions = true, description = "List, create, move or delete tags.")
    static final class TagCommand implements Callable<Integer> {
        enum Action {
            list,
            create,
            update,
            delete
        }

        @Parameters(index = "0", paramLabel = "ACTION", description = "list, create, update or delete.")
        Action action;

        @Parameters(index = "1", paramLabel = "URI", description = "Dataset path or file:// URI.")
        String uri;

        @Parameters(index = "2", arity = "0..1", paramLabel = "NAME", description = "The tag (not for list).")
        String name;

        @Option(names = "--version", paramLabel = "N", description = "Version to tag (default: the latest).")
        Long version;

        @Option(names = "--verbose", description = "Print stack traces of failures.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (action != Action.list && name == null) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "tag " + action + " needs a tag NAME");
            }
            try (Dataset ds = Dataset.open(uri)) {
                long target = version == null ? ds.version() : version;
                switch (action) {
                    case list -> {
                        TextTable table = new TextTable("TAG", "VERSION");
                        for (Tag tag : ds.tags().list()) {
                            table.row(tag.name(), tag.version());
                        }
                        table.print(spec.commandLine().getOut());
                    }
                    case create -> ds.tags().create(name, target);
                    case update -> ds.tags().update(name, target);
                    case delete -> ds.tags().delete(name);
                }
            }
            return 0;
        }
    }
}
