package dev.plainlance.graph;

import dev.plainlance.graph.query.Ast;
import dev.plainlance.graph.query.Typed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the matches of a read query into its result: projections (grouped, with aggregates, when the query has
 * any), the query's order made total, and its limit.
 *
 * <p>The order is total and deterministic: after the query's keys (nulls first ascending, last descending), rows
 * are ordered by the ids of the nodes and edges they bind, in the order the query binds them; grouped rows, which
 * are distinct on their keys, by their columns left to right.
 */
final class QueryProjection {
    private final Typed.Read read;
    private final QueryExecutor executor;
    private final QueryExecutor.Scope scope;
    private final BindingFrame frame;

    QueryProjection(Typed.Read read, QueryExecutor executor, QueryExecutor.Scope scope, BindingFrame frame) {
        this.read = read;
        this.executor = executor;
        this.scope = scope;
        this.frame = frame;
    }

    /** The result rows, ordered and limited. */
    List<Object[]> rows() {
        List<Object[]> rows = read.aggregate() ? grouped() : plain();
        long limit = read.limit().orElse(Long.MAX_VALUE);
        return rows.size() > limit ? rows.subList(0, (int) limit) : rows;
    }

    private List<Object[]> plain() {
        List<Typed.Projection> projections = read.projections();
        List<String> identities = read.variables().keySet().stream()
                .filter(v -> !(scope.kinds.get(v) instanceof Typed.PathVariable) && frame.binds(v))
                .toList();
        int keys = read.order().size();
        List<Object[]> rows = new ArrayList<>(frame.size);
        List<Object[]> sortKeys = new ArrayList<>(frame.size);
        for (int row = 0; row < frame.size; row++) {
            Object[] values = new Object[projections.size()];
            for (int i = 0; i < values.length; i++) {
                Typed.Expr expr = projections.get(i).expr();
                values[i] =
                        expr instanceof Typed.AliasRef a ? values[a.index()] : executor.eval(expr, frame, row, scope);
            }
            Object[] sortKey = null;
            if (keys > 0) {
                sortKey = new Object[keys + identities.size()];
                for (int k = 0; k < keys; k++) {
                    Typed.Expr expr = read.order().get(k).expr();
                    sortKey[k] = expr instanceof Typed.AliasRef a
                            ? values[a.index()]
                            : executor.eval(expr, frame, row, scope);
                }
                for (int k = 0; k < identities.size(); k++) {
                    sortKey[keys + k] = executor.id(identities.get(k), scope, frame, row);
                }
            }
            for (long copy = frame.weight(row); copy > 0; copy--) {
                rows.add(values);
                sortKeys.add(sortKey);
            }
        }
        if (keys == 0) {
            return rows;
        }
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Object[]> byKeys = keyOrder(keys);
        Arrays.sort(order, (a, b) -> byKeys.compare(sortKeys.get(a), sortKeys.get(b)));
        List<Object[]> out = new ArrayList<>(rows.size());
        for (int i : order) {
            out.add(rows.get(i));
        }
        return out;
    }

