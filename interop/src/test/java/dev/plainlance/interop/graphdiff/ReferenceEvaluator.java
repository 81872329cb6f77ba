package dev.plainlance.interop.graphdiff;

import dev.plainlance.interop.graphdiff.DiffQuery.Agg;
import dev.plainlance.interop.graphdiff.DiffQuery.Bind;
import dev.plainlance.interop.graphdiff.DiffQuery.Clause;
import dev.plainlance.interop.graphdiff.DiffQuery.Filter;
import dev.plainlance.interop.graphdiff.DiffQuery.Hop;
import dev.plainlance.interop.graphdiff.DiffQuery.Lit;
import dev.plainlance.interop.graphdiff.DiffQuery.Not;
import dev.plainlance.interop.graphdiff.DiffQuery.Operand;
import dev.plainlance.interop.graphdiff.DiffQuery.Order;
import dev.plainlance.interop.graphdiff.DiffQuery.Param;
import dev.plainlance.interop.graphdiff.DiffQuery.Prop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A naive, obviously-written evaluation of a {@link DiffQuery} on a {@link DiffGraph} with Omnigraph's semantics, to
 * check the Cypher mapping independently of plainlance's executor: bindings are sets of variable maps, clauses run
 * in order, variable-length traversals are a breadth-first search from the source operand (each node expanded once,
 * the source counting as visited, a self-loop reporting its node), aggregates skip nulls ({@code sum}/{@code avg}/
 * {@code min}/{@code max} of nothing are null), order puts nulls first ascending and breaks ties by id.
 */
final class ReferenceEvaluator {
    private final DiffGraph graph;
    private final Map<String, Object> params;

    /** A node of a type by position, or an edge of a type by position. */
    record Ref(String type, int index) {}

    private ReferenceEvaluator(DiffGraph graph, Map<String, Object> params) {
        this.graph = graph;
        this.params = params;
    }

    static List<List<Object>> evaluate(DiffGraph graph, DiffQuery q) {
        Map<String, Object> params = new HashMap<>();
        q.params().forEach((n, d) -> params.put(n, d.value()));
        return new ReferenceEvaluator(graph, params).run(q);
    }

    private List<List<Object>> run(DiffQuery q) {
        Set<Map<String, Ref>> rows = new LinkedHashSet<>();
        rows.add(Map.of());
        for (Clause c : q.match()) {
            rows = clause(c, rows);
        }
        List<Map<String, Ref>> bindings = new ArrayList<>(rows);
        List<List<Object>> out = new ArrayList<>();
        if (!q.aggregate()) {
            Comparator<Map<String, Ref>> order = null;
            for (Order o : q.order()) {
                Comparator<Map<String, Ref>> key = (a, b) -> compareKey(
                        value(a, o.prop() != null ? o.prop() : aliasProp(q, o.alias())),
                        value(b, o.prop() != null ? o.prop() : aliasProp(q, o.alias())),
                        o.desc());
                order = order == null ? key : order.thenComparing(key);
            }
            if (order != null) {
                if (q.implicitTieBreak() != null) {
                    String tie = q.implicitTieBreak();
                    order = order.thenComparing(m -> id(m.get(tie)));
                }
                bindings.sort(order);
            }
            for (Map<String, Ref> row : bindings) {
                List<Object> values = new ArrayList<>();
                for (DiffQuery.Projection p : q.projections()) {
                    values.add(value(row, (Prop) p.expr()));
                }
                out.add(values);
            }
        } else {
            Map<List<Object>, List<Map<String, Ref>>> groups = new LinkedHashMap<>();
            for (Map<String, Ref> row : bindings) {
                List<Object> key = new ArrayList<>();
                for (DiffQuery.Projection p : q.projections()) {
                    if (p.expr() instanceof Prop prop) {
                        key.add(value(row, prop));
                    }
                }
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
            }
            boolean global = q.projections().stream().allMatch(p -> p.expr() instanceof Agg);
            if (global && groups.isEmpty()) {
                groups.put(List.of(), List.of());
            }
            for (List<Map<String, Ref>> group : groups.values()) {
                List<Object> values = new ArrayList<>();
                for (DiffQuery.Projection p : q.projections()) {
                    values.add(
                            p.expr() instanceof Prop prop
                                    ? value(group.get(0), prop)
                                    : aggregate((Agg) p.expr(), group));
                }
                out.add(values);
            }
            Comparator<List<Object>> order = null;
            for (Order o : q.order()) {
                int index = aliasIndex(q, o.alias());
                Comparator<List<Object>> key = (a, b) -> compareKey(a.get(index), b.get(index), o.desc());
                order = order == null ? key : order.thenComparing(key);
            }
            if (order != null) {
                out.sort(order);
            }
        }
        if (q.limit() != null && out.size() > q.limit()) {
            out = new ArrayList<>(out.subList(0, q.limit()));
        }
        return out;
    }

