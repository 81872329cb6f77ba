package dev.plainlance.interop.graphdiff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read query of the differential property, as a tree both renderings ({@link GqRenderer}, {@link CypherRenderer})
 * and the reference evaluator ({@link ReferenceEvaluator}) walk. Variable names are without {@code $}; {@code "_"}
 * is the anonymous operand. Projections always carry aliases {@code c0, c1, ...}.
 *
 * @param params parameter name to declaration, in declaration order
 * @param order the order keys; empty for none
 * @param limit the limit, or null
 * @param implicitTieBreak the variable whose node id breaks ties after {@code order} (the match binds only it and
 *     there are no aggregates), or null when the keys already order the output rows totally
 */
record DiffQuery(
        Map<String, ParamDecl> params,
        List<Clause> match,
        List<Projection> projections,
        List<Order> order,
        Integer limit,
        String implicitTieBreak) {
    DiffQuery {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        match = List.copyOf(match);
        projections = List.copyOf(projections);
        order = List.copyOf(order);
    }

    /** Whether the answer is a sequence (ordered totally on its rows) rather than a multiset. */
    boolean ordered() {
        return !order.isEmpty();
    }

    boolean aggregate() {
        return projections.stream().anyMatch(p -> p.expr() instanceof Agg);
    }

    /** A parameter: {@code type} is a {@code .pg} scalar name (String, I32, I64, F64), {@code value} its Java value. */
    record ParamDecl(String type, Object value) {}

    // ---- operands and expressions

    sealed interface Operand permits Prop, Param, Lit {}

    /** {@code $var.prop} of a node or edge variable. */
    record Prop(String var, String prop) implements Operand, Expr {}

    record Param(String name) implements Operand {}

    /** A literal: String, Long or Double. */
    record Lit(Object value) implements Operand {}

    sealed interface Expr permits Prop, Agg {}

    /** {@code fn($var)} (prop null: count only) or {@code fn($var.prop)}; fn is count, sum, avg, min or max. */
    record Agg(String fn, String var, String prop) implements Expr {}

    // ---- clauses

    sealed interface Clause permits Bind, Hop, Filter, Not {}

    /** {@code $var: Type} or {@code $var: Type { name: $nameParam }}. */
    record Bind(String var, String type, String nameParam) implements Clause {}

    /**
     * {@code $src [$edgeVar:]edge{min,max} $dst}, {@code <edge>} when undirected. {@code edge} is the schema name
     * (Knows, MemberOf). {@code reversed}: the source operand is of the edge's To type, so the edge is followed from
     * its dst to its src (Omnigraph's direction from the bound operand).
     */
    record Hop(
            String src, String edgeVar, String edge, boolean undirected, boolean reversed, int min, int max, String dst)
            implements Clause {}

    /** {@code left op right}; op is =, !=, <, <=, >, >=, contains or starts_with. */
    record Filter(Operand left, String op, Operand right) implements Clause {}

    record Not(List<Clause> clauses) implements Clause {
        Not {
            clauses = List.copyOf(clauses);
        }
    }

    // ---- return and order

    record Projection(Expr expr, String alias) {}

    /** An order key: the projection {@code alias}, or (without aggregates) a property {@code prop}. */
    record Order(String alias, Prop prop, boolean desc) {}
}
