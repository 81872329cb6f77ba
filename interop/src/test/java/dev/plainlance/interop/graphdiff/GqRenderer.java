package dev.plainlance.interop.graphdiff;

import dev.plainlance.interop.graphdiff.DiffQuery.Agg;
import dev.plainlance.interop.graphdiff.DiffQuery.Bind;
import dev.plainlance.interop.graphdiff.DiffQuery.Clause;
import dev.plainlance.interop.graphdiff.DiffQuery.Expr;
import dev.plainlance.interop.graphdiff.DiffQuery.Filter;
import dev.plainlance.interop.graphdiff.DiffQuery.Hop;
import dev.plainlance.interop.graphdiff.DiffQuery.Lit;
import dev.plainlance.interop.graphdiff.DiffQuery.Not;
import dev.plainlance.interop.graphdiff.DiffQuery.Operand;
import dev.plainlance.interop.graphdiff.DiffQuery.Order;
import dev.plainlance.interop.graphdiff.DiffQuery.Param;
import dev.plainlance.interop.graphdiff.DiffQuery.Prop;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Writes a {@link DiffQuery} as {@code .gq} source. */
final class GqRenderer {
    private GqRenderer() {}

    static String render(String name, DiffQuery q) {
        StringBuilder out = new StringBuilder("query ").append(name).append("(");
        List<String> params = new ArrayList<>();
        q.params().forEach((n, d) -> params.add("$" + n + ": " + d.type()));
        out.append(String.join(", ", params)).append(") {\n    match {\n");
        clauses(q.match(), out, "        ");
        out.append("    }\n    return {\n");
        for (DiffQuery.Projection p : q.projections()) {
            out.append("        ")
                    .append(expr(p.expr()))
                    .append(" as ")
                    .append(p.alias())
                    .append("\n");
        }
        out.append("    }\n");
        if (!q.order().isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (Order o : q.order()) {
                keys.add((o.alias() != null ? o.alias() : operand(o.prop())) + (o.desc() ? " desc" : " asc"));
            }
            out.append("    order { ").append(String.join(", ", keys)).append(" }\n");
        }
        if (q.limit() != null) {
            out.append("    limit ").append(q.limit()).append("\n");
        }
        return out.append("}\n").toString();
    }

    private static void clauses(List<Clause> clauses, StringBuilder out, String indent) {
        for (Clause c : clauses) {
            out.append(indent);
            if (c instanceof Bind b) {
                out.append("$").append(b.var()).append(": ").append(b.type());
                if (b.nameParam() != null) {
                    out.append(" { name: $").append(b.nameParam()).append(" }");
                }
            } else if (c instanceof Hop h) {
                out.append("$").append(h.src()).append(" ");
                if (h.edgeVar() != null) {
                    out.append("$").append(h.edgeVar()).append(":");
                }
                String word =
                        Character.toLowerCase(h.edge().charAt(0)) + h.edge().substring(1);
                out.append(h.undirected() ? "<" + word + ">" : word);
                if (h.min() != 1 || h.max() != 1) {
                    out.append("{").append(h.min()).append(",").append(h.max()).append("}");
                }
                out.append(" $").append(h.dst());
            } else if (c instanceof Filter f) {
                out.append(operand(f.left()))
                        .append(" ")
                        .append(f.op())
                        .append(" ")
                        .append(operand(f.right()));
            } else {
                out.append("not {\n");
                clauses(((Not) c).clauses(), out, indent + "    ");
                out.append(indent).append("}");
            }
            out.append("\n");
        }
    }

    static String operand(Operand o) {
        if (o instanceof Prop p) {
            return "$" + p.var() + "." + p.prop();
        }
        if (o instanceof Param p) {
            return "$" + p.name();
        }
        Object v = ((Lit) o).value();
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).toPlainString();
        }
        return v.toString();
    }

    private static String expr(Expr e) {
        if (e instanceof Prop p) {
            return operand(p);
        }
        Agg a = (Agg) e;
        return a.fn() + "($" + a.var() + (a.prop() == null ? "" : "." + a.prop()) + ")";
    }
}