    private static Prop aliasProp(DiffQuery q, String alias) {
        return (Prop) q.projections().get(aliasIndex(q, alias)).expr();
    }

    private static int aliasIndex(DiffQuery q, String alias) {
        for (int i = 0; i < q.projections().size(); i++) {
            if (q.projections().get(i).alias().equals(alias)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no alias " + alias);
    }

    /** Nulls first ascending, last descending; numbers by value, Strings by code unit. */
    static int compareKey(Object a, Object b, boolean desc) {
        int c;
        if (a == null || b == null) {
            c = a == null ? (b == null ? 0 : -1) : 1;
        } else {
            c = compareValues(a, b);
        }
        return desc ? -c : c;
    }

    static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return ((String) a).compareTo((String) b);
    }

    private Object aggregate(Agg a, List<Map<String, Ref>> group) {
        List<Object> values = new ArrayList<>();
        for (Map<String, Ref> row : group) {
            Object v = a.prop() == null ? row.get(a.var()) : value(row, new Prop(a.var(), a.prop()));
            if (v != null) {
                values.add(v);
            }
        }
        switch (a.fn()) {
            case "count":
                return (long) values.size();
            case "sum":
            case "avg":
                if (values.isEmpty()) {
                    return null;
                }
                double sum = 0;
                for (Object v : values) {
                    sum += ((Number) v).doubleValue();
                }
                return a.fn().equals("sum") ? sum : sum / values.size();
            default:
                Object best = null;
                for (Object v : values) {
                    if (best == null) {
                        best = v;
                    } else {
                        int c = compareValues(v, best);
                        if (a.fn().equals("min") ? c < 0 : c > 0) {
                            best = v;
                        }
                    }
                }
                return best;
        }
    }

    // ---- clauses

    private Set<Map<String, Ref>> clause(Clause c, Set<Map<String, Ref>> rows) {
        Set<Map<String, Ref>> out = new LinkedHashSet<>();
        if (c instanceof Bind b) {
            for (Map<String, Ref> row : rows) {
                for (int i = 0; i < count(b.type()); i++) {
                    Ref node = new Ref(b.type(), i);
                    if (row.containsKey(b.var()) && !row.get(b.var()).equals(node)) {
                        continue;
                    }
                    if (b.nameParam() != null && !id(node).equals(params.get(b.nameParam()))) {
                        continue;
                    }
                    out.add(with(row, b.var(), node));
                }
            }
        } else if (c instanceof Hop h) {
            for (Map<String, Ref> row : rows) {
                hop(h, row, out);
            }
        } else if (c instanceof Filter f) {
            for (Map<String, Ref> row : rows) {
                if (test(f, row)) {
                    out.add(row);
                }
            }
        } else {
            for (Map<String, Ref> row : rows) {
                Set<Map<String, Ref>> inner = new LinkedHashSet<>();
                inner.add(row);
                for (Clause i : ((Not) c).clauses()) {
                    inner = clause(i, inner);
                }
                if (inner.isEmpty()) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static Map<String, Ref> with(Map<String, Ref> row, String var, Ref value) {
        if (var.equals("_")) {
            return row;
        }
        Map<String, Ref> out = new HashMap<>(row);
        out.put(var, value);
        return out;
    }

    private int count(String type) {
        return type.equals("Person") ? graph.persons().size() : graph.teams().size();
    }

    private void hop(Hop h, Map<String, Ref> row, Set<Map<String, Ref>> out) {
        String[] types = CypherRenderer.endpointTypes(h);
        List<Ref> sources = new ArrayList<>();
        if (row.containsKey(h.src())) {
            sources.add(row.get(h.src()));
        } else {
            for (int i = 0; i < count(types[0]); i++) {
                sources.add(new Ref(types[0], i));
            }
        }
        for (Ref s : sources) {
            Map<String, Ref> withSource = with(row, h.src(), s);
            if (h.edgeVar() != null) {
                for (Map.Entry<Ref, Ref> step : steps(h, s)) {
                    Ref t = step.getValue();
                    if (boundElsewhere(withSource, h.dst(), t)) {
                        continue;
                    }
                    out.add(with(with(withSource, h.dst(), t), h.edgeVar(), step.getKey()));
                }
                continue;
            }
            for (Ref t : reachable(h, s)) {
                if (boundElsewhere(withSource, h.dst(), t)) {
                    continue;
                }
                out.add(with(withSource, h.dst(), t));
            }
        }
    }

    private static boolean boundElsewhere(Map<String, Ref> row, String var, Ref value) {
        return row.containsKey(var) && !row.get(var).equals(value);
    }

    /** The edges leaving {@code node} one hop in the hop's direction, each with the node it leads to. */
    private List<Map.Entry<Ref, Ref>> scan(Hop h, Ref node) {
        List<Map.Entry<Ref, Ref>> out = new ArrayList<>();
        String[] types = CypherRenderer.endpointTypes(h);
        if (h.edge().equals("Knows")) {
            for (int i = 0; i < graph.knows().size(); i++) {
                DiffGraph.Knows k = graph.knows().get(i);
                Ref e = new Ref("Knows", i);
                boolean forward = !h.reversed() || h.undirected();
                boolean backward = h.reversed() || h.undirected();
                if (forward && k.from() == node.index()) {
                    out.add(Map.entry(e, new Ref("Person", k.to())));
                }
                if (backward && k.to() == node.index() && !(forward && k.from() == k.to())) {
                    out.add(Map.entry(e, new Ref("Person", k.from())));
                }
            }
        } else {
            for (int i = 0; i < graph.members().size(); i++) {
                DiffGraph.Member m = graph.members().get(i);
                Ref e = new Ref("MemberOf", i);
                if (!h.reversed() && m.from() == node.index()) {
                    out.add(Map.entry(e, new Ref(types[1], m.to())));
                }
                if (h.reversed() && m.to() == node.index()) {
                    out.add(Map.entry(e, new Ref(types[1], m.from())));
                }
            }
        }
        return out;
    }

    private final Map<Hop, Map<Ref, List<Ref>>> reached = new java.util.IdentityHashMap<>();
    private final Map<Hop, Map<Ref, List<Map.Entry<Ref, Ref>>>> stepped = new java.util.IdentityHashMap<>();

    /** Omnigraph's reachability: breadth first from {@code seed}, reported at the first hop in [min, max]. */
    private List<Ref> reachable(Hop h, Ref seed) {
        return reached.computeIfAbsent(h, k -> new HashMap<>()).computeIfAbsent(seed, k -> search(h, seed));
    }

    private List<Map.Entry<Ref, Ref>> steps(Hop h, Ref node) {
        return stepped.computeIfAbsent(h, k -> new HashMap<>()).computeIfAbsent(node, k -> scan(h, node));
    }

    private List<Ref> search(Hop h, Ref seed) {
        List<Ref> out = new ArrayList<>();
        Set<Ref> visited = new LinkedHashSet<>();
        visited.add(seed);
        Set<Ref> emitted = new LinkedHashSet<>();
        List<Ref> frontier = List.of(seed);
        for (int hop = 1; hop <= h.max() && !frontier.isEmpty(); hop++) {
            boolean report = hop >= h.min();
            List<Ref> next = new ArrayList<>();
            for (Ref node : frontier) {
                for (Map.Entry<Ref, Ref> step : steps(h, node)) {
                    Ref n = step.getValue();
                    if (n.equals(node)) {
                        if (report && emitted.add(n)) {
                            out.add(n);
                        }
                    } else if (visited.add(n)) {
                        next.add(n);
                        if (report && emitted.add(n)) {
                            out.add(n);
                        }
                    }
                }
            }
            frontier = next;
        }
        return out;
    }

    // ---- values

    private boolean test(Filter f, Map<String, Ref> row) {
        Object l = operand(f.left(), row);
        Object r = operand(f.right(), row);
        if (l == null || r == null) {
            return false;
        }
        switch (f.op()) {
            case "contains":
                return ((String) l).contains((String) r);
            case "starts_with":
                return ((String) l).startsWith((String) r);
            default:
                int c = compareValues(l, r);
                return switch (f.op()) {
                    case "=" -> c == 0;
                    case "!=" -> c != 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
        }
    }

    private Object operand(Operand o, Map<String, Ref> row) {
        if (o instanceof Prop p) {
            return value(row, p);
        }
        if (o instanceof Param p) {
            return params.get(p.name());
        }
        return ((Lit) o).value();
    }

    private Object value(Map<String, Ref> row, Prop p) {
        Ref ref = row.get(p.var());
        return switch (ref.type() + "." + p.prop()) {
            case "Person.name", "Team.name" -> id(ref);
            case "Person.age" -> graph.persons().get(ref.index()).age();
            case "Person.score" -> graph.persons().get(ref.index()).score();
            case "Person.city" -> graph.persons().get(ref.index()).city();
            case "Team.size" -> graph.teams().get(ref.index()).size();
            case "Knows.weight" -> graph.knows().get(ref.index()).weight();
            case "MemberOf.role" -> graph.members().get(ref.index()).role();
            default -> throw new IllegalArgumentException("no property " + p);
        };
    }

    private static String id(Ref node) {
        return node.type().equals("Person") ? DiffGraph.personName(node.index()) : DiffGraph.teamName(node.index());
    }
}
