package dev.plainlance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.graph.Graph;
import dev.plainlance.graph.query.QueryError;
import dev.plainlance.graph.query.QueryLint;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.recovery.OpenMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graph lint}: checks a {@code .gq} file against the graph's schema, query by query. */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = "Check every query of a .gq file against the graph's schema: errors with codes, line and"
                + " column, warnings, and what each query returns, reads and writes. Exits 1 only on errors.")
final class GraphLintCommand implements Callable<Integer> {
    @Mixin
    GraphCommand.RootOption root;

    @Option(names = "--file", required = true, paramLabel = "Q.gq", description = "The .gq file.")
    Path file;

    @Option(names = "--json", description = "One JSON document: status, queries (with operation), findings.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("query file " + file + " does not exist");
        }
        String source = Files.readString(file);
        QueryLint.Report report;
        try (Graph graph = root.open(OpenMode.READ_ONLY)) {
            report = QueryLint.lint(source, file.toString(), graph.schema());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(GraphCommand.line(json(report)));
        } else {
            text(out, report);
        }
        return report.status().equals("error") ? 1 : 0;
    }

    private static void text(PrintWriter out, QueryLint.Report report) {
        report.errors().forEach(e -> out.println("error    " + Printable.escape(e.oneLine())));
        int errors = report.errors().size();
        int warnings = report.findings().size();
        for (QueryLint.LintedQuery q : report.queries()) {
            out.println((q.ok() ? (q.warnings().isEmpty() ? "ok       " : "warning  ") : "error    ") + q.name() + " ("
                    + q.kind() + ")");
            for (QueryError e : q.errors()) {
                out.println("  " + Printable.escape(e.oneLine()));
            }
            q.warnings().forEach(w -> out.println("  " + w.code() + " " + w.message()));
            errors += q.errors().size();
            warnings += q.warnings().size();
        }
        report.findings().forEach(f -> out.println("warning  " + f.code() + " " + f.message()));
        out.println("status: " + report.status() + " (" + report.queries().size() + " queries, " + errors + " errors, "
                + warnings + " warnings)");
    }

    private static ObjectNode json(QueryLint.Report report) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("status", report.status());
        root.set("errors", errors(report.errors()));
        ArrayNode queries = root.putArray("queries");
        for (QueryLint.LintedQuery q : report.queries()) {
            ObjectNode query = queries.addObject();
            query.put("name", q.name());
            query.put("kind", q.kind());
            query.put("status", q.ok() ? (q.warnings().isEmpty() ? "ok" : "warning") : "error");
            query.set("errors", errors(q.errors()));
            ArrayNode warnings = query.putArray("warnings");
            q.warnings().forEach(w -> warnings.add(finding(w)));
            if (q.ok()) {
                ObjectNode operation = query.putObject("operation");
                ArrayNode result = operation.putArray("result");
                for (QueryLint.Field field : q.result()) {
                    ObjectNode column = result.addObject();
                    column.put("name", field.name());
                    column.put("kind", field.kind());
                    column.put("nullable", field.nullable());
                    if (field.itemKind() != null) {
                        column.put("item_kind", field.itemKind());
                    }
                    if (field.vectorDim() != null) {
                        column.put("vector_dim", field.vectorDim());
                    }
                }
                operation.set("reads", types(q.reads()));
                operation.set("writes", types(q.writes()));
            }
        }
        ArrayNode findings = root.putArray("findings");
        report.findings().forEach(w -> findings.add(finding(w)));
        return root;
    }

    private static ArrayNode errors(List<QueryError> errors) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (QueryError e : errors) {
            ObjectNode error = out.addObject();
            error.put("code", e.code().code());
            error.put("line", e.line());
            error.put("column", e.column());
            error.put("message", e.message());
        }
        return out;
    }

    private static ObjectNode finding(QueryLint.Finding finding) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("severity", finding.severity().name().toLowerCase(java.util.Locale.ROOT));
        out.put("code", finding.code());
        out.put("message", finding.message());
        if (finding.type() != null) {
            out.put("type", finding.type());
        }
        if (finding.property() != null) {
            out.put("property", finding.property());
        }
        if (finding.query() != null) {
            out.put("query", finding.query());
        }
        return out;
    }

    private static ArrayNode types(List<QueryLint.TypeRef> refs) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (QueryLint.TypeRef ref : refs) {
            ObjectNode type = out.addObject();
            type.put("kind", ref.kind());
            type.put("type_name", ref.typeName());
        }
        return out;
    }
}
