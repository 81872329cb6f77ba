package dev.plainlance.graph;

import dev.plainlance.graph.query.Ast;
import dev.plainlance.graph.query.Typed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Turns the matches of a read query into its result: projections (grouped, with aggregates, when the query has
 * any), the query's order made total, and its limit.
 *
 * <p>The order is total and deterministic: after the query's keys (nulls first ascending, last descending), rows
 * are ordered by the ids of the nodes and edges they bind, in the order the query binds them; grouped rows, which
 * are distinct on their keys, by their columns left to right. With a limit far below the row count only the first
 * rows are kept while ordering (a bounded heap), not all of them sorted.
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
        long limit = read.limit().orElse(Long.MAX_VALUE);
        List<Object[]> rows = read.aggregate() ? grouped(limit) : plain(limit);
        return rows.size() > limit ? rows.subList(0, (int) limit) : rows;
    }

    /** A projected row and the key it sorts by. */
    private record Keyed(Object[] values, Object[] key) {}

    private List<Object[]> plain(long limit) {
        List<Typed.Projection> projections = read.projections();
        int n = projections.size();
        QueryExecutor.RowValue[] values = new QueryExecutor.RowValue[n];
        for (int i = 0; i < n; i++) {
            Typed.Expr expr = projections.get(i).expr();
            values[i] = expr instanceof Typed.AliasRef ? null : executor.value(expr, frame, scope);
        }
        int keys = read.order().size();
        List<QueryExecutor.RowValue> sortValues = new ArrayList<>();
        for (Typed.Ordering o : read.order()) {
            sortValues.add(o.expr() instanceof Typed.AliasRef ? null : executor.value(o.expr(), frame, scope));
        }
        for (String v : read.variables().keySet()) {
            if (!(scope.kinds.get(v) instanceof Typed.PathVariable) && frame.binds(v)) {
                sortValues.add(executor.id(v, scope, frame));
            }
        }
        Ordered out = new Ordered(keys == 0 ? null : keyOrder(keys), limit);
        for (int row = 0; row < frame.size; row++) {
            Object[] projected = new Object[n];
            for (int i = 0; i < n; i++) {
                Typed.Expr expr = projections.get(i).expr();
                projected[i] = expr instanceof Typed.AliasRef a ? projected[a.index()] : values[i].at(row);
            }
            Object[] key = null;
            if (keys > 0) {
                key = new Object[sortValues.size()];
                for (int k = 0; k < key.length; k++) {
                    key[k] = k < keys && read.order().get(k).expr() instanceof Typed.AliasRef a
                            ? projected[a.index()]
                            : sortValues.get(k).at(row);
                }
                if (withoutVector(key)) {
                    continue;
                }
            }
            for (long copy = frame.weight(row); copy > 0; copy--) {
                out.add(new Keyed(projected, key));
            }
            if (keys == 0 && out.size() >= limit) {
                break;
            }
        }
        return out.rows();
    }

    /**
     * Whether a row ordered by {@code nearest} has no distance (its vector is null or all zeros): as in Omnigraph,
     * whose nearest is a vector search, such a row is not found at all.
     */
    private boolean withoutVector(Object[] key) {
        for (int k = 0; k < read.order().size(); k++) {
            if (key[k] == null && read.order().get(k).expr() instanceof Typed.Nearest) {
                return true;
            }
        }
        return false;
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

    /**
     * Rows in the order of a comparator of their keys (or as added, without one), keeping only the first
     * {@code limit}: a bounded max-heap when the limit is small, else a list sorted at the end.
     */
    private static final class Ordered {
        private final Comparator<Object[]> order;
        private final long limit;
        private final List<Keyed> all = new ArrayList<>();
        private final PriorityQueue<Keyed> top;

        Ordered(Comparator<Object[]> order, long limit) {
            this.order = order;
            this.limit = limit;
            this.top = order != null && limit <= 10_000
                    ? new PriorityQueue<>((a, b) -> order.compare(b.key(), a.key()))
                    : null;
        }

        void add(Keyed row) {
            if (top == null) {
                all.add(row);
                return;
            }
            if (top.size() < limit) {
                top.add(row);
            } else if (order.compare(row.key(), top.peek().key()) < 0) {
                top.poll();
                top.add(row);
            }
        }

        long size() {
            return top == null ? all.size() : top.size();
        }

        List<Object[]> rows() {
            List<Keyed> kept = top == null ? all : new ArrayList<>(top);
            if (order != null) {
                kept.sort((a, b) -> order.compare(a.key(), b.key()));
            }
            List<Object[]> out = new ArrayList<>(kept.size());
            for (Keyed k : kept) {
                out.add(k.values());
            }
            return out;
        }
    }

    // ---- grouping

    private List<Object[]> grouped(long limit) {
        List<Typed.Projection> projections = read.projections();
        int n = projections.size();
        QueryExecutor.RowValue[] keyValues = new QueryExecutor.RowValue[n];
        QueryExecutor.RowValue[] arguments = new QueryExecutor.RowValue[n];
        for (int i = 0; i < n; i++) {
            Typed.Expr expr = projections.get(i).expr();
            if (expr instanceof Typed.NodeRef node) {
                keyValues[i] = executor.id(node.variable(), scope, frame);
            } else if (isKey(expr)) {
                keyValues[i] = executor.value(expr, frame, scope);
            } else if (expr instanceof Typed.Aggregate a) {
                arguments[i] = a.function() == Ast.AggregateFunction.COUNT
                        ? countable(a.argument())
                        : executor.value(a.argument(), frame, scope);
            }
        }
        Map<List<Object>, Group> groups = new HashMap<>();
        List<Group> inOrder = new ArrayList<>();
        for (int row = 0; row < frame.size; row++) {
            List<Object> key = new ArrayList<>(2);
            for (int i = 0; i < n; i++) {
                if (keyValues[i] != null) {
                    key.add(keyValues[i].at(row));
                }
            }
            Group group = groups.get(key);
            if (group == null) {
                group = new Group(n, row);
                groups.put(key, group);
                inOrder.add(group);
            }
            long weight = frame.weight(row);
            for (int i = 0; i < n; i++) {
                if (arguments[i] != null) {
                    group.add(i, (Typed.Aggregate) projections.get(i).expr(), arguments[i].at(row), weight);
                }
            }
        }
        if (inOrder.isEmpty() && projections.stream().noneMatch(p -> isKey(p.expr()))) {
            inOrder.add(new Group(n, -1));
        }
        QueryExecutor.RowValue[] outputs = new QueryExecutor.RowValue[n];
        for (int i = 0; i < n; i++) {
            Typed.Expr expr = projections.get(i).expr();
            if (isKey(expr)) {
                outputs[i] = executor.value(expr, frame, scope);
            }
        }
        int keys = read.order().size();
        Ordered out = new Ordered(keys == 0 ? null : keyOrder(keys), limit);
        for (Group group : inOrder) {
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                Typed.Expr expr = projections.get(i).expr();
                if (expr instanceof Typed.Aggregate a) {
                    values[i] = group.result(i, a);
                } else if (expr instanceof Typed.AliasRef alias) {
                    values[i] = values[alias.index()];
                } else {
                    values[i] = outputs[i].at(group.firstRow);
                }
            }
            Object[] key = null;
            if (keys > 0) {
                key = new Object[keys + n];
                for (int k = 0; k < keys; k++) {
                    key[k] = values[((Typed.AliasRef) read.order().get(k).expr()).index()];
                }
                System.arraycopy(values, 0, key, keys, n);
            }
            out.add(new Keyed(values, key));
        }
        return out.rows();
    }

    private static boolean isKey(Typed.Expr expr) {
        return !(expr instanceof Typed.Aggregate) && !(expr instanceof Typed.AliasRef);
    }

    /**
     * What {@code count} counts in each row: non-null for a bound node (a node counted by the row's multiplicity,
     * and so not in the frame, is bound), else the value.
     */
    private QueryExecutor.RowValue countable(Typed.Expr argument) {
        if (argument instanceof Typed.NodeRef node) {
            if (!frame.binds(node.variable())) {
                return row -> Boolean.TRUE;
            }
            int[] bound = frame.columns[frame.column(node.variable())];
            return row -> bound[row] < 0 ? null : Boolean.TRUE;
        }
        return executor.value(argument, frame, scope);
    }

    /** The accumulators of one group. */
    private static final class Group {
        final int firstRow;
        final long[] counts;
        final double[] sums;
        final Object[] extremes;

        Group(int projections, int firstRow) {
            this.firstRow = firstRow;
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
