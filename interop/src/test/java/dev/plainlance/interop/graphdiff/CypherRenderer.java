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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link DiffQuery} as Cypher with Omnigraph's meaning (see the graph README, "Differential testing against
 * Neo4j"):
 *
 * <ul>
 *   <li>Each clause is its own {@code MATCH} or {@code WITH * WHERE}, in the {@code .gq} order, so Cypher's
 *       relationship uniqueness, which holds only inside one {@code MATCH}, never applies across traversals.
 *   <li>A match is a set of bindings: after every traversal {@code WITH DISTINCT} keeps each binding of the named
 *       variables once (parallel edges and both directions of an undirected traversal give one pair; an edge
 *       variable keeps one row per edge).
 *   <li>A traversal {@code {min,max}} is Omnigraph's breadth-first reachability from the source operand: a
 *       destination other than the source is reported when its distance is in {@code [min, max]}, or when it has a
 *       self-loop and its distance is {@code min - 1} (it is expanded at hop {@code min} and meets itself); the
 *       source itself only through its own self-loop when {@code min == 1}. Cypher matches
 *       {@code p = (s)-[:E*1..max]->(t)} and groups by the bindings with {@code min(length(p))}: for
 *       {@code t <> s} that is the distance (a shortest walk between two distinct nodes is a path, so Cypher's
 *       trail semantics does not matter), for {@code t = s} it is 1 exactly when {@code s} has a self-loop. So
 *       this also holds for {@code min >= 2}, where {@code DISTINCT} over Cypher's walks alone would report nodes
 *       that BFS met earlier.
 *   <li>{@code not { ... }} is {@code NOT EXISTS { ... }}; comparisons with null are null, so they never match.
 *   <li>{@code sum} of no non-null value is null ({@code CASE} on {@code count}), as {@code avg}, {@code min} and
 *       {@code max} already are in Cypher.
 *   <li>Order: nulls first ascending and last descending ({@code IS NULL} keys), then the implicit tie break by the
 *       node's id, its key {@code name}.
 * </ul>
 */
final class CypherRenderer {
    private final Map<String, String> scope = new LinkedHashMap<>(); // named variable -> Person/Team/Knows/MemberOf
    private int anonymous;
    private int paths;

    private CypherRenderer() {}

    static String render(DiffQuery q) {
        return new CypherRenderer().query(q);
    }

    static String label(String type) {
        return switch (type) {
            case "Knows" -> "KNOWS";
            case "MemberOf" -> "MEMBER_OF";
            default -> type;
        };
    }

    private static String v(String var) {
        return "v_" + var;
    }

    private String query(DiffQuery q) {
        List<String> lines = new ArrayList<>();
        for (Clause c : q.match()) {
            clause(c, lines, scope, true);
        }
        List<String> items = new ArrayList<>();
        for (DiffQuery.Projection p : q.projections()) {
            items.add(expr(p.expr()) + " AS " + p.alias());
        }
        lines.add("RETURN " + String.join(", ", items));
        if (!q.order().isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (Order o : q.order()) {
                String e = o.alias() != null ? o.alias() : operand(o.prop());
                keys.add(o.desc() ? "(" + e + " IS NULL), " + e + " DESC" : "(" + e + " IS NULL) DESC, " + e);
            }
            if (q.implicitTieBreak() != null) {
                keys.add(v(q.implicitTieBreak()) + ".name");
            }
            lines.add("ORDER BY " + String.join(", ", keys));
        }
        if (q.limit() != null) {
            lines.add("LIMIT " + q.limit());
        }
        return String.join("\n", lines);
    }

    /** Renders one clause; {@code top} is the main match (bindings deduplicated), else inside an EXISTS. */
    private void clause(Clause c, List<String> lines, Map<String, String> vars, boolean top) {
        if (c instanceof Bind b) {
            if (vars.containsKey(b.var())) {
                if (b.nameParam() != null) {
                    lines.add("WITH * WHERE " + v(b.var()) + ".name = $" + b.nameParam());
                }
                return;
            }
            vars.put(b.var(), b.type());
            lines.add("MATCH (" + v(b.var()) + ":" + b.type() + ")"
                    + (b.nameParam() == null ? "" : " WHERE " + v(b.var()) + ".name = $" + b.nameParam()));
            return;
        }
        if (c instanceof Hop h) {
            hop(h, lines, vars);
            if (top) {
                lines.add("WITH DISTINCT "
                        + String.join(
                                ", ",
                                vars.keySet().stream().map(CypherRenderer::v).toList()));
            }
            return;
        }
        if (c instanceof Filter f) {
            lines.add("WITH * WHERE " + filter(f));
            return;
        }
        lines.add("WITH * WHERE NOT " + exists(((Not) c).clauses(), vars));
    }

