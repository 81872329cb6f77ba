package dev.plainlance.graph.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Writes the canonical {@code .gq} text of queries (see {@link QueryFile#toSource()}). */
final class QueryPrinter {
    private static final String INDENT = "    ";

    private QueryPrinter() {}

    static String print(List<Ast.Query> queries) {
        return queries.stream().map(QueryPrinter::print).collect(Collectors.joining("\n"));
    }

    static String print(Ast.Query q) {
        StringBuilder out = new StringBuilder("query ").append(q.name().text()).append('(');
        out.append(q.params().stream().map(QueryPrinter::param).collect(Collectors.joining(", ")));
        out.append(')');
        if (q.description() != null) {
            out.append(" @description(").append(quote(q.description())).append(')');
        }
        if (q.instruction() != null) {
            out.append(" @instruction(").append(quote(q.instruction())).append(')');
        }
        out.append(" {\n");
        List<String> lines = new ArrayList<>();
        if (q.body() instanceof Ast.Read read) {
            read(read, lines);
        } else {
            for (Ast.Statement s : ((Ast.Mutation) q.body()).statements()) {
                lines.add(INDENT + statement(s));
            }
        }
        lines.forEach(l -> out.append(l).append('\n'));
        return out.append("}\n").toString();
    }

    private static String param(Ast.Param p) {
        return "$" + p.name().name() + ": " + p.type().toSource() + (p.optional() ? "?" : "");
    }

    private static void read(Ast.Read read, List<String> lines) {
        lines.add(INDENT + "match {");
        clauses(read.match(), INDENT + INDENT, lines);
        lines.add(INDENT + "}");
        lines.add(INDENT + "return {");
        for (Ast.Projection p : read.projections()) {
            lines.add(INDENT
                    + INDENT
                    + expr(p.expr())
                    + (p.alias() == null ? "" : " as " + p.alias().text()));
        }
        lines.add(INDENT + "}");
        if (!read.order().isEmpty()) {
            lines.add(INDENT + "order { "
                    + read.order().stream()
                            .map(o -> expr(o.expr()) + (o.descending() ? " desc" : ""))
                            .collect(Collectors.joining(", "))
                    + " }");
        }
        read.limit().ifPresent(n -> lines.add(INDENT + "limit " + n));
    }

    private static void clauses(List<Ast.Clause> clauses, String indent, List<String> lines) {
        for (Ast.Clause c : clauses) {
            if (c instanceof Ast.Binding b) {
                StringBuilder line = new StringBuilder(indent)
                        .append(var(b.variable()))
                        .append(": ")
                        .append(b.type().text());
                if (!b.matches().isEmpty()) {
                    line.append(" { ")
                            .append(b.matches().stream()
                                    .map(m -> m.property().text() + ": " + expr(m.value()))
                                    .collect(Collectors.joining(", ")))
                            .append(" }");
                }
                lines.add(line.toString());
            } else if (c instanceof Ast.Traversal t) {
                lines.add(indent + var(t.source()) + " "
                        + (t.edgeVariable() == null ? "" : var(t.edgeVariable()) + ":")
                        + edge(t.edge(), t.undirected(), t.bounds()) + " " + var(t.target()));
            } else if (c instanceof Ast.Filter f) {
                lines.add(indent + expr(f.left()) + " " + f.op().symbol() + " " + expr(f.right()));
            } else if (c instanceof Ast.Not n) {
                block("not", n.clauses(), indent, lines);
            } else if (c instanceof Ast.OptionalMatch o) {
                block("optional", o.clauses(), indent, lines);
            } else {
                Ast.ShortestPath s = (Ast.ShortestPath) c;
                lines.add(indent + var(s.path()) + " = shortest(" + var(s.source()) + " "
                        + edge(s.edge(), s.undirected(), s.bounds()) + " " + var(s.target())
                        + (s.weight() == null ? "" : ", weight: " + s.weight().text()) + ")");
            }
        }
    }

    private static void block(String keyword, List<Ast.Clause> clauses, String indent, List<String> lines) {
        lines.add(indent + keyword + " {");
        clauses(clauses, indent + INDENT, lines);
        lines.add(indent + "}");
    }

    private static String edge(Ast.Name edge, boolean undirected, Ast.Bounds bounds) {
        String name = undirected ? "<" + edge.text() + ">" : edge.text();
        if (bounds == null) {
            return name;
        }
        return name + "{" + bounds.min() + "," + (bounds.max() == null ? "" : bounds.max()) + "}";
    }

    private static String statement(Ast.Statement s) {
        if (s instanceof Ast.Insert i) {
            return "insert " + i.type().text() + " " + assignments(i.assignments());
        }
        if (s instanceof Ast.Update u) {
            return "update " + u.type().text() + " set " + assignments(u.assignments()) + " where "
                    + predicate(u.where());
        }
        Ast.Delete d = (Ast.Delete) s;
        return "delete " + d.type().text() + " where " + predicate(d.where());
    }

    private static String assignments(List<Ast.Assignment> assignments) {
        return assignments.stream()
                .map(a -> a.property().text() + ": " + expr(a.value()))
                .collect(Collectors.joining(", ", "{ ", " }"));
    }

    private static String predicate(Ast.Predicate p) {
        return p.property().text() + " " + p.op().symbol() + " " + expr(p.value());
    }

    static String expr(Ast.Expr e) {
        if (e instanceof Ast.PropertyAccess p) {
            return var(p.variable()) + "." + p.property().text();
        }
        if (e instanceof Ast.VariableRef v) {
            return var(v.variable());
        }
        if (e instanceof Ast.Now) {
            return "now()";
        }
        if (e instanceof Ast.Aggregate a) {
            return a.function().sourceName() + "(" + expr(a.argument()) + ")";
        }
        if (e instanceof Ast.AliasRef a) {
            return a.alias().text();
        }
        if (e instanceof Ast.PathCall p) {
            return p.function().sourceName() + "(" + var(p.path()) + ")";
        }
        if (e instanceof Ast.Nearest n) {
            return "nearest(" + expr(n.vector()) + ", " + expr(n.query()) + ")";
        }
        return literal((Ast.Literal) e);
    }

    private static String literal(Ast.Literal l) {
        if (l instanceof Ast.StringLit s) {
            return quote(s.value());
        }
        if (l instanceof Ast.IntLit i) {
            return Long.toString(i.value());
        }
        if (l instanceof Ast.FloatLit f) {
            BigDecimal v = f.value();
            return (v.scale() > 0 ? v : v.setScale(1)).toPlainString();
        }
        if (l instanceof Ast.BoolLit b) {
            return Boolean.toString(b.value());
        }
        if (l instanceof Ast.DateLit d) {
            return "date(" + quote(d.text()) + ")";
        }
        if (l instanceof Ast.DateTimeLit d) {
            return "datetime(" + quote(d.text()) + ")";
        }
        return ((Ast.ListLit) l)
                .items().stream().map(QueryPrinter::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String var(Ast.Var v) {
        return "$" + v.name();
    }

    /** A {@code .gq} string literal with {@code \"}, {@code \\}, {@code \n}, {@code \r} and {@code \t} escaped. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
