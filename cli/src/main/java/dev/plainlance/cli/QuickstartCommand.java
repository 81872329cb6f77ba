package dev.plainlance.cli;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.Version;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plainlance quickstart}: builds a small demo dataset through several versions (create, append, tag,
 * config, merge-insert, update, overwrite, restore), prints what each step did, and shows how to inspect and time-travel it.
 * Then it builds a small property graph (Omnigraph's Person/Company/Knows/WorksAt fixture), loads it, changes it in
 * one transaction, and prints its log, a diff and its export.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = "Build a demo Lance dataset through several versions and a demo graph through a load and a"
                + " transaction, and show how to inspect them.")
final class QuickstartCommand implements Callable<Integer> {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null),
            new Field("score", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Where to create the dataset " + "(default: ./plainlance-quickstart.lance). It must not exist yet.")
    Path dir = Path.of("plainlance-quickstart.lance");

    @Option(
            names = "--graph-dir",
            paramLabel = "DIR",
            description = "Where to create the demo graph (default: next to the dataset, its name ending in .graph"
                    + " instead of .lance). It must not exist yet.")
    Path graphDir;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " already exists; remove it or pass --dir");
        }
        Path graph = graphDir != null ? graphDir : graphNextTo(dir);
        if (Files.exists(graph)) {
            throw new IllegalArgumentException(graph + " already exists; remove it or pass --graph-dir");
        }
        String uri = dir.toAbsolutePath().toString();
        try (BufferAllocator allocator = new RootAllocator()) {
            try (Dataset created = write(allocator, uri, 1, 5, WriteParams.WriteMode.CREATE);
                    Dataset appended = write(allocator, uri, 6, 3, WriteParams.WriteMode.APPEND)) {
                step(out, "create: 5 rows (ids 1-5)", created);
                step(out, "append: 3 rows (ids 6-8)", appended);
            }
            try (Dataset ds = Dataset.open(uri, allocator)) {
                ds.tags().create("eight-rows", ds.version());
                out.println("tag:        'eight-rows' -> version " + ds.version());
                ds.updateConfig(Map.of("owner", "quickstart"));
                step(out, "config: owner=quickstart", ds);
            }
            try (Dataset ds = Dataset.open(uri, allocator);
                    VectorSchemaRoot changes = batch(allocator, 7, 4, "member-");
                    ArrowReader upserts = ArrowReaders.of(SCHEMA, List.of(changes), allocator);
                    MergeInsertResult merged =
                            ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), upserts)) {
                step(out, "merge-insert on id: 7-8 updated, 9-10 inserted", merged.dataset());
                merged.dataset().update("id > 8", Map.of("score", "score * 2"));
                step(out, "update: score = score * 2 where id > 8", merged.dataset());
            }
            try (Dataset overwritten = write(allocator, uri, 100, 2, WriteParams.WriteMode.OVERWRITE)) {
                step(out, "overwrite: 2 rows (ids 100-101)", overwritten);
            }
            try (Dataset v5 = Dataset.open(uri, allocator).checkoutVersion(5)) {
                v5.restore();
                step(out, "restore: version 5 becomes the latest again", v5);
            }
            try (Dataset ds = Dataset.open(uri, allocator)) {
                out.println();
                out.println("Versions of " + uri + ":");
                TextTable table = new TextTable("VERSION", "ROWS", "OPERATION");
                for (Version v : ds.listVersions()) {
                    table.row(
                            v.id(),
                            v.summary().totalRows(),
                            ds.checkoutVersion(v.id())
                                    .readTransaction()
                                    .map(t -> t.operationName())
                                    .orElse("-"));
                }
                table.print(out);
                out.println();
                out.println("Latest rows:");
                printRows(out, ds);
            }
        }
        out.println();
        out.println("Inspect and time-travel it:");
        out.println("  bin/plainlance dataset info " + uri);
        out.println("  bin/plainlance dataset versions " + uri);
        out.println("  bin/plainlance dataset cat " + uri + " --version 4");
        out.println("  bin/plainlance dataset cat " + uri + " --tag eight-rows --format table");
        QuickstartGraph.run(out, graph.toAbsolutePath().toString());
        out.flush();
        return 0;
    }

    /** {@code demo.lance} gives {@code demo.graph} beside it; any other name gets {@code .graph} added. */
    static Path graphNextTo(Path dataset) {
        String name = dataset.toAbsolutePath().normalize().getFileName().toString();
        String base = name.endsWith(".lance") ? name.substring(0, name.length() - ".lance".length()) : name;
        return dataset.toAbsolutePath().normalize().resolveSibling(base + ".graph");
    }

    private static void step(PrintWriter out, String what, Dataset ds) {
        out.printf("version %d: %-45s -> %d rows%n", ds.version(), what, ds.countRows());
    }

    private static Dataset write(
            BufferAllocator allocator, String uri, long firstId, int rows, WriteParams.WriteMode mode)
            throws IOException {
        try (VectorSchemaRoot root = batch(allocator, firstId, rows, "user-");
                ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            return Dataset.create(
                    allocator,
                    data,
                    uri,
                    new WriteParams.Builder().withMode(mode).build());
        }
    }

    /** Rows {@code firstId..} named {@code prefix + id} with score {@code id * 1.5}. */
    private static VectorSchemaRoot batch(BufferAllocator allocator, long firstId, int rows, String prefix) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        for (int i = 0; i < rows; i++) {
            long id = firstId + i;
            ((BigIntVector) root.getVector("id")).setSafe(i, id);
            ((VarCharVector) root.getVector("name")).setSafe(i, (prefix + id).getBytes(StandardCharsets.UTF_8));
            ((Float8Vector) root.getVector("score")).setSafe(i, id * 1.5);
        }
        root.setRowCount(rows);
        return root;
    }

    private static void printRows(PrintWriter out, Dataset ds) throws IOException {
        try (ArrowReader reader = ds.newScan(new ScanOptions.Builder().build()).scanBatches()) {
            CanonicalJsonLines json = new CanonicalJsonLines();
            while (reader.loadNextBatch()) {
                for (int r = 0; r < reader.getVectorSchemaRoot().getRowCount(); r++) {
                    StringBuilder line = new StringBuilder("  ");
                    json.appendRow(reader.getVectorSchemaRoot(), r, line);
                    out.println(line);
                }
            }
        }
    }
}
