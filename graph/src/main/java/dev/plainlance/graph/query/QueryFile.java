package dev.plainlance.graph.query;

import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code .gq} file: its queries in source order. Build one with {@link QueryParser#parse}; check it with
 * {@link QueryChecker#check}.
 *
 * @param fileName the name errors are reported against
 * @param text the source text the queries were parsed from (for error carets)
 */
public record QueryFile(String fileName, String text, List<Ast.Query> queries) {

    public QueryFile {
        queries = List.copyOf(queries);
    }

    public Optional<Ast.Query> query(String name) {
        return queries.stream().filter(q -> q.name().text().equals(name)).findFirst();
    }

    /**
     * The canonical {@code .gq} text of these queries: one blank line between queries, four-space indents, one
     * clause, projection and statement a line, {@code asc} left out, comments dropped. Parsing it gives the same
     * queries (with other positions), and printing those gives the same text.
     */
    public String toSource() {
        return QueryPrinter.print(queries);
    }
}