    /** The query's keys ({@code keys} of them, each with its direction), then the rest ascending. */
    private Comparator<Object[]> keyOrder(int keys) {
        return (a, b) -> {
            for (int k = 0; k < a.length; k++) {
                int c = compareAny(a[k], b[k]);
                if (c != 0) {
                    return k < keys && read.order().get(k).descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    /** Nulls first; maps and lists by their text (they only break ties). */
    private static int compareAny(Object a, Object b) {
        if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
            return QueryValues.compareNullsFirst(a == null ? null : a.toString(), b == null ? null : b.toString());
        }
        return QueryValues.compareNullsFirst(a, b);
    }

    // ---- grouping

    private List<Object[]> grouped() {
        List<Typed.Projection> projections = read.projections();
        int n = projections.size();
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (int row = 0; row < frame.size; row++) {
            List<Object> key = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Typed.Expr expr = projections.get(i).expr();
                if (isKey(expr)) {
                    key.add(
                            expr instanceof Typed.NodeRef node
                                    ? executor.id(node.variable(), scope, frame, row)
                                    : executor.eval(expr, frame, row, scope));
                }
            }
            Group group = groups.computeIfAbsent(key, k -> new Group(n));
            if (group.firstRow < 0) {
                group.firstRow = row;
            }
            long weight = frame.weight(row);
            for (int i = 0; i < n; i++) {
                if (projections.get(i).expr() instanceof Typed.Aggregate a) {
                    group.add(
                            i,
                            a,
                            a.function() == Ast.AggregateFunction.COUNT
                                    ? countable(a.argument(), row)
                                    : executor.eval(a.argument(), frame, row, scope),
                            weight);
                }
            }
        }
        if (groups.isEmpty() && projections.stream().noneMatch(p -> isKey(p.expr()))) {
            groups.put(List.of(), new Group(n));
        }
        List<Object[]> rows = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                Typed.Expr expr = projections.get(i).expr();
                if (expr instanceof Typed.Aggregate a) {
                    values[i] = group.result(i, a);
                } else if (expr instanceof Typed.AliasRef alias) {
                    values[i] = values[alias.index()];
                } else {
                    values[i] = executor.eval(expr, frame, group.firstRow, scope);
                }
            }
            rows.add(values);
        }
        if (read.order().isEmpty()) {
            return rows;
        }
        int keys = read.order().size();
        Comparator<Object[]> byKeys = keyOrder(keys);
        List<Object[]> sortKeys = new ArrayList<>(rows.size());
        for (Object[] values : rows) {
            Object[] sortKey = new Object[keys + n];
            for (int k = 0; k < keys; k++) {
                sortKey[k] = values[((Typed.AliasRef) read.order().get(k).expr()).index()];
            }
            System.arraycopy(values, 0, sortKey, keys, n);
            sortKeys.add(sortKey);
        }
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> byKeys.compare(sortKeys.get(a), sortKeys.get(b)));
        List<Object[]> out = new ArrayList<>(rows.size());
        for (int i : order) {
            out.add(rows.get(i));
        }
        return out;
    }

    private static boolean isKey(Typed.Expr expr) {
        return !(expr instanceof Typed.Aggregate) && !(expr instanceof Typed.AliasRef);
    }

    /**
     * What {@code count} counts in a row: non-null for a bound node (a node counted by the row's multiplicity, and
     * so not in the frame, is bound), else the value.
     */
    private Object countable(Typed.Expr argument, int row) {
        if (argument instanceof Typed.NodeRef node) {
            return frame.binds(node.variable()) && frame.value(node.variable(), row) < 0 ? null : Boolean.TRUE;
        }
        return executor.eval(argument, frame, row, scope);
    }

    /** The accumulators of one group. */
    private static final class Group {
        int firstRow = -1;
        final long[] counts;
        final double[] sums;
        final Object[] extremes;

        Group(int projections) {
            counts = new long[projections];
            sums = new double[projections];
            extremes = new Object[projections];
        }

        void add(int i, Typed.Aggregate aggregate, Object value, long weight) {
            if (value == null) {
                return;
            }
            counts[i] += weight;
            switch (aggregate.function()) {
                case SUM, AVG -> sums[i] += ((Number) value).doubleValue() * weight;
                case MIN ->
                    extremes[i] =
                            extremes[i] == null || QueryValues.compare(value, extremes[i]) < 0 ? value : extremes[i];
                case MAX ->
                    extremes[i] =
                            extremes[i] == null || QueryValues.compare(value, extremes[i]) > 0 ? value : extremes[i];
                case COUNT -> {}
            }
        }

        Object result(int i, Typed.Aggregate aggregate) {
            return switch (aggregate.function()) {
                case COUNT -> counts[i];
                case SUM -> counts[i] == 0 ? null : sums[i];
                case AVG -> counts[i] == 0 ? null : sums[i] / counts[i];
                case MIN, MAX -> extremes[i];
            };
        }
    }
}