    /** {@code EXISTS { MATCH (anchor) ... }}: the anchor is any outer variable, so the body starts with a MATCH. */
    private String exists(List<Clause> clauses, Map<String, String> outer) {
        Map<String, String> inner = new LinkedHashMap<>(outer);
        List<String> body = new ArrayList<>();
        body.add("MATCH (" + v(outer.keySet().iterator().next()) + ")");
        for (Clause c : clauses) {
            clause(c, body, inner, false);
        }
        return "EXISTS { " + String.join(" ", body) + " }";
    }

    private void hop(Hop h, List<String> lines, Map<String, String> vars) {
        String[] types = endpointTypes(h);
        String src = node(h.src(), types[0], vars);
        String dstName = h.dst().equals("_") ? "anon" + (anonymous++) : h.dst();
        boolean reach = h.min() != 1 || h.max() != 1;
        String dst = h.dst().equals("_") && !reach ? "(:" + types[1] + ")" : node(dstName, types[1], vars);
        String rel = h.edgeVar() == null ? ":" + label(h.edge()) : v(h.edgeVar()) + ":" + label(h.edge());
        if (h.edgeVar() != null) {
            vars.put(h.edgeVar(), h.edge());
        }
        if (!reach) {
            lines.add("MATCH " + src + arrow(h, "[" + rel + "]") + dst);
            return;
        }
        int n = paths++;
        lines.add("MATCH p" + n + " = " + src + arrow(h, "[" + rel + "*1.." + h.max() + "]") + dst);
        List<String> keys = new ArrayList<>();
        vars.keySet().forEach(k -> keys.add(v(k)));
        lines.add("WITH " + String.join(", ", keys) + ", min(length(p" + n + ")) AS hops" + n + " WHERE "
                + reachable(h, v(h.src()), v(dstName), "hops" + n));
    }

    /** Binds or reuses a node variable: {@code (v_x)} when bound, {@code (v_x:Type)} when new. */
    private static String node(String var, String type, Map<String, String> vars) {
        if (var.equals("_")) {
            return "(:" + type + ")";
        }
        if (vars.containsKey(var)) {
            return "(" + v(var) + ")";
        }
        vars.put(var, type);
        return "(" + v(var) + ":" + type + ")";
    }

    /** The types of the source and destination operands. */
    static String[] endpointTypes(Hop h) {
        if (h.edge().equals("Knows")) {
            return new String[] {"Person", "Person"};
        }
        return h.reversed() ? new String[] {"Team", "Person"} : new String[] {"Person", "Team"};
    }

    private static String arrow(Hop h, String rel) {
        if (h.undirected()) {
            return "-" + rel + "-";
        }
        return h.reversed() ? "<-" + rel + "-" : "-" + rel + "->";
    }

    /**
     * Omnigraph's reachability of {@code t} from {@code s} at {@code [min, max]} hops, given {@code hops}, the
     * length of the shortest trail from {@code s} to {@code t} of at most {@code max} edges (for {@code t != s} the
     * distance; for {@code t == s} 1 exactly when {@code s} has a self-loop).
     */
    static String reachable(Hop h, String s, String t, String hops) {
        int min = h.min();
        List<String> cases = new ArrayList<>();
        if (min == 1) {
            cases.add("(" + s + " = " + t + " AND " + hops + " = 1)");
            cases.add("(" + s + " <> " + t + ")");
        } else {
            cases.add("(" + s + " <> " + t + " AND " + hops + " >= " + min + ")");
            cases.add("(" + s + " <> " + t + " AND " + hops + " = " + (min - 1) + " AND EXISTS { (" + t + ")"
                    + arrow(h, "[:" + label(h.edge()) + "]") + "(" + t + ") })");
        }
        return "(" + String.join(" OR ", cases) + ")";
    }

    private static String filter(Filter f) {
        String op =
                switch (f.op()) {
                    case "!=" -> "<>";
                    case "contains" -> "CONTAINS";
                    case "starts_with" -> "STARTS WITH";
                    default -> f.op();
                };
        return operand(f.left()) + " " + op + " " + operand(f.right());
    }

    static String operand(Operand o) {
        if (o instanceof Prop p) {
            return v(p.var()) + "." + p.prop();
        }
        if (o instanceof Param p) {
            return "$" + p.name();
        }
        Object value = ((Lit) o).value();
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).toPlainString();
        }
        return value.toString();
    }

    private static String expr(Expr e) {
        if (e instanceof Prop p) {
            return operand(p);
        }
        Agg a = (Agg) e;
        String arg = v(a.var()) + (a.prop() == null ? "" : "." + a.prop());
        if (a.fn().equals("sum")) {
            return "CASE WHEN count(" + arg + ") = 0 THEN null ELSE sum(" + arg + ") END";
        }
        return a.fn() + "(" + arg + ")";
    }
}
