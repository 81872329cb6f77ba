package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.jsonl.CanonicalJsonLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Rows of a scan or take as canonical JSON values (docs/canonical-jsonl.md), one string per cell, and a row-by-row,
 * cell-by-cell comparison of the official library's rows with plainlance's.
 *
 * <p>Cells are compared as canonical text. The printer writes floats with {@code Float.toString} /
 * {@code Double.toString} (float16 through its float value), which map distinct bit patterns to distinct text
 * ({@code -0.0} ≠ {@code 0.0}) and every NaN to {@code "NaN"}; so equal text is exactly the "bit for bit, NaN equals
 * NaN" rule of "Comparing two dumps". Every other value has one canonical text, so text equality is JSON equality.
 */
final class RowDump {
    /** Column names in output order, one {@code String[]} of cell texts per row, and the size of each batch. */
    record Rows(List<String> columns, List<String[]> rows, List<Integer> batchSizes) {
        int size() {
            return rows.size();
        }

        int column(String name) {
            return columns.indexOf(name);
        }

        /** Row {@code r} as one canonical JSON line. */
        String line(int r) {
            StringBuilder sb = new StringBuilder("{");
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                CanonicalJsonLines.appendString(columns.get(c), sb);
                sb.append(':').append(rows.get(r)[c]);
            }
            return sb.append('}').toString();
        }
    }

    /** The column names joined by commas, then one line per row ({@link Rows#line}); {@code reader} is closed here. */
    static List<String> lines(ArrowReader reader) throws Exception {
        Rows rows = read(reader);
        List<String> out = new ArrayList<>();
        out.add(String.join(",", rows.columns()));
        for (int r = 0; r < rows.size(); r++) {
            out.add(rows.line(r));
        }
        return out;
    }

    /** Reads every batch of {@code reader} (closed here); dictionary columns are resolved through the reader. */
    static Rows read(ArrowReader reader) throws Exception {
        try (reader) {
            CanonicalJsonLines json = new CanonicalJsonLines(reader);
            List<String> columns = null;
            List<String[]> rows = new ArrayList<>();
            List<Integer> batches = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                List<FieldVector> vectors = root.getFieldVectors();
                if (columns == null) {
                    columns = vectors.stream().map(FieldVector::getName).toList();
                }
                batches.add(root.getRowCount());
                for (int r = 0; r < root.getRowCount(); r++) {
                    String[] row = new String[vectors.size()];
                    for (int c = 0; c < vectors.size(); c++) {
                        sb.setLength(0);
                        json.appendValue(vectors.get(c), r, sb);
                        row[c] = sb.toString();
                    }
                    rows.add(row);
                }
            }
            if (columns == null) {
                columns = reader.getVectorSchemaRoot().getSchema().getFields().stream()
                        .map(f -> f.getName())
                        .toList();
            }
            return new Rows(columns, rows, batches);
        }
    }

    /** Reads with the official library; a failure there is a broken test, not a plainlance finding. */
    static Rows official(Callable<ArrowReader> open) {
        try {
            return read(open.call());
        } catch (Exception e) {
            throw new IllegalStateException("the official library failed to read", e);
        }
    }

    /** The outcome of a plainlance read: the rows, or what it threw. */
    record Outcome(Rows rows, Throwable error) {}

    static Outcome plain(Callable<ArrowReader> open) {
        try {
            return new Outcome(read(open.call()), null);
        } catch (Throwable e) {
            return new Outcome(null, e);
        }
    }

    /** Context of a comparison, for the failure message. */
    record Context(String fileVersion, String dataset, String operation, Map<String, String> encodings) {
        String describe() {
            return "file version " + fileVersion + ", dataset " + dataset + ", " + operation;
        }

        String encoding(String column) {
            String e = encodings == null ? null : encodings.get(column);
            return e == null ? "(no column of its own)" : e.length() > 1200 ? e.substring(0, 1200) + "…" : e;
        }

        Context with(String otherOperation) {
            return new Context(fileVersion, dataset, otherOperation, encodings);
        }
    }

    /** The differences between {@code expected} (official) and {@code actual} (plainlance); empty when equal. */
    static List<String> differences(Context ctx, Rows expected, Rows actual) {
        List<String> out = new ArrayList<>();
        if (!expected.columns().equals(actual.columns())) {
            out.add("columns: expected " + expected.columns() + " actual " + actual.columns());
        }
        if (expected.size() != actual.size()) {
            out.add("row count: expected " + expected.size() + " actual " + actual.size());
        }
        int idCol = expected.column("id");
        int rowIdCol = expected.column("_rowid");
        int n = Math.min(expected.size(), actual.size());
        for (int c = 0; c < expected.columns().size(); c++) {
            String name = expected.columns().get(c);
            int pc = actual.column(name);
            if (pc < 0) {
                continue;
            }
            int count = 0;
            List<String> examples = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                String e = expected.rows().get(r)[c];
                String a = actual.rows().get(r)[pc];
                if (!e.equals(a)) {
                    count++;
                    if (examples.size() < 3) {
                        examples.add("row " + r
                                + (idCol >= 0 ? " (id=" + expected.rows().get(r)[idCol] + ")" : "")
                                + (rowIdCol >= 0 && rowIdCol != c
                                        ? " (_rowid=" + expected.rows().get(r)[rowIdCol] + ")"
                                        : "")
                                + ": expected " + clip(e) + " actual " + clip(a));
                    }
                }
            }
            if (count > 0) {
                out.add("column '" + name + "' [encoding: " + ctx.encoding(name) + "]: " + count + " of " + n
                        + " rows differ; " + String.join("; ", examples));
            }
        }
        return out;
    }

    /** Fails with every difference, labelled with the context, when plainlance's outcome differs from the rows. */
    static void assertSame(Context ctx, Rows expected, Outcome actual) {
        List<String> problems = problems(ctx, expected, actual);
        if (!problems.isEmpty()) {
            fail(ctx.describe() + ": plainlance differs from the official library:\n  "
                    + String.join("\n  ", problems));
        }
    }

    static List<String> problems(Context ctx, Rows expected, Outcome actual) {
        if (actual.error() != null) {
            return List.of("plainlance threw " + describe(actual.error()));
        }
        return differences(ctx, expected, actual.rows());
    }

    static String describe(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String[] lines = sw.toString().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, 14); i++) {
            sb.append(i == 0 ? "" : "\n      ").append(lines[i].strip());
        }
        Throwable cause = t.getCause();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause != null) {
            sb.append("\n      root cause: ").append(cause);
        }
        return sb.toString();
    }

    static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    /** Column name → encodings, restricted to {@code columns} (for messages). */
    static Map<String, String> only(Map<String, String> encodings, List<String> columns) {
        Map<String, String> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(c, encodings.get(c)));
        return m;
    }
}
