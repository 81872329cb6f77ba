package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Version;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plainlance dataset versions URI}: every committed version with its time and totals. */
@Command(name = "versions", mixinStandardHelpOptions = true, description = "List the versions of a dataset.")
final class DatasetVersionsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Dataset path or file:// URI.")
    String uri;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Dataset dataset = Dataset.open(uri)) {
            if (common.json) {
                ArrayNode versions = Json.MAPPER.createArrayNode();
                for (Version v : dataset.listVersions()) {
                    ObjectNode node = versions.addObject();
                    node.put("version", v.id());
                    node.put("timestamp", v.dataTime().toInstant().toString());
                    v.getMetadata().forEach((k, value) -> node.put(k, Long.parseLong(value)));
                }
                Json.print(out, versions);
            } else {
                TextTable table = new TextTable(
                        "VERSION", "TIMESTAMP (UTC)", "ROWS", "FRAGMENTS", "DATA FILES", "DELETED ROWS", "BYTES");
                for (Version v : dataset.listVersions()) {
                    table.row(
                            v.id(),
                            v.dataTime().toInstant(),
                            v.summary().totalRows(),
                            v.summary().totalFragments(),
                            v.summary().totalDataFiles(),
                            v.summary().totalDeletionFileRows(),
                            v.summary().totalFilesSize());
                }
                table.print(out);
            }
        }
        return 0;
    }
}
