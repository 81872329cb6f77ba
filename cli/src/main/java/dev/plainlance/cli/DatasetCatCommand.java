package dev.plainlance.cli;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.index.DistanceType;
import dev.plainlance.lance.ipc.ColumnOrdering;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.Query;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plainlance dataset cat URI}: rows in scan order as canonical JSON Lines (docs/canonical-jsonl.md). */
@Command(
        name = "cat",
        mixinStandardHelpOptions = true,
        description = "Print the rows of a dataset version, as canonical JSON Lines or a table.")
final class DatasetCatCommand implements Callable<Integer> {
    enum Format {
        jsonl,
        table
    }

    @Mixin
    DatasetSelection selection;

    @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to print, in this order.")
    List<String> columns;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N rows.")
    Long limit;

    @Option(names = "--filter", paramLabel = "SQL", description = "Print only rows matching this SQL predicate.")
    String filter;

    @Option(
            names = "--order-by",
            split = ",",
            paramLabel = "COL[:desc][:nulls-last]",
            description = "Sort the rows by these columns (ascending, nulls first unless told), after the filter and "
                    + "before the limit.")
    List<String> orderBy;

    @Option(
            names = "--nearest",
            paramLabel = "COL=X,Y,...",
            description = "Print the rows whose vectors in COL are nearest to this key, nearest first, with their "
                    + "_distance (an exact search; the filter applies to the rows found unless --prefilter).")
    String nearest;

    @Option(names = "--k", paramLabel = "K", description = "With --nearest: how many rows to find (default 10).")
    Integer k;

    @Option(
            names = "--distance",
            paramLabel = "TYPE",
            description = "With --nearest: l2 (squared, the default), cosine, dot or hamming (uint8 vectors).")
    String distance;

    @Option(names = "--prefilter", description = "With --nearest: search only the rows the filter matches.")
    boolean prefilter;

    @Option(
            names = "--explain",
            description = "Tell on standard error which index answers the filter and how many fragments are scanned.")
    boolean explain;

    @Option(names = "--with-row-id", description = "Append the _rowid and _rowaddr columns.")
    boolean withRowId;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl (default) or table.")
    Format format = Format.jsonl;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ScanOptions.Builder options =
                new ScanOptions.Builder().withRowId(withRowId).withRowAddress(withRowId);
        if (columns != null) {
            options.columns(columns);
        }
        if (limit != null) {
            options.limit(limit);
        }
        if (filter != null) {
            options.filter(filter);
        }
        if (nearest != null) {
            options.nearest(query()).prefilter(prefilter);
        } else if (k != null || distance != null || prefilter) {
            throw new IllegalArgumentException("--k, --distance and --prefilter go with --nearest");
        }
        if (orderBy != null) {
            options.setColumnOrderings(
                    orderBy.stream().map(DatasetCatCommand::ordering).toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Dataset dataset = selection.open();
                LanceScanner scanner = dataset.newScan(options.build());
                ArrowReader reader = scanner.scanBatches()) {
            if (explain) {
                spec.commandLine().getErr().println(scanner.explain());
                spec.commandLine().getErr().flush();
            }
            CanonicalJsonLines json = new CanonicalJsonLines();
            List<List<String>> tableRows = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int r = 0; r < root.getRowCount(); r++) {
                    if (format == Format.jsonl) {
                        line.setLength(0);
                        json.appendRow(root, r, line);
                        out.println(line);
                    } else {
                        List<String> cells = new ArrayList<>();
                        for (FieldVector column : root.getFieldVectors()) {
                            line.setLength(0);
                            json.appendValue(column, r, line);
                            cells.add(line.toString());
                        }
                        tableRows.add(cells);
                    }
                }
            }
            if (format == Format.table) {
                List<String> header = reader.getVectorSchemaRoot().getSchema().getFields().stream()
                        .map(f -> f.getName())
                        .toList();
                TextTable table = new TextTable(header.toArray(String[]::new));
                tableRows.forEach(cells -> table.row(cells.toArray()));
                table.print(out);
            }
        }
        out.flush();
        return 0;
    }

    /** {@code --nearest COL=X,Y,...} with {@code --k} and {@code --distance} as a query. */
    private Query query() {
        int eq = nearest.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--nearest " + nearest + ": expected COL=X,Y,... (a column and a key)");
        }
        String[] values =
                nearest.substring(eq + 1).replace("[", "").replace("]", "").split(",");
        float[] key = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                key[i] = Float.parseFloat(values[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--nearest " + nearest + ": '" + values[i].strip() + "' is not a number");
            }
        }
        int rows = k == null ? 10 : k;
        if (rows <= 0) {
            throw new IllegalArgumentException("--k must be positive, got " + rows);
        }
        Query.Builder query = new Query.Builder()
                .setColumn(nearest.substring(0, eq))
                .setKey(key)
                .setK(rows);
        if (distance != null) {
            query.setDistanceType(Arrays.stream(DistanceType.values())
                    .filter(t -> t.name().equalsIgnoreCase(distance))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "--distance " + distance + ": expected l2, cosine, dot or hamming")));
        }
        return query.build();
    }

    /** {@code COL[:desc|:asc][:nulls-last|:nulls-first]} as a column ordering. */
    private static ColumnOrdering ordering(String spec) {
        String[] parts = spec.split(":");
        ColumnOrdering.Builder builder = new ColumnOrdering.Builder();
        builder.setColumnName(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            switch (parts[i].toLowerCase(java.util.Locale.ROOT)) {
                case "desc" -> builder.setAscending(false);
                case "asc" -> builder.setAscending(true);
                case "nulls-last" -> builder.setNullFirst(false);
                case "nulls-first" -> builder.setNullFirst(true);
                default ->
                    throw new IllegalArgumentException(
                            "--order-by " + spec + ": '" + parts[i] + "' is not asc, desc, nulls-first or nulls-last");
            }
        }
        return builder.build();
    }
}
