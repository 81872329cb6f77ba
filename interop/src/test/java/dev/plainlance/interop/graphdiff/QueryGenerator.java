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
import dev.plainlance.interop.graphdiff.DiffQuery.ParamDecl;
import dev.plainlance.interop.graphdiff.DiffQuery.Projection;
import dev.plainlance.interop.graphdiff.DiffQuery.Prop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random read queries over {@link DiffGraph#SCHEMA} that type-check and whose meaning Cypher can state: 1-4
 * traversals (directed either way, undirected, with an edge binding, variable-length up to 4 hops), filters on
 * properties, parameters and literals, {@code not} blocks (nested too), projections or aggregates with group keys,
 * order and limit. The query depends on the {@link Shape} and the seed only, never on the graph, so a failing query
 * stays the same while jqwik shrinks the graph. A variable-length traversal is a search from its source operand
 * whichever operands are bound (with {@code min >= 2} and self-loops the answer depends on the side searched from).
 */
final class QueryGenerator {
    /** How big a query is: traversals 1-4, filters, not blocks, aggregates, order keys, limit. */
    record Shape(int hops, int filters, int nots, boolean aggregate, int orderKeys, boolean limit) {}

    static final List<String> CITIES = List.of("Lyon", "Oslo", "Lima", "Rome", "Lund");
    static final List<String> ROLES = List.of("lead", "dev", "ops");

    private final Random random;
    private final Map<String, String> nodeVars = new LinkedHashMap<>(); // name -> Person/Team
    private final Map<String, String> edgeVars = new LinkedHashMap<>(); // name -> Knows/MemberOf
    private final Map<String, ParamDecl> params = new LinkedHashMap<>();
    private int fresh;

    private QueryGenerator(long seed) {
        this.random = new Random(seed);
    }

    static DiffQuery generate(Shape shape, long seed) {
        return new QueryGenerator(seed).query(shape);
    }

    private DiffQuery query(Shape shape) {
        List<Clause> match = new ArrayList<>();
        if (random.nextInt(2) == 0) {
            String type = random.nextInt(6) == 0 ? "Team" : "Person";
            String var = freshName();
            String nameParam = random.nextInt(4) == 0 ? param("String", someName(type)) : null;
            match.add(new Bind(var, type, nameParam));
            nodeVars.put(var, type);
        }
        int filtersLeft = shape.filters();
        for (int i = 0; i < shape.hops(); i++) {
            match.add(hop(false));
            if (filtersLeft > 0 && random.nextInt(2) == 0) {
                match.add(filter());
                filtersLeft--;
            }
            if (random.nextInt(12) == 0) {
                // bind again an already bound variable, with a key match (Omnigraph's at_acme shape)
                String var = pick(new ArrayList<>(nodeVars.keySet()));
                String type = nodeVars.get(var);
                match.add(new Bind(var, type, param("String", someName(type))));
            }
        }
        for (; filtersLeft > 0; filtersLeft--) {
            match.add(filter());
        }
        for (int i = 0; i < shape.nots(); i++) {
            match.add(not(2));
        }
        List<Projection> projections = new ArrayList<>();
        List<Prop> props = allProps();
        if (shape.aggregate()) {
            int keys = random.nextInt(3);
            for (int i = 0; i < keys; i++) {
                projections.add(new Projection(pick(props), "c" + projections.size()));
            }
            int aggs = 1 + random.nextInt(2);
            for (int i = 0; i < aggs; i++) {
                projections.add(new Projection(aggregate(props), "c" + projections.size()));
            }
        } else {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                projections.add(new Projection(pick(props), "c" + projections.size()));
            }
        }
        List<Order> order = new ArrayList<>();
        Set<String> orderedAliases = new HashSet<>();
        for (int i = 0; i < shape.orderKeys(); i++) {
            boolean desc = random.nextBoolean();
            if (shape.aggregate() || random.nextBoolean()) {
                String alias =
                        projections.get(random.nextInt(projections.size())).alias();
                if (orderedAliases.add(alias)) {
                    order.add(new Order(alias, null, desc));
                }
            } else {
                order.add(new Order(null, pick(props), desc));
            }
        }
        String tieBreak = null;
        if (!order.isEmpty()) {
            if (!shape.aggregate() && edgeVars.isEmpty() && nodeVars.size() == 1) {
                tieBreak = nodeVars.keySet().iterator().next();
            } else {
                for (Projection p : projections) {
                    if (orderedAliases.add(p.alias())) {
                        order.add(new Order(p.alias(), null, false));
                    }
                }
            }
        }
        Integer limit = !order.isEmpty() && shape.limit() ? 1 + random.nextInt(8) : null;
        return new DiffQuery(params, match, projections, order, limit, tieBreak);
    }

    private String freshName() {
        return "v" + (fresh++);
    }

    // ---- traversals

    /**
     * A traversal; {@code inner} inside a not block, where it must start from a bound variable or reach one (the
     * anonymous operand {@code $_} may stand for the other end).
     */
    private Hop hop(boolean inner) {
        List<String> bound = new ArrayList<>(nodeVars.keySet());
        int mode = bound.isEmpty() ? 0 : random.nextInt(7);
        String src;
        String srcType;
        String dst = null;
        String dstType;
        String edge;
        if (mode == 0 && !inner || mode == 1) {
            // a new source: either a new target too (the source is then the search's seed) or a bound target
            boolean freshTarget = bound.isEmpty() || (mode == 0 && !inner);
            src = inner ? "_" : freshName();
            if (freshTarget) {
                srcType = "Person";
                edge = random.nextInt(4) != 0 ? "Knows" : "MemberOf";
                dstType = edge.equals("Knows") ? "Person" : "Team";
                dst = freshName();
            } else {
                dst = pick(bound);
                dstType = nodeVars.get(dst);
                if (dstType.equals("Team")) {
                    edge = "MemberOf";
                    srcType = "Person";
                } else {
                    edge = random.nextInt(4) != 0 ? "Knows" : "MemberOf";
                    srcType = edge.equals("Knows") ? "Person" : "Team";
                }
            }
        } else {
            src = pick(bound);
            srcType = nodeVars.get(src);
            edge = srcType.equals("Person") && random.nextInt(4) != 0 ? "Knows" : "MemberOf";
            dstType = edge.equals("Knows") || srcType.equals("Team") ? "Person" : "Team";
            List<String> candidates = new ArrayList<>();
            for (String v : bound) {
                if (nodeVars.get(v).equals(dstType)) {
                    candidates.add(v);
                }
            }
            if (!candidates.isEmpty() && random.nextInt(5) == 0) {
                dst = pick(candidates);
            } else if (inner && random.nextInt(3) == 0) {
                dst = "_";
            } else {
                dst = freshName();
            }
        }
        boolean knows = edge.equals("Knows");
        boolean reversed = srcType.equals("Team");
        boolean undirected = knows && random.nextInt(4) == 0;
        String edgeVar = null;
        int min = 1;
        int max = 1;
        if (random.nextInt(inner ? 6 : 4) == 0) {
            edgeVar = "w" + (fresh++);
        } else if (knows && !src.equals("_") && random.nextInt(3) == 0) {
            max = 1 + random.nextInt(4);
            min = 1 + random.nextInt(max);
        }
        if (!src.equals("_")) {
            nodeVars.putIfAbsent(src, srcType);
        }
        if (!dst.equals("_")) {
            nodeVars.putIfAbsent(dst, dstType);
        }
        if (edgeVar != null) {
            edgeVars.put(edgeVar, edge);
        }
        return new Hop(src, edgeVar, edge, undirected, reversed, min, max, dst);
    }

    private Not not(int depth) {
        Map<String, String> savedNodes = new LinkedHashMap<>(nodeVars);
        Map<String, String> savedEdges = new LinkedHashMap<>(edgeVars);
        List<Clause> clauses = new ArrayList<>();
        switch (random.nextInt(depth > 1 ? 5 : 4)) {
            case 0 -> clauses.add(filter());
            case 1 -> clauses.add(hop(true));
            case 2 -> {
                clauses.add(hop(true));
                clauses.add(filter());
            }
            case 3 -> {
                clauses.add(hop(true));
                clauses.add(hop(true));
            }
            default -> {
                clauses.add(hop(true));
                clauses.add(not(depth - 1));
            }
        }
        nodeVars.clear();
        nodeVars.putAll(savedNodes);
        edgeVars.clear();
        edgeVars.putAll(savedEdges);
        return new Not(clauses);
    }

    // ---- filters

    private List<Prop> allProps() {
        List<Prop> out = new ArrayList<>();
        nodeVars.forEach((v, type) -> {
            for (String p : properties(type)) {
                out.add(new Prop(v, p));
            }
        });
        edgeVars.forEach((v, type) -> {
            for (String p : properties(type)) {
                out.add(new Prop(v, p));
            }
        });
        return out;
    }

    static List<String> properties(String type) {
        return switch (type) {
            case "Person" -> List.of("name", "age", "score", "city");
            case "Team" -> List.of("name", "size");
            case "Knows" -> List.of("weight");
            default -> List.of("role");
        };
    }

    /** The {@code .pg} type of a property. */
    static String propertyType(String prop) {
        return switch (prop) {
            case "age" -> "I32";
            case "score" -> "F64";
            case "size", "weight" -> "I64";
            default -> "String";
        };
    }

    private String typeOf(Prop p) {
        return propertyType(p.prop());
    }

    private Filter filter() {
        List<Prop> props = allProps();
        Prop left = pick(props);
        boolean string = typeOf(left).equals("String");
        String op;
        Operand right;
        if (string) {
            op = pick(List.of("=", "!=", "<", ">=", "contains", "starts_with", "contains", "starts_with"));
            List<Prop> others = props.stream()
                    .filter(p -> typeOf(p).equals("String") && !p.equals(left))
                    .toList();
            if (!others.isEmpty() && random.nextInt(4) == 0) {
                right = pick(others);
            } else {
                String value = someString(left.prop(), op.equals("contains") || op.equals("starts_with"));
                right = random.nextBoolean() ? new Lit(value) : new Param(param("String", value));
            }
        } else {
            op = pick(List.of("=", "!=", "<", "<=", ">", ">="));
            List<Prop> others = props.stream()
                    .filter(p -> !typeOf(p).equals("String") && !p.equals(left))
                    .toList();
            if (!others.isEmpty() && random.nextInt(4) == 0) {
                right = pick(others);
            } else {
                right = number(left.prop());
            }
        }
        if (op.length() <= 2 && right instanceof Lit && random.nextInt(5) == 0) {
            return new Filter(right, flip(op), left);
        }
        return new Filter(left, op, right);
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    /** A literal or parameter near the values {@code prop} takes. */
    private Operand number(String prop) {
        Object value;
        String type;
        switch (prop) {
            case "age" -> {
                value = random.nextInt(4) == 0
                        ? (Object) (random.nextInt(120) / 2.0)
                        : (Object) (long) random.nextInt(61);
                type = value instanceof Double ? "F64" : "I32";
            }
            case "score" -> {
                value = random.nextInt(4) == 0
                        ? (Object) (long) (random.nextInt(21) - 10)
                        : (Object) ((random.nextInt(81) - 40) / 4.0);
                type = value instanceof Double ? "F64" : "I64";
            }
            case "size" -> {
                value = (long) random.nextInt(51);
                type = "I64";
            }
            default -> {
                value = (long) (random.nextInt(14) - 3);
                type = "I64";
            }
        }
        if (random.nextBoolean()) {
            return new Lit(value);
        }
        Object paramValue = type.equals("I32") ? (Object) ((Long) value).intValue() : value;
        return new Param(param(type, paramValue));
    }

    private String someString(String prop, boolean fragment) {
        String full =
                switch (prop) {
                    case "city" -> pick(CITIES);
                    case "role" -> pick(ROLES);
                    default -> random.nextInt(5) == 0 ? someName("Team") : someName("Person");
                };
        if (!fragment || random.nextInt(3) == 0) {
            return full;
        }
        int from = random.nextInt(full.length());
        int to = from + random.nextInt(full.length() - from + 1);
        return random.nextBoolean() ? full.substring(0, to) : full.substring(from, to);
    }

    private String someName(String type) {
        return type.equals("Team") ? DiffGraph.teamName(random.nextInt(6)) : DiffGraph.personName(random.nextInt(12));
    }

    private String param(String type, Object value) {
        String name = "p" + params.size();
        params.put(name, new ParamDecl(type, value));
        return name;
    }

    // ---- aggregates

    private Agg aggregate(List<Prop> props) {
        int kind = random.nextInt(5);
        if (kind == 0) {
            String var = pick(new ArrayList<>(nodeVars.keySet()));
            return new Agg("count", var, null);
        }
        if (kind == 1) {
            Prop p = pick(props);
            return new Agg("count", p.var(), p.prop());
        }
        List<Prop> numeric =
                props.stream().filter(p -> !typeOf(p).equals("String")).toList();
        if (kind <= 3 && !numeric.isEmpty()) {
            Prop p = pick(numeric);
            return new Agg(kind == 2 ? "sum" : "avg", p.var(), p.prop());
        }
        Prop p = pick(props);
        return new Agg(random.nextBoolean() ? "min" : "max", p.var(), p.prop());
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
