package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Fragment;
import dev.plainlance.lance.FragmentMetadata;
import dev.plainlance.lance.Transaction;
import dev.plainlance.lance.fragment.DataFile;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.Tag;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code plainlance dataset info URI}: version, schema, fragments, tags and config of one version. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show the version, schema, fragments, tags and config of a dataset.")
final class DatasetInfoCommand implements Callable<Integer> {
    @Mixin
    DatasetSelection selection;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Dataset dataset = selection.open()) {
            if (common.json) {
                Json.print(out, toJson(dataset));
            } else {
                printText(out, dataset);
            }
        }
        return 0;
    }

    private static ObjectNode toJson(Dataset dataset) {
        Manifest manifest = dataset.snapshot().manifest();
        ObjectNode root = Json.object();
        root.put("uri", dataset.uri());
        root.put("version", dataset.version());
        root.put("latest_version", dataset.latestVersion());
        root.put("timestamp", dataset.getVersion().dataTime().toInstant().toString());
        root.put("data_storage_version", dataset.getLanceFileFormatVersion());
        root.put("manifest_naming", dataset.manifestNaming().name());
        root.put("manifest_size", dataset.manifestSize());
        root.put("writer", writer(manifest));
        root.put("stable_row_ids", dataset.hasStableRowIds());
        root.put("reader_feature_flags", manifest.getReaderFeatureFlags());
        root.put("writer_feature_flags", manifest.getWriterFeatureFlags());
        root.put("rows", dataset.countRows());
        ArrayNode schema = root.putArray("schema");
        for (LanceField field : dataset.getLanceSchema().allFieldsPreOrder()) {
            ObjectNode node = schema.addObject();
            node.put("id", field.id());
            node.put("parent_id", field.parentId());
            node.put("name", field.name());
            node.put("type", field.logicalType());
            node.put("nullable", field.nullable());
        }
        ArrayNode fragments = root.putArray("fragments");
        for (Fragment fragment : dataset.getFragments()) {
            FragmentMetadata meta = fragment.metadata();
            ObjectNode node = fragments.addObject();
            node.put("id", meta.getId());
            node.put("physical_rows", meta.getPhysicalRows());
            node.put("deleted_rows", meta.getNumDeletions());
            node.put("rows", meta.getNumRows());
            ArrayNode files = node.putArray("files");
            for (DataFile file : meta.getFiles()) {
                ObjectNode f = files.addObject();
                f.put("path", file.getPath());
                ArrayNode fields = f.putArray("fields");
                Arrays.stream(file.getFields()).forEach(fields::add);
                ArrayNode columns = f.putArray("column_indices");
                Arrays.stream(file.getColumnIndices()).forEach(columns::add);
                f.put("format_version", file.getFileFormatVersion());
                f.put("size_bytes", file.getFileSizeBytes());
            }
            meta.getDeletionFile().ifPresent(d -> {
                ObjectNode del = node.putObject("deletion_file");
                del.put("path", d.key(meta.getId()));
                del.put("type", d.fileType().name());
                del.put("read_version", d.readVersion());
                del.put("num_deleted_rows", d.numDeletedRows());
            });
        }
        ArrayNode tags = root.putArray("tags");
        for (Tag tag : dataset.tags().list()) {
            ObjectNode node = tags.addObject();
            node.put("name", tag.name());
            node.put("version", tag.version());
        }
        ObjectNode config = root.putObject("config");
        dataset.getConfig().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> config.put(e.getKey(), e.getValue()));
        Optional<Transaction> txn = dataset.readTransaction();
        if (txn.isPresent()) {
            ObjectNode t = root.putObject("transaction");
            t.put("uuid", txn.get().uuid());
            t.put("read_version", txn.get().readVersion());
            t.put("operation", txn.get().operationName());
        } else {
            root.putNull("transaction");
        }
        return root;
    }

    private static void printText(PrintWriter out, Dataset dataset) {
        Manifest manifest = dataset.snapshot().manifest();
        out.println("Dataset:        " + dataset.uri());
        out.println("Version:        " + dataset.version() + " of " + dataset.latestVersion() + "  ("
                + dataset.getVersion().dataTime().toInstant() + ")");
        out.println("Rows:           " + dataset.countRows());
        out.println("Storage:        Lance file format " + dataset.getLanceFileFormatVersion() + ", "
                + dataset.manifestNaming() + " manifest names" + (dataset.hasStableRowIds() ? ", stable row ids" : ""));
        out.println("Written by:     " + writer(manifest));
        out.println("Transaction:    "
                + dataset.readTransaction()
                        .map(t -> t.operationName() + " (read version " + t.readVersion() + ", uuid " + t.uuid() + ")")
                        .orElse("(none recorded)"));
        out.println();
        out.println("Schema:");
        TextTable schema = new TextTable("ID", "PARENT", "NAME", "TYPE", "NULLABLE");
        for (LanceField field : dataset.getLanceSchema().allFieldsPreOrder()) {
            schema.row(field.id(), field.parentId(), field.name(), field.logicalType(), field.nullable());
        }
        schema.print(out);
        out.println();
        out.println("Fragments:");
        TextTable fragments = new TextTable("ID", "PHYSICAL ROWS", "DELETED", "ROWS", "FILES", "DELETION FILE");
        for (Fragment fragment : dataset.getFragments()) {
            FragmentMetadata meta = fragment.metadata();
            String files = meta.getFiles().stream()
                    .map(f -> f.getPath() + " (v" + f.getFileFormatVersion() + ", " + f.getFileSizeBytes() + " B)")
                    .collect(Collectors.joining("; "));
            fragments.row(
                    meta.getId(),
                    meta.getPhysicalRows(),
                    meta.getNumDeletions(),
                    meta.getNumRows(),
                    files,
                    meta.getDeletionFile().map(d -> d.key(meta.getId())).orElse("-"));
        }
        fragments.print(out);
        List<Tag> tags = dataset.tags().list();
        out.println();
        out.println("Tags:           "
                + (tags.isEmpty()
                        ? "(none)"
                        : tags.stream()
                                .map(t -> t.name() + " -> " + t.version())
                                .collect(Collectors.joining(", "))));
        out.println("Config:         "
                + (dataset.getConfig().isEmpty()
                        ? "(none)"
                        : dataset.getConfig().entrySet().stream()
                                .sorted(java.util.Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", "))));
    }

    private static String writer(Manifest manifest) {
        if (!manifest.hasWriterVersion()) {
            return "(unknown)";
        }
        Manifest.WriterVersion w = manifest.getWriterVersion();
        return w.getLibrary() + " " + w.getVersion() + (w.hasPrerelease() ? "-" + w.getPrerelease() : "");
    }
}
